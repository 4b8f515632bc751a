#include "collate.h"

#include <stdio.h>

#include <unicode/ucol.h>

/* SQLite hands the collation lengths in bytes of UTF-8; ICU compares UTF-8 directly. A
 * failed comparison (malformed UTF-8 is replaced, not refused, so this is an internal ICU
 * error) falls back to byte order so that the sort stays a total order. */
static int compare_nl(void *arg, int alen, const void *a, int blen, const void *b)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8((const UCollator *)arg, (const char *)a, alen,
                                          (const char *)b, blen, &status);
    if (U_FAILURE(status)) {
        int n = alen < blen ? alen : blen;
        for (int i = 0; i < n; i++) {
            unsigned char x = ((const unsigned char *)a)[i], y = ((const unsigned char *)b)[i];
            if (x != y)
                return x < y ? -1 : 1;
        }
        return alen < blen ? -1 : alen > blen;
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

static void destroy_collator(void *arg)
{
    ucol_close((UCollator *)arg);
}

sl_status collate_register(sqlite3 *db, char *err, size_t errlen)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *coll = ucol_open("nl", &status);
    if (U_FAILURE(status)) {
        snprintf(err, errlen, "no Dutch collation in ICU: %s", u_errorName(status));
        return SL_EINTERNAL;
    }
    /* Primary strength: case and accents do not order names (Çelik sorts as Celik, "de Wit"
     * and "De Wit" are equal); shifted punctuation: the apostrophe in O'Brien is ignored. */
    ucol_setStrength(coll, UCOL_PRIMARY);
    ucol_setAttribute(coll, UCOL_ALTERNATE_HANDLING, UCOL_SHIFTED, &status);
    ucol_setAttribute(coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
    if (U_FAILURE(status)) {
        snprintf(err, errlen, "cannot set up the Dutch collation: %s", u_errorName(status));
        ucol_close(coll);
        return SL_EINTERNAL;
    }
    /* SQLite frees the collator with the connection, but not when the registration fails. */
    int rc = sqlite3_create_collation_v2(db, COLLATE_NL, SQLITE_UTF8, coll, compare_nl,
                                         destroy_collator);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot register the collation %s: %s", COLLATE_NL,
                 sqlite3_errstr(rc));
        ucol_close(coll);
        return SL_EINTERNAL;
    }
    return SL_OK;
}
