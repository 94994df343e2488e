"""The SQLite side of the index: schema, guarded read-only connection, rows <-> records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..records import Block, Chunk, Document, Location, Section, Settings
from .chunking import embed_text
from .layout import IndexCorrupt

#: SQLite result codes that mean the file is damaged (not a usage error such as an FTS5 syntax).
_CORRUPT_CODES = frozenset({10, 11, 26})  # SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether a SQLite error says the database file is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _CORRUPT_CODES:
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


class _GuardedCursor(sqlite3.Cursor):
    """A cursor whose corruption errors become :class:`IndexCorrupt` (so the index is rebuilt)."""

    where: Path = Path(".")

    def _guard(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except sqlite3.DatabaseError as exc:
            if is_corruption(exc):
                raise IndexCorrupt(f"index database damaged in {self.where}: {exc}") from exc
            raise

    def execute(self, sql: str, parameters: Any = (), /) -> _GuardedCursor:
        self._guard(super().execute, sql, parameters)
        return self

    def executemany(self, sql: str, seq: Any, /) -> _GuardedCursor:
        self._guard(super().executemany, sql, seq)
        return self

    def fetchone(self) -> Any:
        return self._guard(super().fetchone)

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        return self._guard(super().fetchmany, size)

    def fetchall(self) -> list[Any]:
        return self._guard(super().fetchall)

    def __next__(self) -> Any:
        return self._guard(super().__next__)


class GuardedConnection(sqlite3.Connection):
    """The index's read-only connection: damage found mid-query raises :class:`IndexCorrupt`."""

    where: Path = Path(".")

    def execute(self, sql: str, parameters: Any = (), /) -> _GuardedCursor:
        cur = self.cursor(_GuardedCursor)
        cur.where = self.where
        return cur.execute(sql, parameters)


_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, text TEXT,
    blocks TEXT, sections TEXT, line_runs TEXT, abbreviations TEXT
);
CREATE TABLE chunks (
    ordinal INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, doc_id TEXT, doc_ordinal INTEGER,
    section TEXT, kind TEXT, text TEXT, start INTEGER, "end" INTEGER,
    line_start INTEGER, line_end INTEGER, page INTEGER, page_end INTEGER, refs TEXT, fields TEXT,
    context TEXT,
    embed_hash TEXT
);
CREATE VIRTUAL TABLE chunks_fts USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
"""


def _doc_row(doc: Document) -> tuple[Any, ...]:
    return (
        doc.doc_id,
        doc.path,
        doc.sha256,
        doc.text,
        json.dumps([asdict(b) for b in doc.blocks]),
        json.dumps([asdict(s) for s in doc.sections]),
        json.dumps(doc.line_runs),
        json.dumps(doc.abbreviations),
    )


def _doc_from_row(row: sqlite3.Row) -> Document:
    blocks = tuple(
        Block(
            kind=b["kind"],
            start=b["start"],
            end=b["end"],
            section=b["section"],
            location=Location(**b["location"]),
            fields=tuple(tuple(f) for f in b["fields"]),
            context=b["context"],
        )
        for b in json.loads(row["blocks"])
    )
    return Document(
        doc_id=row["doc_id"],
        path=row["path"],
        sha256=row["sha256"],
        text=row["text"],
        blocks=blocks,
        sections=tuple(Section(**s) for s in json.loads(row["sections"])),
        line_runs=tuple(tuple(r) for r in json.loads(row["line_runs"])),
        abbreviations=tuple(tuple(a) for a in json.loads(row["abbreviations"])),
    )


def _chunk_from_row(row: sqlite3.Row) -> Chunk:
    return Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        ordinal=row["ordinal"],
        section=row["section"],
        kind=row["kind"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        location=Location(row["line_start"], row["line_end"], row["page"], row["page_end"]),
        refs=tuple(json.loads(row["refs"])),
        fields=tuple(tuple(f) for f in json.loads(row["fields"])),
        context=row["context"],
    )


def _hash_text(model: str, text: str) -> str:
    import hashlib

    return hashlib.sha1(f"{model}\x00{text}".encode()).hexdigest()


def _chunk_fields(c: Chunk) -> dict[str, Any]:
    return {f: getattr(c, f) for f in Chunk.__dataclass_fields__}


def lexical_text(chunk: Chunk, settings: Settings) -> str:
    """What FTS5 indexes for a chunk: the embedded text (section title, table columns)."""
    return embed_text(chunk, settings.section_prefix)
