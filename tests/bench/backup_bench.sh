#!/bin/sh
# Measures an online backup (stagelijn-admin backup) of the demo school's database and of a
# larger one (about TARGET_MB, grown with filler audit rows), each while sl_loadgen keeps
# writing (LogVisit) on other connections. Prints the backup's own figures (pages, bytes,
# duration) and what the writers got meanwhile. Run from the source root after a build:
#   tests/bench/backup_bench.sh [TARGET_MB]
set -eu
B=${BUILD:-build}
TARGET_MB=${1:-100}
PW=bench-admin-123
LOAD_S=${LOAD_S:-12} # seconds of write load; the backup starts 2 s in
WORK=$(mktemp -d /tmp/stagelijn-backup-bench-XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

start() { # start DIR: a daemon on DIR, its port in $PORT
    rm -f "$1/port"
    "$B/server/stagelijnd" --data-dir "$1" --listen 127.0.0.1:0 --port-file "$1/port" \
        --set scrypt_log2_n=10 --log-level warn 2>>"$WORK/log" &
    PID=$!
    for _ in $(seq 300); do [ -s "$1/port" ] && break; sleep 0.1; done
    PORT=$(head -1 "$1/port")
}
stop() { kill "$PID"; wait "$PID" || true; PID=; }
admin() { # admin DIR ARGS...: stagelijn-admin as admin
    d=$1; shift
    STAGELIJN_PASSWORD=$PW "$B/client/stagelijn-admin" --server "127.0.0.1:$PORT" \
        --ca "$d/tls/ca.pem" --user admin "$@"
}
under_load() { # under_load DIR LABEL: loadgen writes while the backup runs
    d=$1
    printf '%s\n' "$PW" >"$WORK/pw"
    # The load's accounts and placement are made once, in the demo school, and kept.
    [ -s "$WORK/school" ] || "$B/tests/bench/sl_loadgen" setup --port "$PORT" \
        --ca "$d/tls/ca.pem" --admin-password-file "$WORK/pw" --school-file "$WORK/school" \
        >/dev/null || echo "sl_loadgen setup failed"
    "$B/tests/bench/sl_loadgen" requests --port "$PORT" --ca "$d/tls/ca.pem" \
        --school-file "$WORK/school" --op write --conns 4 --pipeline 4 --seconds "$LOAD_S" \
        --requests 100000000 --label "writes-during-backup-$2" >"$WORK/load-$2" &
    LG=$!
    sleep 2
    start_ns=$(date +%s%N)
    admin "$d" --json backup >"$WORK/backup-$2"
    end_ns=$(date +%s%N)
    # The load stops by itself after LOAD_S seconds (a background job ignores SIGINT).
    wait "$LG" || true
    echo "== $2: $(du -m "$d/stagelijn.db" | cut -f1) MB database after the load"
    echo "backup reply: $(cat "$WORK/backup-$2")"
    echo "command wall time: $(((end_ns - start_ns) / 1000000)) ms"
    echo "writers: $(grep '^result' "$WORK/load-$2" || echo '(no result line: see below)')"
}

# 1. The demo school.
D1=$WORK/demo
start "$D1"
STAGELIJN_NEW_PASSWORD=$PW "$B/client/stagelijn-admin" --server "127.0.0.1:$PORT" \
    --ca "$D1/tls/ca.pem" --user admin --password-file "$D1/admin-password" passwd >/dev/null
admin "$D1" demo-data --demo-password "$PW" >"$WORK/demo.out" ||
    { echo "demo-data: exit $? (partial school)"; tail -3 "$WORK/demo.out"; }
under_load "$D1" demo
stop

# 2. The same school grown to about TARGET_MB with filler audit rows (1 KB each).
ROWS=$((TARGET_MB * 1000))
sqlite3 "$D1/stagelijn.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < $ROWS) INSERT INTO audit (at, operation, target_type, details)
    SELECT 0, 'bench.filler', 'bench', hex(randomblob(500)) FROM n;"
start "$D1"
under_load "$D1" large
stop
