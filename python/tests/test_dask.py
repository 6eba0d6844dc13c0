"""kaigi.distributed.count_sharded on a local Dask cluster (two worker processes).

The merged per-meeting tables must equal a single `kaigi count`'s: each CSV byte for byte,
each Parquet frame. On the sample corpus (5 files; 3, 5 and 8 shards) and on a generated corpus
of ~4 MB (scripts/gen_corpus.py), 3 shards, and 7 with the tokens table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from distributed import Client, LocalCluster
from polars.testing import assert_frame_equal

import kaigi
from kaigi.distributed import ADDITIVE_TABLES, count_sharded

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"
OPTIONS: dict[str, Any] = {"top_terms": 20, "no_cache": True}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("big") / "corpus"
    gen = [sys.executable, str(REPO / "scripts" / "gen_corpus.py"), str(out), "4"]
    subprocess.run(gen, check=True, capture_output=True, timeout=300)
    assert not any(p.name.startswith(".") for p in out.iterdir())  # only minutes inside
    return out


def assert_same_tables(single: kaigi.Tables, merged: kaigi.Tables) -> None:
    assert single.out is not None and merged.out is not None
    expected = [name for name in ADDITIVE_TABLES if (single.out / f"{name}.csv").exists()]
    assert expected and sorted(merged) == sorted(expected)
    for name in expected:
        csv = (merged.out / f"{name}.csv").read_bytes()
        assert csv == (single.out / f"{name}.csv").read_bytes(), f"{name}.csv differs"
        assert_frame_equal(merged[name], single[name])
        assert_frame_equal(pl.read_parquet(merged.out / f"{name}.parquet"), single[name])


@pytest.mark.parametrize("shards", [3, 5, 8])  # 8: more shards than files, some empty
def test_sample_corpus(client: Client, tmp_path: Path, shards: int) -> None:
    single = kaigi.count(CORPUS, out=tmp_path / "single", **OPTIONS)
    merged = count_sharded(CORPUS, client=client, shards=shards, out=tmp_path / "merged", **OPTIONS)
    assert_same_tables(single, merged)
    assert merged.exit_code == 0 and len(merged.manifest["shards"]) == shards
    assert len(merged.manifest["inputs"]) == len(single.manifest["inputs"])


def test_default_shards_and_client(client: Client, tmp_path: Path) -> None:
    merged = count_sharded(CORPUS, out=tmp_path / "merged", **OPTIONS)  # get_client(), 2 × 2 shards
    assert len(merged.manifest["shards"]) == 4 and merged.meetings.height == 5


@pytest.mark.parametrize(("shards", "tokens"), [(3, False), (7, True)])
def test_generated_corpus(
    client: Client, big_corpus: Path, tmp_path: Path, shards: int, tokens: bool
) -> None:
    size = sum(p.stat().st_size for p in big_corpus.glob("*.txt"))
    assert 2_000_000 <= size <= 5_000_000
    options = {**OPTIONS, "tokens": tokens}
    single = kaigi.count(big_corpus, out=tmp_path / "single", **options)
    merged = count_sharded(big_corpus, client=client, shards=shards, out=tmp_path / "merged", **options)
    assert_same_tables(single, merged)
    assert merged.meetings.height == single.meetings.height > 5
    assert single.exit_code == merged.exit_code == 0
    assert ("tokens" in merged) == tokens


def test_error_reaches_client(client: Client, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"
    with pytest.raises(kaigi.KaigiError, match="not found"):
        count_sharded(missing, client=client, shards=2, out=tmp_path / "merged")
    assert not os.path.exists(tmp_path / "merged")


def test_a_copy_in_another_shard_is_refused_not_counted_twice(client: Client, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(CORPUS.iterdir())
    for f in files:
        (corpus / f.name).write_bytes(f.read_bytes())
    # The first file again, under a name kaigi reads last: a single run skips it as a
    # duplicate; two shards would each count it.
    (corpus / "zz").mkdir()
    (corpus / "zz" / "copy.txt").write_bytes(files[0].read_bytes())
    with pytest.raises(kaigi.KaigiError, match="copy.txt"):
        count_sharded(corpus, client=client, shards=2, out=tmp_path / "merged", **OPTIONS)


def test_the_document_term_matrix_is_not_merged_silently(client: Client, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dtm"):
        count_sharded(CORPUS, client=client, shards=2, out=tmp_path / "m", dtm="remark")
