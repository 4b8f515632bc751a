-- Retention (issue 10): when a student's personal data were erased (unix s); NULL while kept.
-- The row itself stays, anonymised, for the outflow counts.
ALTER TABLE students ADD COLUMN erased_at INTEGER;
