"""The index folder: SQLite (chunks, documents, FTS5) + FAISS vectors + a JSON manifest.

Layout (see index/README.md)::

    index/CURRENT                  name of the live build folder (swapped atomically)
    index/<build>/manifest.json    versions, model, settings, corpus sha256s
    index/<build>/chunks.sqlite    documents, chunks, FTS5 table ``chunks_fts``
    index/<build>/vectors.faiss    row i = chunk ordinal i (normalised, inner product)

A build is written to a fresh folder and made live by replacing ``CURRENT``; an interrupted build
leaves the previous index untouched. Nothing here is a pickle.

Concurrency: one writer at a time (``fcntl.flock`` on ``index/.lock``, held for the whole build);
every opened index holds a shared lock on its build folder for its life, and old builds are
removed only when they can be locked exclusively without waiting, so no build is deleted under a
reader. The current build and the one before it are always kept.

Self-validation: the manifest records size and sha256 of every index file and the FAISS metric,
dimension and count; loading checks all of them and raises :class:`IndexCorrupt` on any mismatch,
so a damaged index is rebuilt instead of serving wrong passages.

Modules: :mod:`.layout` (file names, errors, reports), :mod:`.schema` (SQLite schema, rows <->
records), :mod:`.manifest` (writing and the schema check), :mod:`.locks` (writer lock, reader
share-locks, cleanup of own builds), :mod:`.store` (locating, status, loading), :mod:`.build`
(read -> chunk -> embed -> write -> swap; :class:`IndexStore`).
"""

from __future__ import annotations

from ..errors import IndexProblem as IndexProblem  # re-exported: its old import location
from .build import IndexStore
from .layout import (
    CURRENT,
    DB,
    FORMAT_VERSION,
    INDEX_FILES,
    LOCK,
    MANIFEST,
    MARKER,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_DEPTH,
    SENTENCE_VECTORS,
    VECTORS,
    BuildReport,
    CorpusError,
    IndexBusy,
    IndexCorrupt,
    IndexMissing,
    Progress,
    Status,
)
from .layout import (
    _noop as _noop,
)
from .locks import LOCK_TIMEOUT
from .manifest import corpus_fingerprint, file_digest, parse_manifest
from .schema import GuardedConnection, is_corruption, lexical_text
from .store import IndexFolder, LoadedIndex

__all__ = [
    "CURRENT",
    "DB",
    "FORMAT_VERSION",
    "INDEX_FILES",
    "LOCK",
    "LOCK_TIMEOUT",
    "MANIFEST",
    "MARKER",
    "MAX_MANIFEST_BYTES",
    "MAX_MANIFEST_DEPTH",
    "SENTENCE_VECTORS",
    "VECTORS",
    "BuildReport",
    "CorpusError",
    "GuardedConnection",
    "IndexBusy",
    "IndexCorrupt",
    "IndexFolder",
    "IndexMissing",
    "IndexProblem",
    "IndexStore",
    "LoadedIndex",
    "Progress",
    "Status",
    "corpus_fingerprint",
    "file_digest",
    "is_corruption",
    "lexical_text",
    "parse_manifest",
]
