"""Retrieval: ``Retriever.search(question, k)``, the one call shared by CLI, chat and evaluation."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from ..records import MODES, Chunk, Document, Hit, Mode, Settings
from ..text.abbreviations import expansions
from . import fuse, lexical

if TYPE_CHECKING:
    from ..index.embed import TextEncoder as Embedder
    from ..index.store import LoadedIndex


#: Short forms used by more passages than this are not spelled out in queries.
RARE_ABBREVIATION = 3


#: Kinds of a plain-text file's first block that may be its title (a short line of no sentence
#: reads as figure text).
_TITLE_KINDS = ("paragraph", "figure_text")


def document_names(doc: Document) -> set[str]:
    """The lower-case names ``doc`` answers to: its id, its file name with and without the
    suffix, and its title (the heading it opens with, or a short unpunctuated first line)."""
    name = PurePath(doc.doc_id).name
    names = {doc.doc_id, name, PurePath(name).stem}
    if doc.blocks and doc.blocks[0].kind == "heading" and doc.sections:
        names.add(doc.sections[0].title)
    elif doc.blocks and name.lower().endswith(".txt") and doc.blocks[0].kind in _TITLE_KINDS:
        # a plain-text paper opens with its title: one line of its own, unpunctuated
        first = doc.text[doc.blocks[0].start : doc.blocks[0].end].strip()
        loc = doc.blocks[0].location
        if (
            loc.line_start == loc.line_end
            and len(first.split()) <= 30
            and not first.endswith((".", ":", ";", "?", "!", ","))
        ):
            names.add(first)
    return {" ".join(n.split()).lower() for n in names if n.strip()}


def select_documents(names: Iterable[str], documents: Mapping[str, Document]) -> frozenset[str]:
    """The ids of the documents ``names`` name (id, file name or title, case-insensitive): a
    document named exactly, else every document one of whose names contains the name
    ("metformin" for "metformin-hcl-tablets-dailymed.pdf").

    A name that matches no document raises QueryError listing the known documents.
    """
    known = {doc_id: document_names(doc) for doc_id, doc in documents.items()}
    chosen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw).split()).lower()
        found = {doc_id for doc_id, aliases in known.items() if name in aliases}
        if not found and name:
            found = {doc_id for doc_id, aliases in known.items() if any(name in a for a in aliases)}
        if not found:
            listing = ", ".join(sorted(documents)) or "none (the index is empty)"
            raise QueryError(
                f"no document named {str(raw).strip()!r}; the documents are: {listing}"
            )
        chosen |= found
    return frozenset(chosen)


def table_of(chunk: Chunk) -> tuple[str, str, str] | None:
    """The table a passage belongs to (document, section, caption): a row (whatever its group),
    or a piece of a table kept as lines (``table_text``); None for any other passage."""
    if chunk.kind not in ("table_row", "table_text"):
        return None
    return (chunk.doc_id, chunk.section, chunk.table)


def check_query(question: str, k: int) -> str:
    """The stripped question, or QueryError for an empty question, one without a letter (only
    numbers, punctuation or symbols) or k < 1."""
    if not isinstance(question, str) or not question.strip():
        raise QueryError("the question is empty")
    if not re.search(r"[^\W\d_]", question):
        # "???", "2024?" or "--": nothing to search for, and any passage would be a random answer
        raise QueryError("the question has no words; ask it in words")
    if k < 1:
        raise QueryError(f"k must be at least 1 (got {k})")
    return question.strip()


class Retriever:
    """Lexical, dense and hybrid search over a loaded index."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._abbrev = index.abbreviations
        self._bm25s: lexical.Bm25sIndex | None = None
        self._last_query: tuple[str, Any] | None = None
        #: The documents searched (ids; None: all), with their passage and sentence rows.
        self.only: frozenset[str] | None = None
        self._rows: list[int] = []
        self._unit_rows: list[int] = []
        #: Vocabularies of the document sets views search (by their ids), shared by the views.
        self._view_vocabularies: dict[frozenset[str], set[str]] = {}
        #: What each document is about (see :meth:`document_subjects`; built once).
        self._subjects: dict[str, tuple[set[str], set[str]]] | None = None

    def within(self, names: Sequence[str] | None) -> Retriever:
        """This retriever limited to the documents ``names`` name (see :func:`select_documents`);
        itself when ``names`` is empty. Both the lexical and the dense side search only those
        documents, so ``k`` results come from them (not a filtered global top ``k``)."""
        if not names:
            return self
        return self.within_ids(select_documents(names, self.index.documents))

    def within_ids(self, only: frozenset[str]) -> Retriever:
        """This retriever limited to the documents of ids ``only`` (as :meth:`within`); its
        vocabulary and phrase lookups are then those documents' too."""
        view = copy.copy(self)
        view.only = only
        view._rows = [i for i, c in enumerate(self.index.chunks) if c.doc_id in only]
        view._unit_rows = [i for i, u in enumerate(self.index.units) if u.doc_id in only]
        return view

    def expand(self, question: str, lexical: bool = False) -> str:
        """The question with abbreviations the corpus defines added in both directions, and
        (per ``settings.lay_terms``) clinical terms for its lay phrases.

        A short form is spelled out only when few passages use it (at most
        ``RARE_ABBREVIATION`` of them): "REDD1" gains its long form, while "mTOR" or "AMPK", used
        everywhere, would only flood the query with generic words (measured in eval/README.md).
        ``lexical`` asks for the form BM25 searches (lay terms are added there by default, not to
        the embedded question).
        """
        extra: list[str] = []
        if self.settings.expand_abbreviations:
            df = self.index.term_df
            pairs = [
                (short, long)
                for short, long in self._abbrev
                if df.get(short.lower(), 0) <= RARE_ABBREVIATION
                or short.lower() not in question.lower()
            ]
            extra += expansions(question, pairs)
        lay = self.settings.lay_terms
        if lay == "both" or (lay == "lexical" and lexical):
            from ..domain.lay_vocabulary import lay_expansions

            extra += lay_expansions(question, self.index.vocabulary)
        return f"{question} ({'; '.join(extra)})" if extra else question

    def query_vector(self, question: str) -> Any:
        """The (1 x dim) embedding of the expanded question; the last one is reused, since dense,
        sentence and answer scoring all need it for the same question."""
        text = self.expand(question)
        cached = self._last_query  # one read: another thread may replace it meanwhile
        if cached is None or cached[0] != text:
            cached = (text, self.embedder.encode([text]))
            self._last_query = cached
        return cached[1]

    def clear_cache(self) -> None:
        """Forget the last query vector (benchmarks time each search from scratch)."""
        self._last_query = None

    # -- what the answer stage may ask of the corpus (it never reaches into the index itself) --
    def vocabulary(self) -> set[str]:
        """Lower-case word tokens of the passages and section titles of the documents searched."""
        if self.only is None or self.only >= set(self.index.documents):
            return self.index.vocabulary
        vocab = self._view_vocabularies.get(self.only)
        if vocab is None:
            every = self.index.document_vocabularies
            vocab = set().union(*(every.get(d, set()) for d in self.only))
            # shared by every view of this retriever: a question scoped to the same documents
            # finds the same set (and the word index built on it) again
            if len(self._view_vocabularies) >= 64:
                self._view_vocabularies.clear()
            self._view_vocabularies[self.only] = vocab
        return vocab

    def document_vocabularies(self) -> dict[str, set[str]]:
        """doc_id -> lower-case words of that document, for the documents searched."""
        every = self.index.document_vocabularies
        return every if self.only is None else {d: every[d] for d in self.only if d in every}

    def document_subjects(self) -> dict[str, tuple[set[str], set[str]]]:
        """doc_id -> (title words, drug words): the lower-case words of its file name and title
        (three letters or more), and the drugs it names most with their brands; for the
        documents searched."""
        if self._subjects is None:
            from ..domain.drugs import brands, document_drugs

            subjects: dict[str, tuple[set[str], set[str]]] = {}
            for doc_id, doc in self.index.documents.items():
                titles = {w for n in document_names(doc) for w in re.findall(r"[a-z]{3,}", n)}
                drugs = set(document_drugs(doc.text))
                drugs.update(w for pair in brands(doc.text).items() for w in pair)
                subjects[doc_id] = (titles, drugs)
            self._subjects = subjects
        every = self._subjects
        return every if self.only is None else {d: every[d] for d in self.only if d in every}

    def abbreviations(self) -> list[tuple[str, str]]:
        """(short, long) pairs the indexed documents define."""
        return list(self._abbrev)

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether the text of the documents searched (lower case) matches ``pattern``."""
        if self.only is None:
            return pattern.search(self.index.lowered_text) is not None
        texts = self.index.document_lowered_texts
        return any(pattern.search(texts.get(d, "")) is not None for d in self.only)

    def states_prices(self) -> bool:
        """Whether the documents searched state an amount of money anywhere."""
        priced = self.index.priced_documents
        return bool(priced if self.only is None else priced & self.only)

    def term_df(self) -> dict[str, int]:
        """Lower-case word -> number of passages containing it."""
        return self.index.term_df

    def initials(self) -> str:
        """The initial letters of the passages' words (acronyms spelled out are found in it)."""
        return self.index.initials

    def passage_count(self) -> int:
        """Number of indexed passages."""
        return len(self.index.chunks)

    def document(self, doc_id: str) -> Document | None:
        """The cleaned document ``doc_id`` (None if unknown)."""
        return self.index.documents.get(doc_id)

    def passage_before(self, doc_id: str, offset: int) -> Chunk | None:
        """The running-text passage of ``doc_id`` that starts last before ``offset``: the window
        overlapping the text there, or the one before it; None when there is none."""
        before = [
            c
            for c in self.index.chunks
            if c.doc_id == doc_id and c.kind == "paragraph" and c.start < offset
        ]
        return max(before, key=lambda c: c.start, default=None)

    def encode(self, texts: list[str]) -> Any:
        """Vectors of ``texts`` (n x dim) with the index's model."""
        return self.embedder.encode(texts)

    def word_pieces(self, word: str) -> int:
        """How many pieces the model's tokenizer cuts ``word`` into (1 for everyday words).

        The fewest over simple inflections of the word: the tokenizer knows "prescribed" whole
        but cuts "prescribe" in two, and neither is a specific term.
        """
        w = word.lower()
        forms = {w, w + "s", w + "d", w + "ed", w + "ing"}
        if w.endswith("s"):
            forms.add(w[:-1])
        if w.endswith("es"):
            forms.add(w[:-2])
        if w.endswith("ed"):
            forms |= {w[:-2], w[:-1]}
        if w.endswith("ing"):
            forms |= {w[:-3], w[:-3] + "e"}
        if w.endswith("e"):
            forms.add(w[:-1] + "ing")
        return max(1, min(self.embedder.token_count(f) - 2 for f in forms if f))

    def sentence_vectors(self, keys: list[tuple[str, int, int]], texts: list[str]) -> Any:
        """Vectors of sentences by (doc_id, start, end): stored ones, the rest encoded now."""
        import numpy as np

        idx = self.index
        rows = [idx.unit_rows.get(k) for k in keys]
        out = np.zeros((len(keys), idx.vectors.d), dtype="float32")
        missing = [i for i, r in enumerate(rows) if r is None or idx.sentence_vectors is None]
        for i, r in enumerate(rows):
            if r is not None and idx.sentence_vectors is not None:
                out[i] = idx.sentence_vectors.reconstruct(int(r))
        if missing:
            out[missing] = self.embedder.encode([texts[i] for i in missing])
        return out

    def lexical_ranking(self, question: str, limit: int) -> list[tuple[int, float]]:
        """(ordinal, score) by BM25 (SQLite FTS5, or bm25s when the settings ask for it)."""
        rows = None if self.only is None else frozenset(self._rows)
        if self.settings.lexical_engine == "bm25s":
            if self._bm25s is None:
                from ..index.schema import lexical_text

                self._bm25s = lexical.Bm25sIndex(
                    [lexical_text(c, self.settings) for c in self.index.chunks]
                )
            return self._bm25s.search(self.expand(question, lexical=True), limit, rows)
        return lexical.search(self.index.db, self.expand(question, lexical=True), limit, rows)

    def _nearest(self, vectors: Any, vec: Any, rows: list[int], limit: int) -> tuple[Any, Any]:
        """FAISS (scores, ids) of the ``limit`` rows of ``vectors`` nearest ``vec``; among
        ``rows`` only when this retriever searches some documents."""
        if self.only is None:
            return vectors.search(vec, limit)
        import faiss
        import numpy as np

        selector = faiss.IDSelectorBatch(np.asarray(rows, dtype="int64"))  # alive during search
        params = faiss.SearchParameters()
        params.sel = selector
        scores, ids = vectors.search(vec, limit, params=params)
        return scores, ids

    def dense_ranking(self, question: str, limit: int) -> list[tuple[int, float]]:
        """(ordinal, cosine) by embedding similarity."""
        vec = self.query_vector(question)
        total = self.index.vectors.ntotal if self.only is None else len(self._rows)
        limit = min(limit, total)
        if limit <= 0:
            return []
        scores, ids = self._nearest(self.index.vectors, vec, self._rows, limit)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def sentence_ranking(self, question: str, limit: int) -> list[tuple[int, float]]:
        """(ordinal, best sentence cosine): passages ranked by their single closest sentence."""
        idx = self.index
        if idx.sentence_vectors is None or not idx.units:
            return []
        vec = self.query_vector(question)
        total = idx.sentence_vectors.ntotal if self.only is None else len(self._unit_rows)
        n = min(total, max(limit * 3, 30))
        if n <= 0:
            return []
        scores, ids = self._nearest(idx.sentence_vectors, vec, self._unit_rows, n)
        best: dict[int, float] = {}
        for i, sc in zip(ids[0], scores[0], strict=True):
            if i < 0:
                continue
            for ordinal in idx.units[int(i)].chunks:
                if ordinal not in best:
                    best[ordinal] = float(sc)
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    def search(self, question: str, k: int = 10, mode: Mode | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``question`` (QueryError on empty question or k < 1)."""
        question = check_query(question, k)
        mode = mode or "hybrid"
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        s = self.settings
        pool = max(k, s.candidates)
        lex = self.lexical_ranking(question, pool) if mode in ("hybrid", "lexical") else []
        den = self.dense_ranking(question, pool) if mode in ("hybrid", "dense") else []
        lex_rank = {d: r for r, (d, _) in enumerate(lex, start=1)}
        den_rank = {d: r for r, (d, _) in enumerate(den, start=1)}
        if mode == "lexical":
            fused = lex
        elif mode == "dense":
            fused = den
        elif s.fusion == "weighted":
            sen = self.sentence_ranking(question, pool) if s.sentence_weight > 0 else []
            fused = fuse.weighted(
                {"lexical": lex, "dense": den, "sentences": sen},
                {
                    "lexical": s.lexical_weight,
                    "dense": s.dense_weight,
                    "sentences": s.sentence_weight,
                },
            )
        else:
            sen = self.sentence_ranking(question, pool) if s.sentence_weight > 0 else []
            fused = fuse.rrf(
                {
                    "lexical": [d for d, _ in lex],
                    "dense": [d for d, _ in den],
                    "sentences": [d for d, _ in sen],
                },
                k=s.rrf_k,
                weights={
                    "lexical": s.lexical_weight,
                    "dense": s.dense_weight,
                    "sentences": s.sentence_weight,
                },
            )
        chunks = self.index.chunks
        fused = fuse.spread(fused, lambda d: table_of(chunks[d]), s.rows_per_table)
        return [
            Hit(
                rank=r,
                score=round(score, 6),
                chunk=chunks[d],
                lexical_rank=lex_rank.get(d),
                dense_rank=den_rank.get(d),
            )
            for r, (d, score) in enumerate(fused[:k], start=1)
        ]
