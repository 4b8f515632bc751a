-- A working-time breach stored on a week keeps its details as a detail code of
-- common/messages.h with its raw parameters (joined by 0x1F), as events do, so that a client
-- words them in its own language; rows from before keep '' and show the rule alone.
ALTER TABLE week_law_breaches ADD COLUMN detail_code TEXT NOT NULL DEFAULT '';
ALTER TABLE week_law_breaches ADD COLUMN detail_params TEXT NOT NULL DEFAULT '';
