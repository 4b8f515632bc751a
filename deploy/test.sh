#!/usr/bin/env bash
# The whole test suite: install what is missing, then build and test twice — a normal build
# and an AddressSanitizer + UndefinedBehaviorSanitizer build — and run the fuzz target for a
# bounded time (clang + libFuzzer). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Europe/Amsterdam
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"

./deploy/install-deps.sh

echo "== normal build (gcc, -Werror) =="
cmake --preset default -DSL_WERROR=ON >/dev/null
cmake --build --preset default -j "$(nproc)"
ctest --preset default -j 2

echo "== sanitizer build (ASan + UBSan) =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j 2

echo "== fuzz (clang + libFuzzer, ${FUZZ_SECONDS}s) =="
cmake --preset fuzz -DSL_FUZZ_SECONDS="$FUZZ_SECONDS" >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target fuzz_envelope
ctest --test-dir build-fuzz -R fuzz --output-on-failure

echo "test.sh: all suites passed"
