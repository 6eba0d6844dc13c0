#!/usr/bin/env bash
# Scores `kaigi parse` on the real minutes in ../shared/real-minutes (gold reference and scorer
# live there, never in this project) and fails when a measure falls below its floor.
# Run from anywhere after `cargo test --release` (which builds target/release/kaigi).
#   KAIGI_REAL_MINUTES  the real-minutes folder (default: ../shared/real-minutes beside the checkout)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${KAIGI_REAL_MINUTES:-$root/../shared/real-minutes}"
bin="$root/target/release/kaigi"
[ -f "$dir/score.py" ] || { echo "check_real_minutes: no scorer at $dir/score.py (set KAIGI_REAL_MINUTES)" >&2; exit 2; }
[ -x "$bin" ] || { echo "check_real_minutes: $bin not built; run cargo test --release first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "check_real_minutes: python3 not found (scripts/setup.sh installs it)" >&2; exit 2; }

out="$(cd "$root" && python3 "$dir/score.py" "$bin")"
summary="$(grep '^SUMMARY' <<<"$out" | tail -1)"
[ -n "$summary" ] || { echo "$out" | tail -20 >&2; echo "check_real_minutes: scorer printed no SUMMARY line" >&2; exit 1; }
echo "$summary"

# measure  pattern in the SUMMARY line  floor
fail=0
check() {
  local name=$1 pattern=$2 floor=$3 value
  value="$(sed -nE "s/.*${pattern} ([0-9.]+)%?.*/\1/p" <<<"$summary")"
  if [ -z "$value" ]; then
    echo "check_real_minutes: $name not found in the SUMMARY line" >&2; fail=1; return
  fi
  if awk -v v="$value" -v f="$floor" 'BEGIN { exit !(v + 0 < f + 0) }'; then
    echo "check_real_minutes: $name $value is below its floor $floor" >&2; fail=1
  fi
}
check "speaker F1 strict" "speaker F1 strict" 97
check "segmentation F1" "segmentation F1" 99.5
check "committee right" "committee" 90
check "session right" "session" 95
check "date right" "date" 100
check "remark count exact" "count exact" 80
[ "$fail" -eq 0 ] || { echo "$out" | sed -n '/^## /,$p' | head -60 >&2; exit 1; }
echo "check_real_minutes: all measures at or above their floors"
