-- 001: accounts, sessions, school structure, placements, agenda, visits, assessments,
-- dropouts, the event log (transactional outbox), durable subscriptions and the audit log.
-- Ids are textual UUIDs; instants are unix seconds (UTC); dates are YYYY-MM-DD local.

CREATE TABLE sectors (
    id      INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 10),
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL
);
INSERT INTO sectors (id, name_nl, name_en) VALUES
    (1, 'Huishoudelijke zorg', 'Household care'),
    (2, 'Schoonmaak', 'Cleaning'),
    (3, 'Horeca en Winkel', 'Hospitality and retail'),
    (4, 'Groen', 'Green / horticulture'),
    (5, 'Logistiek', 'Logistics'),
    (6, 'Technisch onderhoud', 'Technical maintenance'),
    (7, 'Techniek productie', 'Technical production'),
    (8, 'Voedsel', 'Food production'),
    (9, 'Bouw en Infra', 'Construction and infrastructure'),
    (10, 'Veiligheid en Toezicht', 'Safety and security');

CREATE TABLE companies (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    address              TEXT NOT NULL DEFAULT '',
    city                 TEXT NOT NULL DEFAULT '',
    latitude             REAL,
    longitude            REAL,
    recognised           INTEGER NOT NULL DEFAULT 0,
    registration_number  TEXT NOT NULL DEFAULT '',
    places               INTEGER NOT NULL DEFAULT 1 CHECK (places >= 0),
    supervision_capacity INTEGER NOT NULL DEFAULT 1 CHECK (supervision_capacity >= 0),
    created_at           INTEGER NOT NULL
);

CREATE TABLE company_sectors (
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    sector_id  INTEGER NOT NULL REFERENCES sectors(id),
    PRIMARY KEY (company_id, sector_id)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'support_coach', 'mentor',
                                               'supervisor', 'student', 'subscriber')),
    password_hash TEXT NOT NULL,
    must_change   INTEGER NOT NULL DEFAULT 0,
    company_id    TEXT REFERENCES companies(id),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    CHECK ((role = 'supervisor') = (company_id IS NOT NULL))
);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    username     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure INTEGER NOT NULL
);

CREATE TABLE classes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    school_year INTEGER NOT NULL CHECK (school_year BETWEEN 2 AND 6),
    mentor_id   TEXT REFERENCES users(id)
);
CREATE INDEX classes_mentor ON classes(mentor_id);

CREATE TABLE students (
    id            TEXT PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    class_id      TEXT NOT NULL REFERENCES classes(id),
    school_year   INTEGER NOT NULL CHECK (school_year BETWEEN 2 AND 6),
    date_of_birth TEXT NOT NULL,
    nt2           INTEGER NOT NULL DEFAULT 0,
    support_need  INTEGER NOT NULL DEFAULT 0,
    user_id       TEXT UNIQUE REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE INDEX students_class ON students(class_id);

CREATE TABLE placements (
    id            TEXT PRIMARY KEY,
    student_id    TEXT NOT NULL REFERENCES students(id),
    company_id    TEXT NOT NULL REFERENCES companies(id),
    supervisor_id TEXT REFERENCES users(id),
    coach_id      TEXT NOT NULL REFERENCES users(id),
    kind          INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 8),
    status        INTEGER NOT NULL CHECK (status BETWEEN 1 AND 6),
    sector        INTEGER REFERENCES sectors(id),
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX placements_student ON placements(student_id);
CREATE INDEX placements_company ON placements(company_id);

CREATE TABLE placement_schedule (
    placement_id  TEXT NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_min     INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min       INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
    break_minutes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (placement_id, weekday),
    CHECK (end_min > start_min)
);

CREATE TABLE agenda_weeks (
    id                   TEXT PRIMARY KEY,
    placement_id         TEXT NOT NULL REFERENCES placements(id),
    week_start           TEXT NOT NULL,
    reflection           TEXT NOT NULL DEFAULT '',
    supervisor_signed_by TEXT REFERENCES users(id),
    supervisor_signed_at INTEGER,
    coach_signed_by      TEXT REFERENCES users(id),
    coach_signed_at      INTEGER,
    updated_at           INTEGER NOT NULL,
    UNIQUE (placement_id, week_start)
);

CREATE TABLE agenda_days (
    agenda_week_id TEXT NOT NULL REFERENCES agenda_weeks(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    minutes_worked INTEGER NOT NULL CHECK (minutes_worked BETWEEN 0 AND 1440),
    tasks          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agenda_week_id, date)
);

CREATE TABLE visits (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    coach_id     TEXT NOT NULL REFERENCES users(id),
    date         TEXT NOT NULL,
    present      TEXT NOT NULL DEFAULT '', -- one name per line
    notes        TEXT NOT NULL DEFAULT '',
    actions      TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX visits_placement ON visits(placement_id);

CREATE TABLE assessments (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    kind         INTEGER NOT NULL CHECK (kind IN (1, 2)),
    period       INTEGER NOT NULL DEFAULT 0,
    persoonlijk  INTEGER NOT NULL CHECK (persoonlijk BETWEEN 1 AND 5),
    arbeid       INTEGER NOT NULL CHECK (arbeid BETWEEN 1 AND 5),
    sociaal      INTEGER NOT NULL CHECK (sociaal BETWEEN 1 AND 5),
    onderzoek    INTEGER NOT NULL CHECK (onderzoek BETWEEN 1 AND 5),
    leren        INTEGER NOT NULL CHECK (leren BETWEEN 1 AND 5),
    comments     TEXT NOT NULL DEFAULT '',
    assessor_id  TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX assessments_placement ON assessments(placement_id);

CREATE TABLE dropouts (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL UNIQUE REFERENCES placements(id),
    student_id   TEXT NOT NULL REFERENCES students(id),
    date         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    reported_by  TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL
);

-- The transactional outbox: written in the same transaction as the change that causes it,
-- pushed to subscribers after commit, replayed to those who missed it.
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    topic        TEXT NOT NULL,
    at           INTEGER NOT NULL,
    student_id   TEXT,
    placement_id TEXT,
    company_id   TEXT,
    class_id     TEXT,
    summary      TEXT NOT NULL DEFAULT '',
    actor_id     TEXT
);
CREATE INDEX events_class ON events(class_id, seq);
CREATE INDEX events_company ON events(company_id, seq);

CREATE TABLE subscriptions (
    name       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    cursor     INTEGER NOT NULL DEFAULT 0,
    topics     TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_id    TEXT,
    operation   TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT,
    details     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_target ON audit(target_type, target_id);
