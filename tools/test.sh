#!/usr/bin/env bash
# Quick start #2: installs what is missing, builds both targets and runs every test: core suites
# (Boost.Test), the CLI, the native kiosk in a real X window (Xvfb), and the web builds in real
# headless Chromium. Screenshots land in build/native/test-artifacts/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
bash tools/bootstrap.sh
bash tools/build.sh
tb_say "test: ctest (all labels)"
# Emscripten's node flags (tools/env.sh) are for the compiler only, not for the test programs.
env -u NODE_OPTIONS ctest --preset native -j "${TB_JOBS:-2}" "$@" || tb_fail "test: some tests failed (see above; artifacts in build/native/test-artifacts)"
tb_say "test: all passed"
