-- 002: the whole internship line: student profile, school calendar, year-2 preparation,
-- readiness, matching, contracts and the placement lifecycle, periods and assignments,
-- Entree, group internship, exit and aftercare.

ALTER TABLE students ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE students ADD COLUMN home_latitude REAL;
ALTER TABLE students ADD COLUMN home_longitude REAL;
ALTER TABLE students ADD COLUMN support_coach_id TEXT REFERENCES users(id);
ALTER TABLE students ADD COLUMN provisional_sector_1 INTEGER REFERENCES sectors(id);
ALTER TABLE students ADD COLUMN provisional_sector_2 INTEGER REFERENCES sectors(id);
ALTER TABLE students ADD COLUMN definitive_sector INTEGER REFERENCES sectors(id);
ALTER TABLE students ADD COLUMN switched_to_sector INTEGER REFERENCES sectors(id);
ALTER TABLE students ADD COLUMN sector_switch_date TEXT;

ALTER TABLE companies ADD COLUMN internal INTEGER NOT NULL DEFAULT 0; -- the school's own canteen

CREATE TABLE school_years (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    CHECK (end_date > start_date)
);
CREATE TABLE holidays (
    school_year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX holidays_year ON holidays(school_year_id);

-- Year 2 preparation
CREATE TABLE interest_tests (
    id         TEXT PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id),
    date       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE interest_scores (
    test_id TEXT NOT NULL REFERENCES interest_tests(id) ON DELETE CASCADE,
    sector  INTEGER NOT NULL REFERENCES sectors(id),
    score   INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (test_id, sector)
);
CREATE TABLE orientations (
    student_id      TEXT PRIMARY KEY REFERENCES students(id),
    interests       TEXT NOT NULL DEFAULT '',
    hobbies         TEXT NOT NULL DEFAULT '',
    expectations    TEXT NOT NULL DEFAULT '',
    barriers        TEXT NOT NULL DEFAULT '',
    preferences     TEXT NOT NULL DEFAULT '',
    interview_date  TEXT,
    interview_notes TEXT NOT NULL DEFAULT '',
    coach_id        TEXT REFERENCES users(id),
    updated_at      INTEGER NOT NULL
);
CREATE TABLE readiness (
    student_id        TEXT PRIMARY KEY REFERENCES students(id),
    social_skills     INTEGER NOT NULL DEFAULT 0,
    work_attitude     INTEGER NOT NULL DEFAULT 0,
    teachers_advice   INTEGER NOT NULL DEFAULT 0,
    mentor_assessment INTEGER NOT NULL DEFAULT 0,
    planned_start     TEXT,
    computed_advice   INTEGER NOT NULL,
    unmet             TEXT NOT NULL DEFAULT '', -- rule ids, one per line
    override_advice   INTEGER,
    override_reason   TEXT,
    override_by       TEXT REFERENCES users(id),
    assessed_by       TEXT NOT NULL REFERENCES users(id),
    updated_at        INTEGER NOT NULL
);
CREATE TABLE company_visits (
    id          TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies(id),
    date        TEXT NOT NULL,
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE company_visit_signups (
    company_visit_id TEXT NOT NULL REFERENCES company_visits(id) ON DELETE CASCADE,
    student_id       TEXT NOT NULL REFERENCES students(id),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (company_visit_id, student_id)
);

-- Assessments gain a verdict and internship-specific aspects.
ALTER TABLE assessments ADD COLUMN verdict INTEGER NOT NULL DEFAULT 0;
CREATE TABLE assessment_aspects (
    assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    aspect        TEXT NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (assessment_id, aspect)
);

-- Matching
CREATE TABLE intro_meetings (
    id         TEXT PRIMARY KEY,
    student_id TEXT NOT NULL REFERENCES students(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    date       TEXT NOT NULL,
    agreed     INTEGER NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    coach_id   TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);

-- Contract (WVO art. 35) and placement warnings
CREATE TABLE contracts (
    placement_id            TEXT PRIMARY KEY REFERENCES placements(id),
    learning_activities     TEXT NOT NULL DEFAULT '',
    locations               TEXT NOT NULL DEFAULT '', -- one per line
    supervision_split       TEXT NOT NULL DEFAULT '',
    company_assessment_role TEXT NOT NULL DEFAULT '',
    inspection_arrangement  TEXT NOT NULL DEFAULT '',
    accident_insurer        TEXT NOT NULL DEFAULT '',
    liability_insurer       TEXT NOT NULL DEFAULT '',
    premium_payer           TEXT NOT NULL DEFAULT '',
    updated_at              INTEGER NOT NULL
);
CREATE TABLE contract_signatures (
    placement_id TEXT NOT NULL REFERENCES placements(id),
    party        INTEGER NOT NULL CHECK (party BETWEEN 1 AND 4),
    signer_name  TEXT NOT NULL,
    date         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (placement_id, party)
);
CREATE TABLE placement_warnings (
    placement_id TEXT NOT NULL REFERENCES placements(id) ON DELETE CASCADE,
    rule_id      TEXT NOT NULL,
    message      TEXT NOT NULL,
    accepted_by  TEXT REFERENCES users(id),
    reason       TEXT,
    accepted_at  INTEGER,
    PRIMARY KEY (placement_id, rule_id)
);
ALTER TABLE placements ADD COLUMN group_session_location TEXT;

-- Years 4/5 and Entree
CREATE TABLE practical_assignments (
    id           TEXT PRIMARY KEY,
    placement_id TEXT NOT NULL REFERENCES placements(id),
    period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 3),
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 2),
    title        TEXT NOT NULL,
    status       INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
    notes        TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    UNIQUE (placement_id, period, number)
);
CREATE TABLE study_advice (
    id             TEXT PRIMARY KEY,
    student_id     TEXT NOT NULL REFERENCES students(id),
    date           TEXT NOT NULL,
    continue_study INTEGER NOT NULL,
    notes          TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL
);
CREATE TABLE exam_sessions (
    id              TEXT PRIMARY KEY,
    placement_id    TEXT NOT NULL REFERENCES placements(id),
    date            TEXT NOT NULL,
    examiner        TEXT NOT NULL,
    supervisor_name TEXT NOT NULL DEFAULT '',
    coach_id        TEXT NOT NULL REFERENCES users(id),
    result          TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'passed', 'failed')),
    updated_at      INTEGER NOT NULL
);

