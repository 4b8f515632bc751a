#!/usr/bin/env bash
# Side-by-side benchmark of Stagelijn against its peers on this machine, in one run:
# Redis over TLS (appendonly, appendfsync always) for request/reply, Mosquitto over TLS for
# push fan-out and idle connections, and OpenSSL's own server (openssl s_server) for new TLS
# connections per second. The same load generator (tests/bench/sl_loadgen) drives all of them.
#
#   deploy/peer-bench.sh [BUILD_DIR]      BUILD_DIR: a built Stagelijn tree (default: build)
#   deploy/peer-bench.sh --table FILE     the table again, from saved "result side=..." lines
#
# Environment: PEER_BENCH_ROUNDS (default 2) rounds of peer, Stagelijn alternating;
# PEER_BENCH_QUICK=1 for small numbers (a trial of the script, not figures).
# Servers run on CPU 0, the load on CPU 1 (taskset); everything is on 127.0.0.1 and in a
# temporary directory, and everything started here is stopped on exit.
# See docs/performance.md for what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."

# ---------------------------------------------------------------- the table
# Each side's figure is the median over the rounds that worked; the ratio is the median of the
# rounds' own ratios (peer and Stagelijn ran back to back, so a round's ratio saw the same
# machine). Memory per idle connection is round 1's only: it runs before any load, when the
# servers' heaps have no spare room yet. The goals are the targets of the reshaped core
# (issue "The core, reshaped").
print_table() { # RESULTS_FILE FAN_SIZES...
  local results=$1
  shift
  awk -v fan="$*" '
function val(line, key) {
  if (match(line, " " key "=[^ ]*")) return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
  return ""
}
function median(list,    a, k, i, j, t) {
  k = split(list, a, " ")
  if (k == 0) return ""
  for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
  return k % 2 ? a[(k + 1) / 2] + 0 : (a[k / 2] + a[k / 2 + 1]) / 2
}
function add(w, s, r, v) {
  if (w == "idle" && r != 1) return
  fig[w, s, r] = v; figs[w, s] = figs[w, s] " " v; rounds[r] = 1
}
BEGIN {
  n = split("read_p1 read_p16 write_p1 write_p16 write_p16_c50 read_p99_40w fanout_0 fanout_1 fanout_2 idle handshakes tls_cpu", order, " ")
  split(fan, subs, " ")
  name["read_p1"] = "point read P1, 50 conns (req/s)"
  name["read_p16"] = "point read P16, 50 conns (req/s)"
  name["write_p1"] = "durable write P1, 50 conns (req/s)"
  name["write_p16"] = "durable write P16, 16 conns (req/s)"
  name["write_p16_c50"] = "durable write P16, 50 conns (req/s)"
  name["read_p99_40w"] = "reader p99, 40 conns writing (us)"
  for (i = 0; i < 3; i++) name["fanout_" i] = "fan-out to " subs[i + 1] ", time to last (us)"
  name["idle"] = "memory per idle TLS conn (kB)"
  name["handshakes"] = "new TLS conns/s, 4 at a time"
  name["tls_cpu"] = "new TLS conns per server CPU-s"
  field["read_p1"] = field["read_p16"] = field["write_p1"] = field["write_p16"] = "rps"
  field["write_p16_c50"] = "rps"
  field["read_p99_40w"] = "p99_us"
  field["fanout_0"] = field["fanout_1"] = field["fanout_2"] = "last_p50_us"
  field["idle"] = "kb_per_conn"; field["handshakes"] = "per_s"; field["tls_cpu"] = "conns_per_cpu_s"
  # goal: ratio >= x (r), ratio <= x (l), the Stagelijn figure <= x (a), or it worked (h)
  goal["read_p1"] = "r 0.8"; goal["read_p16"] = "r 0.4"; goal["write_p1"] = "r 1.0"
  goal["write_p16"] = "r 0.5"; goal["write_p16_c50"] = "r 0.5"; goal["read_p99_40w"] = "a 2000"
  goal["fanout_1"] = "l 1.0"; goal["fanout_2"] = "h"; goal["idle"] = "a 15"
  goal["tls_cpu"] = "r 0.8"
}
/^result / {
  w = val($0, "work"); s = val($0, "side"); r = val($0, "round") + 0; f = field[w]
  if (f == "") next
  if (val($0, "failed") == "yes" || val($0, "errors") + 0 > 0) next
  add(w, s, r, val($0, f) + 0)
  if (w == "handshakes" && s == "sl") add("tls_cpu", "sl", r, val($0, "conns_per_cpu_s") + 0)
  cpu = val($0, "cpu_us_per_req"); if (cpu == "") cpu = val($0, "cpu_us_per_conn")
  if (cpu == "") cpu = val($0, "cpu_us_per_event")
  if (cpu == "") cpu = val($0, "server_cpu_us_per_conn")
  if (cpu != "") cpus[w, s] = cpus[w, s] " " cpu
}
function verdict(w, r,    g, k) {
  if (!(w in goal)) return ""
  split(goal[w], g, " ")
  if (g[1] == "h") return figs[w, "sl"] != "" ? "held: met" : "held: NOT met"
  if (g[1] == "a") return "<= " g[2] ": " (figs[w, "sl"] != "" && median(figs[w, "sl"]) <= g[2] + 0 ? "met" : "NOT met")
  if (r == "-") return (g[1] == "r" ? ">= " : "<= ") g[2] "x: NOT met"
  k = (g[1] == "r") ? (r + 0 >= g[2] + 0) : (r + 0 <= g[2] + 0)
  return (g[1] == "r" ? ">= " : "<= ") g[2] "x: " (k ? "met" : "NOT met")
}
function ratio(w,    x, rr, peer) {
  rr = ""
  for (x in rounds) {
    peer = (w == "tls_cpu") ? median(figs[w, "peer"]) : fig[w, "peer", x]
    if (((w, "sl", x) in fig) && peer > 0 && (w == "tls_cpu" || ((w, "peer", x) in fig)))
      rr = rr " " fig[w, "sl", x] / peer
  }
  return rr == "" ? "-" : sprintf("%.2f", median(rr))
}
END {
  printf "| %-38s | %10s | %10s | %6s | %20s | %-16s |\n", "work", "peer", "Stagelijn", "ratio", "CPU us/op peer / SL", "goal"
  printf "|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------", "------------", "------------", "--------", "----------------------", "------------------"
  for (i = 1; i <= n; i++) {
    w = order[i]
    p = figs[w, "peer"] != "" ? sprintf("%.1f", median(figs[w, "peer"])) : "FAILED"
    q = figs[w, "sl"] != "" ? sprintf("%.1f", median(figs[w, "sl"])) : "FAILED"
    r = ratio(w)
    c = sprintf("%s / %s", cpus[w, "peer"] != "" ? median(cpus[w, "peer"]) : "-", cpus[w, "sl"] != "" ? median(cpus[w, "sl"]) : "-")
    printf "| %-38s | %10s | %10s | %6s | %20s | %-16s |\n", name[w], p, q, r, c, verdict(w, r)
  }
}' "$results"
}

