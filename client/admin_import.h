/* stagelijn-admin's import and export commands (issue 10): `import students|classes|companies`,
 * `export students|placements|hours|visits`. */
#ifndef SL_ADMIN_IMPORT_H
#define SL_ADMIN_IMPORT_H

#include "cli.h"

/* import students --file FILE [--map COLUMN=FIELD]... [--separator ';'|','] [--dry-run]:
 * reads the file (student_import.h), sends its rows in batches and prints one line per row
 * created, changed or refused and a summary; progress on stderr when it is a terminal.
 * Exit 0 when every row was stored or unchanged, EXIT_REFUSED when a row was refused. */
int admin_import_students(cli_ctx *ctx, const cli_args *a);

/* import classes --file FILE [--map ...] [--separator ...] [--dry-run]: as import students, for
 * classes (name, school_year 2..6, the mentor's username), matched on the class's name. */
int admin_import_classes(cli_ctx *ctx, const cli_args *a);

/* import companies --file FILE [--map ...] [--separator ...] [--dry-run]: as import students,
 * for companies (name, KvK number, address, postcode, city, places, supervision capacity),
 * matched on the KvK number, else on name and postcode; an empty cell keeps what is stored. */
int admin_import_companies(cli_ctx *ctx, const cli_args *a);

/* export students [--file FILE] [--class ID] [--csv-dialect rfc4180|excel-nl]: the students
 * as CSV through client/csv.c (to stdout without --file), in the list's order (surname,
 * Dutch collation). Exit EXIT_REFUSED, after writing, when the server's list was cut. */
int admin_export_students(cli_ctx *ctx, const cli_args *a);

/* export placements [--file FILE] [--student ID] [--company ID] [--csv-dialect ...]: the
 * placements as CSV (names of student, company, supervisor and coach; kind and status as
 * their short English codes), in the server's list order. */
int admin_export_placements(cli_ctx *ctx, const cli_args *a);

/* export hours [--file FILE] [--student ID] [--company ID] [--csv-dialect ...]: one row per
 * agenda day of the listed placements (student, company, week, date, hours as H:MM, tasks,
 * whether the supervisor signed and the coach signed off), placement by placement in the
 * server's list order, weeks and days in their order. */
int admin_export_hours(cli_ctx *ctx, const cli_args *a);

/* export visits [--file FILE] [--student ID] [--company ID] [--csv-dialect ...]: one row per
 * visit of the listed placements (student, company, date, coach, who was present, notes,
 * agreed actions). */
int admin_export_visits(cli_ctx *ctx, const cli_args *a);

#endif
