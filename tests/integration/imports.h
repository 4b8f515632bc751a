/* The files of a school's records system, and `stagelijn-admin import` run on them as a person
 * would (human output), shared by the import tests. */
#ifndef SL_TEST_IMPORTS_H
#define SL_TEST_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* The user name of the coach every import test has refused. */
#define TS_IMPORT_COACH "coach.import"

/* Starts a server, logs the admin in (*admin; the caller closes it) and creates the coach
 * TS_IMPORT_COACH (id into coach_id), who may not import. False when any step fails. */
bool ts_start_import(test_server *ts, sl_client **admin, char coach_id[37]);

/* Writes `text` to the file at `path` as it is (bytes: a BOM, CRLF are the caller's). With
 * big_cell_row, appends that row's start followed by a quoted cell of 100 KB and CRLF: a row
 * otherwise good whose last cell is too long. False when the file cannot be written. */
bool ts_write_csv(const char *path, const char *text, const char *big_cell_row);

/* Runs `stagelijn-admin import WHAT --file FILE` (with --dry-run when dry_run) as user with
 * password, human output into out[outlen]. Returns the exit code. */
int ts_run_import(test_server *ts, const char *what, const char *user, const char *password,
                  const char *file, bool dry_run, char *out, size_t outlen);

/* Fails the test, showing out, when out does not hold `needle`. */
void ts_assert_output_has(const char *out, const char *needle);

#endif
