/* How people and companies are put in order: Dutch school records keep the tussenvoegsel
 * (de, van, van 't, van der) apart from the surname, and lists sort on the surname, ignoring
 * case, accents, punctuation and the tussenvoegsel (Bakker, Çelik, van 't Hof, O'Brien,
 * de Vries). The order comes from an ICU collator for Dutch, registered with SQLite as the
 * collation "nl" so that queries say ORDER BY s.last_name COLLATE nl. */
#ifndef SL_COLLATE_H
#define SL_COLLATE_H

#include <stddef.h>

#include <sqlite3.h>

#include "sl_error.h"

/* The collation's name in SQL. */
#define COLLATE_NL "nl"

/* A student's name for people, "first tussenvoegsel surname" ("Sanne van 't Hof"), as an SQL
 * expression over the students row `alias` (a literal such as "s"). */
#define SQL_STUDENT_NAME(alias)                                                                    \
    alias ".first_name || ' ' || CASE WHEN " alias ".name_prefix <> '' THEN " alias                \
          ".name_prefix || ' ' ELSE '' END || " alias ".last_name"

/* The order of students in every list: surname, then first name, Dutch collation; the id
 * last so that equal names keep one stable order across pages. */
#define SQL_STUDENT_ORDER(alias)                                                                   \
    alias ".last_name COLLATE nl, " alias ".first_name COLLATE nl, " alias ".id"

/* Registers the collation "nl" on a connection. Each connection gets its own ICU collator
 * (a connection is used by one thread at a time; the collator is freed with the connection).
 * Returns SL_OK, or SL_EINTERNAL with the reason in err when ICU has no Dutch collator or
 * SQLite refuses the registration. */
sl_status collate_register(sqlite3 *db, char *err, size_t errlen);

#endif