-- Group internship
CREATE TABLE group_sessions (
    id       TEXT PRIMARY KEY,
    location TEXT NOT NULL,
    address  TEXT NOT NULL DEFAULT '',
    date     TEXT NOT NULL,
    day_part INTEGER NOT NULL CHECK (day_part IN (1, 2)),
    capacity INTEGER NOT NULL DEFAULT 5 CHECK (capacity > 0),
    coach_id TEXT REFERENCES users(id),
    UNIQUE (location, date, day_part)
);
CREATE TABLE group_enrolments (
    group_session_id TEXT NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
    student_id       TEXT NOT NULL REFERENCES students(id),
    after_dropout    INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (group_session_id, student_id)
);
CREATE TABLE group_reflections (
    id                   TEXT PRIMARY KEY,
    student_id           TEXT NOT NULL REFERENCES students(id),
    date                 TEXT NOT NULL,
    notes                TEXT NOT NULL,
    ready_for_individual INTEGER NOT NULL DEFAULT 0,
    parents_agree        INTEGER NOT NULL DEFAULT 0,
    mentor_agrees        INTEGER NOT NULL DEFAULT 0,
    coach_id             TEXT NOT NULL REFERENCES users(id),
    created_at           INTEGER NOT NULL
);

-- Exit and aftercare
CREATE TABLE exits (
    student_id           TEXT PRIMARY KEY REFERENCES students(id),
    left_date            TEXT NOT NULL,
    final_interview_date TEXT,
    advice               TEXT NOT NULL DEFAULT '',
    profile              INTEGER NOT NULL CHECK (profile BETWEEN 1 AND 3),
    destination          TEXT NOT NULL DEFAULT '',
    sheltered            INTEGER NOT NULL DEFAULT 0,
    cohort               TEXT NOT NULL,
    recorded_by          TEXT NOT NULL REFERENCES users(id),
    updated_at           INTEGER NOT NULL
);
CREATE INDEX exits_cohort ON exits(cohort);
CREATE TABLE partners (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT ''
);
CREATE TABLE aftercare_contacts (
    id                   TEXT PRIMARY KEY,
    student_id           TEXT NOT NULL REFERENCES students(id),
    date                 TEXT NOT NULL,
    with_whom            TEXT NOT NULL,
    outcome              TEXT NOT NULL,
    still_in_destination INTEGER NOT NULL DEFAULT 0,
    referral_partner_id  TEXT REFERENCES partners(id),
    coach_id             TEXT NOT NULL REFERENCES users(id),
    created_at           INTEGER NOT NULL
);
CREATE INDEX aftercare_student ON aftercare_contacts(student_id, date);

-- Indexes and columns the handlers of each family rely on.

-- schema additions of the prep family. The tables themselves are in 002; the dossier
-- and the mentor's overview read a student's interest tests and company-visit sign-ups.
CREATE INDEX interest_tests_student ON interest_tests(student_id, date);
CREATE INDEX company_visit_signups_student ON company_visit_signups(student_id);
CREATE INDEX company_visits_date ON company_visits(date);

-- the matching family: what a readiness check was based on, so that GetReadiness shows
-- the advice as it was given (later assessments do not silently rewrite an advice the mentor
-- has already heard), and the look-ups matching and the dossier make.

-- The unmet criteria's messages, one per line in the order of `unmet` (ids).
ALTER TABLE readiness ADD COLUMN unmet_messages TEXT NOT NULL DEFAULT '';
-- The internal and taster internship judgements derived at the time of the check.
ALTER TABLE readiness ADD COLUMN internal_internship INTEGER NOT NULL DEFAULT 0;
ALTER TABLE readiness ADD COLUMN taster_internship INTEGER NOT NULL DEFAULT 0;
ALTER TABLE readiness ADD COLUMN override_at INTEGER;

CREATE INDEX intro_meetings_student ON intro_meetings(student_id, date);
CREATE INDEX placements_company_status ON placements(company_id, status);

-- the contract family. The date a contract's content was last saved: a signature may not
-- be dated before the text it signs (a content change clears earlier signatures).
ALTER TABLE contracts ADD COLUMN saved_on TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN saved_by TEXT REFERENCES users(id);

-- schema additions of the periods family.
-- One binding study advice per student per December (the plan: "in de maand december");
-- a revision is a new school year's advice, not a second row for the same month.
CREATE UNIQUE INDEX study_advice_month ON study_advice(student_id, substr(date, 1, 7));
CREATE INDEX exam_sessions_placement ON exam_sessions(placement_id);

-- schema additions of the group family.
-- Enrolment checks look up a student's other sessions (double booking) and the sessions of
-- one day part; listings go by date.
CREATE INDEX group_enrolments_student ON group_enrolments(student_id);
CREATE INDEX group_sessions_date ON group_sessions(date, day_part);
CREATE INDEX group_reflections_student ON group_reflections(student_id, date);
