#!/bin/sh
# Builds one man page: the scdoc source TEMPLATE with its generated sections filled in from
# the program's own --help, so that the options, commands and settings in the page are always
# those of the program that is installed next to it.
#   gen-man.sh SCDOC PROGRAM TEMPLATE.scd OUT
# Lines in TEMPLATE consisting of @OPTIONS@, @COMMANDS@ or @SETTINGS@ are replaced by the
# client options, the command list and the daemon's configuration settings.
set -eu
scdoc=$1 prog=$2 template=$3 out=$4

# English help: the page is written in English, whatever the build machine's locale.
help=$(env -u LANGUAGE -u STAGELIJN_LOCALEDIR LC_ALL=C "$prog" --help)

printf '%s\n' "$help" | awk -v template="$template" '
function esc(s,   r, i, c) {
    r = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "*" || c == "_" || c == "\\") r = r "\\" c; else r = r c
    }
    return r
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# --help sections: "Options:" (clients: term in a 22-column field), "Commands:" (synopsis on
# one line, description indented on the next), "Options (config file names ...)" (daemon
# settings: name, help, default).
/^Options:/ { sec = "opt"; next }
/^Commands:/ { sec = "cmd"; next }
/^Options \(config/ { sec = "set"; next }
/^[^ ]/ { sec = "" ; next }
sec == "opt" && /^  --/ {
    nopt++; oterm[nopt] = trim(substr($0, 3, 22)); odesc[nopt] = trim(substr($0, 26)); next
}
sec == "opt" && /^     / { odesc[nopt] = odesc[nopt] " " trim($0); next }
sec == "cmd" && /^      / { cdesc[ncmd] = trim($0); next }
sec == "cmd" && /^  [a-z]/ {
    ncmd++; line = trim($0); words = ""
    while (match(line, /^[a-z][a-z0-9-]*( |$)/)) {
        words = words (words == "" ? "" : " ") trim(substr(line, 1, RLENGTH))
        line = trim(substr(line, RLENGTH + 1))
    }
    cname[ncmd] = words; cargs[ncmd] = line; next
}
sec == "set" && /^  [a-z]/ {
    nset++; sname[nset] = $1; rest = trim(substr(trim($0), length($1) + 1))
    shelp[nset] = rest; next
}
END {
    while ((getline t < template) > 0) {
        if (t == "@OPTIONS@") {
            for (i = 1; i <= nopt; i++) {
                split(oterm[i], w, " "); args = trim(substr(oterm[i], length(w[1]) + 1))
                printf "*%s* %s\n\t%s\n\n", esc(w[1]), esc(args), esc(odesc[i])
            }
        } else if (t == "@COMMANDS@") {
            for (i = 1; i <= ncmd; i++)
                printf "*%s* %s\n\t%s\n\n", esc(cname[i]), esc(cargs[i]), esc(cdesc[i])
        } else if (t == "@SETTINGS@") {
            for (i = 1; i <= nset; i++)
                printf "*%s*\n\t%s\n\n", esc(sname[i]), esc(shelp[i])
        } else {
            print t
        }
    }
    if (nopt + ncmd + nset == 0) { print "gen-man: nothing parsed from --help" > "/dev/stderr"; exit 1 }
}' >"$out.scd.tmp"
"$scdoc" <"$out.scd.tmp" >"$out.tmp"
rm -f "$out.scd.tmp"
mv "$out.tmp" "$out"
