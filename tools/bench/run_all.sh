#!/usr/bin/env bash
# Runs every benchmark after a build and records each one's section in docs/PERFORMANCE.md.
#   bash tools/bench/run_all.sh [--with-build]   (--with-build adds the ~10 min cold-build timing)
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$TB_ROOT"
bash tools/build.sh
env -u NODE_OPTIONS node tools/bench/bench_foundation.mjs
env -u NODE_OPTIONS node tools/bench/bench_guides.mjs
env -u NODE_OPTIONS node tools/bench/bench_forms.mjs
env -u NODE_OPTIONS node tools/bench/bench_submission.mjs
env -u NODE_OPTIONS node tools/bench/bench_notices.mjs
env -u NODE_OPTIONS node tools/bench/bench_codes.mjs
env -u NODE_OPTIONS node tools/bench/bench_card.mjs
env -u NODE_OPTIONS node tools/bench/bench_input.mjs
env -u NODE_OPTIONS node tools/bench/bench_media.mjs
env -u NODE_OPTIONS node tools/bench/bench_kiosk.mjs
env -u NODE_OPTIONS node tools/bench/bench_sm.mjs
if [ "${1:-}" = "--with-build" ]; then bash tools/bench/bench_build.sh; fi
