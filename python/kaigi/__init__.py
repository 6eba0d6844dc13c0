"""kaigi from Python: read Japanese committee minutes into tables, count themes, find hits.

Each function runs the kaigi command of the same name in this process (the Rust library,
with the GIL released) and gives its tables as polars DataFrames::

    import kaigi
    t = kaigi.count("data/corpus", top_terms=20)
    t.theme_counts                        # a polars.DataFrame
    t["remarks"].to_pandas()              # pandas, with the `pandas` extra
    kaigi.kwic("notice", "data/corpus")   # the concordance of a theme or a term

Keyword options are the command's long options (``kaigi count --help``): ``top_terms=20`` is
``--top-terms 20``, ``True`` the bare flag, ``False``/``None`` leaves the option out, a list is
given comma-separated (``themes_shown=["a", "b"]`` → ``--themes-shown a,b``), and a
trailing ``_`` is dropped (``from_="2024-04-01"`` → ``--from 2024-04-01``). Paths may be
``str`` or ``pathlib.Path``; relative ones are taken from the current folder, as the command
line would. Without ``out`` the tables are written to a temporary folder that is removed once
they are read; with ``out`` the files stay there.

A file that could not be read does not stop a run: it is named in a warning (and in
``Tables.skipped``). A usage error, a bad theme file, a missing corpus or an I/O error raises
:class:`KaigiError` with kaigi's message.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Union

import polars as pl

from ._native import KaigiError
from ._native import run as _run_native
from ._native import version as _native_version

__all__ = ["KWIC_SCHEMA", "KaigiError", "Tables", "__version__", "count", "kwic", "parse", "run"]
__version__: str = _native_version()

PathLike = Union[str, "os.PathLike[str]"]

KWIC_SCHEMA: dict[str, Any] = {
    "meeting_id": pl.String,
    "seq": pl.Int64,
    "date": pl.String,
    "committee": pl.String,
    "speaker": pl.String,
    "speaker_label": pl.String,
    "role": pl.String,
    "theme": pl.String,
    "left": pl.String,
    "match": pl.String,
    "right": pl.String,
}
"""The columns of :func:`kwic`'s frame (``kaigi kwic --csv``), in order."""


