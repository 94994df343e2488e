"""The index folder, read side: locating the live build, status, loading with validation.

:class:`IndexFolder` is everything but building (see :mod:`.build`, whose ``IndexStore`` adds
it); :class:`LoadedIndex` is an opened build. Every opened index holds a shared lock on its build
folder for its life, and old builds are removed only when they can be locked exclusively without
waiting, so no build is deleted under a reader. The current build and the one before it are
always kept.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import IndexProblem
from ..ingest import CLEANING_VERSION, IngestError
from ..records import Chunk, Document, SentenceUnit, Settings
from ..text.initials import initial_letters
from ..text.money import states_money
from ..text.terms import fold_accents
from .chunking import sentence_units
from .layout import (
    CURRENT,
    DB,
    INDEX_FILES,
    LOCK,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    SENTENCE_VECTORS,
    VECTORS,
    IndexCorrupt,
    IndexMissing,
    Status,
)
from .locks import (
    _OWN_FILES,
    _acquire,
    _is_own_build,
    _lock_timeout,
    _open_shared,
    remove_unlocked_builds,
)
from .manifest import corpus_fingerprint, file_digest, parse_manifest
from .schema import GuardedConnection, _chunk_from_row, _doc_from_row

#: Sections whose amounts of money are grants, not prices.
_FUNDING_SECTION = re.compile(
    r"acknowledg|funding|financial support|declaration of interests?|competing interests?|"
    r"conflicts? of interest|disclosure",
    re.I,
)


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
        return set().union(*self.document_vocabularies.values())

    @functools.cached_property
    def document_vocabularies(self) -> dict[str, set[str]]:
        """doc_id -> lower-case word tokens of that document's passages and section titles."""
        words: dict[str, set[str]] = {}
        for c in self.chunks:
            text = f"{c.section} {c.text}".lower()
            found = words.setdefault(c.doc_id, set())
            found.update(re.findall(r"\w+", text))
            # "pseudo-hypoxia" also counts as "pseudohypoxia".
            found.update(w.replace("-", "") for w in re.findall(r"\w+(?:-\w+)+", text))
        # "naïve" also counts as "naive" (full-text search folds accents the same way)
        for found in words.values():
            found.update(fold_accents(w) for w in list(found) if not w.isascii())
        return words

    @functools.cached_property
    def lowered_text(self) -> str:
        """Section titles and passages, lower case, one passage a line (for phrase lookups)."""
        return "\n".join(self.document_lowered_texts.values())

    @functools.cached_property
    def document_lowered_texts(self) -> dict[str, str]:
        """doc_id -> its section titles and passages, lower case, one passage a line."""
        parts: dict[str, list[str]] = {}
        for c in self.chunks:
            parts.setdefault(c.doc_id, []).append(f"{c.section}\n{c.text}".lower())
        return {d: "\n".join(p) for d, p in parts.items()}

    @functools.cached_property
    def initials(self) -> str:
        """The initial letters of the passages' words, passage after passage ("|" between):
        an acronym is spelled out somewhere when it occurs in this string."""
        return "|".join(initial_letters(c.text) for c in self.chunks)

    @functools.cached_property
    def term_df(self) -> dict[str, int]:
        """Lower-case word -> number of passages containing it."""
        df: dict[str, int] = {}
        for c in self.chunks:
            for w in set(re.findall(r"\w+", c.text.lower())):
                df[w] = df.get(w, 0) + 1
        return df

    @functools.cached_property
    def priced_documents(self) -> frozenset[str]:
        """Ids of the documents that state an amount of money somewhere (a price, a cost); a
        grant in the acknowledgments or funding statement ("US$6·3 million from Wyeth") is no
        price."""
        return frozenset(
            c.doc_id
            for c in self.chunks
            if states_money(c.text) and not _FUNDING_SECTION.search(c.section)
        )

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


class IndexFolder:
    """The ``index/`` folder of one corpus: everything but building (:class:`.build.IndexStore`)."""

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
        indexed: dict[str, str] = dict(man["corpus"])
        indexed.update(man["skipped_files"])
        try:
            files = corpus_fingerprint(corpus)
        except IngestError as exc:
            # an unreadable folder is the one reason: its files were not removed
            files = indexed
            reasons.append(str(exc))
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
            documents=tuple(sorted(man["corpus"])),
            skipped=tuple(man["skipped"]),
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
        return remove_unlocked_builds(self.root, keep)

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
