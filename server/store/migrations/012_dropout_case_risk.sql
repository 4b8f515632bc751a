-- dropout: the procedure as a tracked case (one per dropout) with its steps, and the last
-- early-warning scan per student (so that a crossing of the threshold raises one event).
CREATE TABLE dropout_cases (
    dropout_id            TEXT PRIMARY KEY REFERENCES dropouts(id),
    state                 INTEGER NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 7),
    reported_via          INTEGER NOT NULL DEFAULT 2 CHECK (reported_via IN (2, 3, 5, 6)),
    follow_up             INTEGER NOT NULL DEFAULT 0 CHECK (follow_up BETWEEN 0 AND 3),
    group_full            INTEGER NOT NULL DEFAULT 0,
    group_session_id      TEXT REFERENCES group_sessions(id),
    step_plan             TEXT NOT NULL DEFAULT '',
    entree_consequence    INTEGER NOT NULL DEFAULT 0 CHECK (entree_consequence BETWEEN 0 AND 3),
    entree_minutes        INTEGER NOT NULL DEFAULT 0,
    -- The social-skills training (another module) names its enrolment here once made.
    training_enrolment_id TEXT,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX dropout_cases_state ON dropout_cases(state);

CREATE TABLE dropout_case_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dropout_id  TEXT NOT NULL REFERENCES dropouts(id),
    action      INTEGER NOT NULL CHECK (action BETWEEN 0 AND 6), -- 0: the report itself
    date        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    actor_id    TEXT REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX dropout_case_steps_case ON dropout_case_steps(dropout_id, id);

-- Dropouts recorded before this migration become open cases waiting for the conversation.
INSERT INTO dropout_cases (dropout_id, state, updated_at)
    SELECT id, 1, created_at FROM dropouts;
INSERT INTO dropout_case_steps (dropout_id, action, date, actor_id, created_at)
    SELECT id, 0, date, reported_by, created_at FROM dropouts;

CREATE TABLE risk_scans (
    student_id TEXT PRIMARY KEY REFERENCES students(id),
    points     INTEGER NOT NULL,
    above      INTEGER NOT NULL,
    scanned_at INTEGER NOT NULL
);
