-- 003: kinds of work per placement (the law on kinds of work by age) and the supervisor's date
-- of birth (a minor's workplace supervisor must be 18 or older).
ALTER TABLE placements ADD COLUMN prohibited_for_minors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN risky INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN cash_register INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN lift_kg INTEGER NOT NULL DEFAULT 0 CHECK (lift_kg BETWEEN 0 AND 500);
ALTER TABLE placements ADD COLUMN push_pull_kgf INTEGER NOT NULL DEFAULT 0
    CHECK (push_pull_kgf BETWEEN 0 AND 1000);
ALTER TABLE placements ADD COLUMN psychosocial_load INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN fixed_posture INTEGER NOT NULL DEFAULT 0;
-- NULL: no crop protection products in play.
ALTER TABLE placements ADD COLUMN days_since_pesticide INTEGER
    CHECK (days_since_pesticide IS NULL OR days_since_pesticide BETWEEN 0 AND 3650);
ALTER TABLE placements ADD COLUMN expert_supervision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN date_of_birth TEXT;
