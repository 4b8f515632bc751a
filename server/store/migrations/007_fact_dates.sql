-- Every recorded fact carries the day it happened, apart from when it was typed in. An
-- assessment and a readiness check had only their typed-in instant; for the rows recorded
-- before this migration that instant's date is the best knowledge of the day.
ALTER TABLE assessments ADD COLUMN date TEXT NOT NULL DEFAULT '';
UPDATE assessments SET date = date(created_at, 'unixepoch', 'localtime');
ALTER TABLE readiness ADD COLUMN assessed_on TEXT NOT NULL DEFAULT '';
UPDATE readiness SET assessed_on = date(updated_at, 'unixepoch', 'localtime');
CREATE INDEX assessments_placement_date ON assessments(placement_id, date);
