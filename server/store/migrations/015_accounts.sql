-- Accounts (issue 10): the administrator's list shows when each account last logged in. Kept
-- apart from users: a change to a users row ends every cached session (the session epoch), a
-- login must not.
CREATE TABLE account_logins (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_login INTEGER NOT NULL
) WITHOUT ROWID;
