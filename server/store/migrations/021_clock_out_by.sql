-- kioskui: who clocked out. A supervisor may clock an intern out who forgot (on the kiosk or
-- the workstation); the clock-in's recorded_by says who clocked in, this who clocked out.
-- NULL while the shift is open, and for shifts closed before this column existed.
ALTER TABLE clock_records ADD COLUMN clock_out_by TEXT REFERENCES users(id);
