-- subs (issue 9): the event topics an administrator granted a subscriber account (a service
-- account of role subscriber); its subscriptions carry only these topics.
CREATE TABLE subscriber_topics (
    user_id TEXT NOT NULL REFERENCES users(id),
    topic TEXT NOT NULL,
    granted_at INTEGER NOT NULL, -- unix seconds
    granted_by TEXT REFERENCES users(id),
    PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;
