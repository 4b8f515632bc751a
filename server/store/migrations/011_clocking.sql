-- 011: clocking on the company's kiosk (the presence list), corrections of a week after the
-- fact, absence, and the working-time breaches found on a week. Written only by
-- server/store/agenda.c.

-- One shift: clocked in, and out (NULL while open). The shift belongs to the local date of
-- its clock-in (`date`), also when it runs over midnight; its minutes are real time elapsed.
CREATE TABLE clock_records (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    student_id   TEXT NOT NULL REFERENCES students(id),
    date         TEXT NOT NULL,             -- YYYY-MM-DD, Europe/Amsterdam, of clock_in_at
    clock_in_at  INTEGER NOT NULL,          -- unix seconds
    clock_out_at INTEGER,                   -- unix seconds; NULL while open
    source       INTEGER NOT NULL CHECK (source IN (1, 2)), -- ClockSource: kiosk, correction
    recorded_by  TEXT NOT NULL REFERENCES users(id),
    device       TEXT NOT NULL DEFAULT '',  -- company bound by the device certificate
    reason       TEXT NOT NULL DEFAULT '',  -- a correction's reason
    recorded_at  INTEGER NOT NULL,
    CHECK (clock_out_at IS NULL OR clock_out_at > clock_in_at)
);
CREATE INDEX clock_records_student ON clock_records(student_id, clock_in_at);
CREATE INDEX clock_records_day ON clock_records(placement_id, date);
-- A student is clocked in at one place at a time: at most one open shift.
CREATE UNIQUE INDEX clock_records_open ON clock_records(student_id) WHERE clock_out_at IS NULL;

-- An agenda day's minutes and breaks derived from its clocked shifts (1), or written in the
-- agenda (0).
ALTER TABLE agenda_days ADD COLUMN clocked INTEGER NOT NULL DEFAULT 0;

-- Who changed a week, when and why: every CorrectWeek; the coach reads them.
CREATE TABLE week_corrections (
    id            TEXT PRIMARY KEY,
    placement_id  TEXT NOT NULL REFERENCES placements(id),
    week_start    TEXT NOT NULL,            -- the Monday
    by_user       TEXT NOT NULL REFERENCES users(id),
    at            INTEGER NOT NULL,         -- unix seconds
    reason        TEXT NOT NULL,
    what          TEXT NOT NULL DEFAULT '',
    after_signing INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX week_corrections_week ON week_corrections(placement_id, week_start, at);

CREATE TABLE absences (
    id           TEXT PRIMARY KEY,
    student_id   TEXT NOT NULL REFERENCES students(id),
    placement_id TEXT NOT NULL REFERENCES placements(id),
    kind         INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3), -- AbsenceKind
    from_date    TEXT NOT NULL,
    to_date      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    reported_by  TEXT NOT NULL REFERENCES users(id),
    reported_at  INTEGER NOT NULL,
    CHECK (to_date >= from_date)
);
CREATE INDEX absences_student ON absences(student_id, from_date);

-- The working-time rules the student's hours broke, found when the hours of this week
-- changed (clocking, a correction): kept until a later change clears them.
CREATE TABLE week_law_breaches (
    agenda_week_id TEXT NOT NULL REFERENCES agenda_weeks(id) ON DELETE CASCADE,
    rule_id        TEXT NOT NULL,
    message        TEXT NOT NULL,
    found_at       INTEGER NOT NULL,
    PRIMARY KEY (agenda_week_id, rule_id, message)
);
