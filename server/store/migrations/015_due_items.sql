-- Reviews due (issue 9). A due item is raised once: its (kind, subject, due_key) is unique,
-- and the scheduler writes the row and its event in one transaction, so a restart, a second
-- pass or a week of downtime can never raise it twice.
CREATE TABLE due_items (
    kind         TEXT NOT NULL,    -- visit_overdue, agenda_unsigned, ... (docs/rules.md)
    subject      TEXT NOT NULL,    -- the placement, student or group session it is about
    due_key      TEXT NOT NULL,    -- which one: a visit number, an ISO week, a period, a month
    due_date     TEXT NOT NULL,    -- YYYY-MM-DD
    student_id   TEXT,
    placement_id TEXT,
    event_seq    INTEGER NOT NULL, -- the review_due event raised with it
    raised_at    INTEGER NOT NULL, -- unix seconds, the daemon's clock
    PRIMARY KEY (kind, subject, due_key)
) WITHOUT ROWID;

-- The inbox: which events a person has acknowledged (per user, one row per event), and the
-- look-ups its filters make (by student, by topic).
CREATE TABLE inbox_acks (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;

CREATE INDEX inbox_events_student ON events(student_id, seq);
CREATE INDEX inbox_events_topic ON events(topic, seq);
