"""The index folder: SQLite (chunks, documents, FTS5) + FAISS vectors + a JSON manifest.

Layout (see index/README.md)::

    index/CURRENT                  name of the live build folder (swapped atomically)
    index/<build>/manifest.json    versions, model, settings, corpus sha256s
    index/<build>/chunks.sqlite    documents, chunks, FTS5 table ``chunks_fts``
    index/<build>/vectors.faiss    row i = chunk ordinal i (normalised, inner product)

A build is written to a fresh folder and made live by replacing ``CURRENT``; an interrupted build
leaves the previous index untouched. Nothing here is a pickle.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .chunking import chunk_with, embed_text, sentence_units, unit_embed_text
from .ingest import CLEANING_VERSION, IngestError, corpus_files, load_corpus, sha256_file
from .records import Block, Chunk, Document, Location, Section, SentenceUnit, Settings

if TYPE_CHECKING:
    import numpy as np

    from .embed import TextEncoder as Embedder

FORMAT_VERSION = 3
MANIFEST = "manifest.json"
DB = "chunks.sqlite"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentences.faiss"
CURRENT = "CURRENT"
#: A file written into every build folder (finished or partial) the moment it is created. Only
#: folders holding it are ever removed: a folder the program did not make is never touched.
MARKER = ".assistant-build"
#: Names of the index folder that belong to the index itself (besides marked build folders).
_OWN_FILES = frozenset({CURRENT, "README.md", ".lock"})
_OWN_PARTIAL = re.compile(r"^\.build-\d{8}-\d{6}-[0-9a-f]{6}\.partial$")

#: progress(stage, done, total): stage is a short human label ("reading", "embedding", ...).
Progress = Callable[[str, int, int], None]


class IndexProblem(Exception):
    """Base for index problems; messages are one clear line."""


class IndexMissing(IndexProblem):
    """No index has been built yet."""


class IndexCorrupt(IndexProblem):
    """The index files cannot be read."""


class CorpusError(IndexProblem):
    """The corpus cannot be indexed (missing, empty, nothing readable)."""


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


_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, text TEXT,
    blocks TEXT, sections TEXT, line_runs TEXT, abbreviations TEXT
);
CREATE TABLE chunks (
    ordinal INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, doc_id TEXT, doc_ordinal INTEGER,
    section TEXT, kind TEXT, text TEXT, start INTEGER, "end" INTEGER,
    line_start INTEGER, line_end INTEGER, page INTEGER, refs TEXT, fields TEXT, context TEXT,
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
        location=Location(row["line_start"], row["line_end"], row["page"]),
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
        """Close the database handle."""
        self.db.close()


class IndexStore:
    """The ``index/`` folder of one corpus."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- locating -------------------------------------------------------------------------------
    def current(self) -> Path | None:
        """The live build folder, or None when nothing was built."""
        pointer = self.root / CURRENT
        if not pointer.is_file():
            return None
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not name or "/" in name or name.startswith("."):
            return None
        return self.root / name

    def manifest(self) -> dict[str, Any]:
        """The live build's manifest (IndexMissing / IndexCorrupt when it cannot be read)."""
        build = self.current()
        if build is None:
            raise IndexMissing(f"no index in {self.root}")
        try:
            data = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexCorrupt(f"index manifest missing in {build}") from exc
        except (OSError, json.JSONDecodeError) as exc:
            raise IndexCorrupt(f"index manifest unreadable in {build}: {exc}") from exc
        if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
            raise IndexCorrupt(f"index in {build} has an unknown format; rebuild it")
        shapes = {"model": dict, "settings": dict, "corpus": dict}
        if any(not isinstance(data.get(key), kind) for key, kind in shapes.items()):
            raise IndexCorrupt(f"index manifest in {build} is damaged; rebuild it")
        return data

    def status(self, corpus: Path, settings: Settings) -> Status:
        """Fresh, stale (with reasons), missing or corrupt."""
        try:
            man = self.manifest()
        except IndexMissing:
            return Status("missing", ("no index has been built",))
        except IndexCorrupt as exc:
            return Status("corrupt", (str(exc),))
        reasons: list[str] = []
        try:
            files = corpus_fingerprint(corpus)
        except IngestError as exc:
            files = {}
            reasons.append(str(exc))
        indexed: dict[str, str] = dict(man.get("corpus", {}))
        indexed.update(man.get("skipped_files", {}))
        for name in sorted(set(files) | set(indexed)):
            if name not in indexed:
                reasons.append(f"new file: {name}")
            elif name not in files:
                reasons.append(f"removed file: {name}")
            elif files[name] != indexed[name]:
                reasons.append(f"changed file: {name}")
        if man.get("settings") != settings.index_key():
            reasons.append("model or chunking settings changed")
        if man.get("cleaning_version") != CLEANING_VERSION:
            reasons.append("cleaning rules changed")
        build = self.current()
        for part in (DB, VECTORS, SENTENCE_VECTORS):
            if build is None or not (build / part).is_file():
                return Status("corrupt", (f"index file missing: {part}",))
        return Status(
            "stale" if reasons else "fresh",
            tuple(reasons),
            build=build.name if build else None,
            documents=tuple(sorted(indexed)),
            chunks=int(man.get("chunks", 0)),
            model=man.get("model", {}).get("name"),
            built_at=man.get("built_at"),
        )

    # -- building -------------------------------------------------------------------------------
    def build(
        self,
        corpus: Path,
        settings: Settings,
        embedder: Embedder,
        progress: Progress = _noop,
    ) -> BuildReport:
        """Build a new index aside and make it live; vectors of unchanged chunks are reused."""
        import faiss
        import numpy as np

        t0 = time.perf_counter()
        if not corpus.is_dir():
            raise CorpusError(
                f"corpus folder not found: {corpus} (run from the project folder, or pass "
                "--corpus DIR or set ASSISTANT_CORPUS)"
            )
        files = corpus_files(corpus)
        if not files:
            raise CorpusError(f"corpus folder {corpus} has no .txt, .md or .pdf file to index")
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

        self.check_folder()
        self.root.mkdir(parents=True, exist_ok=True)
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
                            json.dumps(c.refs),
                            json.dumps(c.fields),
                            c.context,
                            h,
                        )
                    )
                db.executemany("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
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
        self._remove_old_builds(keep=name)
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

    def _remove_old_builds(self, keep: str) -> None:
        """Remove earlier builds: only folders this program marked as its own, never others."""
        for p in self.root.iterdir():
            if p.name != keep and _is_own_build(p):
                shutil.rmtree(p, ignore_errors=True)

    # -- loading --------------------------------------------------------------------------------
    def load(self) -> LoadedIndex:
        """Open the live build (IndexMissing / IndexCorrupt on failure)."""
        import faiss

        man = self.manifest()
        build = self.current()
        assert build is not None
        db_path = build / DB
        if not db_path.is_file():
            raise IndexCorrupt(f"index database missing in {build}")
        try:
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise IndexCorrupt(f"index database unreadable in {build}: {exc}") from exc
        try:
            db.row_factory = sqlite3.Row
            docs = {r["doc_id"]: _doc_from_row(r) for r in db.execute("SELECT * FROM documents")}
            chunks = [
                _chunk_from_row(r) for r in db.execute("SELECT * FROM chunks ORDER BY ordinal")
            ]
        except (sqlite3.DatabaseError, json.JSONDecodeError, KeyError, TypeError) as exc:
            db.close()
            raise IndexCorrupt(f"index database unreadable in {build}: {exc}") from exc
        try:
            vectors = faiss.read_index(str(build / VECTORS))
        except RuntimeError as exc:
            db.close()
            raise IndexCorrupt(f"index vectors unreadable in {build}") from exc
        try:
            svectors = faiss.read_index(str(build / SENTENCE_VECTORS))
        except RuntimeError as exc:
            db.close()
            raise IndexCorrupt(f"index sentence vectors unreadable in {build}") from exc
        units = sentence_units(chunks)
        dim = man.get("model", {}).get("dimension")
        if (
            vectors.ntotal != len(chunks)
            or vectors.d != dim
            or svectors.ntotal != len(units)
            or svectors.d != dim
        ):
            db.close()
            raise IndexCorrupt(f"index in {build} is inconsistent (vectors vs passages)")
        return LoadedIndex(build, man, chunks, docs, vectors, db, units, svectors)


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

