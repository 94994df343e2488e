"""Typed records that cross every boundary: Document -> Section -> Chunk -> Hit -> Answer.

All records are frozen dataclasses made of plain values (str, int, float, tuples), so they can be
turned into JSON with :func:`dataclasses.asdict` and compared in tests. Nothing here imports a heavy
library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: "table_text" is a table whose rows could not be recovered (a wrapped landscape table read line
#: by line): one block of its lines, never rows and never prose.
BlockKind = Literal[
    "heading", "paragraph", "caption", "figure_text", "table_row", "table_text", "table_note"
]
Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")


def place_label(
    section: str, page: int | None, lines: tuple[int, int], page_end: int | None = None
) -> str:
    """'Section, p. 3, lines 10-12' (no page for text files), or 'Section, p. 3 line 40 to p. 4
    line 2' across a page break: the one way a place is written."""
    if page is not None and page_end is not None and page_end != page:
        return f"{section}, p. {page} line {lines[0]} to p. {page_end} line {lines[1]}"
    where = f", p. {page}" if page is not None else ""
    return f"{section}{where}, lines {lines[0]}-{lines[1]}"


@dataclass(frozen=True)
class Location:
    """Where a piece of cleaned text came from: 1-based source lines, and the PDF page if any."""

    line_start: int
    line_end: int
    page: int | None = None
    #: Page of the last line when the span crosses a page break (else None).
    page_end: int | None = None

    def describe(self) -> str:
        """'lines 3-9', 'p. 2, lines 3-9' or 'p. 1 line 40 to p. 2 line 3'."""
        if self.page is None:
            return f"lines {self.line_start}-{self.line_end}"
        if self.page_end is not None and self.page_end != self.page:
            return (
                f"p. {self.page} line {self.line_start} to p. {self.page_end} line {self.line_end}"
            )
        return f"p. {self.page}, lines {self.line_start}-{self.line_end}"


@dataclass(frozen=True)
class Block:
    """One cleaned unit of a document: a heading, a paragraph, a caption or a table row.

    ``start``/``end`` are character offsets into :attr:`Document.text`.
    """

    kind: BlockKind
    start: int
    end: int
    section: str
    location: Location
    #: Column name/value pairs for a table row (empty for other kinds).
    fields: tuple[tuple[str, str], ...] = ()
    #: The caption of the table or figure this block belongs to, if any.
    context: str = ""


