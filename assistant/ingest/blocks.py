"""Grouping cleaned lines into raw blocks: paragraphs, captions, headings, tables, figure text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.sentences import BULLETS
from .text import _CAPTION, _Line, _terminal

#: Standard section names standing alone on a line: a heading whatever the font says.
_SECTION_NAME = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:abstract|summary|introduction|background|methods?|"
    r"materials and methods|"
    r"results|discussion|conclusions?|references|bibliography|acknowledge?ments?|funding|"
    r"conflicts? of interests?|author contributions|contributors|declaration of interests|"
    r"data availability(?: statement)?|"
    r"supplementary materials|abbreviations)\.?$",
    re.I,
)
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.)\s+[A-Z][^.]{1,80}$")


@dataclass
class _Raw:
    lines: list[_Line]
    kind: str = "text"  # text | item | caption | heading | table | figure | box | box_heading

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def short(self) -> bool:
        """A few lines without a finished sentence: figure labels, not prose."""
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


def _bare_title(text: str) -> bool:
    """A few words with no number or colon ("Elimination", "Hepatic Impairment")."""
    return len(text.split()) <= 5 and not re.search(r"[\d:]", text)


def _title_break(lines: list[_Line], k: int) -> bool:
    """A short title-like PDF line after a finished sentence and before a capitalised line."""
    ln = lines[k]
    prev = lines[k - 1].text if k else ""
    nxt = lines[k + 1].text if k + 1 < len(lines) else ""
    return (
        bool(ln.text)
        and _title_like(ln.text)
        and len(ln.text.split()) <= 8
        and (not prev or _terminal(prev))
        and nxt[:1].isupper()
    )


#: A section number opening a title ("2.", "1.1.", "2.3 ", "14 CLINICAL STUDIES").
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")
#: A list item's first line in a PDF: a bullet glyph, then its text ("•  Assess renal ...").
BULLET_ITEM = re.compile(rf"^[{BULLETS}]\s")
#: A list item's first line in Markdown ("* item", "- item", "2. item", indented or not).
MARKDOWN_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,3}[.)])\s+\S")
_LAYOUT_KINDS = {
    "heading": "heading",
    "table": "table",
    "figure": "figure",
    "box": "box",
    "box_heading": "box_heading",
}


def _raw_blocks(lines: list[_Line], markdown: bool, pdf: bool = False) -> list[_Raw]:
    """Group lines into blank-line separated blocks; captions and '#' headings stand alone.

    Lines the PDF layout already classed (heading, table row, figure text, a shaded panel's
    text and headings) form blocks of their kind; each panel heading stands alone. PDF text has
    no blank lines between paragraphs, so there a short title-like line after a finished
    sentence (or at the top of a page) and before a capitalised line, or a numbered title
    ("2.3 Statistical analysis"), is its own block.
    """
    blocks: list[_Raw] = []
    current: list[_Line] = []

    def item(ln: _Line) -> bool:
        return bool(
            (pdf and BULLET_ITEM.match(ln.text)) or (markdown and MARKDOWN_ITEM.match(ln.text))
        )

    def after_item(ln: _Line) -> bool:
        # after a list item (no full stop needed) only the next section's number opens a
        # title: "• to drink at least" / "2 L of water each day" is the item going on
        if not (current and item(current[0])):
            return False
        numbers = [b.lines[0].text for b in blocks if b.kind == "heading"]
        return _next_number(numbers[-1] if numbers else "", ln.text)

    def flush() -> None:
        if current:
            # a list item is a block of its kind: prose of its own, finished sentence or not
            blocks.append(_Raw(list(current), "item" if item(current[0]) else "text"))
            current.clear()

    for k, ln in enumerate(lines):
        layout = _LAYOUT_KINDS.get(ln.kind)
        if ln.kind == "figure" and _SECTION_NAME.match(ln.text) and not _column_name(lines, k):
            layout = "heading"  # a section name in small print (a journal's back matter)
        if layout is not None and ln.text:
            flush()
            if (
                blocks
                and blocks[-1].kind == layout
                and layout != "box_heading"
                and (layout != "heading" or _same_heading(blocks[-1], ln, _at_top(blocks)))
            ):
                blocks[-1].lines.append(ln)
            else:
                blocks.append(_Raw([ln], layout))
        elif pdf and (_title_break(lines, k) or _heading_at(lines, k, after_item(ln))):
            heading = _heading_at(lines, k, after_item(ln))
            flush()
            blocks.append(_Raw([ln], "heading" if heading else "text"))
        elif not ln.text:
            flush()
        elif item(ln) or (
            pdf
            and current
            and item(current[0])
            and _terminal(current[-1].text)
            and ln.text[:1].isupper()
        ):
            # a list item starts a block, not a piece of the one before it; after an item's
            # finished sentence, a capitalised line is the text after the list
            flush()
            current.append(ln)
        elif _CAPTION.match(ln.text):
            flush()
            blocks.append(_Raw([ln], "caption"))
        elif not pdf and not markdown and _plain_heading(lines, k):
            flush()
            blocks.append(_Raw([ln], "heading"))
        elif markdown and re.match(r"#{1,6}\s", ln.text):
            flush()
            head = _Line(ln.text.lstrip("#").strip(), ln.line, ln.page, False, False)
            blocks.append(_Raw([head], "heading"))
        else:
            current.append(ln)
    flush()
    return _split_tails(blocks)


def _column_name(lines: list[_Line], k: int) -> bool:
    """A small-print "References" that names a table column: no numbered entry follows."""
    if not lines[k].text.lower().startswith("references"):
        return False
    nxt = lines[k + 1].text if k + 1 < len(lines) else ""
    return not re.match(r"\s*(?:\[1\]|1\.?)\s+[A-Z]", nxt)


def _heading_at(lines: list[_Line], k: int, after_item: bool = False) -> bool:
    """A section name, or a numbered title not continuing an unfinished sentence ("... and
    SPSS" / "16.0. For dichotomous variables" is text). A list item need not end in a full
    stop ("• uric acid level" / "2.4 Recommended Dosage"), so after one a numbered title that
    is the next section's number (``after_item``) is a heading; so is one after a line of a
    table or figure (a table's footnote: "*Graded per ... v4.03" / "2.6 Administration")."""
    text = lines[k].text
    if _SECTION_NAME.match(text):
        return True
    if not _NUMBERED_HEADING.match(text):
        return False
    prev = lines[k - 1] if k else None
    return (
        prev is None
        or not prev.text
        or _terminal(prev.text)
        or prev.kind in ("heading", "figure", "table")  # no sentence of the text goes on
        or after_item
    )


def _plain_heading(lines: list[_Line], k: int) -> bool:
    """In a plain-text file, a numbered title on a line of its own between blank lines ("2.
    Methods", "3.4 Safety"): a heading, whatever follows it (a subsection's title, a table).
    Not an item of a numbered list: after a line ending in ":", or next to its sibling ("1.
    Take one tablet ..." / "2. Continue for 7 days", each a line of its own)."""
    text = lines[k].text
    alone = (k == 0 or not lines[k - 1].text) and (k + 1 == len(lines) or not lines[k + 1].text)
    if not (alone and _NUMBERED_HEADING.match(text) and _title_like(text)):
        return False
    before = next((ln.text for ln in reversed(lines[:k]) if ln.text), "")
    after = next((ln.text for ln in lines[k + 1 :] if ln.text), "")
    if before.rstrip().endswith(":"):
        return False
    number = _number(text)
    return not any(
        (n := _number(other)) is not None
        and number is not None
        and len(n) == len(number)
        and n[:-1] == number[:-1]
        and abs(n[-1] - number[-1]) == 1
        for other in (before, after)
    )


def _number(text: str) -> list[int] | None:
    """The section number a line starts with ("3.4 Safety" -> [3, 4]), else None."""
    m = re.match(r"(\d{1,2}(?:\.\d{1,2})*)\.?\s", text)
    return [int(x) for x in m.group(1).split(".")] if m else None


def _next_number(before: str, title: str) -> bool:
    """Whether ``title``'s section number follows ``before``'s (2.3 -> 2.4, 2.3 -> 3, 2 ->
    2.1); with no numbered title before, a two-level number ("2.4 Recommended Dosage") is
    enough."""
    m = re.match(r"\d{1,2}(?:\.\d{1,2})*", before)
    n = re.match(r"\d{1,2}(?:\.\d{1,2})+\.?\s", title)
    if n is None:
        n = re.match(r"\d{1,2}(?:\.\d{1,2})*", title)
        if m is None or n is None:
            return False
    b = [int(x) for x in re.findall(r"\d+", n.group())]
    if m is None:
        return len(b) >= 2
    a = [int(x) for x in m.group().split(".")]
    return any(b == a[:i] + [a[i] + 1] for i in range(len(a))) or b == a + [1]


def _same_heading(block: _Raw, ln: _Line, top: bool = False) -> bool:
    """A heading wrapped over lines: same page, next line, no more than three lines. At the
    ``top`` of the first page (the title) any number of lines in one font size join, so a
    title set over four lines is one heading; a section name ("Summary") never joins it."""
    last = block.lines[-1]
    if last.page != ln.page or ln.line != last.line + 1:
        return False
    if top and ln.size > 0 and abs(ln.size - last.size) < 0.15:
        return not _SECTION_NAME.match(ln.text)
    if ln.size > 0 and last.size > 0 and abs(ln.size - last.size) >= 0.15:
        return False  # a wrapped heading keeps its font size: "1. Introduction", "1.1. Version"
    if _SECTION_NUMBER.match(ln.text):
        return False  # a numbered title starts a heading of its own
    return len(block.lines) < 3


def _at_top(blocks: list[_Raw]) -> bool:
    """Still at the top of page 1: no block of running text (a paragraph) yet."""
    return all(b.kind == "heading" or not b.long for b in blocks) and all(
        ln.page in (None, 1) for b in blocks for ln in b.lines
    )


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
