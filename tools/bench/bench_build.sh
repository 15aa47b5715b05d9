#!/usr/bin/env bash
# Build-time benchmark: a cold bootstrap + build of both targets from a fresh clone with an empty
# dependency cache (Debian packages are taken as installed), and the rebuild after touching one
# core file. Prints the markdown section for docs/PERFORMANCE.md (and writes it unless --no-doc).
#   bash tools/bench/bench_build.sh [--no-doc]
set -euo pipefail
source "$(dirname "$0")/../env.sh"
work=$(mktemp -d /tmp/tongban-coldbuild-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q "$TB_ROOT" "$work/clone"
cold_start=$(date +%s.%N)
TONGBAN_CACHE="$work/cache" bash "$work/clone/tools/bootstrap.sh" >"$work/bootstrap.log" 2>&1 || { tail "$work/bootstrap.log"; exit 1; }
boot_end=$(date +%s.%N)
TONGBAN_CACHE="$work/cache" bash "$work/clone/tools/build.sh" >"$work/build.log" 2>&1 || { tail "$work/build.log"; exit 1; }
cold_end=$(date +%s.%N)
touch "$work/clone/core/text/mask.cpp"
re_start=$(date +%s.%N)
TONGBAN_CACHE="$work/cache" bash "$work/clone/tools/build.sh" >"$work/rebuild.log" 2>&1
re_end=$(date +%s.%N)
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }
boot=$(secs "$cold_start" "$boot_end"); build=$(secs "$boot_end" "$cold_end"); rebuild=$(secs "$re_start" "$re_end")
total=$((boot + build))
md="### Build times (\`bash tools/bench/bench_build.sh\`)
Machine: Debian 12, 2 cores; $(date -u '+%Y-%m-%d %H:%M') UTC. Fresh clone, empty ~/.cache/tongban (Debian packages already installed: installing them all took ~1 min here).

| step | measured | target | |
|---|---|---|---|
| cold bootstrap (npm ci, Emscripten cache copy, libsodium/protobuf-lite/SDL2/ImGui for wasm from Debian sources) | ${boot} s | | |
| cold build of both targets + site | ${build} s | | |
| **clean bootstrap + build, total** | $((total / 60)) min $((total % 60)) s | <= 20 min | $([ $total -le 1200 ] && echo met || echo '**missed**') |
| rebuild after touching one core file (both targets + site) | ${rebuild} s | <= 30 s | $([ $rebuild -le 30 ] && echo met || echo '**missed**') |"
echo "$md"
if [ "${1:-}" != "--no-doc" ]; then
  node -e "import('$TB_ROOT/tools/bench/perf_doc.mjs').then(m => m.updatePerformanceDoc('$TB_ROOT/docs/PERFORMANCE.md', 'build', process.argv[1]))" "$md"
fi