@dataclass(frozen=True)
class Section:
    """A titled stretch of a document; chunks never cross a section boundary."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned document. ``text`` is the cleaned text every span refers to."""

    doc_id: str
    path: str
    sha256: str
    text: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    #: (offset, line, page) runs: the source line of cleaned character ``offset`` onwards.
    line_runs: tuple[tuple[int, int, int | None], ...] = ()
    #: Abbreviations the document defines itself: (short form, long form).
    abbreviations: tuple[tuple[str, str], ...] = ()

    def location(self, start: int, end: int) -> Location:
        """Source lines (and page) of the cleaned span ``[start, end)``."""
        runs = self.line_runs
        if not runs:
            return Location(line_start=1, line_end=1, page=None)
        lo, hi = self._run_index(start), self._run_index(max(start, end - 1))
        # every line the span touches (a list read column by column goes back up the page)
        touched = runs[lo : hi + 1]
        top = min(touched, key=lambda r: (r[2] or 0, r[1]))
        bottom = max(touched, key=lambda r: (r[2] or 0, r[1]))
        page_end = bottom[2] if bottom[2] != top[2] else None
        return Location(line_start=top[1], line_end=bottom[1], page=top[2], page_end=page_end)

    def _run_index(self, offset: int) -> int:
        """Index of the line run holding cleaned offset ``offset`` (runs are sorted by start)."""
        runs = self.line_runs
        lo, hi = 0, len(runs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if runs[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


#: Between a table row's table (caption, column names) and the label of the group of rows it
#: belongs to, in :attr:`Chunk.context` ("Table 2: Participants with adverse events ... ›
#: Mazzotti reactions").
GROUP_MARK = " › "


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: an exact span ``[start, end)`` of its document's cleaned text."""

    chunk_id: str
    doc_id: str
    ordinal: int
    section: str
    kind: BlockKind
    text: str
    start: int
    end: int
    location: Location
    #: In-text reference numbers the passage cites ([55], [67-69] -> 67, 68, 69).
    refs: tuple[int, ...] = ()
    #: Column name/value pairs for a table row.
    fields: tuple[tuple[str, str], ...] = ()
    #: Caption of the table/figure the passage belongs to (for a table row, then its group:
    #: see :data:`GROUP_MARK`; for a piece of a long panel, then the panel's heading).
    context: str = ""

    @property
    def table(self) -> str:
        """The table a row belongs to: its context without the row's group."""
        return self.context.split(GROUP_MARK)[0]

    @property
    def group(self) -> str:
        """The label of the rows a table row is one of ("Mazzotti reactions"), else ""."""
        _, _, group = self.context.partition(GROUP_MARK)
        return group

    @property
    def lines(self) -> tuple[int, int]:
        """First and last source line."""
        return (self.location.line_start, self.location.line_end)

    @property
    def page(self) -> int | None:
        """PDF page, or None for text files."""
        return self.location.page

    @property
    def display_text(self) -> str:
        """The passage as shown to users: table rows read as 'column: value' pairs."""
        if self.fields:
            # a row's label has no column name in some tables ("1" of grade 1)
            return "; ".join(f"{name}: {value}" if name else value for name, value in self.fields)
        return self.text

    @property
    def label(self) -> str:
        """Short human citation label: section, page, lines."""
        return f"{self.section}, {self.location.describe()}"


@dataclass(frozen=True)
class SentenceUnit:
    """A sentence (or a whole table row/caption) of the indexed passages, embedded on its own.

    ``chunks`` are the ordinals of the passages that contain it (overlapping passages share
    sentences).
    """

    doc_id: str
    start: int
    end: int
    text: str
    section: str
    chunks: tuple[int, ...]


@dataclass(frozen=True)
class Hit:
    """A chunk retrieved for a question, with its rank (1-based) and fused score."""

    rank: int
    #: The fused score as computed. Scores fall with rank except for a table's later rows, which
    #: keep their score but rank after every other candidate (``Settings.rows_per_table``).
    score: float
    chunk: Chunk
    #: Ranks in the single-mode lists that fed the fusion (None: not retrieved there).
    lexical_rank: int | None = None
    dense_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer; ``quote`` lies verbatim inside the chunk's text."""

    n: int
    chunk_id: str
    section: str
    page: int | None
    lines: tuple[int, int]
    quote: str
    #: The document the passage belongs to (its corpus-relative path); "" when unknown.
    doc_id: str = ""
    #: Page of the last line when the quote crosses a page break (else None): ``lines`` then
    #: runs from a line of ``page`` to a line of ``page_end``.
    page_end: int | None = None


@dataclass(frozen=True)
class Answer:
    """An extractive answer: sentences quoted from the corpus, each followed by a marker [n]."""

    question: str
    answered: bool
    answer: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    #: A remark for people (why the answer was declined); empty for a plain answer.
    note: str = ""
    #: The decision signals (confidence, coverage, ...) for evaluation and debugging.
    diagnostics: str = ""
    #: "high": the sentences answer the question; "low": the closest sentences are shown but may
    #: not answer it directly (shown with that label); "none": declined (``answered`` is False).
    confidence: Literal["high", "low", "none"] = "high"
    #: The answer as data: (verbatim sentence, citation number) in reading order.
    parts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Settings:
    """Everything that changes what is indexed or how it is searched.

    The index-affecting part (:meth:`index_key`) is written to the manifest; a change makes the
    index stale.
    """

    model: str = "all-MiniLM-L6-v2"
    #: "sentences" (section- and sentence-aware) or "fixed" (character windows, the naive baseline).
    chunker: Literal["sentences", "fixed"] = "sentences"
    chunk_words: int = 90
    chunk_overlap: int = 1
    window_chars: int = 1000
    window_overlap: int = 200
    section_prefix: bool = True
    expand_abbreviations: bool = True
    #: Search lay phrases' clinical terms too ("blood sugar" -> glucose): "off", "lexical" (BM25
    #: only) or "both" (BM25 and the embedded question).
    lay_terms: str = "lexical"
    #: "fts5" (SQLite BM25, stored in the index) or "bm25s" (in memory; `pip install bm25s`).
    lexical_engine: Literal["fts5", "bm25s"] = "fts5"
    #: "weighted" (min-max normalised BM25 and cosine, summed) or "rrf" (reciprocal rank fusion).
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    #: Weight of the sentence-level dense ranking in hybrid fusion (0 leaves it out; the sentence
    #: vectors still serve answer scoring).
    sentence_weight: float = 0.0
    candidates: int = 50
    #: Rows of one table allowed before the other passages in a ranking (0: no limit); a piece of
    #: a table kept as lines counts as a row. One table's rows share its caption and column names,
    #: so they crowd the top for any question that names them; later rows follow every other
    #: candidate (chosen on the fit split: eval/README).
    rows_per_table: int = 1
    #: Passages (top ranked) whose sentences the answer may quote.
    answer_passages: int = 6
    #: Over several documents, ask a question of the documents that name its subject only
    #: (:func:`assistant.answer.candidates.subject_documents`; eval/combined.py measures it).
    subject_scope: bool = True

    def index_key(self) -> dict[str, object]:
        """The settings that decide the index content (cleaning, chunking, embedding)."""
        key: dict[str, object] = {
            "model": self.model,
            "chunker": self.chunker,
            "section_prefix": self.section_prefix,
        }
        if self.chunker == "fixed":
            key.update(window_chars=self.window_chars, window_overlap=self.window_overlap)
        else:
            key.update(chunk_words=self.chunk_words, chunk_overlap=self.chunk_overlap)
        return key

    def with_overrides(self, pairs: list[str]) -> Settings:
        """A copy with ``name=value`` overrides (values converted to the field's type).

        Raises ValueError with a clear message for an unknown name or a bad value.
        """
        import dataclasses

        fields = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, object] = {}
        for pair in pairs:
            name, sep, raw = pair.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in fields:
                known = ", ".join(sorted(fields))
                raise ValueError(
                    f"unknown setting {pair!r}; use NAME=VALUE with NAME one of {known}"
                )
            current = getattr(self, name)
            value: object
            try:
                if isinstance(current, bool):
                    if raw.lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                        raise ValueError(raw)
                    value = raw.lower() in ("true", "1", "yes", "on")
                elif isinstance(current, int):
                    value = int(raw)
                elif isinstance(current, float):
                    value = float(raw)
                else:
                    value = raw
            except ValueError as exc:
                raise ValueError(f"bad value for {name}: {raw!r}") from exc
            changes[name] = value
        new = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        new.validate()
        return new

    def validate(self) -> None:
        """ValueError when a setting is out of range."""
        choices = {
            "chunker": ("sentences", "fixed"),
            "lexical_engine": ("fts5", "bm25s"),
            "fusion": ("rrf", "weighted"),
            "lay_terms": ("off", "lexical", "both"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")
        for name in ("chunk_words", "window_chars", "candidates", "rrf_k", "answer_passages"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.rows_per_table < 0:
            raise ValueError("rows_per_table must be >= 0 (0: no limit)")
        if self.chunk_overlap < 0 or not 0 <= self.window_overlap < self.window_chars:
            raise ValueError("overlaps must be >= 0 and smaller than the window")


@dataclass(frozen=True)
class Regimen:
    """A dosing statement found in the corpus, with its citation.

    ``dose`` is the amount and unit exactly as printed ("2 mg/kg", "42 ppm", "1.6 mg/m2/day");
    fields the sentence does not state are empty strings.
    """

    dose: str
    amount: str
    unit: str
    schedule: str
    duration: str
    route: str
    subject: str
    trial: str
    effect: str
    chunk_id: str
    section: str
    lines: tuple[int, int]
    sentence: str
    page: int | None = None
    #: The drug (generic name) the dose is of; "" when the document names none.
    drug: str = ""
    #: The treatment arm or study it belongs to ("moxidectin", "TRIDENT-1"), else "".
    arm: str = ""
    #: "" (a dose statement), "recommended", "reduction" (a dose-reduction level) or
    #: "modification" (what to do on an adverse reaction or in a population).
    kind: str = ""
    #: The document the record comes from (the chunk's doc_id).
    doc_id: str = ""
    #: Population the dose is for, when it is not a species/subject ("severe renal impairment").
    population: str = ""
    #: The page the cited lines end on, when it is not ``page`` (the sentence crosses a page).
    page_end: int | None = None


@dataclass(frozen=True)
class AdverseEffect:
    """An adverse-effect mention with what it is linked to, and its citation.

    ``effect`` is as printed ("mouth sores"); ``canonical`` is its normalised name ("stomatitis")
    so that filtering by one wording finds the others.
    """

    effect: str
    canonical: str
    regimen: str
    population: str
    frequency: str
    chunk_id: str
    section: str
    lines: tuple[int, int]
    sentence: str
    page: int | None = None
    #: The drug (or arm) the effect was reported under; "" when the document names none.
    drug: str = ""
    #: Treatment arm of a comparative table or sentence ("moxidectin", "ivermectin"), else "".
    arm: str = ""
    #: Severity as printed in a table or sentence, normalised: "", "any", "1".."5", "3-4",
    #: "serious", "fatal".
    grade: str = ""
    #: The document the record comes from (the chunk's doc_id).
    doc_id: str = ""
    #: The page the cited lines end on, when it is not ``page`` (the sentence crosses a page).
    page_end: int | None = None
