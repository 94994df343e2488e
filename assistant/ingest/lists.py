"""Lists the page layout read as a table: a list set in columns ("• dizziness   • shortness
of breath") becomes the list it is, column by column."""

from __future__ import annotations

import re

from .text import _Line

#: A cell that is a list item: it opens with a bullet.
_ITEM_CELL = re.compile(r"^[•●▪◦‣∙]\s")
#: A cell that goes on with the item above it: it opens in lower case, a bracket or a quote.
GOES_ON = re.compile(r"^[a-z“\"(]")


def list_columns(lines: list[_Line]) -> list[_Line]:
    """Lines with each list set in columns ("• dizziness   • shortness of breath") read as
    the list it is, column by column, instead of as table rows.

    A run of table lines is such a list when its lines of two or more cells number at least
    two and most of their cells open with a bullet; each column's cells become lines of their
    own, top to bottom (a cell without a bullet goes on with the item above it), one column
    after the other; the run's lines of one cell (the sentence opening the list, the one after
    it) become running text where they stand.
    """
    out: list[_Line] = []
    k = 0
    while k < len(lines):
        if lines[k].kind != "table":
            out.append(lines[k])
            k += 1
            continue
        end = k
        while end < len(lines) and lines[end].kind == "table":
            end += 1
        run = lines[k:end]
        multi = [ln for ln in run if len(ln.cells) >= 2]
        cells = [c for ln in multi for c in ln.cells if c.strip()]
        items = sum(1 for c in cells if _ITEM_CELL.match(c))
        # a row of several cells without a bullet is a header or a row of values: a table;
        # unless each of them goes on in lower case, as the wrapped items of a list do
        headed = any(
            not any(_ITEM_CELL.match(c) for c in ln.cells)
            and not all(GOES_ON.match(c) for c in ln.cells if c.strip())
            for ln in multi
        )
        if len(multi) < 2 or items < 0.6 * len(cells) or headed:
            out.extend(run)
        else:
            out.extend(_by_column(run))
        k = end
    return out


def _by_column(run: list[_Line]) -> list[_Line]:
    """The run's lines with each stretch of multi-cell lines read column by column."""
    out: list[_Line] = []
    stretch: list[tuple[_Line, tuple[str, ...]]] = []

    def flush(end: bool = True) -> None:
        if not stretch:
            return
        width = max(len(cells) for _, cells in stretch)
        for col in range(width):
            for ln, cells in stretch:
                if col < len(cells) and cells[col].strip():
                    out.append(_cell_line(ln, cells[col]))
        if end:  # a blank line ends the list: the text after it is not more of its last item
            out.append(_cell_line(stretch[-1][0], ""))
        stretch.clear()

    for ln in run:
        text = ln.cells[0] if ln.cells else ln.text
        if stretch and ln.page != stretch[-1][0].page:
            flush(end=False)  # a page's columns are read before the next page's
        if len(ln.cells) >= 2 or (stretch and _ITEM_CELL.match(text)):
            stretch.append((ln, ln.cells))  # a row of one item: the first column's
        elif stretch and text[:1].islower():
            # the last line of an item wrapped in some column ("legs"): the empty cells of an
            # unruled table are left out, so it goes with the unfinished cell above it
            above = stretch[-1][1]
            col = _unfinished_column(above)
            stretch.append((ln, ("",) * col + (text,)))
        else:
            flush()
            out.append(_cell_line(ln, text))
    flush()
    return out


#: A cell that stops mid-phrase ("... in your arms or"): the next line goes on with it.
_UNFINISHED = re.compile(r"(?:\b(?:or|and|of|the|with|to|in|for|a|an)|,)\s*$", re.I)


def _unfinished_column(cells: tuple[str, ...]) -> int:
    """The column whose cell a wrapped line goes on with: the last one that stops
    mid-phrase, else the last one."""
    for col in range(len(cells) - 1, -1, -1):
        if _UNFINISHED.search(cells[col]):
            return col
    return max(0, len(cells) - 1)


def _cell_line(ln: _Line, text: str) -> _Line:
    """A line of running text made of one cell of table line ``ln`` (same page and line)."""
    return _Line(text.strip(), ln.line, ln.page, False, False, "", (), ln.size)
