"""Names of the index folder's files, the index's errors and the reports of its operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import IndexProblem

FORMAT_VERSION = 5  # 4: per-file sha256 and FAISS metric/dimension/count; 5: page_end of chunks
MANIFEST = "manifest.json"
DB = "chunks.sqlite"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentences.faiss"
CURRENT = "CURRENT"
#: A file written into every build folder (finished or partial) the moment it is created. Only
#: folders holding it are ever removed: a folder the program did not make is never touched.
MARKER = ".assistant-build"
#: The writers' lock file of the index folder (``flock``; its content is the holder's pid).
LOCK = ".lock"
#: Names of the index folder that belong to the index itself (besides marked build folders).
#: The files whose size and sha256 the manifest records (and loading checks).
INDEX_FILES = (DB, VECTORS, SENTENCE_VECTORS)
#: A manifest is a few KB per document; anything far larger is damage, not data.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
#: Deepest nesting a real manifest has is 3 ({"files": {"x": {"size": ...}}}).
MAX_MANIFEST_DEPTH = 6

#: progress(stage, done, total): stage is a short human label ("reading", "embedding", ...).
Progress = Callable[[str, int, int], None]


class IndexMissing(IndexProblem):
    """No index has been built yet."""


class IndexCorrupt(IndexProblem):
    """The index files cannot be read."""


class CorpusError(IndexProblem):
    """The corpus cannot be indexed (missing, empty, nothing readable)."""


class IndexBusy(IndexProblem):
    """Another process has held the index's write lock for longer than the timeout."""


@dataclass(frozen=True)
class Status:
    """What ``assistant status`` reports."""

    state: str  # fresh | stale | missing | corrupt
    reasons: tuple[str, ...] = ()
    build: str | None = None
    documents: tuple[str, ...] = ()
    #: Files of the corpus that could not be indexed (unreadable, empty), with the reason.
    skipped: tuple[str, ...] = ()
    chunks: int = 0
    model: str | None = None
    built_at: str | None = None
    #: Bytes used by the whole index folder (every build it holds) and the number of builds.
    disk_bytes: int = 0
    builds: int = 0


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    build: str
    documents: int
    chunks: int
    embedded: int
    reused: int
    seconds: float
    problems: tuple[str, ...] = field(default_factory=tuple)


def _noop(stage: str, done: int, total: int) -> None:
    return None
