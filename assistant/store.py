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
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__
from .chunking import chunk_with, embed_text, sentence_units, unit_embed_text
from .errors import IndexProblem as IndexProblem  # re-exported: its old import location
from .ingest import CLEANING_VERSION, IngestError, corpus_files, load_corpus, sha256_file
from .records import Block, Chunk, Document, Location, Section, SentenceUnit, Settings

if TYPE_CHECKING:
    import numpy as np

    from .embed import TextEncoder as Embedder

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
_OWN_FILES = frozenset({CURRENT, "README.md", LOCK})
#: The files whose size and sha256 the manifest records (and loading checks).
INDEX_FILES = (DB, VECTORS, SENTENCE_VECTORS)
#: A manifest is a few KB per document; anything far larger is damage, not data.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
#: Deepest nesting a real manifest has is 3 ({"files": {"x": {"size": ...}}}).
MAX_MANIFEST_DEPTH = 6
#: How long a builder waits for another one before giving up (``$ASSISTANT_LOCK_TIMEOUT``, s).
LOCK_TIMEOUT = 900.0
_OWN_PARTIAL = re.compile(r"^\.build-\d{8}-\d{6}-[0-9a-f]{6}\.partial$")

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


def corpus_fingerprint(corpus: Path) -> dict[str, str]:
    """sha256 of each corpus file, by path relative to the corpus folder."""
    return {p.relative_to(corpus).as_posix(): sha256_file(p) for p in corpus_files(corpus)}


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def file_digest(path: Path) -> dict[str, Any]:
    """Size and sha256 of a file, as the manifest records them."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
            size += len(block)
    return {"size": size, "sha256": h.hexdigest()}


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, stopping (iteratively) once it exceeds ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((v, d + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _manifest_problem(data: Any) -> str | None:
    """Why a parsed manifest is not one this version wrote (None when it is sound)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("format_version") != FORMAT_VERSION:
        return "unknown format"
    if _depth(data, MAX_MANIFEST_DEPTH) > MAX_MANIFEST_DEPTH:
        return "nested too deeply"
    model = data.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("name"), str):
        return "model is not an object with a name"
    if not _is_count(model.get("dimension")) or not 0 < model["dimension"] <= 65536:
        return "model dimension is not a positive integer"
    if not isinstance(data.get("settings"), dict):
        return "settings is not an object"
    for key in ("corpus", "skipped_files"):
        table = data.get(key)
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and _HEX64.match(v) for v in table.values()
        ):
            return f"{key} is not an object of file sha256s"
    skipped = data.get("skipped")
    if not isinstance(skipped, list) or not all(isinstance(x, str) for x in skipped):
        return "skipped is not a list of strings"
    for key in ("chunks", "sentences", "cleaning_version"):
        if not _is_count(data.get(key)):
            return f"{key} is not a non-negative integer"
    for key in ("built_at", "package_version"):
        if not isinstance(data.get(key), str):
            return f"{key} is not a string"
    files = data.get("files")
    if not isinstance(files, dict) or set(files) != set(INDEX_FILES):
        return "files does not list the index files"
    for name, rec in files.items():
        if (
            not isinstance(rec, dict)
            or not _is_count(rec.get("size"))
            or not isinstance(rec.get("sha256"), str)
            or not _HEX64.match(rec["sha256"])
        ):
            return f"files.{name} is not a size and sha256"
    for key, count in (("vectors", "chunks"), ("sentence_vectors", "sentences")):
        rec = data.get(key)
        if (
            not isinstance(rec, dict)
            or rec.get("metric") != "inner_product"
            or rec.get("dimension") != model["dimension"]
            or not _is_count(rec.get("count"))
            or rec["count"] != data[count]
        ):
            return f"{key} does not record inner product, dimension and count"
    return None


