"""Reading and cleaning documents: the only module that opens corpus files.

PDF extraction (and the text files made from it) leaves artefacts: words hyphenated across line
breaks, lines wrapped inside paragraphs, page breaks in mid-sentence, figure captions and tables
spliced into the middle of a sentence, stray fragments. :func:`clean_lines` turns such lines into a
:class:`~assistant.records.Document` whose ``text`` is clean and whose every character maps back to
its source line (and page).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .records import Block, BlockKind, Document, Location, Section

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


class IngestError(Exception):
    """A document could not be read; the message names the file and says why."""


@dataclass(frozen=True)
class RawLine:
    """A source line as read: text, 1-based line number, PDF page (None for text files)."""

    text: str
    line: int
    page: int | None = None


# --------------------------------------------------------------------------------------------
# Reading


def corpus_files(folder: Path) -> list[Path]:
    """Every supported document under ``folder`` (README files excluded), in a stable order."""
    if not folder.is_dir():
        raise IngestError(f"corpus folder not found: {folder}")
    files = [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.lower().startswith("readme")
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return files


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_lines(path: Path) -> list[RawLine]:
    """Source lines of a .txt, .md or .pdf file (PDF lines numbered within their page)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return [RawLine(t, i) for i, t in enumerate(split_lines(text), start=1)]


def _read_pdf(path: Path) -> list[RawLine]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise IngestError(f"{path}: encrypted PDF, cannot decrypt ({exc})") from exc
            if not ok:
                raise IngestError(f"{path}: encrypted PDF (password required); skipped")
        lines: list[RawLine] = []
        for page_no, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            for i, t in enumerate(split_lines(text), start=1):
                lines.append(RawLine(t, i, page_no))
            # A page break is a paragraph break candidate; the cleaner rejoins open sentences.
            lines.append(RawLine("", 0, page_no))
        return lines
    except IngestError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{path}: unreadable PDF ({exc})") from exc


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only \\n, \\r\\n and \\r end a line (not form feeds or
    U+2028, which ``str.splitlines`` also splits on and which would shift every later line)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_document(path: Path, root: Path) -> Document:
    """Read and clean one file; ``doc_id`` is its path relative to ``root``."""
    lines = read_lines(path)
    doc_id = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    doc = clean_lines(lines, doc_id=doc_id, markdown=suffix == ".md", pdf=suffix == ".pdf")
    return Document(
        doc_id=doc.doc_id,
        path=str(path),
        sha256=sha256_file(path),
        text=doc.text,
        blocks=doc.blocks,
        sections=doc.sections,
        line_runs=doc.line_runs,
        abbreviations=doc.abbreviations,
    )


def load_corpus(folder: Path) -> tuple[list[Document], list[str]]:
    """Load every document in ``folder``; unreadable ones are reported, the others still load."""
    docs: list[Document] = []
    problems: list[str] = []
    for path in corpus_files(folder):
        try:
            doc = load_document(path, folder)
        except IngestError as exc:
            problems.append(str(exc))
            continue
        if not doc.text.strip():
            problems.append(f"{path}: no text could be extracted; skipped")
            continue
        docs.append(doc)
    return docs, problems


# --------------------------------------------------------------------------------------------
# Line normalisation

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff\u00ad]")
_SPACED_LETTERS = re.compile(r"(?:[A-Za-z] ){3,}[A-Za-z]")
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Scheme|Box)\s+(?:\d+|[IVXLC]+)[.:]\s+\S")
_TABLE_CAPTION = re.compile(r"^Table\s+(?:\d+|[IVXLC]+)[.:]")
_TERMINAL = (".", "?", "!", ".)", ".]", ".”", '."', "?”")
_REFERENCES = re.compile(
    r"^(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited)$", re.I
)


@dataclass
class _Line:
    text: str
    line: int
    page: int | None
    lead: bool  # began with a space: a new text object in the PDF (often a page/column break)
    trail: bool  # ended with a space: a hyphen before it is a real one ("dose- and")


