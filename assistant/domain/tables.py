"""Dosage and adverse-reaction tables: ``table_row`` chunks become records.

A *table* is a run of ``table_row`` chunks in reading order with no prose chunk between them
(rows repeated by overlapping chunks are read once); a row starting with "Table N" starts a new one.
Each row is split into a *label* and trailing *cells* (numbers, "n (p%)", "<1%", with footnote
marks). Rows without cells are headers and set the column layout:

* arm headers - every word a drug of the document or an arm word ("Moxidectin Ivermectin
  Moxidectin Ivermectin"); a single drug ("AUGTYRO") is the arm of every column;
* population headers - :data:`lexicon.POPULATION_HEADERS` ("All participants Adolescents"), each
  spanning an equal share of the columns;
* grade headers - :data:`lexicon.GRADE_WORDS` ("All Grades Grade 3 or 4"), one per column; a
  "(%)" header makes bare numbers percentages;
* anything else is a pending label: an effect whose grades follow as rows ("Serious adverse
  events" then "Any grade ...", "1 ...", "2 ..."), or a system-organ-class heading.

Adverse-event tables (a caption, header or label with :data:`lexicon.ADVERSE_TABLE_WORDS`) give one
:class:`AdverseEffect` per numeric cell: the row's effect (footnote letters removed when the
document spells the word without them), the column's arm, population and grade, and the cell as
its frequency. Dose-reduction tables are read by :mod:`assistant.domain.labels`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..records import AdverseEffect, Chunk
from . import lexicon
from .sentences import source

_NUMBER = r"(?:<|≤|>|≥)?\d+(?:[.·]\d+)?"
_CELL = rf"{_NUMBER}%?(?:\s*[(\[]{_NUMBER}%?[)\]])?[†‡*§¶]*"
_CELLS = re.compile(rf"(?:(?<=\s)|^)((?:{_CELL})(?:\s+{_CELL})*)\s*$")
_CELL_ONE = re.compile(_CELL)
_TABLE_START = re.compile(r"^Table\s+\d+", re.IGNORECASE)
_N_ROW = re.compile(r"^\(?N\s*=\s*\d+\)?$", re.IGNORECASE)
_PCT_HEADER = re.compile(r"^(?:\(%\)\s*)+$")
_GRADE_DIGIT = re.compile(r"^[1-5]$")
_NOT_BEFORE_CELLS = frozenset(
    {"grade", "grades", "or", "and", "to", "than", "within", "of", "in", "for", "v", "day", "days"}
)
_FLAT = re.compile(rf"[A-Za-z][^\d<≤>≥]*?(?:\s+{_CELL})+(?=\s+[A-Za-z]|\s*$)")
_FLAT_SHARE = 0.7
_FLAT_MIN = 3
_FLAT_WORDS = 8
_HEADING_END = re.compile(
    r"^.*\b(?:" + "|".join(lexicon.GROUP_HEADINGS) + r")\s+(?=[A-Z])", re.IGNORECASE
)
_FOOTNOTE_MARKS = re.compile(r"[*†‡§¶ª]+$|(?<=[A-Za-z])\d+$")
#: A column of percentages: "(%)" not after "n" or "No." ("n (%)" columns count people), or a
#: "%" that ends the column's name ("Placebo (N=829) %").
_PERCENT_NAME = re.compile(r"(?<![nN]\s)(?<![nN])(?<!No\.\s)(?<!no\.\s)(?:\(%\)|(?<=[\s,])%\s*$)")
#: Footnote letters the cleaning bracketed ("Dizziness[a]", "Rash[b,c]").
_BRACKETED_MARKS = re.compile(r"\[[a-z](?:,\s*[a-z])*\]")


@dataclass
class Row:
    """One table row: label and cells, with the chunk it came from."""

    chunk: Chunk
    label: str
    cells: list[str]


@dataclass
class _Layout:
    arms: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    percent: bool = False
    pending: str = ""
    adverse: bool = False


def split_row(text: str) -> tuple[str, list[str]]:
    """A row's label and its trailing numeric cells: "Dizzinessa 63 1.9" -> ("Dizzinessa", [..])."""
    text = " ".join(text.split())
    m = _CELLS.search(text)
    if not m:
        return text, []
    label = text[: m.start(1)].strip()
    last = label.split()[-1:]
    whole = label.lower() in lexicon.GRADE_WORDS
    if last and last[0].lower() in _NOT_BEFORE_CELLS and not whole:
        return text, []  # "Grade 3 or 4", "resolve within 4": words, not cells
    cells = [c.group(0) for c in _CELL_ONE.finditer(m.group(1))]
    return label, cells


