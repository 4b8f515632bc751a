#!/usr/bin/env bash
# Quick start: install what is missing, build, and run stagelijnd in the foreground on the
# embedded default (a fresh data directory, 127.0.0.1:7443).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="${STAGELIJN_DATA_DIR:-$PWD/stagelijn-data}"
LISTEN="${STAGELIJN_LISTEN:-127.0.0.1:7443}"

./deploy/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"

echo
echo "Starting stagelijnd with data directory $DATA_DIR on $LISTEN"
echo "The client programs are in $PWD/build/client/."
exec ./build/server/stagelijnd --data-dir "$DATA_DIR" --listen "$LISTEN"
