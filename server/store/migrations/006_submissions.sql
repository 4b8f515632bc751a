-- Outcomes of submissions made on a device (a kiosk on a farm loses its connection and sends
-- again): a retry with the same client-made id gets the first outcome and nothing is
-- recorded twice. Kept for submission_keep_days, then removed by housekeeping.
CREATE TABLE submissions (
    user_id       TEXT NOT NULL REFERENCES users (id),
    submission_id TEXT NOT NULL,
    device        TEXT NOT NULL DEFAULT '', -- the company bound by the device certificate
    body_case     INTEGER NOT NULL,         -- which request it answered
    reply         BLOB NOT NULL,            -- the packed reply envelope, request id 0
    at            INTEGER NOT NULL,         -- unix seconds
    PRIMARY KEY (user_id, submission_id)
) WITHOUT ROWID;

CREATE INDEX submissions_at ON submissions (at);
