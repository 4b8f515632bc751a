-- 004: the student's own work: a reflection on each agenda week.
ALTER TABLE agenda_weeks ADD COLUMN student_reflection TEXT NOT NULL DEFAULT '';
