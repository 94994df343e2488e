"""Pure helpers of the record tables: column fitting, cell text, sort keys and export.

Nothing here touches a screen, so it can be tested (and reasoned about) on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.content import Content

from ...text.safe import neutralise
from ..widgets.render import shorten


@dataclass(frozen=True)
class Column:
    """A table column: the row key it shows, its heading, and how narrow and wide it may get.

    When the columns do not fit, they give way in proportion to ``1 / weight``: a column of
    weight 2 keeps twice the width of a column of weight 1 (down to its minimum).
    """

    key: str
    label: str
    minimum: int
    maximum: int
    weight: float = 1.0
    style: str = ""


def fit_widths(
    naturals: Sequence[int],
    minimums: Sequence[int],
    weights: Sequence[float],
    available: int,
) -> list[int]:
    """Column widths that fit ``available`` cells.

    Columns start at their natural width; while the total is too wide, the column that is widest
    for its weight loses a cell. Each column keeps at least its minimum: when even the minimums do
    not fit, the table scrolls sideways.
    """
    widths = [max(n, m) for n, m in zip(naturals, minimums, strict=True)]
    excess = sum(widths) - available
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > minimums[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i] / weights[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def typical_length(values: Iterable[str]) -> int:
    """The length that 90% of the non-empty ``values`` fit in (a rare long one does not count)."""
    lengths = sorted(len(" ".join(v.split())) for v in values if v.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, math.ceil(0.9 * len(lengths)) - 1)]


def fit_sentence(sentence: str, width: int, lines: int) -> str:
    """``sentence`` in quotes, cut at a word (with an ellipsis) to fit ``lines`` of ``width``."""

    def fits(text: str) -> bool:
        return len(Content(text).wrap(width)) <= lines

    quoted = f"“{' '.join(sentence.split())}”"
    if fits(quoted):
        return quoted
    low, high = 0, len(sentence)  # the longest cut that fits, by bisection
    while low < high:
        mid = (low + high + 1) // 2
        if fits(f"“{shorten(sentence, mid)}”"):
            low = mid
        else:
            high = mid - 1
    return f"“{shorten(sentence, low)}”" if low else "“…”"


def cell(value: str, style: str = "") -> Text:
    """A table cell: literal text, wrapped (never cut) when the column is narrow."""
    text = neutralise(" ".join(value.split()))
    return Text(text, style=style, overflow="fold", end="")


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def sort_key(value: str) -> tuple[int, float, str]:
    """Sort order for a cell: empty last, then by the first number in it, then by the text."""
    flat = " ".join(value.split()).casefold()
    if not flat:
        return (2, 0.0, "")
    m = _NUMBER.search(flat)
    if m is not None and m.start() < 3:
        return (0, float(m.group(0)), flat)
    return (1, 0.0, flat)


def table_csv(columns: Sequence[Column], rows: Sequence[dict[str, str]]) -> str:
    """The rows as CSV (a heading line, then one line per row)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in columns] + ["Sentence"])
    for row in rows:
        writer.writerow([" ".join(row[c.key].split()) for c in columns] + [row["sentence"]])
    return out.getvalue()


def table_markdown(title: str, columns: Sequence[Column], rows: Sequence[dict[str, str]]) -> str:
    """The rows as a Markdown table (cells escaped: pipes, brackets and line breaks)."""
    from ..widgets.render import md_escape

    def esc(value: str) -> str:
        return md_escape(value).replace("|", "\\|")

    head = [c.label for c in columns] + ["Sentence"]
    lines = [f"# {md_escape(title)}", "", "| " + " | ".join(head) + " |"]
    lines.append("|" + "---|" * len(head))
    for row in rows:
        cells = [esc(row[c.key]) for c in columns] + [esc(row["sentence"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def with_source(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``rows`` with a "source" value: the lines, then the section ("1213-1217 · Major ...").

    The lines come first so that they stay visible when a narrow column cuts the section.
    """
    return [{**row, "source": f"{row['lines']} · {row['section']}"} for row in rows]
