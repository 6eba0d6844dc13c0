#!/usr/bin/env bash
# Scale benchmark: kaigi end to end against a raw lindera tokenization baseline on a generated
# corpus of SIZE_MB megabytes.
#
#   scripts/bench_scale.sh SIZE_MB [THREADS...]        (default threads: 1 2)
#
# Steps, in one run:
#   1. builds the release binary and the `baseline` bench binary (copies of both are run);
#   2. generates the corpus with scripts/gen_corpus.py into /tmp/kaigi-bench/corpus-<SIZE>mb
#      (reused when it is already there with the same parameters);
#   3. KAIGI_CACHE_DIR = a fresh temporary folder; `kaigi dict` builds the dictionary there once;
#   4. (a) baseline: benches/baseline.rs reads + parses + NFKC-normalizes every remark up front
#      (untimed), then times only tokenization over T threads (rayon map_init, one worker per
#      job): lindera's own SegmentWorker (`lindera`) and kaigi's Worker with nouns
#      (`kaigi_nouns`, what count calls); with BREAKDOWN=1 (default) it also times
#      pipeline::run per stage (writing nothing);
#      (b) `kaigi $COMMAND CORPUS --no-cache -q --threads T` under /usr/bin/time -v (wall
#      clock, peak RSS); COMMAND is `run` (tables, charts, report: the issue's measure) unless
#      COMMAND=count (tables only);
#      (c) re-run: `kaigi $COMMAND` with the tokenization cache, cold (empty cache), then again
#      into the same output folder, as a researcher would, with a theme file that has one
#      theme less (data/themes.toml minus its last theme), right after the cold run; then
#      once more with data/themes.toml after `sync` (the cold run's writes flushed, as they
#      are by the time a researcher has edited the theme file);
#   5. prints the figures: MB/s, remarks/s, peak RSS, end-to-end/baseline, 1→2 thread
#      speed-up, re-run speed-up; also kept in /tmp/kaigi-bench/summary-<SIZE>mb.txt.
#
# Environment: COMMAND (run or count; default run), BASELINE_VARIANTS (default "lindera,kaigi_nouns"; also kaigi_plain),
# BREAKDOWN (1/0), BENCH_ROOT (default /tmp/kaigi-bench), SEED (default 1), KEEP=1 keeps the
# temporary folder (outputs and cache). The machine's other load makes figures noisy: the load
# average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
  echo "usage: scripts/bench_scale.sh SIZE_MB [THREADS...]" >&2
  exit 2
