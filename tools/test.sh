#!/usr/bin/env bash
# Quick start #2: installs what is missing, builds both targets and runs every test: core suites
# (Boost.Test), the CLI, the native kiosk in a real X window (Xvfb), and the web builds in real
# headless Chromium, then in the sanitizer build each fuzz target for 20 s and the core and CLI
# suites and kiosk sessions under ASan + UBSan + LeakSanitizer.
# Screenshots land in build/native/test-artifacts/. Arguments go to ctest (e.g. `-L web`,
# `-R kiosk.forms`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
bash tools/bootstrap.sh
bash tools/build.sh

# The intake store's city-scale backend is tested against a real PostgreSQL server: Debian's
# pg_virtualenv (postgresql-common) creates a throwaway cluster in a folder of its own under /tmp
# (-t: also as root, where it would otherwise use /etc/postgresql), runs ctest with PGHOST, PGPORT,
# PGUSER, PGPASSWORD and PGDATABASE pointing at it, and drops it however the tests end. fsync stays
# on, so the store's durability and throughput are measured against real commits. The tests take
# the server from TB_TEST_PG_URL; `postgresql://` leaves every setting to those variables.
# A random port keeps runs from different clones apart; a run that lost the port to another anyway
# fails before the tests start (the marker is not written) and is tried again.
started=$(mktemp -d /tmp/tongban-test-XXXXXX)
trap 'rm -rf "$started"' EXIT
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
# run_ctest PRESET [ctest arguments…]: ctest beside a throwaway PostgreSQL server; fails the script
# when a test fails.
run_ctest() {
  local preset=$1 status=0; shift
  for attempt in 1 2 3; do
    tb_say "test: ctest --preset $preset $* beside a throwaway PostgreSQL server (pg_virtualenv)"
    status=0
    rm -f "$started/started"
    # Emscripten's node flags (tools/env.sh) are for the compiler only, not for the test programs.
    PGPORT=$(free_port) pg_virtualenv -t -o fsync=on \
      bash -c 'touch "$0/started"; exec env -u NODE_OPTIONS TB_TEST_PG_URL=postgresql:// "$@"' "$started" \
      ctest --preset "$preset" -j "${TB_JOBS:-2}" "$@" || status=$?
    [[ -e $started/started ]] && break
    tb_say "test: the PostgreSQL server did not start (attempt $attempt of 3)"
  done
  [[ -e $started/started ]] || tb_fail "test: pg_virtualenv could not start a PostgreSQL server (see above)"
  [[ $status -eq 0 ]] || tb_fail "test: some tests failed (see above; artifacts in build/native/test-artifacts)"
}
run_ctest native "$@"

# The sanitizer build (the `fuzz` preset, build/fuzz: Debian's clang, ASan + UBSan, libFuzzer's
# coverage hooks; docs/FUZZING.md): everything in it compiled once, then
#  - each fuzz target for 20 s from its seeds (TB_SKIP_FUZZ=1 leaves them out);
#  - the core and CLI suites and scripted kiosk sessions (label asan) under ASan + UBSan, with
#    LeakSanitizer checking the kiosk's heap when it ends (TB_SKIP_ASAN=1 leaves them out).
# Not with ctest arguments: those pick native tests.
if [[ $# -eq 0 && ( ${TB_SKIP_FUZZ:-0} != 1 || ${TB_SKIP_ASAN:-0} != 1 ) ]]; then
  tb_say "test: the sanitizer build (build/fuzz)"
  [[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >build/fuzz.log 2>&1 || { tail -n 40 build/fuzz.log >&2; tb_fail "test: cmake configure (fuzz)"; }
  cmake --build --preset asan -j "${TB_JOBS:-2}" >>build/fuzz.log 2>&1 || { grep -E "error|FAILED" build/fuzz.log | head -n 20 >&2; tb_fail "test: sanitizer build; full output in build/fuzz.log"; }
  if [[ ${TB_SKIP_FUZZ:-0} != 1 ]]; then
    tb_say "test: the fuzz targets, 20 s each"
    env -u NODE_OPTIONS ctest --preset fuzz -j "${TB_JOBS:-2}" ||
      tb_fail "test: a fuzz target failed; the input that did it is in build/fuzz/fuzz-runs/NAME/artifacts (docs/FUZZING.md)"
  fi
  if [[ ${TB_SKIP_ASAN:-0} != 1 ]]; then
    tb_say "test: the core and CLI suites and kiosk sessions under ASan + UBSan + LeakSanitizer"
    run_ctest asan
  fi
fi
tb_say "test: all passed"