def _normalise(raw: RawLine) -> _Line:
    text = _CONTROL.sub("", _SPACES.sub(" ", raw.text))
    lead = text.startswith(" ")
    trail = text.endswith(" ")
    text = re.sub(r" {2,}", " ", text.strip())
    if _SPACED_LETTERS.fullmatch(text):
        text = text.replace(" ", "")
    return _Line(text, raw.line, raw.page, lead, trail)


def _terminal(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


# --------------------------------------------------------------------------------------------
# Vocabulary for hyphenation decisions

_WORD = re.compile(r"[A-Za-z0-9]+")
_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
# Words that end a hyphenated compound's first part ("hard-to-treat", "dose- and time-").
_KEEP_AFTER = {"to", "and", "or", "of", "in", "on", "non", "anti", "self", "well", "cross", "co"}


@dataclass
class _Vocab:
    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def from_lines(cls, lines: list[_Line]) -> _Vocab:
        vocab = cls()
        for i, ln in enumerate(lines):
            tokens = ln.text.split()
            if not tokens:
                continue
            # Skip the pieces of a word split across this line break.
            if ln.text.endswith("-") and not ln.trail:
                tokens = tokens[:-1]
            if i > 0 and lines[i - 1].text.endswith("-") and not lines[i - 1].trail and tokens:
                tokens = tokens[1:]
            for tok in tokens:
                vocab.words.update(w.lower() for w in _WORD.findall(tok))
                vocab.compounds.update(c.lower() for c in _COMPOUND.findall(tok))
        return vocab


def _join_hyphenated(left: str, right: str, vocab: _Vocab) -> str:
    """Join ``left`` (ending in '-') and ``right`` across a line break: drop or keep the hyphen."""
    lw = re.search(r"([A-Za-z0-9]*)-$", left)
    rw = re.match(r"[A-Za-z0-9]*", right)
    lfrag = lw.group(1) if lw else ""
    rfrag = rw.group(0) if rw else ""
    joined = (lfrag + rfrag).lower()
    if lfrag and rfrag:
        if joined in vocab.words and not (lfrag.lower() in vocab.words and rfrag[:1].isupper()):
            return left[:-1] + right
        if f"{lfrag}-{rfrag}".lower() in vocab.compounds:
            return left + right
        if rfrag[:1].isupper() or rfrag[:1].isdigit() or lfrag.lower() in _KEEP_AFTER:
            return left + right
        return left[:-1] + right
    return left + right


def _stray_fragment(line: _Line, nxt: _Line | None, vocab_counts: dict[str, int]) -> bool:
    """A lone two-letter capitalised token ending a line before a PDF text-object break."""
    tokens = line.text.split()
    if len(tokens) < 2 or nxt is None or not nxt.lead:
        return False
    last = tokens[-1]
    return bool(re.fullmatch(r"[A-Z][a-z]", last)) and vocab_counts.get(last, 0) == 1


# --------------------------------------------------------------------------------------------
# Building text with a line map


@dataclass
class _Builder:
    """Accumulates cleaned text with, for every character run, its source line and page."""

    parts: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, int | None]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, line: int, page: int | None) -> None:
        if not text:
            return
        if not self.runs or self.runs[-1][1:] != (line, page):
            self.runs.append((self.length, line, page))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Para:
    """A block being assembled: a list of (text, line, page) pieces."""

    kind: BlockKind
    pieces: list[tuple[str, int, int | None]] = field(default_factory=list)
    fields: tuple[tuple[str, str], ...] = ()
    context: str = ""
    #: The last appended line ended with a space (a hyphen before it is a real one).
    trail: bool = False

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.pieces)


def _append_line(para: _Para, ln: _Line, vocab: _Vocab, *, sep: str = " ") -> None:
    """Append a source line to a paragraph, undoing the line break (and any hyphenation)."""
    if not para.pieces:
        para.pieces.append((ln.text, ln.line, ln.page))
        para.trail = ln.trail
        return
    prev_text, prev_line, prev_page = para.pieces[-1]
    current = para.text
    if current.endswith("-") and not para.trail:
        joined = _join_hyphenated(current, ln.text, vocab)
        keep_hyphen = joined.startswith(current)
        if not keep_hyphen:
            # Drop the trailing hyphen of the previous piece.
            para.pieces[-1] = (prev_text[:-1], prev_line, prev_page)
        para.pieces.append((ln.text, ln.line, ln.page))
    elif current.endswith("/"):
        para.pieces.append((ln.text, ln.line, ln.page))
    else:
        para.pieces.append((sep + ln.text, ln.line, ln.page))
    para.trail = ln.trail


