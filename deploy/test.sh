#!/usr/bin/env bash
# The whole test suite: install what is missing, then build and test twice — a normal build
# and an AddressSanitizer + UndefinedBehaviorSanitizer build — and run the fuzz target for a
# bounded time (clang + libFuzzer). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Europe/Amsterdam

./deploy/install-deps.sh

# Each ctest run's output is kept so the closing line can total them.
LOG_DIR="$(mktemp -d)"
trap 'rm -rf "$LOG_DIR"' EXIT
run_ctest() { local name=$1; shift; "$@" 2>&1 | tee "$LOG_DIR/$name.log"; }

echo "== normal build (gcc, -Werror) =="
cmake --preset default -DSL_WERROR=ON >/dev/null
cmake --build --preset default -j "$(nproc)"
run_ctest normal ctest --preset default -j 2

echo "== sanitizer build (ASan + UBSan) =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_ctest asan ctest --preset asan -j 2

echo "== fuzz (clang + libFuzzer, bounded run) =="
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target fuzz_envelope fuzz_envelope_corpus
run_ctest fuzz ctest --test-dir build-fuzz -L fuzz --output-on-failure

total=$(cat "$LOG_DIR"/*.log | sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' |
        awk '{s += $1} END {print s + 0}')
echo "test.sh: normal, sanitizer and fuzz suites passed"
echo "${total} passed, 0 failed"
