-- Accounts (issue 10): the administrator's list shows when each account last logged in. Kept
-- apart from users: a change to a users row ends every cached session (the session epoch), a
-- login must not.
CREATE TABLE account_logins (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_login INTEGER NOT NULL
) WITHOUT ROWID;

-- Device (kiosk) certificates issued from the console, and their revocation. The serial is
-- the certificate's, in upper-case hex (sl_tls_cert_serial); a revoked one is refused right
-- after its TLS handshake from then on.
CREATE TABLE device_certs (
    serial      TEXT PRIMARY KEY,
    company_id  TEXT NOT NULL REFERENCES companies(id),
    device_name TEXT NOT NULL,
    not_after   INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL,
    issued_by   TEXT NOT NULL REFERENCES users(id),
    revoked_at  INTEGER,
    revoked_by  TEXT REFERENCES users(id)
) WITHOUT ROWID;