def _option_args(options: Mapping[str, Any]) -> list[str]:
    """Keyword options → long options, as described in the module's docstring."""
    args: list[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.rstrip("_").replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            args += [flag, ",".join(os.fspath(v) if isinstance(v, os.PathLike) else str(v) for v in value)]
        else:
            args += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return args


def _argv(command: str, positional: list[PathLike], options: Mapping[str, Any]) -> list[str]:
    """The command line `kaigi COMMAND POSITIONAL… OPTIONS…` (program name first)."""
    return ["kaigi", command, *(os.fspath(p) for p in positional), *_option_args(options)]


class Tables(Mapping[str, pl.DataFrame]):
    """The tables of a run: a read-only mapping table name → ``polars.DataFrame``.

    Tables are also attributes (``t.theme_counts``). ``out`` is the output folder (``None``
    when it was temporary and is gone), ``exit_code`` the command's (0 all inputs read, 1 some
    skipped), ``manifest`` the run's parsed ``manifest.json`` and ``skipped`` its skipped inputs
    as ``(path, reason)`` pairs.
    """

    def __init__(
        self,
        frames: Mapping[str, pl.DataFrame],
        *,
        out: Path | None,
        exit_code: int,
        manifest: dict[str, Any],
    ) -> None:
        self._frames = dict(frames)
        self.out = out
        self.exit_code = exit_code
        self.manifest = manifest

    @classmethod
    def read(cls, folder: Path, *, out: Path | None, exit_code: int, parse: bool = False) -> Tables:
        """Reads the tables this run wrote into an output folder, and its ``manifest.json``.

        Only the run's own files: the manifest's ``outputs`` (``parse`` writes no manifest:
        its two tables), never a file an earlier run left in the folder.
        """
        manifest_path = folder / "manifest.json"
        manifest: dict[str, Any] = {}
        if manifest_path.exists() and not parse:
            manifest = json.loads(manifest_path.read_text("utf-8"))
        written = manifest.get("outputs", ["meetings.parquet", "remarks.parquet"])
        frames = {
            Path(name).stem: pl.read_parquet(folder / name)
            for name in sorted(written)
            if name.endswith(".parquet") and (folder / name).exists()
        }
        return cls(frames, out=out, exit_code=exit_code, manifest=manifest)

    @property
    def skipped(self) -> list[tuple[str, str]]:
        """The inputs kaigi skipped, as (path, reason), from the manifest's ``inputs``."""
        return [
            (i.get("path", ""), i.get("reason", ""))
            for i in self.manifest.get("inputs", [])
            if i.get("status") == "skipped"
        ]

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __getattr__(self, name: str) -> pl.DataFrame:
        frames: dict[str, pl.DataFrame] = self.__dict__.get("_frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(f"no table {name!r} (tables: {', '.join(frames)})")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._frames})

    def __repr__(self) -> str:
        rows = [f"  {name}: {df.height} rows × {df.width} columns" for name, df in self._frames.items()]
        where = f"out={str(self.out)!r}" if self.out is not None else "out=None (temporary)"
        return f"Tables({where}, exit_code={self.exit_code}, {len(self)} tables)\n" + "\n".join(rows)


def _warn_skipped(skipped: list[tuple[str, str]], stacklevel: int) -> None:
    """One warning naming every skipped input; `stacklevel` points it at the caller's line."""
    listing = "; ".join(f"{path}: {reason}" for path, reason in skipped)
    warnings.warn(f"kaigi skipped {len(skipped)} input file(s): {listing}", stacklevel=stacklevel + 1)


def _tables_command(command: str, corpus: PathLike, out: PathLike | None, options: dict[str, Any]) -> Tables:
    """Runs a table-writing command into `out` (or a temporary folder) and reads its tables."""
    options.setdefault("quiet", True)
    if out is not None:
        folder = Path(out)
        code = _run_native(_argv(command, [corpus], {**options, "out": folder}))
        tables = Tables.read(folder, out=folder, exit_code=code, parse=command == "parse")
    else:
        with tempfile.TemporaryDirectory(prefix="kaigi-") as tmp:
            folder = Path(tmp) / "out"
            code = _run_native(_argv(command, [corpus], {**options, "out": folder}))
            tables = Tables.read(folder, out=None, exit_code=code, parse=command == "parse")
    if code != 0:
        _warn_skipped(tables.skipped or [("?", "see kaigi's messages on stderr")], stacklevel=3)
    return tables


def parse(corpus: PathLike, *, out: PathLike | None = None, **options: Any) -> Tables:
    """Parses the minutes in `corpus` (a folder or one file) into meetings and remarks.

    Runs ``kaigi parse CORPUS``; gives the tables ``meetings`` and ``remarks``. Options are
    ``kaigi parse``'s (``threads=2``).
    """
    return _tables_command("parse", corpus, out, options)


def count(
    corpus: PathLike,
    *,
    themes: PathLike | None = None,
    out: PathLike | None = None,
    **options: Any,
) -> Tables:
    """Tokenizes the minutes in `corpus` and counts themes: every table of the report contract.

    Runs ``kaigi count CORPUS``. `themes` is a theme file (TOML; default: the themes built into
    kaigi). Options are ``kaigi count``'s: ``top_terms=20``, ``by="year"``, ``threads=2``,
    ``speakers="speakers.toml"``, ``no_cache=True`` …
    """
    return _tables_command("count", corpus, out, {"themes": themes, **options})


def run(
    corpus: PathLike,
    *,
    out: PathLike,
    themes: PathLike | None = None,
    **options: Any,
) -> Tables:
    """The main job: :func:`count` plus the charts, ``report.html`` and ``manifest.json``.

    Runs ``kaigi run CORPUS --out OUT``. `out` is required here: the charts and the report are
    what this adds, and they stay in that folder. Options as :func:`count`, and
    ``themes_shown=["notice", …]``, ``font="Noto Sans CJK JP"``.
    """
    return _tables_command("run", corpus, out, {"themes": themes, **options})


def kwic(
    query: str,
    corpus: PathLike,
    *,
    themes: PathLike | None = None,
    **options: Any,
) -> pl.DataFrame:
    """The concordance of `query` (a theme id, or any term) in `corpus`: one row per hit.

    Runs ``kaigi kwic QUERY CORPUS --csv FILE`` and reads the file; columns are
    :data:`KWIC_SCHEMA`'s (meeting_id, seq, date, committee, speaker, speaker_label, role,
    theme, left, match, right). No hit gives an empty frame with those columns. Options are
    ``kaigi kwic``'s: ``width=30``, ``window=5``, ``committee=…``, ``from_="2024-01-01"``
    ``until=…``, ``speaker=…``, ``role=…``.
    """
    options.setdefault("quiet", True)
    with tempfile.TemporaryDirectory(prefix="kaigi-kwic-") as tmp:
        csv = Path(tmp) / "kwic.csv"
        code = _run_native(_argv("kwic", [query, corpus], {"themes": themes, **options, "csv": csv}))
        if csv.exists():
            # kaigi writes an empty field for an empty text (no speaker label): "" not null.
            frame = pl.read_csv(csv, schema=KWIC_SCHEMA).with_columns(pl.col(pl.String).fill_null(""))
        else:
            frame = pl.DataFrame(schema=KWIC_SCHEMA)
    if code != 0 and frame.height > 0:
        _warn_skipped([("?", "see kaigi's messages on stderr")], stacklevel=2)
    return frame
