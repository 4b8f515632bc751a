/* The administrator's reads of a student's personal data, audited without writing on the read
 * path. A read runs on the read-only connection and may not write; so a successful read of a
 * student's record by an admin is noted in memory here (no I/O, a few dozen bytes), and the
 * notes are written to the audit table in a batch of their own as soon as the write store is
 * free (batch_after_commit), usually within the same loop pass. Reads stay as fast as before;
 * the audit row follows the reply by at most one commit. */
#ifndef SL_READ_AUDIT_H
#define SL_READ_AUDIT_H

#include "dispatch.h"
#include "requests.h"

typedef struct read_audit read_audit;

/* NULL when out of memory. */
read_audit *read_audit_new(void);
/* Writes what is still noted (the write store must be the loop's: after batch_drain), then
 * frees. NULL is allowed. */
void read_audit_free(read_audit *ra, store *st);

/* After a read request `h` answered successfully, when the caller is an admin: notes it when it
 * read a student's record (target kind STUDENT: target type "student"), a placement's (kinds
 * PLACEMENT and AGENDA_WEEK: under its student) or a list of many
 * students' personal data that the console's exports read (ListStudents, ListPlacements,
 * OutflowReport: target type "list"), and makes sure the notes are written. Never fails the
 * read: a note that cannot be kept is logged. */
void read_audit_note(request *r, const request_def *h);

#endif