# deploy/peer-bench.sh --table RESULTS [FAN_SIZES...]: the table of saved "result side=..." lines.
if [ "${1:-}" = --table ]; then
  [ -r "${2:-}" ] || { echo "usage: $0 --table RESULTS_FILE [FAN_SIZES...]" >&2; exit 2; }
  file=$2
  shift 2
  [ $# -gt 0 ] || set -- 1000 5000 10000
  print_table "$file" "$@"
  exit 0
fi
BUILD="${1:-build}"
ROUNDS="${PEER_BENCH_ROUNDS:-2}"
QUICK="${PEER_BENCH_QUICK:-0}"
export TZ="${TZ:-Europe/Amsterdam}"

LOADGEN="$BUILD/tests/bench/sl_loadgen"
STAGELIJND="$BUILD/server/stagelijnd"
for f in "$LOADGEN" "$STAGELIJND"; do
  [ -x "$f" ] || { echo "peer-bench: $f not found; build first (cmake --build --preset default)" >&2; exit 1; }
done

# ---------------------------------------------------------------- peers from Debian
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v taskset >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "peer-bench: installing ${need[*]}"
  $SUDO apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

# 10,000 subscribers, for the servers and the load generator alike.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
  echo "peer-bench: need 10,100 open files, the limit is $(ulimit -n)" >&2
  exit 1
fi

WORK="$(mktemp -d /tmp/peer-bench.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "peer-bench: $*" >&2; }



# A loopback port nobody listens on.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
  done
}

