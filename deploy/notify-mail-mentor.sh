#!/bin/sh
# Mails the mentor of the event's class, for stagelijn-notify --exec (docs/clients.md).
# Usage: notify-mail-mentor.sh MENTORS.tsv   (the event's JSON line on standard input)
# MENTORS.tsv: one line per class, "class name<TAB>mentor's e-mail address", kept by the school.
# Exit status 0 only when sendmail accepted the mail, so that a failure is retried.
# Needs jq and a sendmail (any MTA: postfix, exim, msmtp-mta); $SENDMAIL overrides its path.
set -eu
map=${1:?usage: notify-mail-mentor.sh MENTORS.tsv}
event=$(cat)
field() { printf '%s' "$event" | jq -r --arg k "$1" '.[$k] // ""'; }
class=$(field class_name)
student=$(field student_name)
company=$(field company_name)
summary=$(field summary)
to=$(awk -F '\t' -v c="$class" '$1 == c { print $2; exit }' "$map")
if [ -z "$to" ]; then
    echo "notify-mail-mentor: no mentor address for class '$class' in $map" >&2
    exit 1
fi
{
    printf 'To: %s\n' "$to"
    printf 'Subject: Stagelijn: %s (%s) — %s\n' "$student" "$class" "$STAGELIJN_EVENT_TOPIC"
    printf 'Content-Type: text/plain; charset=UTF-8\n\n'
    printf 'Leerling: %s\nKlas: %s\nBedrijf: %s\nWat: %s\n' "$student" "$class" "$company" "$summary"
    printf '\nMelding %s van Stagelijn; de details staan in het dossier van de leerling.\n' \
        "$STAGELIJN_EVENT_SEQ"
} | "${SENDMAIL:-/usr/sbin/sendmail}" -t
