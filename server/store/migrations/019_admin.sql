-- Import of companies from the school's records (issue 10): a company without a KvK number is
-- matched on its name and postcode, so the postcode is kept apart from the free address.
-- Stored as the import normalises it ("1234 AB"); '' for companies entered without one.
ALTER TABLE companies ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
CREATE INDEX companies_registration_number ON companies(registration_number)
    WHERE registration_number <> '';

-- Device certificates issued before the console's register existed (stagelijnd
-- --issue-device-cert, which may bind no company) are registered too: when issued from now on,
-- and from their certificate file by the administrator (`device register|revoke --cert`). So
-- the company is optional, and who issued it is unknown for the daemon's own tool.
CREATE TABLE device_certs_new (
    serial      TEXT PRIMARY KEY,
    company_id  TEXT REFERENCES companies(id),
    device_name TEXT NOT NULL,
    not_after   INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL,
    issued_by   TEXT REFERENCES users(id),
    revoked_at  INTEGER,
    revoked_by  TEXT REFERENCES users(id)
) WITHOUT ROWID;
INSERT INTO device_certs_new SELECT serial, company_id, device_name, not_after, issued_at,
    issued_by, revoked_at, revoked_by FROM device_certs;
DROP TABLE device_certs;
ALTER TABLE device_certs_new RENAME TO device_certs;