wait_port() { # PORT: wait until something listens there (30 s at most)
  for _ in $(seq 300); do
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  log "nothing listens on port $1"
  return 1
}

# ---------------------------------------------------------------- a throwaway CA
# P-256, like stagelijnd's own development CA, and one server certificate for every server,
# so that every handshake costs the same signature.
TLS="$WORK/tls"
mkdir -p "$TLS"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=peer-bench CA" -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$TLS/ext.cnf"
openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" \
  -CAcreateserial -days 2 -extfile "$TLS/ext.cnf" -out "$TLS/server.pem" 2>/dev/null
CA="$TLS/ca.pem"

# ---------------------------------------------------------------- the servers, on CPU 0
REDIS_PORT=$(free_port)
mkdir -p "$WORK/redis"
taskset -c 0 redis-server --port 0 --tls-port "$REDIS_PORT" --bind 127.0.0.1 \
  --tls-cert-file "$TLS/server.pem" --tls-key-file "$TLS/server.key" \
  --tls-ca-cert-file "$CA" --tls-auth-clients no --tls-protocols TLSv1.3 \
  --appendonly yes --appendfsync always --auto-aof-rewrite-percentage 0 --save "" \
  --dir "$WORK/redis" \
  --maxclients 10000 --daemonize no --logfile "$WORK/redis/redis.log" &
PIDS+=($!)
REDIS_PID=$!

MQTT_PORT=$(free_port)
cat >"$WORK/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
certfile $TLS/server.pem
keyfile $TLS/server.key
cafile $CA
tls_version tlsv1.3
allow_anonymous true
max_connections -1
persistence false
log_dest file $WORK/mosquitto.log
user root
EOF
taskset -c 0 "$MOSQUITTO" -c "$WORK/mosquitto.conf" &
PIDS+=($!)
MQTT_PID=$!

SSL_PORT=$(free_port)
# OpenSSL's reference server: handshakes one after the other, no tickets (stagelijnd sends
# none either).
taskset -c 0 openssl s_server -accept "127.0.0.1:$SSL_PORT" -cert "$TLS/server.pem" \
  -key "$TLS/server.key" -tls1_3 -num_tickets 0 -www -quiet </dev/null >/dev/null 2>&1 &
PIDS+=($!)
SSL_PID=$!

mkdir -p "$WORK/sl"
taskset -c 0 "$STAGELIJND" --data-dir "$WORK/sl" --listen 127.0.0.1:0 \
  --port-file "$WORK/sl/port" --log-level warn \
  --set tls_cert="$TLS/server.pem" --set tls_key="$TLS/server.key" --set tls_ca="$CA" \
  --set max_connections=20000 --set session_idle_seconds=86400 \
  --set max_connections_per_address=20000 \
  2>"$WORK/sl/stagelijnd.log" &
PIDS+=($!)
SL_PID=$!

for _ in $(seq 300); do
  [ -s "$WORK/sl/port" ] && break
  sleep 0.1
done
[ -s "$WORK/sl/port" ] || { log "stagelijnd did not start:"; cat "$WORK/sl/stagelijnd.log" >&2; exit 1; }
SL_PORT=$(head -n1 "$WORK/sl/port")
wait_port "$REDIS_PORT"
wait_port "$MQTT_PORT"
wait_port "$SSL_PORT"
log "redis :$REDIS_PORT (pid $REDIS_PID), mosquitto :$MQTT_PORT (pid $MQTT_PID)," \
  "openssl s_server :$SSL_PORT, stagelijnd :$SL_PORT (pid $SL_PID); data in $WORK"

SCHOOL="$WORK/school"
taskset -c 1 "$LOADGEN" setup --port "$SL_PORT" --ca "$CA" \
  --admin-password-file "$WORK/sl/admin-password" --one-time --school-file "$SCHOOL" >&2

# ---------------------------------------------------------------- the load, on CPU 1
if [ "$QUICK" = 1 ]; then
  SECS=2 RW_READS=200 EVENTS=3 FAN=(100 200 300) IDLE=200 HS_S=2
else
  SECS=5 RW_READS=3000 EVENTS=10 FAN=(1000 5000 10000) IDLE=2000 HS_S=10
