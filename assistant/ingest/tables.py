"""Tables: rows that keep their column names.

Three sources: a table the PDF layout found (rows of cells), a Markdown pipe table, and the
flattened text of a table after its caption (the review's Table II: rows end in an NCT number).
A table whose rows cannot be recovered (most "rows" are pieces of wrapped cells) is kept as one
``table_text`` block of its lines instead (:func:`collapse_soups`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .blocks import _Raw
from .text import _append_line, _Line, _Para, _Vocab

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
#: A table's title row ("Table 2: ...", "Table2. ..." as some journals set it), with its number.
_TITLE = re.compile(r"^Table\s*(\d+|[IVXLC]+)[.:]")


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


def _numeric(cell: str) -> bool:
    return bool(re.search(r"\d", cell)) and len(re.sub(r"[\d\s.,·%()\[\]–—<>≤≥=+/-]", "", cell)) < 4


def _is_header(cells: tuple[str, ...]) -> bool:
    return sum(1 for c in cells if c) >= 2 and not any(_numeric(c) for c in cells[1:])


def _continues_label(cells: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    """A one-cell row that wraps the first cell of the row above ("Skin microfilariae density
    across all | 38·8 | 41·2" then "participants", "≥18 year-olds"): not a number."""
    if len(cells) != 1 or len(previous) < 2 or _numeric(cells[0]):
        return False
    first = cells[0][:1]
    return (first.islower() or first in "≥≤<>0123456789") and not re.search(r"[↑↓]", cells[0])


def _continues_cell(cells: tuple[str, ...], previous: tuple[str, ...], page_break: bool) -> int:
    """Rows aligned to the same columns (a ruled table) where the first row of a page holds
    one cell, starting in lower case, in the column of the last cell of the row before it:
    that cell running on over the page break. Its column, else -1."""
    if not page_break or len(cells) != len(previous) or len(cells) < 2:
        return -1
    filled = [j for j, c in enumerate(cells) if c]
    last = max((j for j, c in enumerate(previous) if c), default=-1)
    if len(filled) != 1 or filled[0] != last or not cells[last][:1].islower():
        return -1
    return last


def _row_parts(block: _Raw) -> list[tuple[tuple[str, ...], list[_Line]]]:
    """Rows of a layout table as (cells, source lines in reading order): a wrapped row label
    joins its row, placed after the label's first line and before the row's values; a cell
    that runs on over a page break joins its row."""
    rows: list[tuple[tuple[str, ...], list[_Line]]] = []
    values_at: list[int] = []  # per row: index of the part holding the values
    page: int | None = None
    for ln in block.lines:
        cells = ln.cells or (ln.text,)
        broken, page = page is not None and ln.page != page, ln.page
        col = _continues_cell(cells, rows[-1][0], broken) if rows else -1
        if col >= 0:
            prev_cells, parts = rows[-1]
            parts.append(_Line(ln.text, ln.line, ln.page, False, False))
            merged = prev_cells[col] + " " + cells[col]
            rows[-1] = ((*prev_cells[:col], merged, *prev_cells[col + 1 :]), parts)
            continue
        if not rows or not _continues_label(cells, rows[-1][0]):
            rows.append((cells, [_Line(ln.text, ln.line, ln.page, False, False)]))
            values_at.append(-1)
            continue
        prev_cells, parts = rows[-1]
        cont = _Line(cells[0], ln.line, ln.page, False, False)
        if values_at[-1] < 0 and parts[0].text.startswith(prev_cells[0] + " "):
            head = parts[0]
            values = head.text[len(prev_cells[0]) :].strip()
            parts[0] = _Line(prev_cells[0], head.line, head.page, False, False)
            parts.append(_Line(values, head.line, head.page, False, False))
            values_at[-1] = 1
        if values_at[-1] < 0:
            parts.append(cont)
        else:
            parts.insert(values_at[-1], cont)
            values_at[-1] += 1
        rows[-1] = ((prev_cells[0] + " " + cells[0], *prev_cells[1:]), parts)
    return rows


def _fields(header: tuple[str, ...], cells: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(column, value) pairs of a row with the header's number of cells; empty cells are left
    out, and a value under an unnamed column (a stub column) means no pairs at all."""
    if not header or cells is header or len(cells) != len(header):
        return ()
    pairs = tuple((name, value) for name, value in zip(header, cells, strict=True) if value)
    return pairs if all(name for name, _ in pairs) else ()


def layout_rows(block: _Raw, caption: str, vocab: _Vocab) -> list[_Para]:
    """One table_row per layout row. A one-cell row "Table N: ..." is the table's title: it is
    kept as a row and names the table for the rows after it (and a new table starts there).
    The first row after it (or of the block), when it has no numbers, names the columns; a row
    with the header's number of cells gets (column, value) fields. A wrapped row label stays
    with its row. Rows under an unnamed column carry the column names in their context."""
    rows: list[_Para] = []
    header: tuple[str, ...] = ()
    started = False  # a row other than the title has been read
    for cells, parts in _row_parts(block):
        filled = [c for c in cells if c]
        if len(filled) == 1 and _TITLE.match(filled[0]):
            caption, header, started = " ".join(filled[0].split()), (), False
        elif not started and _is_header(cells):
            header = cells
        started = started or not _TITLE.match(" ".join(filled))
        para = _Para("table_row", context=caption or " | ".join(h for h in header if h))
        for part in parts:
            _append_line(para, part, vocab)
        para.fields = _fields(header, cells)
        if header and cells is not header and not para.fields and any(not h for h in header):
            para.context = " | ".join(p for p in (caption, *header) if p)
        rows.append(para)
    return rows


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def pipe_cells(text: str) -> tuple[str, ...]:
    """Cells of a Markdown pipe-table row."""
    inner = text.strip().strip("|")
    return tuple(c.strip() for c in inner.split("|"))


def is_pipe_row(text: str) -> bool:
    return bool(_PIPE_ROW.match(text))


def is_pipe_rule(text: str) -> bool:
    return bool(_PIPE_RULE.match(text)) and "-" in text


# A table whose rows cannot be recovered (issue 10): a landscape evidence table read line by
# line gives one "row" per printed line, most of them pieces of wrapped cells ("weeks",
# "Type,", "2017 [48] (Europe) CG: ET +"). Each would be a passage of its own that says
# nothing; the table is kept as one block of lines instead (kind "table_text").

#: A line that continues a wrapped cell: it starts in lower case, with "×" or an arrow.
_CONTINUES = re.compile(r"^[a-z×↑↓]")
#: A line that runs on into the next one: it ends with a joiner or an open bracket.
_RUNS_ON = re.compile(r"[+,;:(↑↓–-]$")
#: What makes a one- or two-word line a piece of a cell rather than a row label ("24 weeks",
#: "TUG7", "CG 2:", "40.2)"); a short label in words only ("Sex*", "Alcohol", "Exercise type")
#: is a section row of a good table.
_PIECE_MARK = re.compile(r"[\d↑↓:;,()]")
#: The share of fragments from which a table is word soup. Measured over every table of the six
#: documents (eval/cleaning.py, fragment_rows): good tables have at most 0.25 (nutrients Table 3
#: "Cont." with its footnote lines), the pages of the nutrients Table 1 0.40 and more.
SOUP_SHARE = 1 / 3
#: Fewer rows than this are too few to judge (a two-row table with one odd line).
SOUP_MIN_ROWS = 5


def fragment_row(text: str) -> bool:
    """A table row that is a piece of a wrapped cell, not a row: a line continuing a cell, a
    line running on into the next, or one or two words holding a digit or a mark."""
    flat = text.strip()
    if len(flat.split()) <= 2 and _PIECE_MARK.search(flat):
        return True
    return bool(_CONTINUES.match(flat) or _RUNS_ON.search(flat))


def word_soup(rows: Sequence[tuple[str, bool]]) -> bool:
    """Whether a table's rows, as (text, has fields), cannot be recovered: at least
    :data:`SOUP_MIN_ROWS` rows, fewer than half with column fields (a ruled table read cell by
    cell keeps its rows), and at least :data:`SOUP_SHARE` of them fragments."""
    if len(rows) < SOUP_MIN_ROWS or 2 * sum(1 for _, f in rows if f) >= len(rows):
        return False
    return sum(1 for text, _ in rows if fragment_row(text)) >= SOUP_SHARE * len(rows)


def table_runs(items: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """The tables of a sequence of (kind, context) blocks as [start, end) index ranges: runs of
    table rows of one context, with the figure text between them (a page the layout read as a
    table in parts, figure lines in between). Figure text before the first row or after the
    last is left out."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(items):
        kind, context = items[i]
        if kind != "table_row":
            i += 1
            continue
        last = i
        j = i + 1
        while j < len(items) and items[j][0] in ("table_row", "figure_text"):
            if items[j][0] == "table_row":
                if items[j][1] != context:
                    break
                last = j
            j += 1
        runs.append((i, last + 1))
        i = last + 1
    return runs


def _page(para: _Para, last: bool = False) -> int | None:
    return para.pieces[-1 if last else 0][2] if para.pieces else None


def _extent(paras: list[_Para], start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The run widened over figure text on the page of its first row (before it, not below
    ``lo``) and of its last row (after it, not at or above ``hi``): the header lines and last
    lines of a table the layout took for figure text."""
    page = _page(paras[start])
    while start > lo and paras[start - 1].kind == "figure_text" and _page(paras[start - 1]) == page:
        start -= 1
    page = _page(paras[end - 1], last=True)
    while end < hi and paras[end].kind == "figure_text" and _page(paras[end]) == page:
        end += 1
    return start, end


def _caption_before(paras: list[_Para], start: int) -> int:
    """The index of the table caption on the page of ``paras[start]`` before it, past figure
    text and headings (a column name set like a heading cuts a table from its caption), else
    -1."""
    page = _page(paras[start])
    k = start - 1
    while k >= 0 and paras[k].kind in ("figure_text", "heading") and _page(paras[k]) == page:
        k -= 1
    if k >= 0 and paras[k].kind == "caption" and _page(paras[k]) == page:
        return k
    return -1


def _table_text(paras: list[_Para], context: str) -> _Para:
    """One block of the lines of ``paras``, one source line a line, in reading order; words
    joined over a hyphenated line break stay joined."""
    block = _Para("table_text", context=context)
    for para in paras:
        for k, (text, line, page) in enumerate(para.pieces):
            if not text.strip():
                continue
            if block.pieces and (k == 0 or text[:1].isspace()):
                text = "\n" + text.lstrip()
            block.pieces.append((text, line, page))
    return block


def collapse_soups(paras: list[_Para]) -> list[_Para]:
    """Each table of ``paras`` whose rows cannot be recovered (:func:`word_soup`) becomes one
    ``table_text`` block holding its rows and the figure text among and around them; its
    caption stays its context. Other blocks are returned as they are."""
    runs = table_runs([(p.kind, p.context) for p in paras])
    out: list[_Para] = []
    done = 0
    for n, (start, end) in enumerate(runs):
        rows = [p for p in paras[start:end] if p.kind == "table_row"]
        if not word_soup([(r.text, bool(r.fields)) for r in rows]):
            continue
        hi = runs[n + 1][0] if n + 1 < len(runs) else len(paras)
        start, end = _extent(paras, start, end, done, hi)
        context = rows[0].context
        cap = -1 if context else _caption_before(paras, start)
        if cap >= done:
            # the lines between the caption and the rows (a column name read as a heading
            # among them) are the table's too
            context, start = paras[cap].text, cap + 1
        out.extend(paras[done:start])
        out.append(_table_text(paras[start:end], context))
        done = end
    out.extend(paras[done:])
    return out
