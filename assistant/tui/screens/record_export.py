"""Export and copy of a record table: CSV and Markdown files, and a row as text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..persist import atomic_write
from .table_format import Column, table_csv, table_markdown


def export_paths(folder: Path, title: str) -> list[Path]:
    """The CSV and Markdown files to export a table named ``title`` to: named after the title
    and the time, with a counter when that name is taken."""
    stem = f"{title.lower()}-{datetime.now():%Y%m%d-%H%M%S}"
    counter = 2
    base = stem
    while (folder / f"{stem}.csv").exists() or (folder / f"{stem}.md").exists():
        stem = f"{base}-{counter}"
        counter += 1
    return [folder / f"{stem}.csv", folder / f"{stem}.md"]


def write_table(
    paths: Sequence[Path], title: str, columns: Sequence[Column], rows: list[dict[str, str]]
) -> None:
    """Write ``rows`` as CSV to ``paths[0]`` and as Markdown under ``title`` to ``paths[1]``
    (raises OSError)."""
    atomic_write(paths[0], table_csv(columns, rows))
    atomic_write(paths[1], table_markdown(title, columns, rows))


def row_text(columns: Sequence[Column], row: dict[str, str], sentence: str) -> str:
    """A row as its cells (tab-separated, each on one line), then its sentence."""
    cells = "\t".join(" ".join(row[c.key].split()) for c in columns)
    return f"{cells}\n{sentence}"
