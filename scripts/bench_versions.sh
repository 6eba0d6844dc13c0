#!/usr/bin/env bash
# Two kaigi binaries side by side on one corpus: `kaigi run` without the cache (cold) and
# again with a warm cache, alternating the binaries REPS times so that the machine's drift
# hits both alike; prints each run and the median ratio new/old.
#
#   scripts/bench_versions.sh OLD_BIN NEW_BIN CORPUS [REPS] [THREADS]
#
# Each binary runs with its own default theme file (data/themes.toml of the checkout it was
# built from unless THEMES_OLD / THEMES_NEW say otherwise) into its own output folder.
set -euo pipefail
OLD=$1 NEW=$2 CORPUS=$3 REPS=${4:-3} THREADS=${5:-2}
THEMES_OLD=${THEMES_OLD:-data/themes.toml}
THEMES_NEW=${THEMES_NEW:-data/themes.toml}
WORK=$(mktemp -d /tmp/kaigi-versions.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export KAIGI_CACHE_DIR=$WORK/cache
"$NEW" dict -q >/dev/null 2>&1 || "$NEW" dict >/dev/null
t() { # label bin themes extra-args…
  local label=$1 bin=$2 themes=$3; shift 3
  local s e
  s=$(date +%s.%N)
  "$bin" run "$CORPUS" --themes "$themes" --out "$WORK/out-$label" -q --threads "$THREADS" "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  echo "$label $(echo "$e - $s" | bc)"
}
: > "$WORK/times"
for i in $(seq "$REPS"); do
  t old-cold "$OLD" "$THEMES_OLD" --no-cache | tee -a "$WORK/times"
  t new-cold "$NEW" "$THEMES_NEW" --no-cache | tee -a "$WORK/times"
done
# Warm: the store filled by one cached run each, then timed re-runs into a fresh folder.
t old-fill "$OLD" "$THEMES_OLD" >/dev/null
t new-fill "$NEW" "$THEMES_NEW" >/dev/null
for i in $(seq "$REPS"); do
  rm -rf "$WORK"/out-old-warm "$WORK"/out-new-warm
  t old-warm "$OLD" "$THEMES_OLD" | tee -a "$WORK/times"
  t new-warm "$NEW" "$THEMES_NEW" | tee -a "$WORK/times"
done
python3 - "$WORK/times" <<'PY'
import sys, statistics
t = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    t.setdefault(k, []).append(float(v))
for mode in ("cold", "warm"):
    old, new = t[f"old-{mode}"], t[f"new-{mode}"]
    o, n = statistics.median(old), statistics.median(new)
    # Each new run against the old run just before it: drift between rounds cancels.
    paired = statistics.median(b / a for a, b in zip(old, new))
    print(f"{mode}: old {o:.2f} s, new {n:.2f} s, new/old {n/o:.3f} (paired runs: {paired:.3f})")
PY