def flat_rows(chunk: Chunk) -> list[Row]:
    """Rows of a chunk whose lines are table rows run together ("Nausea 19 0.4 Diarrhea 13 0.4").

    Read as rows when the chunk *starts* with at least :data:`_FLAT_MIN` such rows in a row, each
    label at most :data:`_FLAT_WORDS` words (prose is longer), or when such rows make up
    :data:`_FLAT_SHARE` of its text; what follows the rows (footnotes) is left out. Else [].
    """
    rows: list[Row] = []
    covered = 0
    leading = True
    for line in chunk.text.splitlines():
        end = 0
        for m in _FLAT.finditer(line):
            label, cells = split_row(m.group(0))
            head = _strip_heading(label)
            if not cells or len(head.split()) > _FLAT_WORDS or line[end : m.start()].strip():
                leading = leading and len(rows) >= _FLAT_MIN
                break
            rows.append(Row(chunk, head, cells))
            covered += len(m.group(0))
            end = m.end()
    if len(rows) >= _FLAT_MIN and leading:
        return rows
    return rows if covered >= _FLAT_SHARE * len(" ".join(chunk.text.split())) else []


def _strip_heading(label: str) -> str:
    """A label without a run-in group heading: "General Disorders Fatiguei" -> "Fatiguei"."""
    m = _HEADING_END.search(label)
    return label[m.end() :].strip() if m else label


def tables(chunks: Sequence[Chunk]) -> Iterator[list[Row]]:
    """The tables of ``chunks`` (module docstring), one list of rows each, in reading order."""
    ordered = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.ordinal))
    seen: set[tuple[str, int, str]] = set()
    run: list[Row] = []
    for chunk in ordered:
        key = (chunk.doc_id, chunk.start, chunk.text)
        if key in seen:
            continue
        seen.add(key)
        flat = flat_rows(chunk) if chunk.kind != "table_row" and run else []
        if flat:
            run.extend(flat)
            continue
        if (
            chunk.kind != "table_row"
            or _TABLE_START.match(chunk.text)
            or (run and run[-1].chunk.doc_id != chunk.doc_id)
        ):
            if run:
                yield run
            run = []
            if chunk.kind != "table_row":
                continue
        run.extend(_rows(chunk))
    if run:
        yield run


def _rows(chunk: Chunk) -> list[Row]:
    """The rows of a ``table_row`` chunk: one, or a header and a row when the layout engine ran
    header lines into the first row ("... All Grades Grade 3 or 4 (%) (%) Nervous System
    Disorders Dizzinessa 63 1.9")."""
    label, cells = split_row(chunk.text)
    if len(label.split()) > 6 and cells:
        head = _strip_heading(label)
        return [Row(chunk, label[: len(label) - len(head)].strip(), []), Row(chunk, head, cells)]
    return [Row(chunk, label, cells)]


