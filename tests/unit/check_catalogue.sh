#!/bin/sh
# The Dutch catalogue is complete: every message the clients can show (their own texts, the
# coded server messages of common/messages.h, enum values, rule ids) is translated, none is
# fuzzy, and every rule id of the server's catalogue (server/pure/rules.c) and every rule id a
# handler sends (server/h_*.c) has a Dutch rendering. Usage: check_catalogue.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
xgettext --keyword=_ --keyword=N_ --keyword=NC_:1c,2 --keyword=DN_:1c,2 --add-comments=TRANSLATORS \
    --language=C --from-code=UTF-8 -o "$tmp/stagelijn.pot" client/*.c client/*.h common/messages.h
msgmerge -q -o "$tmp/nl.po" client/po/nl.po "$tmp/stagelijn.pot"
missing=$(msgattrib --untranslated --no-obsolete "$tmp/nl.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/nl.po" | grep -c '^msgid ' || true)
# The header counts as one untranslated-looking entry only when the file has no entries.
if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "client/po/nl.po: $missing untranslated, $fuzzy fuzzy (regenerate: client/po/CMakeLists.txt)"
    msgattrib --untranslated --no-obsolete "$tmp/nl.po" | grep '^msgid ' | head -20
    exit 1
fi
status=0
# Rule ids a module hands to handlers as values: the lifecycle, capacity, dated facts.
for id in $( (grep -o '^    {"[A-Z][A-Z0-9_]*", [EW],' server/pure/rules.c | cut -d'"' -f2
             grep -oh 'req_violation(r, "[A-Z][A-Z0-9_]*"' server/handlers/*.c | cut -d'"' -f2
             grep -ohE '"(STATE|CAP|PRE|DATE|SCHOOL_PHASE|SCHOOL_INTRO|ASSESSMENT_PERIOD|PLACEMENT_DOUBLE)_[A-Z0-9_]*"' \
                 server/pure/lifecycle.c server/handlers/places.c server/handlers/factdate.c server/handlers/factdate.h \
                 server/handlers/placement_rules.c | tr -d '"'
             grep -ohE '"DROPOUT_[A-Z0-9_]*"' server/pure/dropout_case.c | tr -d '"') | sort -u); do
    if ! grep -A1 '^msgctxt "rule"$' client/po/nl.po | grep -qx "msgid \"$id\""; then
        echo "rule $id has no Dutch rendering in client/po/nl.po (client/wording.c rule_ids)"
        status=1
    fi
done
# Text the server sends for people beside a code (a rule's details, a caseload item's detail,
# an event's and a dossier entry's summary) is a detail code of common/messages.h with its parameters: every DET_
# the server uses is in the table of common/messages.c, so the clients can render it (its
# format's Dutch is checked above), and no rule details are composed in English only
# (rules_report_add with a format: convert it to rules_report_detail with a DET_ code).
for det in $(grep -rohE '\bDET_[A-Z0-9_]+' server --include='*.c' | sort -u); do
    if ! grep -q "^    {$det, " common/messages.c; then
        echo "detail $det is used by the server but not in the table of common/messages.c"
        status=1
    fi
done
xgettext --keyword= --keyword=rules_report_add:3 --language=C --from-code=UTF-8 \
    -o "$tmp/details.pot" server/pure/rules.c server/handlers/*.c
english=
if [ -f "$tmp/details.pot" ]; then
    english=$(grep -A1000 '^msgid ""$' "$tmp/details.pot" | sed -n 's/^msgid "\(.\+\)"$/\1/p')
fi
if [ -n "$english" ]; then
    echo "rule details composed in English only (use rules_report_detail with a DET_ code):"
    echo "$english"
    status=1
fi
# An event's summary is coded too: every event a handler writes carries `.coded = d` from
# req_detail (server/flow/events.h), its English text `.summary = d.text` (d the req_detail_text).
uncoded_events=$(grep -n '\.summary = ' server/handlers/*.c | grep -vE '\.summary = [a-z_]+\.text' || true)
if [ -n "$uncoded_events" ]; then
    echo "event summaries without a detail code (use req_detail with a DET_EV_ code):"
    echo "$uncoded_events"
    status=1
fi
# A caseload item's detail likewise: every item is added as coded(add_item(...), d).
uncoded_items=$(grep -nE '(add_item|add_intern_item)\(r, c,' server/handlers/h_overview.c |
    grep -v 'coded(' | grep -v 'return add_item(r, c, x->name_rank' || true)
if [ -n "$uncoded_items" ]; then
    echo "caseload items without a detail code (use coded(add_item(..., d.text), d) with req_detail):"
    echo "$uncoded_items"
    status=1
fi
# A dossier entry's summary likewise: entries are added through add_coded_entry only.
uncoded_dossier=$(grep -n 'add_entry(r, d,' server/handlers/h_overview.c |
    grep -v 'add_entry(r, d, date, recorded, kind, ref_id, t.text)' || true)
if [ -n "$uncoded_dossier" ]; then
    echo "dossier entries without a detail code (use add_coded_entry with a DET_DS_ code):"
    echo "$uncoded_dossier"
    status=1
fi
# A refusal a person reads has a code (req_fail_code), so the client can word it; the one
# exception is the school calendar's own check, whose reasons come from store/calendar.c.
uncoded=$(grep -rn 'req_fail(r, SL_E\(INVAL\|PRECOND\|PERM\|NOTFOUND\|EXISTS\|EXHAUSTED\)' \
    server --include='*.c' | grep -v 'server/flow/dispatch.c' | grep -v '"%s", err)' || true)
if [ -n "$uncoded" ]; then
    echo "refusals without a message code (common/messages.h):"
    echo "$uncoded"
    status=1
fi
exit $status
