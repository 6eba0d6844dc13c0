"""The Python API (kaigi/__init__.py) against the command line, on the sample corpus.

The CLI binary is $KAIGI_BIN, else <repo>/target/release/kaigi; the `kaigi` package must be
installed (scripts/test_python.sh builds and installs the wheel).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import kaigi

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"
KAIGI_BIN = os.environ.get("KAIGI_BIN", str(REPO / "target" / "release" / "kaigi"))
OPTIONS: dict[str, Any] = {"top_terms": 20, "threads": 2}


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    assert os.access(KAIGI_BIN, os.X_OK), f"{KAIGI_BIN} missing: cargo build --release, or set KAIGI_BIN"
    return subprocess.run([KAIGI_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, kaigi.Tables]:
    """The CLI's output folder and the Python call's tables (with out=), same options."""
    tmp = tmp_path_factory.mktemp("count")
    done = cli("count", str(CORPUS), "--out", str(tmp / "cli"), "-q", "--top-terms", "20", "--threads", "2")
    assert done.returncode == 0, done.stderr
    return tmp / "cli", kaigi.count(CORPUS, out=tmp / "py", **OPTIONS)


def test_count_equals_cli(counted: tuple[Path, kaigi.Tables]) -> None:
    cli_out, t = counted
    assert t.out is not None and t.exit_code == 0 and t.skipped == []
    csvs = sorted(p.name for p in cli_out.glob("*.csv"))
    assert csvs and csvs == sorted(p.name for p in t.out.glob("*.csv"))
    for name in csvs:
        assert (t.out / name).read_bytes() == (cli_out / name).read_bytes(), name
    assert sorted(t) == sorted(p.stem for p in cli_out.glob("*.parquet"))
    for name, frame in t.items():
        assert_frame_equal(frame, pl.read_parquet(cli_out / f"{name}.parquet"))
        assert_frame_equal(frame, pl.read_parquet(t.out / f"{name}.parquet"))
    assert t.manifest["inputs"] and len(t.meetings) == 5


def test_tables_mapping(counted: tuple[Path, kaigi.Tables]) -> None:
    _, t = counted
    assert t.theme_counts is t["theme_counts"]
    assert "theme_counts" in t and "theme_counts" in dir(t)
    assert "theme_counts:" in repr(t) and "rows" in repr(t)
    with pytest.raises(AttributeError, match="no table"):
        _ = t.nonexistent_table
    with pytest.raises(TypeError):
        t["x"] = pl.DataFrame()  # type: ignore[index, operator]


def test_temporary_out_is_removed() -> None:
    t = kaigi.count(CORPUS, **OPTIONS)
    assert t.out is None and t.theme_counts.height > 0
    assert "out=None" in repr(t)


def test_to_pandas(counted: tuple[Path, kaigi.Tables]) -> None:
    _, t = counted
    df = t.theme_counts.to_pandas()
    assert df.shape == t.theme_counts.shape
    assert list(df.columns) == t.theme_counts.columns
    # The Parquet types: dates as dates, counts as signed 64-bit integers.
    assert str(df["date"].dtype).startswith("datetime64")
    assert str(df["hits"].dtype) == "int64" and str(df["tokens"].dtype) == "int64"
    assert t.theme_counts.schema["date"] == pl.Date


def test_tables_are_this_runs_only(tmp_path: Path) -> None:
    out = tmp_path / "t"
    with_tokens = kaigi.count(CORPUS, out=out, tokens=True, no_cache=True)
    assert "tokens" in with_tokens
    again = kaigi.count(CORPUS, out=out, no_cache=True)
    assert (out / "tokens.parquet").exists(), "kaigi keeps files it did not write"
    assert "tokens" not in again, "a table an earlier run left is not this run's"
    parsed = kaigi.parse(CORPUS, out=out)
    assert sorted(parsed) == ["meetings", "remarks"]


def test_run_writes_report(tmp_path: Path) -> None:
    t = kaigi.run(CORPUS, out=tmp_path / "reports", themes_shown=["notice", "ai"])
    assert (tmp_path / "reports" / "report.html").is_file() and t.out == tmp_path / "reports"
    assert t.theme_counts.height > 0 and t.exit_code == 0


def test_parse() -> None:
    t = kaigi.parse(CORPUS)
    assert {"meetings", "remarks"} <= set(t)
    assert t.meetings.height == 5 and t.remarks.height > 0


def test_options_mapping() -> None:
    t = kaigi.count(CORPUS, top_terms=5, by="year", no_cache=True, speakers=None)
    per_meeting = t.top_terms.group_by("meeting_id").len()
    assert per_meeting.height == 5 and per_meeting["len"].max() <= 5
    assert kaigi._option_args({"top_terms": 5, "quiet": True, "no_cache": False, "x": None}) == [
        "--top-terms",
        "5",
        "--quiet",
    ]
    assert kaigi._option_args({"themes_shown": ["a", "b"], "from_": "2024-01-01", "out": Path("o")}) == [
        "--themes-shown",
        "a,b",
        "--from",
        "2024-01-01",
        "--out",
        "o",
    ]


def test_kwic() -> None:
    hits = kaigi.kwic("notice", CORPUS)
    assert hits.height > 0
    assert hits.columns == list(kaigi.KWIC_SCHEMA)
    assert (hits["theme"] == "notice").all() and hits["match"].str.len_chars().min() > 0


def test_kwic_no_hit_is_empty() -> None:
    hits = kaigi.kwic("存在しない語句ぷよぷよ", CORPUS)
    assert hits.height == 0 and hits.columns == list(kaigi.KWIC_SCHEMA)


def test_missing_corpus(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"
    with pytest.raises(kaigi.KaigiError, match=re.escape(str(missing))):
        kaigi.count(missing)


def test_bad_theme_file(tmp_path: Path) -> None:
    bad = tmp_path / "themes.toml"
    bad.write_text('[[theme]]\nid = "a"\nlabel = \nterms = ["x"]\n', "utf-8")
    with pytest.raises(kaigi.KaigiError, match=re.escape(f"{bad}:3")):
        kaigi.count(CORPUS, themes=bad)


def test_unknown_option() -> None:
    with pytest.raises(kaigi.KaigiError, match="--no-such-option"):
        kaigi.count(CORPUS, no_such_option=1)
    assert issubclass(kaigi.KaigiError, Exception)


def test_skipped_file_warns(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "zz_garbage.txt").write_bytes(b"\x00\x01\x02garbage\xff\xfe\x00")
    with pytest.warns(UserWarning, match="zz_garbage.txt"):
        t = kaigi.count(corpus)
    assert t.exit_code == 1 and t.meetings.height == 5
    assert [p for p, _ in t.skipped] == ["zz_garbage.txt"]


def test_other_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CORPUS, tmp_path / "minutes")
    t = kaigi.count("minutes", top_terms=3)
    assert t.meetings.height == 5 and t.theme_counts.height > 0
    assert kaigi.kwic("notice", "minutes").height > 0


def test_version() -> None:
    assert cli("--version").stdout.strip() == f"kaigi {kaigi.__version__}"