fi
SIZE=$1
shift
THREADS=("$@")
[ ${#THREADS[@]} -gt 0 ] || THREADS=(1 2)
VARIANTS=${BASELINE_VARIANTS:-lindera,kaigi_nouns}
COMMAND=${COMMAND:-run}
BREAKDOWN=${BREAKDOWN:-1}
ROOT=${BENCH_ROOT:-/tmp/kaigi-bench}
SEED=${SEED:-1}
CORPUS=$ROOT/corpus-${SIZE}mb
mkdir -p "$ROOT"
WORK=$(mktemp -d "$ROOT/run-${SIZE}mb.XXXXXX")
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
export KAIGI_CACHE_DIR=$WORK/cache
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench_scale: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
THREADS_CSV=$(IFS=,; echo "${THREADS[*]}")
MAXT=${THREADS[${#THREADS[@]}-1]}
log() { echo "bench_scale: $*" >&2; }

log "building (release binary, baseline bench)"
cargo build --release --bin kaigi -q
# Both binaries are copied into the run folder, so that a rebuild by someone else in the same
# target folder during the run cannot swap them.
cp target/release/kaigi "$WORK/kaigi"
REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY=$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | wc -l)
[ "$DIRTY" = 0 ] || REV="$REV + $DIRTY uncommitted file(s) in src/Cargo"
BIN=$WORK/kaigi
BASELINE_EXE=$(cargo bench --no-run --bench baseline --message-format=json -q |
  python3 -c 'import json, sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "baseline" and m.get("executable"):
        print(m["executable"])')
[ -n "$BASELINE_EXE" ] || { echo "bench_scale: baseline bench binary not found" >&2; exit 1; }
cp "$BASELINE_EXE" "$WORK/baseline"

log "corpus: $CORPUS"
python3 scripts/gen_corpus.py "$CORPUS" "$SIZE" --seed "$SEED"
BYTES=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bytes'])" "$CORPUS.gen_corpus.json")
FILES=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['files'])" "$CORPUS.gen_corpus.json")

log "dictionary into KAIGI_CACHE_DIR=$KAIGI_CACHE_DIR"
"$BIN" dict >"$WORK/dict.txt"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# (a) baseline
log "baseline: tokenization only (variants $VARIANTS, threads $THREADS_CSV)"
BARGS=("$CORPUS" --threads "$THREADS_CSV" --variants "$VARIANTS")
[ "$BREAKDOWN" = 1 ] && BARGS+=(--breakdown)
"$WORK/baseline" "${BARGS[@]}" | tee "$WORK/baseline.txt" >&2

# Runs `kaigi $COMMAND` under /usr/bin/time -v into out-<name> (or out-<OUT_AS>);
# writes "<wall s> <peak RSS KiB> <rc> <CPU s>".
run_count() {
  local name=$1
  shift
  local out=${OUT_AS:-$name}
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$TIME" -v -o "$WORK/time-$name.txt" "$BIN" "$COMMAND" "$CORPUS" -q --out "$WORK/out-$out" "$@" || rc=$?
  t1=$(date +%s.%N)
  local rss cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$name.txt")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$WORK/time-$name.txt")
  if [ "$rc" -gt 1 ]; then
    log "kaigi $COMMAND ($name) failed with exit code $rc"
    exit 1
  fi
  [ "$rc" = 0 ] || log "kaigi $COMMAND ($name): exit 1 (some files skipped)"
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}') $rss $rc $cpu" >"$WORK/count-$name.txt"
}

# (b) end to end, no cache
for t in "${THREADS[@]}"; do
  log "kaigi $COMMAND --no-cache --threads $t"
  run_count "nocache-t$t" --no-cache --threads "$t"
done

# (c) re-run with the cache: cold, then a theme file with one theme less
log "kaigi $COMMAND with cache (cold), threads $MAXT"
rm -rf "$KAIGI_CACHE_DIR/segments"
run_count "cache-cold" --threads "$MAXT"
python3 - "$WORK/themes-minus1.toml" <<'EOF'
import re, sys
text = open("data/themes.toml", encoding="utf-8").read()
starts = [m.start() for m in re.finditer(r"(?m)^\[\[theme\]\]", text)]
open(sys.argv[1], "w", encoding="utf-8").write(text[: starts[-1]].rstrip() + "\n")
EOF
log "kaigi $COMMAND with cache, changed theme file (one theme dropped), same output folder, threads $MAXT"
OUT_AS=cache-cold run_count "cache-rerun" --threads "$MAXT" --themes "$WORK/themes-minus1.toml"
# Then as after a researcher's edit takes a minute: the cold run's writes (the cache, some GB
# at 1 GB of input) flushed to disk first; the dropped theme comes back.
sync
log "kaigi $COMMAND with cache, the theme back, same output folder, after sync, threads $MAXT"
OUT_AS=cache-cold run_count "cache-rerun-synced" --threads "$MAXT"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Summary.
python3 - "$WORK" "$SIZE" "$BYTES" "$FILES" "$THREADS_CSV" "$MAXT" "$LOAD_BEFORE" "$LOAD_AFTER" "$REV" "$COMMAND" <<'EOF' | tee "$ROOT/summary-${SIZE}mb.txt"
import os, re, sys
work, size, nbytes, files, threads, maxt, load0, load1, rev, command = sys.argv[1:]
nbytes = int(nbytes); mb = nbytes / 1e6
threads = [int(t) for t in threads.split(",")]
base = {}; base_cpu = {}; breakdown = {}; remarks = None
for line in open(os.path.join(work, "baseline.txt")):
    if line.startswith("BASELINE "):
        kv = dict(x.split("=", 1) for x in line.split()[1:])
        base[(kv["variant"], int(kv["threads"]))] = float(kv["seconds"])
        base_cpu[(kv["variant"], int(kv["threads"]))] = float(kv["cpu"])
        remarks = int(kv["remarks"])
    elif line.startswith("BREAKDOWN "):
        kv = dict(x.split("=", 1) for x in line.split()[1:])
        t = int(kv.pop("threads"))
        breakdown[t] = {k: float(v) for k, v in kv.items()}
def count(name):
    s, rss, rc, cpu = open(os.path.join(work, f"count-{name}.txt")).read().split()
    return float(s), int(rss), int(rc), float(cpu)
print(f"== kaigi scale benchmark: {size} MB corpus: {files} files, {mb:.1f} MB, {remarks} remarks ==")
print(f"kaigi built from {rev}")
print(f"machine: {os.cpu_count()} cores; load average before {load0}, after {load1} (shared machine: figures are noisy)")
print()
print(f"{'run':<38} {'threads':>7} {'seconds':>9} {'MB/s':>8} {'remarks/s':>10} {'peak RSS':>10} {'CPU s':>8} {'MB/CPU-s':>9}")
def row(label, t, s, cpu, rss=None):
    r = f"{rss / 1024:.0f} MiB" if rss else "-"
    print(f"{label:<38} {t:>7} {s:>9.2f} {mb / s:>8.2f} {remarks / s:>10.0f} {r:>10} {cpu:>8.2f} {mb / max(cpu, 1e-9):>9.2f}")
for (v, t), s in sorted(base.items()):
    row(f"baseline {v} (tokenize only)", t, s, base_cpu[(v, t)])
e2e = {}
for t in threads:
    s, rss, rc, cpu = count(f"nocache-t{t}")
    e2e[t] = s
    row(f"kaigi {command} --no-cache", t, s, cpu, rss)
cold = count("cache-cold"); rerun = count("cache-rerun"); synced = count("cache-rerun-synced")
row(f"kaigi {command}, cache cold", int(maxt), cold[0], cold[3], cold[1])
row(f"kaigi {command}, cache warm, themes -1", int(maxt), rerun[0], rerun[3], rerun[1])
row(f"  same, theme back, after sync", int(maxt), synced[0], synced[3], synced[1])
print()
ref = "lindera" if any(v == "lindera" for v, _ in base) else sorted(base)[0][0]
for t in threads:
    if (ref, t) in base:
        b = base[(ref, t)]
        print(f"end-to-end / baseline ({ref}), {t} thread(s): throughput ratio {b / e2e[t]:.2f} "
              f"(kaigi {command} takes {e2e[t] / b:.2f}x the raw tokenization time; "
              f"CPU {count(f'nocache-t{t}')[3] / max(base_cpu[(ref, t)], 1e-9):.2f}x)")
    if ("kaigi_nouns", t) in base and ref != "kaigi_nouns":
        print(f"  kaigi Worker (nouns) / lindera SegmentWorker, {t} thread(s): "
              f"{base[('kaigi_nouns', t)] / base[(ref, t)]:.2f}x the time")
if 1 in e2e and 2 in e2e:
    print(f"1→2 thread speed-up: kaigi {command} {e2e[1] / e2e[2]:.2f}x", end="")
    if (ref, 1) in base and (ref, 2) in base:
        print(f", baseline {ref} {base[(ref, 1)] / base[(ref, 2)]:.2f}x", end="")
    print()
print(f"re-run speed-up (cache cold → changed theme file, cache warm), {maxt} thread(s): "
      f"{cold[0] / rerun[0]:.2f}x ({cold[0]:.2f} s → {rerun[0]:.2f} s) right after the cold run; "
      f"{cold[0] / synced[0]:.2f}x ({synced[0]:.2f} s) once its writes are flushed")
if int(maxt) in e2e:
    print(f"cache overhead on a cold run: {cold[0] / e2e[int(maxt)]:.2f}x the --no-cache time")
for t, b in sorted(breakdown.items()):
    parts = " ".join(f"{k}={v:.2f}s" for k, v in b.items())
    print(f"pipeline::run stage breakdown, {t} thread(s): {parts}")
import json
for name in [f"nocache-t{t}" for t in threads] + ["cache-cold"]:
    p = os.path.join(work, f"out-{name}", "manifest.json")
    if os.path.isfile(p):
        tm = json.load(open(p)).get("timings", {})
        parts = " ".join(f"{k}={v}" for k, v in tm.items())
        print(f"manifest.json timings, kaigi {command} {name}{' (the last re-run, which replaced the cold run' + chr(39) + 's output)' if name == 'cache-cold' else ''}: {parts}")
EOF
log "summary kept in $ROOT/summary-${SIZE}mb.txt"
