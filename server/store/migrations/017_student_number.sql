-- 015 (import): the school's own student number (leerlingnummer), the key a CSV import from
-- the records system matches on, so a second run of the same file changes nothing. Optional:
-- students enrolled by hand have none; two students never share one.
ALTER TABLE students ADD COLUMN student_number TEXT;
CREATE UNIQUE INDEX students_student_number ON students(student_number)
    WHERE student_number IS NOT NULL;
