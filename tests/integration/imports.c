#include "imports.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define BIG_CELL_BYTES (100 * 1024)

bool ts_start_import(test_server *ts, sl_client **admin, char coach_id[37])
{
    return ts_start(ts, NULL) && (*admin = ts_login(ts, "admin", TS_ADMIN_PASSWORD)) &&
           ts_create_user(*admin, TS_IMPORT_COACH, STAGELIJN__V1__ROLE__ROLE_COACH, NULL, coach_id);
}

bool ts_write_csv(const char *path, const char *text, const char *big_cell_row)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    fputs(text, f);
    if (big_cell_row) {
        fprintf(f, "%s\"", big_cell_row);
        for (int i = 0; i < BIG_CELL_BYTES; i++)
            fputc('x', f);
        fputs("\"\r\n", f);
    }
    return fclose(f) == 0;
}

int ts_run_import(test_server *ts, const char *what, const char *user, const char *password,
                  const char *file, bool dry_run, char *out, size_t outlen)
{
    const char *args[] = {"import", what, "--file", file, dry_run ? "--dry-run" : NULL, NULL};
    return ts_run_cli_human(ts, "stagelijn-admin", user, password, args, out, outlen);
}

void ts_assert_output_has(const char *out, const char *needle)
{
    if (!strstr(out, needle))
        fail_msg("missing \"%s\" in:\n%s", needle, out);
}