def _grade_list(text: str) -> list[str]:
    """Grades named in a header, in order: "All Grades Grade 3 or 4" -> ["any", "3-4"]."""
    low = text.lower()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for words in sorted(lexicon.GRADE_WORDS, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", low):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), lexicon.GRADE_WORDS[words]))
    return [g for _, g in sorted(found)]


def _header(layout: _Layout, label: str, drugs: dict[str, str]) -> None:
    """Update the column layout from a row without cells (module docstring)."""
    low = label.lower()
    words = re.findall(r"[a-z][a-z-]*", low)
    if _N_ROW.match(label) or not words:
        layout.percent = layout.percent or bool(_PCT_HEADER.match(label))
        return
    if any(w in low for w in lexicon.ADVERSE_TABLE_WORDS):
        layout.adverse = True
    arm_words = set(drugs) | set(lexicon.ARM_WORDS)
    if all(re.sub(r"\d+$", "", w) in arm_words for w in words):
        layout.arms = [drugs.get(w, w) for w in words]
        return
    pops = [p for p in lexicon.POPULATION_HEADERS if p in low]
    if pops and len(" ".join(pops)) >= len(low) * 0.6:
        layout.populations = sorted(pops, key=low.index)
        return
    grades = _grade_list(label)
    if grades and len(grades) >= 2:
        layout.grades = grades
        return
    layout.pending = label


def clean_label(label: str, vocabulary: str) -> str:
    """An effect label without footnote marks: "Dizzinessa" -> "Dizziness" when the document
    (``vocabulary``, lower case) uses "dizziness"; "Dysgeusia c" and "Dysgeusia[b]" ->
    "Dysgeusia"."""
    label = _FOOTNOTE_MARKS.sub("", _BRACKETED_MARKS.sub("", label).strip()).strip()
    parts = label.split()
    if len(parts) > 1 and len(parts[-1]) == 1 and parts[-1].islower():
        parts = parts[:-1]
    if parts:
        last = parts[-1]
        if len(last) > 4 and last[-1].islower() and last[-1].isalpha():
            whole = len(re.findall(rf"\b{re.escape(last.lower())}\b", vocabulary))
            cut = len(re.findall(rf"\b{re.escape(last[:-1].lower())}\b", vocabulary))
            if cut > whole:
                parts[-1] = last[:-1]
    return " ".join(parts)


def _percent(cell: str, percent: bool) -> str:
    """A cell as a frequency: "63" under a "(%)" header -> "63%"; "967 (99%)" unchanged."""
    cell = cell.rstrip("†‡*§¶")
    if percent and "%" not in cell and "(" not in cell:
        return cell + "%"
    return cell


def _column(values: list[str], i: int, n: int) -> str:
    """The value of column ``i`` of ``n`` when ``values`` span the columns in equal shares."""
    if not values or n % len(values):
        return values[0] if len(values) == 1 else ""
    return values[i // (n // len(values))]


def _field_arms(row: Row, drugs: dict[str, str]) -> list[str]:
    """The arm of each value column when the row's column names name one ("Metformin
    Hydrochloride (n=141)", "Placebo (n=145)": a drug of the document or an arm word), one per
    cell; else []."""
    named = [name.lower() for name, _ in row.chunk.fields[1:]]
    if len(named) != len(row.cells) or len(named) < 2:
        return []
    arms = []
    for name in named:
        words = re.findall(r"[a-z][a-z-]*", name)
        named_arms = {drugs.get(w, w) for w in words if w in drugs or w in lexicon.ARM_WORDS}
        if len(named_arms) != 1:
            return []  # no arm, or a combination ("Glipizide + Metformin"): not told apart
        arms.append(named_arms.pop())
    return arms if len(set(arms)) > 1 else []


def _row_effects(
    row: Row, layout: _Layout, effect: str, grade: str, drugs: dict[str, str] | None = None
) -> list[AdverseEffect]:
    """One record per cell of an adverse-event row."""
    cells = row.cells
    n = len(cells)
    c = row.chunk
    # columns named "... (%)" hold percentages ("AUGTYRO N=264 All Grades (%)": 63 -> 63%)
    named = [name for name, _ in c.fields[1:]]
    percent = layout.percent or (len(named) == n and all(_PERCENT_NAME.search(x) for x in named))
    # columns named by arm ("Metformin ... (n=141)", "Placebo (n=145)") when no header row did
    arms = layout.arms or _field_arms(row, drugs or {})
    out = []
    for i, cell in enumerate(cells):
        arm = arms[i % len(arms)] if arms else ""
        col_grade = layout.grades[i] if len(layout.grades) == n else grade
        out.append(
            AdverseEffect(
                effect=effect,
                canonical=effect.lower(),
                regimen=arm,
                population=_column(layout.populations, i, n),
                frequency=_percent(cell, percent),
                drug=arm if arm not in lexicon.ARM_WORDS else "",
                arm=arm if len(set(arms)) > 1 else "",
                grade=col_grade,
                **source(c, c.text),
            )
        )
    return out


def _grade_row(row: Row) -> tuple[str, list[str]] | None:
    """("any"/"1".."5", cells) when the row gives one grade of a pending effect, else None."""
    label = row.label.lower()
    if label in ("any grade", "all grades", "any", "total"):
        return "any", row.cells
    if not label and len(row.cells) > 1 and _GRADE_DIGIT.match(row.cells[0]):
        return row.cells[0], row.cells[1:]
    if _GRADE_DIGIT.match(label):
        return label, row.cells
    return None


def _is_effect_label(label: str) -> bool:
    """Whether a row label names an effect: not a header, count or footnote row
    (:data:`lexicon.NOT_EFFECT_LABELS` begins it; a short one, "n", only as a whole word, so
    "N=264" is a count row and "Nausea" an effect)."""
    low = label.lower().strip()
    if len(low) < 3 or not re.search(r"[a-z]{3}", low):
        return False
    return not any(
        low.startswith(w) and (len(w) > 2 or not low[len(w) : len(w) + 1].isalpha())
        for w in lexicon.NOT_EFFECT_LABELS
    )


def table_effects(rows: list[Row], drugs: dict[str, str], vocabulary: str) -> list[AdverseEffect]:
    """The adverse effects of one table (empty when it is not an adverse-event table)."""
    layout = _Layout(adverse=any(w in rows[0].chunk.context.lower() for w in ("adverse",)))
    out: list[AdverseEffect] = []
    for row in rows:
        if not row.cells:
            _header(layout, row.label, drugs)
            continue
        graded = _grade_row(row)
        if graded is not None and layout.pending:
            grade, cells = graded
            effect = clean_label(layout.pending, vocabulary)
            out.extend(_row_effects(Row(row.chunk, row.label, cells), layout, effect, grade, drugs))
            continue
        if _is_effect_label(row.label):
            if any(w in row.label.lower() for w in lexicon.ADVERSE_TABLE_WORDS):
                layout.adverse = True
            effect = clean_label(row.label, vocabulary)
            out.extend(_row_effects(row, layout, effect, "", drugs))
    return out if layout.adverse else []
