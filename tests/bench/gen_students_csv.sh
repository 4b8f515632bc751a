#!/bin/sh
# Writes a student CSV as a school's records system exports it, for measuring
# `stagelijn-admin import students`: a byte-order mark, semicolons, CRLF, Dutch column names,
# Dutch dates, names with diacritics, a tussenvoegsel and quotes. Student numbers are
# 100001.. so every row is a new student; the class is CLASS (which must exist).
# Usage: gen_students_csv.sh ROWS CLASS > FILE
set -eu
rows=${1:?rows}
class=${2:?class}
awk -v rows="$rows" -v class="$class" 'BEGIN {
    split("Sanne|Zoë|Aoife|Emre|Bram|Noor|Daan|Fleur", first, "|")
    split("|van |de |van '\''t ||van der |ten |", prefix, "|")
    split("Hof|Çelik|O'\''Brien|Bakker|Vries|Berg|Jansen|Smit", last, "|")
    printf "\357\273\277Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Klas;Adres\r\n"
    for (i = 0; i < rows; i++) {
        p = prefix[i % 8 + 1]; sub(/ $/, "", p)
        printf "%d;%s;%s;%s;%02d-%02d-%d;%s;\"Dorpsstraat %d; Lelystad\"\r\n", \
            100001 + i, first[i % 8 + 1], p, last[int(i / 8) % 8 + 1], \
            i % 28 + 1, i % 12 + 1, 2008 + i % 4, class, i + 1
    }
}'
