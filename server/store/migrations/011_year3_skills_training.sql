-- 011: what the school's plan names and the product lacked: the year-3 internship assessment
-- and masterpiece toward the definitive sector choice, and the social-skills training after
-- being sent away from an internship. (The year-3 exam portfolio is the practical
-- assignments of the year-3 placements; the WVO art. 32 course rule reads placements and
-- agenda days; neither needs a table.)

CREATE TABLE year3_assessments (
    id           TEXT PRIMARY KEY,
    student_id   TEXT NOT NULL REFERENCES students(id),
    kind         INTEGER NOT NULL CHECK (kind IN (1, 2)), -- 1 internship assessment, 2 masterpiece
    placement_id TEXT REFERENCES placements(id),
    date         TEXT NOT NULL,
    assessor     TEXT NOT NULL,
    result       INTEGER NOT NULL CHECK (result IN (1, 2)), -- Judgement: negative, positive
    remarks      TEXT NOT NULL DEFAULT '',
    sector       INTEGER REFERENCES sectors(id),
    recorded_by  TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    CHECK (kind = 2 OR placement_id IS NOT NULL)
);
CREATE INDEX year3_assessments_student ON year3_assessments(student_id, date);

-- A record of its own, so that the dropout's case can point at it: the student always, the
-- dropout it follows when known.
CREATE TABLE social_skills_trainings (
    id          TEXT PRIMARY KEY,
    student_id  TEXT NOT NULL REFERENCES students(id),
    dropout_id  TEXT REFERENCES dropouts(id),
    start_date  TEXT NOT NULL,
    trainer     TEXT NOT NULL,
    status      INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3), -- planned, done, not done
    done_date   TEXT,
    remarks     TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK ((status = 1) = (done_date IS NULL))
);
CREATE INDEX social_skills_trainings_student ON social_skills_trainings(student_id);