def parse_manifest(raw: bytes, where: Path) -> dict[str, Any]:
    """The manifest from its bytes: a schema check, never a traceback (IndexCorrupt when bad)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise IndexCorrupt(f"index manifest in {where} is damaged (too large); rebuild it")
    try:
        text = raw.decode("utf-8")
        # parse_constant: NaN/Infinity are not JSON; the depth guard keeps recursion bounded.
        data = json.loads(text, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else "not valid JSON"
        if isinstance(exc, RecursionError):
            reason = "nested too deeply"
        raise IndexCorrupt(f"index manifest in {where} is damaged ({reason}); rebuild it") from None
    problem = _manifest_problem(data)
    if problem == "unknown format":
        raise IndexCorrupt(f"index in {where} has an unknown format; rebuild it")
    if problem is not None:
        raise IndexCorrupt(f"index manifest in {where} is damaged ({problem}); rebuild it")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


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


@dataclass
class LoadedIndex:
    """An opened index: chunks in ordinal order, documents, FAISS vectors, the SQLite handle."""

    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    documents: dict[str, Document]
    vectors: Any  # faiss.Index
    db: sqlite3.Connection
    #: Sentence units (row i of ``sentence_vectors``) and their vectors.
    units: list[SentenceUnit] = field(default_factory=list)
    sentence_vectors: Any = None
    #: The build folder, opened and share-locked (``flock``) while this index is open: cleanup
    #: removes only builds it can lock exclusively, so never this one.
    readers_fd: int | None = None

    @property
    def abbreviations(self) -> list[tuple[str, str]]:
        """All (short, long) pairs defined by the indexed documents."""
        seen: dict[str, str] = {}
        for doc in self.documents.values():
            for short, long in doc.abbreviations:
                seen.setdefault(short, long)
        return sorted(seen.items())

    @functools.cached_property
    def vocabulary(self) -> set[str]:
        """Lower-case word tokens of all passages and section titles."""
        words: set[str] = set()
        for c in self.chunks:
            text = f"{c.section} {c.text}".lower()
            words.update(re.findall(r"\w+", text))
            # "pseudo-hypoxia" also counts as "pseudohypoxia".
            words.update(w.replace("-", "") for w in re.findall(r"\w+(?:-\w+)+", text))
        return words

    @functools.cached_property
    def term_df(self) -> dict[str, int]:
        """Lower-case word -> number of passages containing it."""
        df: dict[str, int] = {}
        for c in self.chunks:
            for w in set(re.findall(r"\w+", c.text.lower())):
                df[w] = df.get(w, 0) + 1
        return df

    @functools.cached_property
    def unit_rows(self) -> dict[tuple[str, int, int], int]:
        """(doc_id, start, end) -> row of the sentence unit."""
        return {(u.doc_id, u.start, u.end): i for i, u in enumerate(self.units)}

    @functools.cached_property
    def _by_id(self) -> dict[str, Chunk]:
        return {c.chunk_id: c for c in self.chunks}

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id (KeyError if unknown)."""
        return self._by_id[chunk_id]

    def close(self) -> None:
        """Close the database handle and release the build (it may be cleaned up from now)."""
        self.db.close()
        if self.readers_fd is not None:
            os.close(self.readers_fd)  # releases the shared lock
            self.readers_fd = None


