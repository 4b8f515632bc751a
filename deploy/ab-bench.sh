#!/usr/bin/env bash
# Two builds of stagelijnd side by side, for a change's before and after on a busy machine:
# every work runs against a fresh daemon of build A, then of build B, round after round, with
# the same load generator (B's), server on CPU 0 and load on CPU 1 as in deploy/peer-bench.sh.
# Compare the server's CPU time per request (cpu_us_per_req), which holds still when other
# work on the machine makes the rates swing; see docs/performance.md.
#
#   deploy/ab-bench.sh BUILD_A BUILD_B      (e.g. a copy of build/ from before, and build)
#
# Environment: AB_ROUNDS (default 3), AB_SECONDS per run (default 4). Prints one line per run:
# "round=R work=W build=DIR" and the load generator's result fields.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BUILD_A BUILD_B" >&2; exit 2; }
A=$1 B=$2
ROUNDS="${AB_ROUNDS:-3}"
SECS="${AB_SECONDS:-4}"
export TZ="${TZ:-Europe/Amsterdam}"
LOADGEN="$B/tests/bench/sl_loadgen"
for f in "$A/server/stagelijnd" "$B/server/stagelijnd" "$LOADGEN"; do
  [ -x "$f" ] || { echo "ab-bench: $f not found" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK="$(mktemp -d /tmp/ab-bench.XXXXXX)"
SL_PID=""
stop_daemon() {
  if [ -n "$SL_PID" ]; then
    kill "$SL_PID" 2>/dev/null || true
    wait "$SL_PID" 2>/dev/null || true
    SL_PID=""
  fi
}
cleanup() {
  stop_daemon
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One throwaway CA and P-256 server certificate, as in peer-bench.sh.
TLS="$WORK/tls"
mkdir -p "$TLS"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=ab-bench CA" -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$TLS/ext.cnf"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" \
  -CAcreateserial -days 2 -extfile "$TLS/ext.cnf" -out "$TLS/server.pem" 2>/dev/null
CA="$TLS/ca.pem"

# run BUILD MODE ARGS...: a fresh daemon of BUILD, a school, one load-generator run.
run() {
  local build=$1
  shift
  local data="$WORK/sl"
  rm -rf "$data"
  mkdir -p "$data"
  taskset -c 0 "$build/server/stagelijnd" --data-dir "$data" --listen 127.0.0.1:0 \
    --port-file "$data/port" --log-level warn \
    --set tls_cert="$TLS/server.pem" --set tls_key="$TLS/server.key" --set tls_ca="$CA" \
    --set max_connections=20000 --set session_idle_seconds=86400 \
    --set max_connections_per_address=20000 2>"$data/stagelijnd.log" &
  SL_PID=$!
  for _ in $(seq 300); do
    [ -s "$data/port" ] && break
    sleep 0.1
  done
  [ -s "$data/port" ] || { cat "$data/stagelijnd.log" >&2; exit 1; }
  local port
  port=$(head -n1 "$data/port")
  taskset -c 1 "$LOADGEN" setup --port "$port" --ca "$CA" \
    --admin-password-file "$data/admin-password" --one-time --school-file "$WORK/school" \
    >/dev/null
  taskset -c 1 "$LOADGEN" "$@" --target stagelijn --port "$port" --ca "$CA" \
    --school-file "$WORK/school" --server-pid "$SL_PID" | sed -n 's/^result //p'
  stop_daemon
}

WORKS=(
  "read_p1|requests --op read --conns 50 --pipeline 1 --requests 2000000 --seconds $SECS"
  "read_p16|requests --op read --conns 50 --pipeline 16 --requests 4000000 --seconds $SECS"
  "write_p1|requests --op write --conns 50 --pipeline 1 --requests 2000000 --seconds $SECS"
  "write_p16|requests --op write --conns 16 --pipeline 16 --requests 2000000 --seconds $SECS"
  "idle|idle --conns 2000"
)
for round in $(seq "$ROUNDS"); do
  for w in "${WORKS[@]}"; do
    key=${w%%|*}
    read -r -a args <<<"${w#*|}"
    for build in "$A" "$B"; do
      echo "round=$round work=$key build=$build $(run "$build" "${args[@]}")"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
