-- What "a student's current placement" is, defined once: the one that started last (ties:
-- created last). The class overview and any later overview read it from here.
CREATE VIEW student_current_placement AS
SELECT s.id AS student_id,
       (SELECT p.id FROM placements p
         WHERE p.student_id = s.id
         ORDER BY p.start_date DESC, p.created_at DESC, p.id DESC
         LIMIT 1) AS placement_id
  FROM students s;
