"""kaigi on a Dask cluster: one corpus counted in shards, the per-meeting tables merged.

:func:`count_sharded` splits the corpus into N shards (``kaigi count --shard K/N``: contiguous,
byte-balanced slices of the inputs in the order kaigi reads them), runs each on a Dask worker,
and joins the shards' per-meeting tables in shard order into ``out``: each CSV is byte for byte
the one a single ``kaigi count`` writes, each Parquet file holds the same frame. Only the
per-meeting ("additive") tables are merged (:data:`ADDITIVE_TABLES`); the corpus-wide ones
(bursts, keyness, comparisons …) need the whole corpus: run :func:`kaigi.count` for those.

On a real cluster::

    from distributed import Client
    import kaigi.distributed

    client = Client("tcp://scheduler:8786")
    t = kaigi.distributed.count_sharded("/shared/minutes", client=client, out="/shared/out")

The corpus (and a theme file, if any) must be at a path every worker sees under the same name
(a shared filesystem such as NFS), and the kaigi wheel (``pip install kaigi-*.whl``) installed
on every worker and on the client. Each worker builds or reads its own dictionary cache (set
``KAIGI_CACHE_DIR`` on the workers to put it on local disk). The tables travel back to the
client as file bytes, so ``out`` need only be writable by the client.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from . import PathLike, Tables, _argv, _warn_skipped
from ._native import KaigiError
from ._native import run as _run_native

if TYPE_CHECKING:
    from distributed import Client

ADDITIVE_TABLES: tuple[str, ...] = (
    "meetings",
    "remarks",
    "remark_themes",
    "theme_counts",
    "term_counts",
    "top_terms",
    "tokens",
)
"""The per-meeting tables: a shard's rows are its meetings' rows, so shards concatenate."""

ShardResult = tuple[int, dict[str, Any], dict[str, tuple[bytes, bytes]]]


PATH_OPTIONS = frozenset({"themes", "speakers", "dict", "dict_source", "userdict", "cache_dir"})
"""The options that name a file or folder: made absolute before they go to the workers."""


def _absolute(key: str, value: Any) -> Any:
    """A path option as an absolute path (workers need not share the client's current folder)."""
    if value is not None and (key in PATH_OPTIONS or isinstance(value, os.PathLike)):
        return os.path.abspath(value)
    return value


def count_shard(corpus: str, k: int, n: int, options: dict[str, Any]) -> ShardResult:
    """Runs ``kaigi count CORPUS --shard K/N`` in a temporary folder (on a worker).

    Gives the exit code, the shard's parsed manifest, and for each additive table that exists
    the bytes of its CSV and Parquet files.
    """
    with tempfile.TemporaryDirectory(prefix=f"kaigi-shard{k}of{n}-") as tmp:
        out = Path(tmp) / "out"
        argv = _argv("count", [corpus], {"quiet": True, **options, "shard": f"{k}/{n}", "out": out})
        code = _run_native(argv)
        files = {
            name: ((out / f"{name}.csv").read_bytes(), (out / f"{name}.parquet").read_bytes())
            for name in ADDITIVE_TABLES
            if (out / f"{name}.csv").exists()
        }
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return code, manifest, files


def _merge_csv(parts: list[bytes]) -> bytes:
    """The first shard's CSV whole, then each later one's without its header (first line)."""
    merged = [parts[0]]
    for part in parts[1:]:
        end = part.find(b"\n")
        merged.append(part[end + 1 :] if end >= 0 else b"")
    return b"".join(merged)


def _refuse_cross_shard_duplicates(results: list[ShardResult]) -> None:
    """Raises when two shards parsed the same content: a single run reads such a file once
    (the later copy is skipped as a duplicate), so the merged tables would count it twice.
    (Inputs of one meeting id, `x.txt` and `x.json`, always fall in one shard.)"""
    first: dict[str, tuple[int, str]] = {}
    clashes: list[str] = []
    for k, (_, manifest, _) in enumerate(results, start=1):
        for i in manifest.get("inputs", []):
            sha, path = i.get("sha256"), i.get("path", "")
            if i.get("status") != "parsed" or not sha:
                continue
            if sha in first and first[sha][0] != k:
                clashes.append(f"{first[sha][1]} (shard {first[sha][0]}) and {path} (shard {k})")
            first.setdefault(sha, (k, path))
    if clashes:
        raise KaigiError(
            "the corpus holds the same minutes under two names in different shards, which a "
            "sharded run would count twice: " + "; ".join(clashes[:10]) + " (remove the copies, "
            "or count on one machine with kaigi.count)"
        )


def count_sharded(
    corpus: PathLike,
    *,
    client: Client | None = None,
    shards: int | None = None,
    out: PathLike,
    themes: PathLike | None = None,
    **options: Any,
) -> Tables:
    """Counts `corpus` in `shards` Dask tasks and merges their per-meeting tables into `out`.

    `client` defaults to ``distributed.get_client()`` (the current one), `shards` to twice the
    number of workers. Options are :func:`kaigi.count`'s. Gives :class:`kaigi.Tables` of the
    merged tables; its ``manifest`` holds every shard's manifest (``shards``) and their
    ``inputs`` put together. Files skipped in any shard are named in one warning.
    """
    if client is None:
        from distributed import get_client

        client = get_client()
    if shards is None:
        shards = max(1, 2 * len(client.nthreads()))
    if shards < 1:
        raise ValueError(f"shards must be at least 1, not {shards}")
    if options.get("dtm"):
        raise ValueError(
            "dtm: the document-term matrix's terms span the whole corpus and are not merged "
            "from shards; use kaigi.count(..., dtm=...) on one machine, or tokens=True here"
        )
    options = {k: _absolute(k, v) for k, v in {"themes": themes, **options}.items()}
    corpus_path = os.path.abspath(corpus)
    futures = client.map(
        count_shard,
        [corpus_path] * shards,
        range(1, shards + 1),
        [shards] * shards,
        options=options,
        pure=False,
    )
    results: list[ShardResult] = client.gather(futures)
    _refuse_cross_shard_duplicates(results)

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    frames: dict[str, pl.DataFrame] = {}
    for name in results[0][2]:
        csvs = [files[name][0] for _, _, files in results]
        (folder / f"{name}.csv").write_bytes(_merge_csv(csvs))
        frame = pl.concat([pl.read_parquet(io.BytesIO(files[name][1])) for _, _, files in results])
        frame.write_parquet(folder / f"{name}.parquet")
        frames[name] = frame
    manifest = {
        "sharded": {"corpus": corpus_path, "shards": shards, "tables": list(frames)},
        "inputs": [i for _, m, _ in results for i in m.get("inputs", [])],
        "shards": [m for _, m, _ in results],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    tables = Tables(frames, out=folder, exit_code=max(code for code, _, _ in results), manifest=manifest)
    if tables.skipped:
        _warn_skipped(tables.skipped, stacklevel=2)
    return tables
