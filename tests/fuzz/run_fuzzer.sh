#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS, or until RUNS inputs have run if RUNS is given first
# (ctest's fuzz label; docs/FUZZING.md for a long run, e.g. RUNS=10000000): the
# corpus it grows lives under WORK (never in the source tree), the seeds are read beside it. Any
# crash, leak, timeout (10 s per input) or sanitizer report makes libFuzzer exit non-zero and
# leaves the input in WORK/artifacts/. Its last lines say how many inputs ran.
set -euo pipefail
fuzzer=${1:?fuzzer} seeds=${2:?seed folder} work=${3:?work folder} seconds=${4:?seconds} runs=${5:--1}
mkdir -p "$work/corpus" "$work/artifacts"
exec "$fuzzer" -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
