"""Tables: rows that keep their column names.

Three sources: a table the PDF layout found (rows of cells), a Markdown pipe table, and the
flattened text of a table after its caption (the review's Table II: rows end in an NCT number).
"""

from __future__ import annotations

import re

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
#: A table's title row ("Table 2: ...", "Table2. ..." as some journals set it).
_TITLE = re.compile(r"^Table\s*(?:\d+|[IVXLC]+)[.:]")


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
