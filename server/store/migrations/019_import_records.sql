-- Import of companies from the school's records (issue 10): a company without a KvK number is
-- matched on its name and postcode, so the postcode is kept apart from the free address.
-- Stored as the import normalises it ("1234 AB"); '' for companies entered without one.
ALTER TABLE companies ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
CREATE INDEX companies_registration_number ON companies(registration_number)
    WHERE registration_number <> '';
