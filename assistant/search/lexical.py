"""Lexical (BM25) search over the SQLite FTS5 table.

User text never reaches FTS5 syntax: the query is reduced to word tokens, each quoted, joined by OR,
so quotes, hyphens, Greek letters, ``NEAR``, ``AND``, ``*`` and stray ``"`` are all harmless.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection

from ..errors import SettingsError
from ..text.terms import TOKEN, query_terms


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression (OR of quoted terms), or None when nothing is searchable."""
    terms = query_terms(text)
    if not terms:
        # A question made only of stopwords still deserves an attempt.
        terms = list(dict.fromkeys(TOKEN.findall(text.lower())))
    if not terms:
        return None
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def search(
    db: sqlite3.Connection, text: str, limit: int, within: Collection[int] | None = None
) -> list[tuple[int, float]]:
    """(chunk ordinal, BM25 score: higher is better) for the best ``limit`` matches.

    ``within`` (ordinals) limits the search to those passages: the best ``limit`` of them, not a
    filter of the global best.
    """
    expr = fts_query(text)
    if expr is None:
        return []
    where = "" if within is None else " AND rowid IN (SELECT value FROM json_each(?))"
    params = (expr, limit) if within is None else (expr, json.dumps(sorted(within)), limit)
    rows = db.execute(
        "SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ?"
        f"{where} ORDER BY s LIMIT ?",
        params,
    ).fetchall()
    return [(int(r[0]), -float(r[1])) for r in rows]


class Bm25sIndex:
    """BM25 with the bm25s package over the same texts FTS5 indexes (an ablation alternative).

    Built in memory when first used; bm25s is optional (``pip install bm25s``).
    """

    def __init__(self, texts: list[str]) -> None:
        try:
            import bm25s
        except ImportError as exc:
            raise SettingsError(
                "lexical_engine=bm25s needs the bm25s package: pip install bm25s"
            ) from exc
        self._bm25s = bm25s
        self._model = bm25s.BM25()
        self._model.index(
            bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False
        )
        self._n = len(texts)

    def search(
        self, text: str, limit: int, within: Collection[int] | None = None
    ) -> list[tuple[int, float]]:
        """(ordinal, score) of the best ``limit`` texts (of the ordinals ``within``, if given)."""
        terms = query_terms(text)
        if not terms or not self._n:
            return []
        tokens = self._bm25s.tokenize([" ".join(terms)], stopwords="en", show_progress=False)
        k = min(limit, self._n) if within is None else self._n
        docs, scores = self._model.retrieve(tokens, k=k, show_progress=False)
        found = [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        if within is not None:
            found = [(d, s) for d, s in found if d in within][:limit]
        return found
