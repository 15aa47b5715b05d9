#!/usr/bin/env bash
# Quick start #2: installs what is missing, builds both targets and runs every test: core suites
# (Boost.Test), the CLI, the native kiosk in a real X window (Xvfb), and the web builds in real
# headless Chromium. Screenshots land in build/native/test-artifacts/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
bash tools/bootstrap.sh
bash tools/build.sh
# A real PostgreSQL server (Debian's package, a throwaway cluster under /tmp) for the intake store's
# city-scale backend; stopped and deleted when the tests end, however they end.
tb_say "test: starting a throwaway PostgreSQL server"
eval "$(bash tests/pg/start_pg.sh)"
export TB_TEST_PG_URL
trap 'bash tests/pg/stop_pg.sh' EXIT
tb_say "test: ctest (all labels)"
# Emscripten's node flags (tools/env.sh) are for the compiler only, not for the test programs.
env -u NODE_OPTIONS ctest --preset native -j "${TB_JOBS:-2}" "$@" || tb_fail "test: some tests failed (see above; artifacts in build/native/test-artifacts)"
tb_say "test: all passed"
