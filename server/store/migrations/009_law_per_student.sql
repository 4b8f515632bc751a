-- 005: what the law needs per student: split breaks per schedule day, the Sunday exception
-- with its ground, and the breaks of an agenda day.
-- '15+15' style list of uninterrupted break parts; '' = one part of break_minutes (or none).
ALTER TABLE placement_schedule ADD COLUMN break_parts TEXT NOT NULL DEFAULT '';
-- Stagelijn.V1.SundayGround; 0 = no Sunday work.
ALTER TABLE placements ADD COLUMN sunday_ground INTEGER NOT NULL DEFAULT 0
    CHECK (sunday_ground BETWEEN 0 AND 3);
-- NULL = breaks not recorded; else a '15+15' style list ('' = no break taken).
ALTER TABLE agenda_days ADD COLUMN break_parts TEXT;
