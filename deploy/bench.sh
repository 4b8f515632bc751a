#!/usr/bin/env bash
# Builds (default preset) and runs the request benchmark with its full numbers against a real
# stagelijnd on loopback. It prints figures and asserts no timing; extra arguments go to
# bench_requests (e.g. --reads 20000 --writes 5000 --seconds 60). For figures against Redis,
# Mosquitto and OpenSSL on the same machine see deploy/peer-bench.sh and docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ="${TZ:-Europe/Amsterdam}"

cmake --preset default
cmake --build --preset default -j "$(nproc)"
./build/tests/bench/bench_requests "$@"
