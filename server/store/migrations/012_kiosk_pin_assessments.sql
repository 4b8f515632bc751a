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
