#!/usr/bin/env bash
# Builds both targets and assembles the site: native (kiosk, CLI, tests, benchmarks), then wasm
# (phone core module, web kiosk), then build/site. Incremental: a rebuild after touching one core
# file recompiles only that file and relinks. The compilers' output goes to build/<preset>.log; a
# failure prints its last lines (TB_VERBOSE=1 shows everything as it happens).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$TB_ROOT"
jobs=${TB_JOBS:-$(nproc)}
mkdir -p build
run_logged() {  # preset, what: configure if needed, build, keep the output in build/<preset>.log
  local preset=$1 log="build/$1.log"
  if [ "${TB_VERBOSE:-0}" = 1 ]; then
    [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" || tb_fail "build: cmake configure ($preset)"
    cmake --build --preset "$preset" -j "$jobs" || tb_fail "build: $preset build"
    return
  fi
  : >"$log"
  if [ ! -f "build/$preset/build.ninja" ] && ! cmake --preset "$preset" >>"$log" 2>&1; then
    tail -n 40 "$log" >&2; tb_fail "build: cmake configure ($preset); full output in $log"
  fi
  if ! cmake --build --preset "$preset" -j "$jobs" >>"$log" 2>&1; then
    grep -E "error|FAILED" "$log" | head -n 20 >&2; tail -n 20 "$log" >&2
    tb_fail "build: $preset build; full output in $log"
  fi
}
tb_say "build: native"
run_logged native
tb_say "build: wasm"
run_logged wasm
bash tools/site/assemble.sh build/native build/wasm build/site
# The same product as a city on the 国密 suite runs it (tools/run.sh --suite sm): SM2 keys and data.
bash tools/site/assemble.sh build/native build/wasm build/site-sm build/native/assets-sm
bash tools/miniprogram/assemble.sh build/site build/miniprogram
bash tools/miniprogram/assemble.sh build/site-sm build/miniprogram-sm
