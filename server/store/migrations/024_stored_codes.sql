-- An accepted placement warning and a readiness check's unmet criteria keep their details as
-- detail codes of common/messages.h with raw parameters (as week_law_breaches since 023), so
-- that a client words them in its own language; rows from before keep '' and show the rule
-- alone.
ALTER TABLE placement_warnings ADD COLUMN detail_code TEXT NOT NULL DEFAULT '';
-- The parameters joined by the unit separator 0x1F (sl_message_params_join).
ALTER TABLE placement_warnings ADD COLUMN detail_params TEXT NOT NULL DEFAULT '';
-- Per unmet criterion, in the order of `unmet`: its detail code followed by its parameters,
-- joined by 0x1F; the criteria separated by the record separator 0x1E (an empty item for a
-- criterion without coded details).
ALTER TABLE readiness ADD COLUMN unmet_details TEXT NOT NULL DEFAULT '';