# --------------------------------------------------------------------------------------------
# Raw blocks and their classes


@dataclass
class _Raw:
    lines: list[_Line]
    kind: str = "text"  # text | caption | heading

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def short(self) -> bool:
        return len(self.lines) <= 3 and len(self.text) <= 160 and not _terminal(self.text)

    @property
    def long(self) -> bool:
        return len(self.lines) >= 3 or len(self.text) >= 120


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and len(text) <= 100
        and not _terminal(text)
        and not text.endswith((",", "-", ";", ":"))
        and bool(re.match(r"[A-Z0-9]|[a-z]+[A-Z]", words[0]))
    )


def _raw_blocks(lines: list[_Line], markdown: bool, pdf: bool = False) -> list[_Raw]:
    """Group lines into blank-line separated blocks; captions and '#' headings stand alone.

    PDF text has no blank lines between paragraphs, so there a short title-like line after a
    finished sentence (or at the top of a page) and before a capitalised line is its own block.
    """
    blocks: list[_Raw] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            blocks.append(_Raw(list(current)))
            current.clear()

    for k, ln in enumerate(lines):
        prev = lines[k - 1].text if k else ""
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        if (
            pdf
            and ln.text
            and _title_like(ln.text)
            and len(ln.text.split()) <= 8
            and (not prev or _terminal(prev))
            and nxt[:1].isupper()
        ):
            flush()
            blocks.append(_Raw([ln]))
            continue
        if not ln.text:
            flush()
        elif _CAPTION.match(ln.text):
            flush()
            blocks.append(_Raw([ln], "caption"))
        elif markdown and re.match(r"#{1,6}\s", ln.text):
            flush()
            blocks.append(
                _Raw(
                    [_Line(ln.text.lstrip("#").strip(), ln.line, ln.page, False, False)], "heading"
                )
            )
        else:
            current.append(ln)
    flush()
    return _split_tails(blocks)


def _split_tails(blocks: list[_Raw]) -> list[_Raw]:
    """Split a heading or a figure label glued to the end of a paragraph into its own block."""
    out: list[_Raw] = []
    for i, blk in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        split_at = None
        if blk.kind == "text" and len(blk.lines) >= 2 and nxt is not None:
            for k in (len(blk.lines) - 2, len(blk.lines) - 1):
                if k < 1:
                    continue
                tail = " ".join(ln.text for ln in blk.lines[k:])
                before = blk.lines[k - 1].text
                if not _title_like(tail):
                    continue
                # "...[202-220].\n Major challenges ... therapies" followed by a paragraph.
                if _terminal(before) and nxt.kind == "text" and nxt.long:
                    split_at = k
                    break
                # "...performance, or\n Rapamycin" followed by a run of figure labels.
                if (
                    k == len(blk.lines) - 1
                    and blk.lines[k].lead
                    and len(tail.split()) <= 3
                    and nxt.kind == "text"
                    and nxt.short
                ):
                    split_at = k
                    break
        if split_at is None:
            out.append(blk)
        else:
            out.append(_Raw(blk.lines[:split_at]))
            out.append(_Raw(blk.lines[split_at:]))
    return out


# --------------------------------------------------------------------------------------------
# Tables

_PHASE = r"(?:I{1,3}|IV|I/II|II/III|0)"
_STATUS = (
    r"(?:Not yet recruiting|Active, not recruiting|Recruiting|Completed|Terminated|Withdrawn|"
    r"Suspended|Enrolling by invitation|Unknown status|Unknown)"
)
_TRIAL_ROW = re.compile(
    rf"^(?P<dose>.+?)\s+(?P<phase>{_PHASE})\s+(?P<subjects>[A-Z][a-z]+(?:\s+[a-z][\w-]*)*)\s+"
    rf"(?P<assessment>[A-Z].*?)\s+(?P<year>(?:19|20)\d\d)\s+(?P<status>{_STATUS})\s+"
    rf"(?P<trial>NCT\d{{8}})$"
)
_TRIAL_ID = re.compile(r"\bNCT\d{8}\b")