fi
# Request/reply runs end after SECS seconds (or this many answers, whichever comes first).
MAXREQ=2000000
RESULTS="$WORK/results"
: >"$RESULTS"

# run SIDE KEY TARGET PORT PID MODE ARGS...: one load-generator run, its result line kept.
run() {
  local side=$1 key=$2 target=$3 port=$4 pid=$5 mode=$6
  shift 6
  local out
  out=$(taskset -c 1 "$LOADGEN" "$mode" --target "$target" --port "$port" --ca "$CA" \
    --school-file "$SCHOOL" --server-pid "$pid" --label "$key" "$@" 2>"$WORK/err") || true
  if ! grep -q '^result ' <<<"$out"; then
    out="result work=$key target=$target failed=yes"
  fi
  if [ -s "$WORK/err" ]; then
    log "$key ($side): $(head -c 300 "$WORK/err")"
  fi
  echo "$out" | sed "s/^result /result side=$side round=$round /" | tee -a "$RESULTS" >&2
}

# both KEY MODE ARGS...: the peer's run, then Stagelijn's (Redis for request/reply).
rr_both() {
  local key=$1
  shift
  run peer "$key" redis "$REDIS_PORT" "$REDIS_PID" requests "$@"
  run sl "$key" stagelijn "$SL_PORT" "$SL_PID" requests "$@"
}

for round in $(seq "$ROUNDS"); do
  log "round $round of $ROUNDS"
  # Memory first: after the load, the servers' heaps have room to spare that new connections
  # would reuse unseen.
  run peer idle mosquitto "$MQTT_PORT" "$MQTT_PID" idle --conns "$IDLE"
  run sl idle stagelijn "$SL_PORT" "$SL_PID" idle --conns "$IDLE"
  rr_both read_p1 --op read --conns 50 --pipeline 1 --requests $MAXREQ --seconds $SECS
  rr_both read_p16 --op read --conns 50 --pipeline 16 --requests $MAXREQ --seconds $SECS
  rr_both write_p1 --op write --conns 50 --pipeline 1 --requests $MAXREQ --seconds $SECS
  # 16 x 16 in flight: below the daemon's max_batch (512), see docs/performance.md.
  rr_both write_p16 --op write --conns 16 --pipeline 16 --requests $MAXREQ --seconds $SECS
  rr_both write_p16_c50 --op write --conns 50 --pipeline 16 --requests $MAXREQ --seconds $SECS
  rr_both read_p99_40w --op read --conns 1 --pipeline 1 --writers 40 --requests "$RW_READS" \
    --seconds 30
  for i in 0 1 2; do
    run peer "fanout_$i" mosquitto "$MQTT_PORT" "$MQTT_PID" fanout --conns "${FAN[$i]}" \
      --requests "$EVENTS" --seconds 120
    run sl "fanout_$i" stagelijn "$SL_PORT" "$SL_PID" fanout --conns "${FAN[$i]}" \
      --requests "$EVENTS" --seconds 120
  done
  run peer handshakes tls "$SSL_PORT" "$SSL_PID" handshakes --conns 4 --requests 1000000 --seconds "$HS_S"
  run sl handshakes stagelijn "$SL_PORT" "$SL_PID" handshakes --conns 4 --requests 1000000 \
    --seconds "$HS_S"
  run peer tls_cpu tls "$SSL_PORT" "$SSL_PID" tls-inproc --cert "$TLS/server.pem" \
    --key "$TLS/server.key" --requests 1000000 --seconds "$HS_S"
done

print_table "$RESULTS" "${FAN[@]}"
echo
echo "ratio = Stagelijn / peer (higher is better for req/s and connections, lower for latency"
echo "and memory). Peers: Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') over TLS (appendonly, appendfsync always),"
echo "Mosquitto $("$MOSQUITTO" -h 2>/dev/null | sed -n 's/^mosquitto version \([^ ]*\).*/\1/p') over TLS (memory, fan-out), openssl s_server and OpenSSL $(openssl version | cut -d" " -f2) in-process (TLS)."
echo "Medians of $ROUNDS rounds; FAILED: every round had errors (see the result lines above);"
echo "$(nproc) CPUs, servers on CPU 0, load on CPU 1; $(date -u '+%Y-%m-%d %H:%M UTC')."
