-- Kiosk PINs (issue 8): an intern's short PIN for the kiosk of the company where he/she is
-- placed, stored hashed like a password. failures counts wrong PINs in a row; locked_at is set
-- when they reach the limit (pins.h) and stays until an admin or coach sets a new PIN.
CREATE TABLE student_pins (
    user_id   TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    pin_hash  TEXT NOT NULL,
    set_by    TEXT NOT NULL REFERENCES users(id),
    set_at    INTEGER NOT NULL,
    failures  INTEGER NOT NULL DEFAULT 0,
    locked_at INTEGER
);

-- Wrong PINs per device (the kiosk's company and source address), beside login_failures per
-- user name and address: counted in a window from first_failure (pins.h).
CREATE TABLE pin_device_failures (
    device        TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    first_failure INTEGER NOT NULL,
    last_failure  INTEGER NOT NULL
) WITHOUT ROWID;

-- A session opened with a PIN is bound to the company of the kiosk it was opened on: it
-- cannot be resumed anywhere else (a PIN is no password).
ALTER TABLE sessions ADD COLUMN kiosk_company TEXT;

-- Assessment versions (issue 8): the row in assessments is an assessment's current submitted
-- version (what every reader sees); the versions it replaced are kept whole here, as the
-- packed stagelijn.v1.Assessment they were (stable by the protocol's field numbers).
ALTER TABLE assessments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE assessment_history (
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    version       INTEGER NOT NULL,
    body          BLOB NOT NULL,
    replaced_at   INTEGER NOT NULL,
    replaced_by   TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (assessment_id, version)
);

-- Drafts, changed until submitted (then removed): a new assessment, or with revises_id the
-- next version of a submitted one (one draft at a time per assessment).
CREATE TABLE assessment_drafts (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    revises_id   TEXT REFERENCES assessments(id),
    author_id    TEXT NOT NULL REFERENCES users(id),
    body         BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX assessment_drafts_placement ON assessment_drafts(placement_id);
CREATE UNIQUE INDEX assessment_drafts_revision ON assessment_drafts(revises_id)
    WHERE revises_id IS NOT NULL;

-- Learning goals (issue 7 item 10): set in advance for a placement (kind 1), or personal goals
-- agreed between student and coach (kind 2, with the day agreed). Each is rated in every
-- assessment of the placement.
CREATE TABLE learning_goals (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    kind         INTEGER NOT NULL CHECK (kind IN (1, 2)),
    text         TEXT NOT NULL,
    agreed_on    TEXT,
    set_by       TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    CHECK ((kind = 2) = (agreed_on IS NOT NULL))
);
CREATE INDEX learning_goals_placement ON learning_goals(placement_id);

-- The goals' ratings in the current version of an assessment (earlier versions keep theirs
-- in assessment_history).
CREATE TABLE assessment_goal_ratings (
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    goal_id       TEXT NOT NULL REFERENCES learning_goals(id),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    remark        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, goal_id)
);

-- The student's own rating of the five competence areas per period, beside the supervisor's.
CREATE TABLE self_ratings (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 3),
    persoonlijk  INTEGER NOT NULL CHECK (persoonlijk BETWEEN 1 AND 5),
    arbeid       INTEGER NOT NULL CHECK (arbeid BETWEEN 1 AND 5),
    sociaal      INTEGER NOT NULL CHECK (sociaal BETWEEN 1 AND 5),
    onderzoek    INTEGER NOT NULL CHECK (onderzoek BETWEEN 1 AND 5),
    leren        INTEGER NOT NULL CHECK (leren BETWEEN 1 AND 5),
    remarks      TEXT NOT NULL DEFAULT '',
    student_user TEXT NOT NULL REFERENCES users(id),
    date         TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (placement_id, period)
);