class IndexStore:
    """The ``index/`` folder of one corpus."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock_file: IO[str] | None = None
        self._lock_depth = 0
        self._thread_lock = threading.RLock()

    # -- locating -------------------------------------------------------------------------------
    def current(self) -> Path | None:
        """The live build folder, or None when nothing was built."""
        pointer = self.root / CURRENT
        try:
            if not pointer.is_file() or pointer.stat().st_size > 4096:
                return None
            name = pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not name or "/" in name or "\x00" in name or name.startswith("."):
            return None
        return self.root / name

    def manifest(self, build: Path | None = None) -> dict[str, Any]:
        """A build's manifest, the live one by default (IndexMissing / IndexCorrupt if unusable).

        Parsing is a schema check (types, ranges, nesting, size): a damaged manifest of any kind
        raises IndexCorrupt, so the index is rebuilt, never a traceback.
        """
        build = build or self.current()
        if build is None:
            raise IndexMissing(f"no index in {self.root}")
        path = build / MANIFEST
        try:
            with open(path, "rb") as f:
                raw = f.read(MAX_MANIFEST_BYTES + 1)
        except FileNotFoundError as exc:
            raise IndexCorrupt(f"index manifest missing in {build}") from exc
        except OSError as exc:
            raise IndexCorrupt(f"index manifest unreadable in {build}: {exc.strerror}") from exc
        return parse_manifest(raw, build)

    def verify_files(self, build: Path, man: dict[str, Any]) -> None:
        """IndexCorrupt unless every index file has the size and sha256 the manifest records."""
        for name in INDEX_FILES:
            want = man["files"][name]
            path = build / name
            try:
                if path.stat().st_size != want["size"]:
                    raise IndexCorrupt(f"index file {name} in {build} has the wrong size")
                got = file_digest(path)
            except FileNotFoundError as exc:
                raise IndexCorrupt(f"index file missing: {name}") from exc
            except OSError as exc:
                raise IndexCorrupt(f"index file {name} unreadable: {exc.strerror}") from exc
            if got != want:
                raise IndexCorrupt(f"index file {name} in {build} does not match its checksum")

    def disk_usage(self) -> tuple[int, int]:
        """(bytes used by the index folder, number of build folders in it)."""
        if not self.root.is_dir():
            return 0, 0
        total = 0
        builds = 0
        for p in self.root.iterdir():
            if _is_own_build(p):
                builds += 1
        # os.walk ignores folders that vanish meanwhile (another process cleaning up).
        for folder, dirs, files in os.walk(self.root):
            for name in files + dirs:
                with contextlib.suppress(OSError):
                    st = os.lstat(os.path.join(folder, name))
                    if not stat.S_ISDIR(st.st_mode):
                        total += st.st_size
        return total, builds

    def status(self, corpus: Path, settings: Settings) -> Status:
        """Fresh, stale (with reasons), missing or corrupt (checksums included)."""
        disk, builds = self.disk_usage()
        build = self.current()
        try:
            man = self.manifest(build)
            assert build is not None
            self.verify_files(build, man)
        except IndexMissing:
            return Status("missing", ("no index has been built",), disk_bytes=disk, builds=builds)
        except IndexCorrupt as exc:
            return Status("corrupt", (str(exc),), disk_bytes=disk, builds=builds)
        reasons: list[str] = []
        try:
            files = corpus_fingerprint(corpus)
        except IngestError as exc:
            files = {}
            reasons.append(str(exc))
        indexed: dict[str, str] = dict(man["corpus"])
        indexed.update(man["skipped_files"])
        for name in sorted(set(files) | set(indexed)):
            if name not in indexed:
                reasons.append(f"new file: {name}")
            elif name not in files:
                reasons.append(f"removed file: {name}")
            elif files[name] != indexed[name]:
                reasons.append(f"changed file: {name}")
        if man["settings"] != settings.index_key():
            reasons.append("model or chunking settings changed")
        if man["cleaning_version"] != CLEANING_VERSION:
            reasons.append("cleaning rules changed")
        return Status(
            "stale" if reasons else "fresh",
            tuple(reasons),
            build=build.name,
            documents=tuple(sorted(indexed)),
            chunks=man["chunks"],
            model=man["model"]["name"],
            built_at=man["built_at"],
            disk_bytes=disk,
            builds=builds,
        )

    # -- the writers' lock ----------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(
        self, timeout: float | None = None, notify: Callable[[str], None] = lambda msg: None
    ) -> Iterator[bool]:
        """Hold the index's write lock (``flock`` on ``.lock``); yields whether it had to wait.

        Re-entrant within one IndexStore. Another process holding it: ``notify`` says so once,
        then this waits up to ``timeout`` seconds (``$ASSISTANT_LOCK_TIMEOUT``, default 900) and
        raises IndexBusy with a clear line if it is still held.
        """
        with self._thread_lock:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield False
                finally:
                    self._lock_depth -= 1
                return
            self.check_folder()
            self.root.mkdir(parents=True, exist_ok=True)
            if timeout is None:
                timeout = _lock_timeout()
            f = open(self.root / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 (held across yield)
            try:
                waited = _acquire(f, timeout, self.root, notify)
                f.seek(0)
                f.truncate()
                f.write(f"{os.getpid()}\n")
                f.flush()
                self._lock_file = f
                self._lock_depth = 1
                try:
                    yield waited
                finally:
                    self._lock_depth = 0
                    self._lock_file = None
                    with contextlib.suppress(OSError):
                        f.seek(0)
                        f.truncate()
            finally:
                f.close()  # releases the lock

    # -- building -------------------------------------------------------------------------------
    @staticmethod
    def check_corpus(corpus: Path) -> list[Path]:
        """The corpus files, or CorpusError (missing folder, nothing to index): cheap, so callers
        can say so before loading the model."""
        if not corpus.is_dir():
            raise CorpusError(
                f"corpus folder not found: {corpus} (run from the project folder, or pass "
                "--corpus DIR or set ASSISTANT_CORPUS)"
            )
        files = corpus_files(corpus)
        if not files:
            raise CorpusError(f"corpus folder {corpus} has no .txt, .md or .pdf file to index")
        return files

    def build(
        self,
        corpus: Path,
        settings: Settings,
        embedder: Embedder,
        progress: Progress = _noop,
        notify: Callable[[str], None] = lambda msg: None,
    ) -> BuildReport:
        """Build a new index aside and make it live; vectors of unchanged chunks are reused.

        Holds the write lock for the whole build (waiting for another builder, see
        :meth:`writing`); builds and partial folders left by dead processes are removed first.
        """
        t0 = time.perf_counter()
        files = self.check_corpus(corpus)
        with self.writing(notify=notify):
            self.remove_stale_builds()
            return self._build(corpus, settings, embedder, progress, files, t0)

    def _build(
        self,
        corpus: Path,
        settings: Settings,
        embedder: Embedder,
        progress: Progress,
        files: list[Path],
        t0: float,
    ) -> BuildReport:
        import faiss
        import numpy as np

        progress("reading", 0, len(files))
        docs, problems = load_corpus(corpus)
        progress("reading", len(files), len(files))
        if not docs:
            detail = "; ".join(problems) if problems else "no text"
            raise CorpusError(f"nothing in {corpus} could be indexed ({detail})")

        chunks: list[Chunk] = []
        for doc in docs:
            for c in chunk_with(doc, settings):
                chunks.append(Chunk(**{**_chunk_fields(c), "ordinal": len(chunks)}))
        units = sentence_units(chunks)
        chunk_texts = [embed_text(c, settings.section_prefix) for c in chunks]
        unit_texts = [unit_embed_text(u, chunks[u.chunks[0]]) for u in units]
        texts = chunk_texts + unit_texts
        hashes = [_hash_text(settings.model, t) for t in texts]

        old = self._old_vectors(embedder.dim, settings)
        all_vectors = np.zeros((len(texts), embedder.dim), dtype="float32")
        todo = [i for i, h in enumerate(hashes) if h not in old]
        for i, h in enumerate(hashes):
            if h in old:
                all_vectors[i] = old[h]
        if todo:
            new = embedder.encode(
                [texts[i] for i in todo], progress=lambda d, t: progress("embedding", d, t)
            )
            all_vectors[todo] = new
        else:
            progress("embedding", 0, 0)
        vectors = all_vectors[: len(chunks)]
        unit_vectors = all_vectors[len(chunks) :]

        previous = self.current()
        name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        tmp = self.root / f".{name}.partial"
        tmp.mkdir()
        try:
            _mark(tmp, name)
            progress("writing", 0, 1)
            db = sqlite3.connect(tmp / DB)
            try:
                db.executescript(_SCHEMA)
                db.executemany(
                    "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)", [_doc_row(d) for d in docs]
                )
                doc_ordinal: dict[str, int] = {}
                rows = []
                for c, h in zip(chunks, hashes[: len(chunks)], strict=True):
                    k = doc_ordinal.get(c.doc_id, 0)
                    doc_ordinal[c.doc_id] = k + 1
                    rows.append(
                        (
                            c.ordinal,
                            c.chunk_id,
                            c.doc_id,
                            k,
                            c.section,
                            c.kind,
                            c.text,
                            c.start,
                            c.end,
                            c.location.line_start,
                            c.location.line_end,
                            c.location.page,
                            c.location.page_end,
                            json.dumps(c.refs),
                            json.dumps(c.fields),
                            c.context,
                            h,
                        )
                    )
                db.executemany(
                    "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
                )
                db.executemany(
                    "INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)",
                    [(c.ordinal, lexical_text(c, settings)) for c in chunks],
                )
                db.commit()
            finally:
                db.close()
            index = faiss.IndexFlatIP(embedder.dim)
            if len(vectors):
                index.add(vectors)
            faiss.write_index(index, str(tmp / VECTORS))
            sindex = faiss.IndexFlatIP(embedder.dim)
            if len(unit_vectors):
                sindex.add(unit_vectors)
            faiss.write_index(sindex, str(tmp / SENTENCE_VECTORS))
            digests = {f: file_digest(tmp / f) for f in INDEX_FILES}
            manifest = {
                "format_version": FORMAT_VERSION,
                "package_version": __version__,
                "cleaning_version": CLEANING_VERSION,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "model": {
                    "name": settings.model,
                    "dimension": embedder.dim,
                    "max_tokens": embedder.max_tokens,
                },
                "settings": settings.index_key(),
                "corpus": {d.doc_id: d.sha256 for d in docs},
                # Files that could not be indexed, by hash: unchanged, they do not make the index
                # stale (else an unreadable PDF would rebuild the index on every start).
                "skipped_files": {
                    name: digest
                    for name, digest in corpus_fingerprint(corpus).items()
                    if name not in {d.doc_id for d in docs}
                },
                "skipped": problems,
                "chunks": len(chunks),
                "sentences": len(units),
                "files": digests,
                "vectors": {
                    "metric": "inner_product",
                    "dimension": embedder.dim,
                    "count": int(index.ntotal),
                },
                "sentence_vectors": {
                    "metric": "inner_product",
                    "dimension": embedder.dim,
                    "count": int(sindex.ntotal),
                },
                # Kept by cleanup with the live build: readers may still have it open.
                "previous_build": previous.name if previous is not None else None,
            }
            _write_json_atomic(tmp / MANIFEST, manifest)
            final = self.root / name
            os.replace(tmp, final)
            # The swap: CURRENT is replaced in one step, so readers see the old or the new build.
            pointer_tmp = self.root / f".{CURRENT}.{uuid.uuid4().hex}.tmp"
            pointer_tmp.write_text(name + "\n", encoding="utf-8")
            os.replace(pointer_tmp, self.root / CURRENT)
            progress("writing", 1, 1)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.remove_stale_builds()
        return BuildReport(
            build=name,
            documents=len(docs),
            chunks=len(chunks),
            embedded=len(todo),
            reused=len(texts) - len(todo),
            seconds=time.perf_counter() - t0,
            problems=tuple(problems),
        )

    def _old_vectors(self, dim: int, settings: Settings) -> dict[str, np.ndarray]:
        """Embedding-text hash -> vector from the live build, for re-use (empty when unusable)."""
        try:
            loaded = self.load()
        except IndexProblem:
            return {}
        try:
            if loaded.vectors.d != dim:
                return {}
            model = loaded.manifest.get("model", {}).get("name", "")
            prefix = loaded.manifest.get("settings", {}).get("section_prefix", True)
            out: dict[str, np.ndarray] = {}
            for i, c in enumerate(loaded.chunks):
                out[_hash_text(model, embed_text(c, prefix))] = loaded.vectors.reconstruct(i)
            for i, u in enumerate(loaded.units):
                text = unit_embed_text(u, loaded.chunks[u.chunks[0]])
                out[_hash_text(model, text)] = loaded.sentence_vectors.reconstruct(i)
            return out
        finally:
            loaded.close()

    def foreign_entries(self) -> list[str]:
        """Names in the index folder that the index did not create (sorted)."""
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.name not in _OWN_FILES
            and not _is_own_build(p)
            and not (p.name.startswith(f".{CURRENT}.") and p.name.endswith(".tmp"))
        )

    def check_folder(self) -> None:
        """IndexProblem when the index folder holds files of someone else's and is not an index.

        ``--index .`` or ``--index ~`` must not turn a user's folder into an index: building is
        refused unless the folder is missing, empty (a README aside) or already an index.
        """
        if self.root.exists() and not self.root.is_dir():
            raise IndexProblem(f"index path {self.root} is a file, not a folder")
        foreign = self.foreign_entries()
        if foreign and self.current() is None:
            shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
            raise IndexProblem(
                f"index folder {self.root} holds files that are not an index ({shown}); "
                "choose an empty or new folder with --index DIR"
            )

    def remove_stale_builds(self) -> list[str]:
        """Remove our builds that are neither live nor the previous one and that no one has open.

        Only marked folders (:func:`_is_own_build`) are candidates; each is removed only if its
        folder can be locked exclusively without waiting, so a build a reader holds (shared lock)
        is never deleted under it. Partial folders are left by dead builders: the caller holds the
        write lock, so no live builder is writing one. Returns the names removed.
        """
        if not self.root.is_dir():
            return []
        keep: set[str] = set()
        live = self.current()
        if live is not None:
            keep.add(live.name)
            try:
                prev = self.manifest(live).get("previous_build")
            except IndexProblem:
                prev = None
            if isinstance(prev, str):
                keep.add(prev)
        removed: list[str] = []
        for p in sorted(self.root.iterdir()):
            if p.name.startswith(f".{CURRENT}.") and p.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    p.unlink()  # a pointer swap interrupted by a kill
                continue
            if p.name in keep or not _is_own_build(p):
                continue
            try:
                fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue  # open in another process (or this one): keep it
            try:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
            finally:
                os.close(fd)
        return removed

    # -- loading --------------------------------------------------------------------------------
    def load(self) -> LoadedIndex:
        """Open the live build (IndexMissing / IndexCorrupt on failure).

        Only a published build (named by ``CURRENT``) is opened, and it is share-locked before it
        is read, so cleanup cannot remove it while it is open. Every file is checked against the
        manifest (size, sha256; FAISS metric, dimension and count) before it is used.
        """
        for _attempt in range(8):
            build = self.current()
            if build is None:
                raise IndexMissing(f"no index in {self.root}")
            fd = _open_shared(build)
            if fd is None:
                if self.current() == build:
                    raise IndexCorrupt(f"index build folder missing: {build.name}")
                continue  # replaced and removed between reading CURRENT and opening: again
            try:
                return self._load(build, fd)
            except BaseException:
                os.close(fd)
                raise
        raise IndexCorrupt(f"the index in {self.root} kept changing while being opened")

    def _load(self, build: Path, fd: int) -> LoadedIndex:
        import faiss

        man = self.manifest(build)
        self.verify_files(build, man)
        db_path = build / DB
        try:
            db = sqlite3.connect(
                f"file:{db_path}?mode=ro",
                uri=True,
                check_same_thread=False,
                factory=GuardedConnection,
            )
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"index database unreadable in {build}: {exc}") from exc
        assert isinstance(db, GuardedConnection)
        db.where = build
        try:
            db.row_factory = sqlite3.Row
            docs = {r["doc_id"]: _doc_from_row(r) for r in db.execute("SELECT * FROM documents")}
            chunks = [
                _chunk_from_row(r) for r in db.execute("SELECT * FROM chunks ORDER BY ordinal")
            ]
            units = sentence_units(chunks)
        except (IndexCorrupt, sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
            db.close()
            raise IndexCorrupt(f"index database unreadable in {build}: {exc}") from exc
        loaded: list[Any] = []
        for name, key, rows in (
            (VECTORS, "vectors", len(chunks)),
            (SENTENCE_VECTORS, "sentence_vectors", len(units)),
        ):
            want = man[key]
            try:
                vec = faiss.read_index(str(build / name))
            except RuntimeError as exc:
                db.close()
                raise IndexCorrupt(f"index file {name} unreadable in {build}") from exc
            if (
                vec.metric_type != faiss.METRIC_INNER_PRODUCT
                or vec.d != want["dimension"]
                or vec.ntotal != want["count"]
                or vec.ntotal != rows
            ):
                db.close()
                raise IndexCorrupt(
                    f"index file {name} in {build} does not match the manifest (metric "
                    f"{vec.metric_type}, dimension {vec.d}, {vec.ntotal} vectors for {rows} rows)"
                )
            loaded.append(vec)
        if len(chunks) != man["chunks"]:
            db.close()
            raise IndexCorrupt(f"index in {build} is inconsistent (passages vs manifest)")
        vectors, svectors = loaded
        return LoadedIndex(build, man, chunks, docs, vectors, db, units, svectors, readers_fd=fd)


def _open_shared(build: Path) -> int | None:
    """The build folder opened and share-locked, or None when it no longer exists."""
    try:
        fd = os.open(build, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a cleanup is removing this very folder
        if os.fstat(fd).st_nlink == 0:
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        raise
    return fd


def _lock_timeout() -> float:
    raw = os.environ.get("ASSISTANT_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(raw)) if raw.strip() else LOCK_TIMEOUT
    except ValueError:
        return LOCK_TIMEOUT


def _acquire(f: IO[str], timeout: float, root: Path, notify: Callable[[str], None]) -> bool:
    """Take the exclusive lock on ``f``; True when another process held it first."""
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise IndexProblem(f"cannot lock the index folder {root}: {exc.strerror}") from exc
    holder = _lock_holder(root)
    notify(
        f"another process{holder} is building the index in {root}; waiting for it "
        f"(up to {timeout:.0f}s)"
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise IndexProblem(f"cannot lock the index folder {root}: {exc.strerror}") from exc
        if time.monotonic() >= deadline:
            raise IndexBusy(
                f"another process{holder} has been building the index in {root} for over "
                f"{timeout:.0f}s; try again when it has finished (or set ASSISTANT_LOCK_TIMEOUT)"
            )
        time.sleep(0.1)


def _lock_holder(root: Path) -> str:
    """' (pid N)' for the process holding the lock, when it wrote its pid."""
    try:
        text = (root / LOCK).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""


def _mark(folder: Path, name: str) -> None:
    """Write the marker that says this folder is a build of ours (see :data:`MARKER`)."""
    data = {"created_by": "assistant", "build": name, "pid": os.getpid()}
    (folder / MARKER).write_text(json.dumps(data) + "\n", encoding="utf-8")


def _is_own_build(path: Path) -> bool:
    """Whether ``path`` is a build folder this program created (it holds the marker file).

    A name alone ("build-*", "*.partial") proves nothing: users have folders called that.
    """
    if path.is_symlink() or not path.is_dir():
        return False
    if not (path.name.startswith("build-") or path.name.endswith(".partial")):
        return False
    if _OWN_PARTIAL.match(path.name) and not any(path.iterdir()):
        return True  # killed between creating the folder and marking it: empty, nothing to lose
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("created_by") == "assistant"


def _chunk_fields(c: Chunk) -> dict[str, Any]:
    return {f: getattr(c, f) for f in Chunk.__dataclass_fields__}


def lexical_text(chunk: Chunk, settings: Settings) -> str:
    """What FTS5 indexes for a chunk: the embedded text (section title, table columns)."""
    return embed_text(chunk, settings.section_prefix)
