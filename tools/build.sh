#!/usr/bin/env bash
# Builds both targets and assembles the site: native (kiosk, CLI, tests, benchmarks), then wasm
# (phone core module, web kiosk), then build/site. Incremental: a rebuild after touching one core
# file recompiles only that file and relinks.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
jobs=${TB_JOBS:-$(nproc)}
tb_say "build: native"
[ -f build/native/build.ninja ] || cmake --preset native >/dev/null || tb_fail "build: cmake configure (native)"
cmake --build --preset native -j "$jobs" || tb_fail "build: native build"
tb_say "build: wasm"
[ -f build/wasm/build.ninja ] || cmake --preset wasm >/dev/null || tb_fail "build: cmake configure (wasm)"
cmake --build --preset wasm -j "$jobs" || tb_fail "build: wasm build"
bash tools/site/assemble.sh build/native build/wasm build/site