def _header_columns(header: str) -> list[str]:
    """Split a flattened header: a capitalised word starts a column, lowercase words continue it."""
    cols: list[str] = []
    for word in header.split():
        if word[:1].isupper() or not cols:
            cols.append(word)
        else:
            cols[-1] += " " + word
    return cols


def _table_rows(region: list[_Raw], caption: str, vocab: _Vocab) -> list[_Para]:
    """Turn the blocks of a table into one block per row, keeping the column meaning."""
    if not region:
        return []
    header = ""
    first = region[0]
    if len(first.lines) == 1 and not re.search(r"\d", first.text) and len(first.text.split()) >= 3:
        header = first.text
        region = region[1:]
    columns = _header_columns(header) if header else []
    lines = [ln for blk in region for ln in blk.lines]
    rows: list[_Para] = []
    para = _Para("table_row", context=caption)
    for ln in lines:
        _append_line(para, ln, vocab)
        if _TRIAL_ID.search(ln.text) and ln.text.rstrip().endswith(_TRIAL_ID.findall(ln.text)[-1]):
            rows.append(para)
            para = _Para("table_row", context=caption)
    if para.pieces:
        rows.append(para)
    if len(rows) == 1 and not _TRIAL_ID.search(rows[0].text):
        # No row delimiter recognised: keep each source block as a row.
        rows = []
        for blk in region:
            p = _Para("table_row", context=caption)
            for ln in blk.lines:
                _append_line(p, ln, vocab)
            rows.append(p)
    for row in rows:
        m = _TRIAL_ROW.match(row.text)
        if m and len(columns) == 7:
            row.fields = tuple(zip(columns, m.groups(), strict=True))
        elif m:
            names = ("Dose", "Phase", "Subjects", "Assessment", "Year", "Status", "Trial number")
            row.fields = tuple(zip(names, m.groups(), strict=True))
    return rows


# --------------------------------------------------------------------------------------------
# Assembly


