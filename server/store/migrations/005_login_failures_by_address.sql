-- Failed logins are counted per (user name, source address) pair, so that guessing a user's
-- password from one address locks only that address out of that account, not the user
-- everywhere. Old counters are dropped: they expire within a day anyway.
DROP TABLE login_failures;

CREATE TABLE login_failures (
    username     TEXT NOT NULL,
    address      TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    last_failure INTEGER NOT NULL,
    PRIMARY KEY (username, address)
) WITHOUT ROWID;
