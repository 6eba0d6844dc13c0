#!/usr/bin/env bash
# What the options of issue 15 cost, side by side in one run on one corpus (no cache, so each
# run tokenizes): `kaigi count` against `kaigi count --tokens --dtm remark` (the exports), and
# `kaigi run`'s pipeline seconds (with the report's hit positions and data) against `count`'s.
# Alternates the variants REPS times so drift hits all alike; prints medians and ratios.
#
#   scripts/bench_options.sh CORPUS [REPS] [THREADS] [KAIGI]
set -euo pipefail
CORPUS=$1 REPS=${2:-3} THREADS=${3:-2} KAIGI=${4:-target/release/kaigi}
WORK=$(mktemp -d /tmp/kaigi-options.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export KAIGI_CACHE_DIR=$WORK/cache
"$KAIGI" dict >/dev/null
run() { # label command extra-args…
  local label=$1 cmd=$2; shift 2
  local s e out=$WORK/out-$label
  s=$(date +%s.%N)
  "$KAIGI" "$cmd" "$CORPUS" --no-cache -q --threads "$THREADS" --out "$out" "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  local pipeline
  pipeline=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timings']['pipeline'])" "$out/manifest.json")
  echo "$label wall $(echo "$e - $s" | bc) pipeline $pipeline"
}
: >"$WORK/times"
for _ in $(seq "$REPS"); do
  run count count | tee -a "$WORK/times"
  run exports count --tokens --dtm remark | tee -a "$WORK/times"
  run run run | tee -a "$WORK/times"
done
python3 - "$WORK/times" "$WORK/out-run/report.html" <<'PY'
import os, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = lambda label, i: statistics.median(float(r[i]) for r in rows if r[0] == label)
c, e, r = med("count", 2), med("exports", 2), med("run", 2)
cp, rp = med("count", 4), med("run", 4)
print(f"median wall s: count {c:.2f}, count --tokens --dtm remark {e:.2f} (x{e / c:.2f}), run {r:.2f}")
print(f"median pipeline s: count {cp:.2f}, run {rp:.2f} (x{rp / cp:.2f}: hit positions + the report's data)")
print(f"report.html {os.path.getsize(sys.argv[2]) / 1e6:.1f} MB")
PY
