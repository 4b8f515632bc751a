-- 005: the tussenvoegsel (de, van, van 't, van der) apart from the surname, as Dutch school
-- records keep it: names are shown "first tussenvoegsel surname" and sorted on the surname.
ALTER TABLE students ADD COLUMN name_prefix TEXT NOT NULL DEFAULT '';
