#!/usr/bin/env bash
# Checks the built man pages against the programs: each renders without a groff warning, and
# every command (clients) or setting (stagelijnd) that the program's --help lists is in its
# page, so a change in the --help layout that the generator (docs/man/gen-man.sh) no longer
# understands fails here instead of shipping a page with gaps.
#   check-man.sh MAN_DIR STAGELIJND CLIENT_DIR
set -euo pipefail
man_dir=$1 daemon=$2 client_dir=$3
status=0
render() { LC_ALL=C.UTF-8 groff -man -Tutf8 -P-cbou -rLL=3000n "$1" 2>/dev/null; }
lint() {
    local warnings
    warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$1" 2>&1)
    if [ -n "$warnings" ]; then echo "check-man: $1: $warnings"; status=1; fi
}
help_of() { env -u LANGUAGE -u STAGELIJN_LOCALEDIR LC_ALL=C "$1" --help; }

page="$man_dir/stagelijnd.8"
lint "$page"
text=$(render "$page")
n=0
while read -r name; do
    n=$((n + 1))
    grep -qx "       $name" <<<"$text" || { echo "check-man: stagelijnd.8 lacks setting $name"; status=1; }
done < <(help_of "$daemon" | sed -n '/^Options (config/,$p' | sed -n 's/^  \([a-z_0-9]*\) .*/\1/p')
[ "$n" -gt 10 ] || { echo "check-man: no settings in stagelijnd --help"; status=1; }

for prog in stagelijn stagelijn-kiosk stagelijn-admin stagelijn-notify; do
    page="$man_dir/$prog.1"
    lint "$page"
    text=$(render "$page")
    n=0
    while read -r synopsis; do
        n=$((n + 1))
        grep -qxF "       $synopsis" <<<"$text" ||
            { echo "check-man: $prog.1 lacks the command '$synopsis'"; status=1; }
    done < <(help_of "$client_dir/$prog" | sed -n '/^Commands:/,$p' |
             sed -n 's/^  \([a-z].*[^ ]\) *$/\1/p')
    [ "$n" -gt 0 ] || { echo "check-man: no commands in $prog --help"; status=1; }
    grep -q -- '--password-file FILE' <<<"$text" || { echo "check-man: $prog.1 lacks options"; status=1; }
done
exit $status
