#!/usr/bin/env bash
# Installs kaigi with `cargo install --path .` and runs every example command of README.md as
# written (each `$ kaigi …` line of its code blocks), twice: in a fresh clone of the repository,
# and in an empty folder elsewhere that holds only a copy of data/corpus (so nothing may depend
# on the repository's data/ folder being the working folder). Any example that fails fails the
# run.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
root=$repo/target/install
# --target-dir: reuse the release build instead of building again in a temporary folder.
cargo install --quiet --locked --force --path . --root "$root" --target-dir "$repo/target"
export PATH="$root/bin:$PATH"
echo "readme_examples: kaigi installed at $(command -v kaigi)" >&2

mapfile -t examples < <(awk '/^```/{inb=!inb; next} inb && /^\$ kaigi /{sub(/^\$ /, ""); print}' README.md)
[ ${#examples[@]} -gt 0 ] || { echo "readme_examples: no examples found in README.md" >&2; exit 1; }

elsewhere=$(mktemp -d)
trap 'rm -rf "$elsewhere"' EXIT
git clone --quiet "$repo" "$elsewhere/clone"
mkdir -p "$elsewhere/other/data"
cp -r "$repo/data/corpus" "$elsewhere/other/data/corpus"
export KAIGI_CACHE_DIR="$elsewhere/cache"

pass=0
fail=0
for dir in "$elsewhere/clone" "$elsewhere/other"; do
  for ex in "${examples[@]}"; do
    if (cd "$dir" && bash -c "$ex" >"$elsewhere/out.log" 2>&1); then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "readme_examples: FAILED in $dir: $ex" >&2
      tail -5 "$elsewhere/out.log" >&2
    fi
  done
done
echo "readme_examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
