"""Building an index: read -> chunk -> embed (reusing unchanged vectors) -> write -> swap.

A build is written to a fresh folder and made live by replacing ``CURRENT``; an interrupted build
leaves the previous index untouched. One writer at a time: the build holds the write lock
(:meth:`.store.IndexFolder.writing`) throughout. Nothing here is a pickle.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import IndexProblem
from ..ingest import CLEANING_VERSION, corpus_files, load_corpus
from ..records import Chunk, Document, SentenceUnit, Settings
from .chunking import chunk_with, embed_text, sentence_units, unit_embed_text
from .layout import (
    CURRENT,
    DB,
    FORMAT_VERSION,
    INDEX_FILES,
    MANIFEST,
    SENTENCE_VECTORS,
    VECTORS,
    BuildReport,
    CorpusError,
    Progress,
    _noop,
)
from .locks import _mark
from .manifest import _write_json_atomic, corpus_fingerprint, file_digest
from .schema import _SCHEMA, _chunk_fields, _doc_row, _hash_text, lexical_text
from .store import IndexFolder

if TYPE_CHECKING:
    import numpy as np

    from .embed import TextEncoder as Embedder


class IndexStore(IndexFolder):
    """The ``index/`` folder of one corpus: locating, status, loading (:class:`IndexFolder`) and
    building."""

    @staticmethod
    def check_corpus(corpus: Path) -> list[Path]:
        """The corpus files, or CorpusError (missing folder, nothing to index): cheap, so callers
        can say so before loading the model."""
        if corpus.exists() and not corpus.is_dir():
            raise CorpusError(
                f"corpus must be a folder, not a file: {corpus} (pass --corpus with the folder "
                "that holds it)"
            )
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
        progress("reading", 0, len(files))
        docs, problems = load_corpus(corpus)
        progress("reading", len(files), len(files))
        if not docs:
            detail = "; ".join(problems) if problems else "no text"
            raise CorpusError(f"nothing in {corpus} could be indexed ({detail})")

        chunks, units = _chunk_corpus(docs, settings)
        chunk_texts = [embed_text(c, settings.section_prefix) for c in chunks]
        unit_texts = [unit_embed_text(u, chunks[u.chunks[0]]) for u in units]
        texts = chunk_texts + unit_texts
        hashes = [_hash_text(settings.model, t) for t in texts]
        all_vectors, todo = self._embed(texts, hashes, embedder, settings, progress)

        previous = self.current()
        name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        tmp = self.root / f".{name}.partial"
        tmp.mkdir()
        try:
            _mark(tmp, name)
            progress("writing", 0, 1)
            _write_db(tmp / DB, docs, chunks, hashes[: len(chunks)], settings)
            counts = _write_vectors(tmp, embedder.dim, all_vectors, len(chunks))
            manifest = _manifest_data(
                corpus, settings, embedder, docs, problems, (chunks, units), counts, tmp
            )
            # Kept by cleanup with the live build: readers may still have it open.
            manifest["previous_build"] = previous.name if previous is not None else None
            _write_json_atomic(tmp / MANIFEST, manifest)
            self._publish(tmp, name)
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

    def _embed(
        self,
        texts: list[str],
        hashes: list[str],
        embedder: Embedder,
        settings: Settings,
        progress: Progress,
    ) -> tuple[np.ndarray, list[int]]:
        """Vectors of all texts (reused from the live build where the hash matches), and the rows
        that had to be embedded."""
        import numpy as np

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
        return all_vectors, todo

    def _publish(self, tmp: Path, name: str) -> None:
        """Move the finished build into place and make it live."""
        final = self.root / name
        os.replace(tmp, final)
        # The swap: CURRENT is replaced in one step, so readers see the old or the new build.
        pointer_tmp = self.root / f".{CURRENT}.{uuid.uuid4().hex}.tmp"
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        os.replace(pointer_tmp, self.root / CURRENT)

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


def _chunk_corpus(
    docs: list[Document], settings: Settings
) -> tuple[list[Chunk], list[SentenceUnit]]:
    """The chunks of all documents, numbered in order, and their sentence units."""
    chunks: list[Chunk] = []
    for doc in docs:
        for c in chunk_with(doc, settings):
            chunks.append(Chunk(**{**_chunk_fields(c), "ordinal": len(chunks)}))
    return chunks, sentence_units(chunks)


def _chunk_rows(chunks: list[Chunk], hashes: list[str]) -> list[tuple[Any, ...]]:
    """Rows of the ``chunks`` table (with each chunk's ordinal within its document)."""
    doc_ordinal: dict[str, int] = {}
    rows = []
    for c, h in zip(chunks, hashes, strict=True):
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
    return rows


def _write_db(
    path: Path, docs: list[Document], chunks: list[Chunk], hashes: list[str], settings: Settings
) -> None:
    """Write the SQLite file: documents, chunks and the FTS5 table."""
    db = sqlite3.connect(path)
    try:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?)", [_doc_row(d) for d in docs]
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _chunk_rows(chunks, hashes),
        )
        db.executemany(
            "INSERT INTO chunks_fts(rowid, body) VALUES (?, ?)",
            [(c.ordinal, lexical_text(c, settings)) for c in chunks],
        )
        db.commit()
    finally:
        db.close()


def _write_vectors(tmp: Path, dim: int, all_vectors: np.ndarray, n_chunks: int) -> tuple[int, int]:
    """Write the chunk and sentence FAISS files; their vector counts."""
    import faiss

    vectors = all_vectors[:n_chunks]
    unit_vectors = all_vectors[n_chunks:]
    index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    faiss.write_index(index, str(tmp / VECTORS))
    sindex = faiss.IndexFlatIP(dim)
    if len(unit_vectors):
        sindex.add(unit_vectors)
    faiss.write_index(sindex, str(tmp / SENTENCE_VECTORS))
    return int(index.ntotal), int(sindex.ntotal)


def _manifest_data(
    corpus: Path,
    settings: Settings,
    embedder: Embedder,
    docs: list[Document],
    problems: list[str],
    pieces: tuple[list[Chunk], list[SentenceUnit]],
    counts: tuple[int, int],
    tmp: Path,
) -> dict[str, Any]:
    """The manifest of the build written in ``tmp`` (``previous_build`` is added by the caller)."""
    chunks, units = pieces
    digests = {f: file_digest(tmp / f) for f in INDEX_FILES}
    return {
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
        "vectors": {"metric": "inner_product", "dimension": embedder.dim, "count": counts[0]},
        "sentence_vectors": {
            "metric": "inner_product",
            "dimension": embedder.dim,
            "count": counts[1],
        },
    }
