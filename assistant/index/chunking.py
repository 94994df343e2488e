"""Sentence- and section-aware chunking: pure functions from a Document to Chunks.

A chunk is an exact span of its document's cleaned text (``doc.text[chunk.start:chunk.end] ==
chunk.text``), never crosses a section or a paragraph (but for a list, read as one passage with
the line that opens it), and is sized so the whole passage fits in the embedder's 256 word-piece
window. Captions, figure labels and table rows are chunks of
their own; a table kept as lines is cut at line breaks into passages of at most ``max_words``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from ..ingest.captions import CONTINUED_CAPTION
from ..records import Block, Chunk, Document, SentenceUnit, Settings
from ..text.references import reference_numbers, strip_references
from ..text.sentences import BULLETS, sentence_spans


def _words(text: str) -> int:
    return len(text.split())


def _windows(
    sentences: list[tuple[int, int]], text: str, max_words: int, overlap: int
) -> Iterator[tuple[int, int]]:
    """Greedy windows of whole sentences up to ``max_words``, repeating ``overlap`` sentences."""
    i = 0
    n = len(sentences)
    while i < n:
        j = i
        words = 0
        while j < n:
            w = _words(text[sentences[j][0] : sentences[j][1]])
            if j > i and words + w > max_words:
                break
            words += w
            j += 1
        yield sentences[i][0], sentences[j - 1][1]
        if j >= n:
            break
        i = max(i + 1, j - overlap)


#: A word that ends a sentence ("placebo." but not "e.g.", "Fig.", "et al." or "vs."): a place to
#: cut a passage.
_SENTENCE_END = re.compile(
    r"(?![A-Z][a-z]{0,3}\.$)(?!(?:al|vs|approx|cf|ca|etc|resp|incl|no)\.$)[^.\s]*[a-z0-9%)\]]{2}[.;]"
)
#: What goes with the sentence before it: a section reference ("(5.4)") or a year ("(2010)").
_STAYS_BEFORE = re.compile(r"\(\d+(?:\.\d+)*\)[.,;]?")


def _pieces(text: str, start: int, end: int, max_words: int) -> Iterator[tuple[int, int]]:
    """Spans of at most ``max_words`` words (about even) covering ``text[start:end]``, cut
    between lines where a line ends in time (a table kept as lines has no sentences), else
    after a sentence, else between words. Each span is trimmed of surrounding whitespace."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    # as many pieces as needed, of about even size: no scrap of a few words left at the end
    size = -(-len(words) // -(-len(words) // max_words)) if words else max_words

    def gap(k: int) -> str:
        return text[start + words[k - 1][1] : start + words[k][0]]

    def ends_sentence(k: int) -> bool:
        span = (start + words[k - 1][0], start + words[k - 1][1])
        after = (start + words[k][0], start + words[k][1])
        return (
            _SENTENCE_END.fullmatch(text, *span) is not None
            and _STAYS_BEFORE.fullmatch(text, *after) is None
        )

    i = 0
    while i < len(words):
        j = min(len(words), i + max_words)
        if j < len(words):
            # the line break nearest the even size, if it leaves at least half of it, else
            # the sentence end nearest it (running text kept with a table or figure)
            late = range(i + max(1, size // 2), j)
            breaks = [k for k in late if "\n" in gap(k)] or [k for k in late if ends_sentence(k)]
            j = min(breaks, key=lambda k: abs(k - i - size)) if breaks else i + size
        yield start + words[i][0], start + words[j - 1][1]
        i = j


#: A heading set between rules inside a panel ("-----DOSAGE AND ADMINISTRATION-----", the
#: headings of a label's Highlights box, which is read as figure text).
_RULE_HEADING = re.compile(r"-{3,}[ \t]*([A-Z][A-Z0-9 ,:/&()'-]*?[A-Z)])[ \t]*-{3,}")

#: Where a table of contents starts ("FULL PRESCRIBING INFORMATION: CONTENTS* 1 INDICATIONS",
#: "Table of Contents 1 Introduction"): a list of numbered section names, never an answer, so
#: it is not indexed. "GASTRIC CONTENTS" or "see Table of Contents." is no such start.
_CONTENTS = re.compile(
    r"(?:FULL PRESCRIBING INFORMATION:\s*CONTENTS|TABLE OF CONTENTS|Table of Contents)\*?"
    r"(?=\s*(?:\d|WARNING))"
)


def _long_block(text: str, block: Block, max_words: int) -> Iterator[tuple[int, int, str]]:
    """A caption, figure text or table note as one passage, or, when longer than ``max_words``
    (a label's Highlights set as a panel, a table read as figure text), cut like a table kept
    as lines: the embedder sees only the first 256 word pieces of a passage, so the rest of a
    long one could never be found by meaning. A long block with headings between rules is cut
    at them first, and each piece carries its heading (third item, "" when none)."""
    if _words(text[block.start : block.end]) <= max_words:
        yield block.start, block.end, ""
        return
    marks = [
        (m.start(), m.group(1).strip().capitalize())
        for m in _RULE_HEADING.finditer(text, block.start, block.end)
    ] + [(m.start(), "") for m in _CONTENTS.finditer(text, block.start, block.end)]
    marks.sort()
    bounds = [block.start] + [at for at, _ in marks] + [block.end]
    titles = [""] + [title for _, title in marks]
    for a, b, title in zip(bounds, bounds[1:], titles, strict=False):
        if not text[a:b].strip() or _CONTENTS.match(text, a):
            continue
        for s, e in _pieces(text, a, b, max_words):
            yield s, e, title


def chunk_id(doc_id: str, section: str, text: str, taken: set[str]) -> str:
    """A stable id from the document, section and text (not from positions that shift)."""
    stem = re.sub(r"[^a-z0-9]+", "-", doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
    digest = hashlib.sha1(f"{doc_id}\x00{section}\x00{text}".encode()).hexdigest()
    cid = f"{stem.strip('-')}:{digest[:10]}"
    k = 2
    base = cid
    while cid in taken:
        cid = f"{base}-{k}"
        k += 1
    taken.add(cid)
    return cid


def _scrap(block: Block, text: str) -> bool:
    """Figure text or a caption that says nothing by itself, so is not a passage: a table's
    "Table 1. Cont." repeated on every page (its rows carry the caption), or a word or two of
    figure text without a number ("Data", a panel's label)."""
    if block.kind not in ("figure_text", "caption"):
        return False
    words = text.split()
    return bool(CONTINUED_CAPTION.match(text.strip())) or (
        block.kind == "figure_text" and len(words) <= 2 and not re.search(r"\d", text)
    )


def chunk_document(doc: Document, max_words: int = 90, overlap: int = 1) -> list[Chunk]:
    """Chunks of one document, in reading order; ordinals start at 0 for each document."""
    chunks: list[Chunk] = []
    taken: set[str] = set()

    def emit(block: Block, start: int, end: int, heading: str = "") -> None:
        text = doc.text[start:end]
        context = f"{block.context} {heading}".strip() if heading else block.context
        chunks.append(
            Chunk(
                chunk_id=chunk_id(doc.doc_id, block.section, text, taken),
                doc_id=doc.doc_id,
                ordinal=len(chunks),
                section=block.section,
                kind=block.kind,
                text=text,
                start=start,
                end=end,
                location=doc.location(start, end),
                refs=reference_numbers(text),
                fields=block.fields,
                context=context,
            )
        )

    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            continue
        if _CONTENTS.match(doc.text, block.start) and block.kind in ("paragraph", "figure_text"):
            continue  # a table of contents
        if _scrap(block, doc.text[block.start : block.end]):
            continue
        if _list_item(doc, blocks, i):
            continue  # read with the list it ends (below)
        if block.kind == "table_text":
            # A table kept as lines (its rows could not be recovered) would pass the embedder's
            # window whole: it is cut at line breaks into passages of at most max_words words.
            for s, e in _pieces(doc.text, block.start, block.end, max_words):
                emit(block, s, e)
            continue
        if block.kind != "paragraph":
            for s, e, heading in _long_block(doc.text, block, max_words):
                emit(block, s, e, heading)
            continue
        sentences = sentence_spans(doc.text, block.start, block.end)
        k = i + 1
        while k < len(blocks) and _list_item(doc, blocks, k):
            sentences += sentence_spans(doc.text, blocks[k].start, blocks[k].end)
            k += 1
        for s, e in _windows(sentences, doc.text, max_words, overlap):
            emit(block, s, e)
    return chunks


#: The first characters of a list item's paragraph: a bullet, or a Markdown item mark.
_ITEM = re.compile(rf"^(?:[{BULLETS}]|[*+-]|\d{{1,3}}[.)])\s")


def _list_item(doc: Document, blocks: tuple[Block, ...] | list[Block], i: int) -> bool:
    """Whether paragraph ``i`` is an item of a list that the paragraph before it opens ("...
    evaluate:") or is an item of. A list is read as one passage (cut into windows of whole
    items like sentences): an item alone ("• uric acid level [see ...]") says too little to
    be found or cited by itself."""
    if i == 0:
        return False
    block, prev = blocks[i], blocks[i - 1]
    if block.kind != "paragraph" or prev.kind != "paragraph" or block.section != prev.section:
        return False
    if not _ITEM.match(doc.text[block.start : block.end]):
        return False
    before = doc.text[prev.start : prev.end].rstrip()
    return before.endswith(":") or bool(_ITEM.match(before))


def embed_text(chunk: Chunk, section_prefix: bool = True) -> str:
    """What the embedder and the lexical index read for a chunk.

    Reference numbers are dropped; table rows are spelled with their column names and caption so a
    row keeps its header meaning; the section title is prefixed when ``section_prefix``.
    """
    # a row whose columns were told apart by its values (its label has no column name) is read
    # as printed: the header is in its context already, and repeating the arm names before
    # every value would outweigh the row's own words
    spelled = chunk.fields and chunk.fields[0][0]
    body = chunk.display_text if spelled else strip_references(chunk.text)
    if chunk.context:
        body = f"{chunk.context} {body}"
    if section_prefix and chunk.section:
        return f"{chunk.section}: {body}"
    return body


def fixed_windows(doc: Document, size: int = 1000, overlap: int = 200) -> list[Chunk]:
    """The naive baseline: ``size``-character windows every ``size - overlap`` characters.

    Windows ignore sentences and sections (the section is the one the window starts in); they are
    still exact spans of the cleaned text.
    """
    chunks: list[Chunk] = []
    taken: set[str] = set()
    text = doc.text
    step = max(1, size - overlap)
    pos = 0
    while pos < len(text):
        start, end = pos, min(len(text), pos + size)
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            section = next(
                (s.title for s in doc.sections if s.start <= start < s.end), Path(doc.doc_id).stem
            )
            body = text[start:stop]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(doc.doc_id, section, body, taken),
                    doc_id=doc.doc_id,
                    ordinal=len(chunks),
                    section=section,
                    kind="paragraph",
                    text=body,
                    start=start,
                    end=stop,
                    location=doc.location(start, stop),
                    refs=reference_numbers(body),
                )
            )
        if end >= len(text):
            break
        pos += step
    return chunks


def chunk_with(doc: Document, settings: Settings) -> list[Chunk]:
    """Chunks of ``doc`` by the chunker the settings name."""
    if settings.chunker == "fixed":
        return fixed_windows(doc, settings.window_chars, settings.window_overlap)
    return chunk_document(doc, settings.chunk_words, settings.chunk_overlap)


def sentence_units(chunks: list[Chunk]) -> list[SentenceUnit]:
    """Each distinct sentence of the passages (table rows and captions whole), in order.

    Deterministic in ``chunks``, so the index stores only the vectors, row i for unit i.
    """
    units: dict[tuple[str, int, int], tuple[str, str, list[int]]] = {}
    for c in chunks:
        if c.kind in ("paragraph",):
            spans = [(c.start + s, c.start + e) for s, e in sentence_spans(c.text)]
        else:
            spans = [(c.start, c.end)]
        for s, e in spans:
            key = (c.doc_id, s, e)
            if key in units:
                units[key][2].append(c.ordinal)
            else:
                text = c.text[s - c.start : e - c.start]
                units[key] = (text, c.section, [c.ordinal])
    return [
        SentenceUnit(doc_id, s, e, text, section, tuple(ords))
        for (doc_id, s, e), (text, section, ords) in units.items()
    ]


def unit_embed_text(unit: SentenceUnit, chunk: Chunk) -> str:
    """What the embedder reads for a sentence unit: the bare sentence without reference numbers
    (answers compare questions with sentences, where a section title would only blur the match);
    a table row reads as its chunk does, with its column names."""
    if chunk.kind != "paragraph":
        return embed_text(chunk, section_prefix=False)
    return strip_references(unit.text)
