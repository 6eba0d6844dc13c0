#!/usr/bin/env bash
# Builds the kaigi Python wheel (python/, PyO3 + maturin, one abi3 wheel) and tests it:
#   1. README.md's install line, as written, in the repository: a fresh virtual environment
#      `.venv`, maturin, `maturin build --release` → target/wheels/kaigi-*.whl, the wheel
#      installed there with its dependencies;
#   2. README.md's Python example run in that environment: its theme_counts must equal the CLI's;
#   3. a test environment ${KAIGI_VENV:-target/venv} (made once, reused) with pytest, pandas,
#      pyarrow, dask, distributed and selenium, the same wheel installed;
#   4. `pytest -q python/tests` (KAIGI_BIN=target/release/kaigi, which must be built).
# Exits non-zero on any failure, including pytest finding no tests.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
VENV=$(realpath -m "${KAIGI_VENV:-target/venv}")
export KAIGI_BIN=${KAIGI_BIN:-$REPO/target/release/kaigi}
[[ -x $KAIGI_BIN ]] || { echo "test_python: $KAIGI_BIN missing (cargo build --release)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# README.md's code blocks: the sh block that builds the wheel, the first python block that
# imports kaigi (one machine; the Dask block needs a cluster).
block() { # $1: fence language, $2: a line the block must hold
  awk -v lang="$1" -v want="$2" '
    $0 == "```" lang {on = 1; buf = ""; next}
    /^```/ { if (on && !done && index(buf, want)) { printf "%s", buf; done = 1 } on = 0; next }
    on {buf = buf $0 "\n"}' README.md
}
block sh "maturin build" >"$WORK/install.sh"
block python "import kaigi" >"$WORK/example.py"
grep -q "maturin build" "$WORK/install.sh" || { echo "test_python: no install line in README.md" >&2; exit 1; }
grep -q "kaigi.count" "$WORK/example.py" || { echo "test_python: no Python example in README.md" >&2; exit 1; }

echo "test_python: README.md's install line (fresh .venv)"
rm -rf .venv target/wheels
bash -euo pipefail "$WORK/install.sh"
WHEEL=$(ls target/wheels/kaigi-*.whl)

echo "test_python: README.md's Python example"
"$KAIGI_BIN" count data/corpus --out "$WORK/cli" -q
cat >>"$WORK/example.py" <<'PY'
import os
cli = pl.read_parquet(os.environ["CLI_OUT"] + "/theme_counts.parquet")
assert t.theme_counts.equals(cli), "the README example's theme_counts differ from the CLI's"
print("test_python: README example ran; its theme_counts equal the CLI's")
PY
CLI_OUT=$WORK/cli .venv/bin/python "$WORK/example.py" >"$WORK/example.log" || { cat "$WORK/example.log"; exit 1; }
tail -n 1 "$WORK/example.log"

[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q pytest polars pandas pyarrow dask distributed selenium
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$WHEEL"
echo "test_python: pytest"
"$VENV/bin/python" -m pytest -q python/tests
