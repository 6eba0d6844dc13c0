#!/usr/bin/env bash
# Scores the meetings that ../shared holds in two forms the same way: the real-minutes corpus is
# parsed once as text, and once with two of its files replaced by the same meetings as they are
# downloaded (the 音更町 record as a DB-Search HTML page, the 函館市 record as DiscussNet JSON).
# Both runs go through the real-minutes scorer; its SUMMARY lines must be equal.
# Run after `cargo test --release` (which builds target/release/kaigi).
#   KAIGI_REAL_MINUTES  the real-minutes folder (default: ../shared/real-minutes beside the checkout)
#   KAIGI_REAL_FORMATS  the real-formats folder (default: ../shared/real-formats)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
minutes="${KAIGI_REAL_MINUTES:-$root/../shared/real-minutes}"
formats="${KAIGI_REAL_FORMATS:-$root/../shared/real-formats}"
bin="$root/target/release/kaigi"
[ -f "$minutes/score.py" ] || { echo "check_real_formats: no scorer at $minutes/score.py" >&2; exit 2; }
[ -d "$formats" ] || { echo "check_real_formats: no $formats (set KAIGI_REAL_FORMATS)" >&2; exit 2; }
[ -x "$bin" ] || { echo "check_real_formats: $bin not built; run cargo test --release first" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# text form  other form
pairs=(
  "local_otofuke_honkaigi_2024-12-17.txt html/local_otofuke_teireikai_R6-4_no5_2024-12-17_dbsearch_detail.html"
  "local_hakodate_honkaigi_2024-02-22.txt discussnet-json/local_hakodate_teireikai_R6-1_no1_2024-02-22_discussnet_minute.json"
)
mkdir -p "$tmp/text" "$tmp/forms"
cp "$minutes"/files/*.txt "$tmp/text/"
cp "$minutes"/files/*.txt "$tmp/forms/"
for p in "${pairs[@]}"; do
  read -r txt other <<<"$p"
  rm "$tmp/forms/$txt"
  cp "$formats/$other" "$tmp/forms/"
done
for v in text forms; do
  "$bin" parse "$tmp/$v" --out "$tmp/out-$v" --threads 1 --quiet
done
# The scorer finds a meeting by its source file's name: the other forms stand for the text.
python3 - "$tmp/out-forms/meetings.csv" "${pairs[@]}" <<'PY'
import csv, os, sys
path, pairs = sys.argv[1], [p.split() for p in sys.argv[2:]]
rename = {os.path.basename(other): txt for txt, other in pairs}
rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
assert sum(r["source"] in rename for r in rows) == len(pairs), "a downloaded form was not read"
for r in rows:
    r["source"] = rename.get(r["source"], r["source"])
with open(path, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
PY
summary() { (cd "$root" && python3 "$minutes/score.py" --from-out "$1") | grep '^SUMMARY' | tail -1; }
a="$(summary "$tmp/out-text")"
b="$(summary "$tmp/out-forms")"
echo "text:       $a"
echo "HTML, JSON: $b"
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "check_real_formats: the downloaded forms score differently from the text" >&2; exit 1; }
echo "check_real_formats: the same meetings score the same in HTML, JSON and text"