def clean_lines(
    raw_lines: Iterable[RawLine], doc_id: str, markdown: bool = False, pdf: bool = False
) -> Document:
    """Clean extracted lines into a Document (sha256 and path are left for the caller)."""
    lines = [_normalise(r) for r in raw_lines]
    vocab = _Vocab.from_lines(lines)
    counts: dict[str, int] = {}
    for ln in lines:
        for tok in ln.text.split():
            counts[tok] = counts.get(tok, 0) + 1
    # Stray fragments ("m6A-containing Sy" / " mRNA"): drop the lone token.
    for i, ln in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if _stray_fragment(ln, following, counts):
            ln.text = ln.text.rsplit(" ", 1)[0]

    blocks = _raw_blocks(lines, markdown, pdf)
    out: list[_Para] = []
    pending: list[_Para] = []  # inserts (captions, tables, labels) met inside an open sentence
    open_para: _Para | None = None

    def close() -> None:
        nonlocal open_para
        if open_para is not None:
            out.append(open_para)
            open_para = None
        out.extend(pending)
        pending.clear()

    def is_open() -> bool:
        return open_para is not None and not _terminal(open_para.text)

    i = 0
    while i < len(blocks):
        blk = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if blk.kind == "caption":
            cap = _Para("caption")
            for ln in blk.lines:
                _append_line(cap, ln, vocab)
            if _TABLE_CAPTION.match(blk.text):
                # The table: following blocks up to a note ending in '.' or a lowercase
                # continuation of the interrupted sentence.
                region: list[_Raw] = []
                note: _Raw | None = None
                j = i + 1
                while j < len(blocks) and blocks[j].kind == "text" and len(region) < 80:
                    cand = blocks[j]
                    if cand.text[:1].islower() and cand.long:
                        break
                    if _terminal(cand.text):
                        note = cand
                        j += 1
                        break
                    region.append(cand)
                    j += 1
                target = pending if is_open() else out
                if not is_open():
                    close()
                target.append(cap)
                target.extend(_table_rows(region, cap.text, vocab))
                if note is not None:
                    np_ = _Para("table_note", context=cap.text)
                    for ln in note.lines:
                        _append_line(np_, ln, vocab)
                    target.append(np_)
                i = j
                continue
            (pending if is_open() else out).append(cap)
            i += 1
            continue
        if len(blk.lines) == 1 and _REFERENCES.match(blk.text.strip()):
            break  # a reference list is not content
        heading = blk.kind == "heading" or (
            _title_like(blk.text)
            and len(blk.lines) <= 2
            and nxt is not None
            and nxt.kind == "text"
            and nxt.long
            and nxt.text[:1].isupper()
            and not is_open()
        )
        if heading:
            close()
            h = _Para("heading")
            for ln in blk.lines:
                _append_line(h, ln, vocab)
            out.append(h)
            i += 1
            continue
        if blk.short and (is_open() or not (nxt is not None and nxt.kind == "text" and nxt.long)):
            # Figure label text: a run of short blocks.
            target = pending if is_open() else out
            if target and target[-1].kind == "figure_text":
                fig = target[-1]
            else:
                fig = _Para("figure_text")
                target.append(fig)
            label = _Para("figure_text")
            for ln in blk.lines:
                _append_line(label, ln, vocab)
            if fig.pieces:
                # Each source block is one label: labels are separated by a line break.
                text, line, page = label.pieces[0]
                label.pieces[0] = ("\n" + text, line, page)
            fig.pieces.extend(label.pieces)
            i += 1
            continue
        # Prose.
        if is_open() and open_para is not None:
            for ln in blk.lines:
                _append_line(open_para, ln, vocab)
        else:
            close()
            open_para = _Para("paragraph")
            for ln in blk.lines:
                _append_line(open_para, ln, vocab)
        i += 1
    close()
    return _assemble(doc_id, out)


def _assemble(doc_id: str, paras: list[_Para]) -> Document:
    builder = _Builder()
    blocks: list[Block] = []
    section = Path(doc_id).stem
    section_starts: list[tuple[str, int]] = []
    for para in paras:
        pieces = [(t, ln, pg) for t, ln, pg in para.pieces]
        # Figure labels were separated by trailing line breaks; trim the last one.
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if not pieces:
            continue
        text_joined = "".join(p[0] for p in pieces).strip()
        if not text_joined:
            continue
        if builder.length:
            last = blocks[-1].location if blocks else Location(1, 1)
            builder.add("\n\n", last.line_end, last.page)
        start = builder.length
        first = True
        for t, ln, pg in pieces:
            if first:
                t = t.lstrip()
                first = False
            builder.add(t, ln, pg)
        # Trailing spaces of the last piece are not part of the block.
        end = builder.length
        text_now = builder.text()
        while end > start and text_now[end - 1].isspace():
            end -= 1
        if para.kind == "heading":
            section = text_now[start:end]
            section_starts.append((section, start))
        lines = [p[1] for p in pieces if p[1] > 0] or [1]
        blocks.append(
            Block(
                kind=para.kind,
                start=start,
                end=end,
                section=section,
                location=Location(min(lines), max(lines), pieces[0][2]),
                fields=para.fields,
                context=para.context,
            )
        )
    text = builder.text()
    sections: list[Section] = []
    if not section_starts or (blocks and blocks[0].kind != "heading"):
        section_starts.insert(0, (Path(doc_id).stem, 0))
    for k, (title, start) in enumerate(section_starts):
        end = section_starts[k + 1][1] if k + 1 < len(section_starts) else len(text)
        sections.append(Section(title, start, end))
    from .abbrev import harvest

    return Document(
        doc_id=doc_id,
        path=doc_id,
        sha256="",
        text=text,
        blocks=tuple(blocks),
        sections=tuple(sections),
        line_runs=tuple(builder.runs),
        abbreviations=tuple(harvest(text)),
    )
