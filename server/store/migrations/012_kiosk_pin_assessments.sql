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
