-- Codes (issue 7 item 15): an event's summary as a detail code of common/messages.h and its
-- raw parameters (joined by the unit separator, 0x1F, which no accepted text contains), so
-- clients word it in their language; '' for events written before (their summary is English).
ALTER TABLE events ADD COLUMN summary_code TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN summary_params TEXT NOT NULL DEFAULT '';
