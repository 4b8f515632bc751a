#!/usr/bin/env bash
# Fails when a file includes a header from a layer above its own (tests/layering/layers.conf),
# or from the other tree (server <-> client), or a project header that has no layer; and
# when a server file is not in the folder of its layer (server/pure, server/store, ...; the
# daemon's own files, layer "app", in server/ itself), so the layout shows the layers.
# Usage: check-layers.sh SOURCE_DIR
set -u
src=${1:?usage: check-layers.sh SOURCE_DIR}
conf="$src/tests/layering/layers.conf"
declare -A layer name_of
sources=""
while read -r first rest; do
  case "$first" in
    ''|'#'*) continue ;;
    sources:) sources=$rest; continue ;;
  esac
  read -r lname headers <<<"$rest"
  name_of[$first]=$lname
  for h in $headers; do layer[$h]=$first; done
done <"$conf"

# The layer of a file: its own header's, or an override from "sources:".
file_layer() {
  local base=${1##*/} pat
  for pat in $sources; do
    # shellcheck disable=SC2053
    [[ $base == ${pat%%=*} ]] && { echo "${pat#*=}"; return; }
  done
  echo "${layer[${base%.*}.h]:-}"
}

fail=0
for f in "$src"/common/*.[ch] "$src"/server/*.[ch] "$src"/server/*/*.[ch] "$src"/client/*.[ch]; do
  fl=$(file_layer "$f")
  rel=${f#"$src"/}
  if [ -z "$fl" ]; then
    echo "layers: $rel has no layer (add its header to tests/layering/layers.conf)"
    fail=1
    continue
  fi
  case "$rel" in
    server/*/*) folder=${rel#server/}; folder=${folder%%/*} ;;
    server/*) folder=app ;;
    *) folder="" ;;
  esac
  if [ -n "$folder" ] && [ "$folder" != "${name_of[$fl]}" ]; then
    echo "layers: $rel is in the folder of layer '$folder' but belongs to '${name_of[$fl]}'"
    fail=1
  fi
  while read -r h; do
    hl=${layer[$h]:-}
    case "$h" in stagelijn.pb-c.h) continue ;; esac
    if [ -z "$hl" ]; then
      echo "layers: $rel includes $h, which has no layer"
      fail=1
    elif [ "$fl" -ge 10 ] && [ "$hl" -ne 0 ] && [ "$hl" -lt 10 ]; then
      echo "layers: $rel (client) includes the server's $h"
      fail=1
    elif [ "$fl" -lt 10 ] && [ "$hl" -ge 10 ]; then
      echo "layers: $rel includes the client's $h"
      fail=1
    elif [ "$hl" -gt "$fl" ]; then
      echo "layers: $rel (layer $fl) includes $h (layer $hl), which is above it"
      fail=1
    fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
[ $fail -eq 0 ] && echo "layers: every include keeps to its layer"
exit $fail
