"""Table captions and row groups: every table row learns which table it is a row of and, when a
label row heads it, which group of rows (see :func:`caption_tables`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import GROUP_MARK
from .tables import _TITLE
from .text import _Para

# Tables whose caption is not above their rows (issue 10). The Lancet sets a table's caption
# below it, after its footnotes ("Data are n (%). *Stratification variable. Table 1: ..."), and
# splits a long table over two columns with "(Table 2 continues in next column)" and
# "(Continued from previous column)"; MDPI repeats "Table 3. Cont." over each page of a table.
# Without the caption, rows such as "1 918 (94%) 430 (87%) 55 (100%) 20 (83%)" say nothing of
# what they count, and a group label ("Mazzotti reactions") names the rows under it.

#: A table's caption at the start of a block or after a sentence of the notes above it: to
#: the end of its line or of its first sentence ("Table 1: Baseline characteristics. Table 2
#: shows ..." gives "Table 1: Baseline characteristics.").
_CAPTION_IN = re.compile(
    r"(?:^|(?<=[.)*†‡§\]] ))(Table\s*(\d+|[IVXLC]+)[.:]\s*(?!Cont\b)[A-Z]"
    r"(?:[^\n.]|\.(?!\s+[A-Z]))*\.?)",
    re.M,
)
#: A caption that only says the table goes on ("Table 3. Cont.", "Table 2 (continued)").
CONTINUED_CAPTION = re.compile(
    r"^Table\s*(\d+|[IVXLC]+)[.:]?\s*\(?(?:Cont\.?|continued)\)?\s*$", re.I
)
#: A row that only says where the table goes on or comes from: in brackets ("(Continued from
#: previous column)", "(Table 2 continues in next column)"), after "Table N" ("Table 2
#: continued"), or a few words with no number ("Continued on next page").
_CONTINUATION = re.compile(
    r"^\(\s*(?:Table\s*(\d+|[IVXLC]+)\s+)?(?:continues|continued)\b[^()]{0,40}\)\s*$"
    r"|^Table\s*(\d+|[IVXLC]+)\s+(?:continues|continued)\b[^()\d]{0,40}$"
    r"|^(?:continues|continued)\b[^()\d]{0,30}$",
    re.I,
)
#: A number among a row's words ("967", "(99%)", "<20", "–63.5"; not "A1c").
_NUMBER = re.compile(r"^[(\[<>≤≥±–−+-]*\d")
#: A row label of at most this many words continues the group above it ("Any grade", "1",
#: "Males"); a longer label is a row of its own ("Participants with <20 microfilariae ...").
GROUP_LABEL_WORDS = 4


def _captions(paras: Sequence[_Para]) -> dict[str, str]:
    """Table number -> caption, from every block that states one ("Table 2: Participants ...")."""
    found: dict[str, str] = {}
    for p in paras:
        if p.kind not in ("caption", "figure_text", "table_note", "table_row"):
            continue  # not from prose: "... (Table 2. Data were analysed by ITT)" is no caption
        for m in _CAPTION_IN.finditer(p.text):
            found.setdefault(m.group(2), " ".join(m.group(1).split()))
    return found


def _number(text: str) -> str:
    """The table number a caption, a "Cont." caption or a continuation row names, else ""."""
    for pattern in (CONTINUED_CAPTION, _CONTINUATION, _TITLE):
        m = pattern.match(text.strip())
        number = next((g for g in m.groups() if g), "") if m else ""
        if number:
            return number
    return ""


def _label_words(row: _Para) -> int:
    """Words of letters in a row's label, wherever its values are ("Any grade 967 (99%)" -> 2,
    "Participants with <20 microfilariae per mg of skin* 281 (29%)" -> 7)."""
    text = row.fields[0][1] if row.fields else row.text
    return sum(
        1 for token in text.split() if not _NUMBER.match(token) and re.search(r"[A-Za-z]{2}", token)
    )


def _valued(row: _Para) -> bool:
    """A row with values: two numbers at least (a header's "(12–17 years)" has one)."""
    return sum(1 for token in row.text.split() if _NUMBER.match(token)) >= 2


def _label_row(row: _Para) -> bool:
    """A row naming a group of the rows below it: words only, short, no fields."""
    text = row.text.strip()
    return (
        not row.fields
        and not any(_NUMBER.match(token) for token in text.split())
        and 0 < len(text.split()) <= 6
        and not _TITLE.match(text)
    )


def _runs(paras: Sequence[_Para]) -> list[tuple[int, int]]:
    """[start, end) ranges of consecutive table rows of one context."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(paras):
        if paras[i].kind != "table_row":
            i += 1
            continue
        j = i
        while (
            j < len(paras) and paras[j].kind == "table_row" and paras[j].context == paras[i].context
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _notes_below(paras: Sequence[_Para], k: int) -> bool:
    """Whether ``paras[k]`` can be the notes under the table before it: small print or notes,
    not a caption set above the next table (a caption block, or one rows follow)."""
    if k >= len(paras) or paras[k].kind not in ("figure_text", "table_note"):
        return False
    return not (k + 1 < len(paras) and paras[k + 1].kind == "table_row")


def _is_continuation(para: _Para) -> bool:
    return bool(_CONTINUATION.match(para.text.strip()))


#: A footnote mark after a cell's words ("[a]", "[b,c]", or a lone letter: "Frailty index c").
_FOOTNOTE_MARK = re.compile(r"(?:\[[a-z](?:,[a-z])*\]|\s[a-z])$")


def caption_tables(paras: list[_Para]) -> list[_Para]:
    """Give every table its caption and every grouped row its group.

    - A run of rows whose context names no table takes the caption of the table its
      continuation row names, else of the caption in the notes just below it (small print
      that no rows follow: not the next table's title); a "Table 3. Cont." context becomes
      Table 3's caption. The old context (the column names) stays after it.
    - Rows that only say the table continues are dropped: they are page furniture.
    - A row of a few words and no value ("Mazzotti reactions", "Sex*"), not made of the column
      names, heads the rows below it when the next row has values and a short label; they
      carry it while their labels stay short (at most :data:`GROUP_LABEL_WORDS` words): their
      context ends with :data:`GROUP_MARK` and it. In a table read cell by cell, a row with
      its first cell only heads the rows below it the same way (a lone cell of another
      column, set over two lines, changes nothing), and a first cell printed once over several
      rows heads the rows below it that lack it.
    - Column names repeated over two groups of columns ("Moxidectin Ivermectin Moxidectin
      Ivermectin") are a row of the header: they end a group and head none.
    """
    captions = _captions(paras)
    words = _document_words(paras)
    drop: set[int] = set()
    for start, end in _runs(paras):
        rows = [k for k in range(start, end) if not _is_continuation(paras[k])]
        marks = [_number(paras[k].text) for k in range(start, end) if _is_continuation(paras[k])]
        drop.update(k for k in range(start, end) if _is_continuation(paras[k]))
        context = paras[start].context
        number = next((n for n in marks if n), "")
        if CONTINUED_CAPTION.match(context):
            number, context = number or _number(context), ""
        if not number and not _TITLE.match(context) and _notes_below(paras, end):
            after = _CAPTION_IN.search(paras[end].text)
            number = after.group(2) if after else ""
        caption = "" if _TITLE.match(context) else captions.get(number, "")
        base = " | ".join(p for p in (caption, context) if p)
        header = set(context.replace("|", " ").lower().split())
        group = ""
        # the first column of a table read cell by cell (that of its widest row: a row of
        # units under the header, "| | mg | n |", starts later), and its last value: a cell
        # set over several rows ("Central Nervous System Effects" over its Grade 2, 3 and 4
        # rows) is printed once, so the rows below it that lack that column, but say something
        # in the others, are its group (not a row of units or of totals: "| | 20 | 6 |")
        widest = max((paras[k].fields for k in rows), key=len, default=())
        first = widest[0][0] if len(widest) > 1 else ""
        spanned = ""
        for n, k in enumerate(rows):
            row = paras[k]
            nxt = paras[rows[n + 1]] if n + 1 < len(rows) else None
            if row.fields and first and not group:
                if row.fields[0][0] == first:
                    spanned = _CROSS_REFERENCE.sub("", row.fields[0][1]).strip().rstrip("*†‡§ ")
                elif spanned and len(row.fields) > 1 and len(row.text.split()) >= 4:
                    row.context = base + GROUP_MARK + spanned
                    continue
            if row.fields:
                # read cell by cell: a row with its first cell only ("Duration of Response
                # (DOR)") over rows with values heads them, until the next such row; a lone
                # cell of another column (a cell set over two lines) changes nothing
                if (
                    len(row.fields) == 1
                    and nxt is not None
                    and len(nxt.fields) > 1
                    and row.fields[0][0] == nxt.fields[0][0]
                ):
                    group = _FOOTNOTE_MARK.sub("", row.fields[0][1]).strip().rstrip("*†‡§ ")
                    row.context = base
                    continue
                row.context = base + GROUP_MARK + group if group else base
                continue
            if _label_row(row) and not set(row.text.lower().split()) <= header:
                if _repeated_names(row.text):
                    # column names over two groups of columns ("Moxidectin Ivermectin
                    # Moxidectin Ivermectin") are a row of the header: they end a group and
                    # head none
                    group = ""
                    row.context = base
                    continue
                # a label over valued rows with short labels heads a group; any other label
                # (a column name, a row of the header) ends one
                # (rows read cell by cell, with fields, are left as they are: their column
                # names are known, and a label row among them is their header)
                heads = (
                    nxt is not None
                    and not nxt.fields
                    and _valued(nxt)
                    and _label_words(nxt) <= GROUP_LABEL_WORDS
                )
                group = row.text.strip().rstrip("*†‡§ ") if heads else ""
                row.context = base
                continue
            if group and _label_words(row) > GROUP_LABEL_WORDS:
                group = ""
            row.context = base + GROUP_MARK + group if group else base
        _column_fields([paras[k] for k in rows], context)
        _unraised_marks([paras[k] for k in rows], words)
    return [p for k, p in enumerate(paras) if k not in drop]


def _repeated_names(text: str) -> bool:
    """Whether every word of ``text`` occurs in it twice or more ("Moxidectin Ivermectin
    Moxidectin Ivermectin"): the same column names over several groups of columns."""
    words = text.lower().split()
    return len(words) >= 2 and all(words.count(w) >= 2 for w in words)


#: A label's pointer to another section ("[see Warnings and Precautions (5.1)]").
_CROSS_REFERENCE = re.compile(r"\s*\[see [^\]]*\]", re.I)
#: A value cell: a count or measure, perhaps negative, with an optional bracketed part and
#: footnote marks ("918 (94%)", "41·5 (16·4)", "3 (<1%)", "90 (9%)†", "–42.9", "0").
_VALUE_CELL = re.compile(r"(?<!\S)[<>≤≥]?[–−-]?\d[\d·.,]*%?(?:\s\([^()]{1,24}\))?[*†‡§¶]*(?=\s|$)")
#: Share of a table's valued rows that must end in exactly one cell per column for the table's
#: rows to be given their columns (else the cells cannot be told apart safely).
COLUMN_ROWS_SHARE = 0.8


def _trailing_cells(text: str, n: int) -> tuple[str, list[str]] | None:
    """(label, the ``n`` value cells that end ``text``), or None when it does not end in exactly
    ``n`` value cells after a label."""
    found = list(_VALUE_CELL.finditer(text))
    cells = found[-n:]
    if len(cells) < n or text[cells[-1].end() :].strip():
        return None
    if len(found) > n:
        # one more value cell right before them is a column the header does not name ("Nausea
        # 12 5 3" under two names), unless it is the whole label (grade "1" of "1 918 (94%) ...")
        before = found[-n - 1]
        if not text[before.end() : cells[0].start()].strip() and before.start() > 0:
            return None
    if any(text[a.end() : b.start()].strip() for a, b in zip(cells, cells[1:], strict=False)):
        return None
    label = text[: cells[0].start()].strip()
    return (label, [m.group(0) for m in cells]) if label else None


def _column_fields(rows: list[_Para], header: str) -> None:
    """Give rows not read cell by cell their columns when the header names them: "Moxidectin |
    Ivermectin" over "Total participants 978 494"; a header of groups ("All participants |
    Adolescents") with a row of column names under it ("Moxidectin Ivermectin Moxidectin
    Ivermectin") gives "All participants, Moxidectin" and so on. Only when nearly every valued
    row ends in exactly one value cell per column; the label is a field without a name."""
    # the caption may lead the header ("Table 3: ... | Dose | Rate"): it names no column
    names = [p.strip() for p in header.split(" | ") if p.strip() and not _TITLE.match(p.strip())]
    if len(names) < 2 or any(r.fields for r in rows):
        return
    columns = names
    for r in rows:
        if _valued(r):
            break  # a row of column names stands above the values, not among them
        words = r.text.split()
        if (
            _label_row(r)
            and len(words) > len(names)
            and len(words) % len(names) == 0
            and all(w[:1].isupper() for w in words)
        ):
            k = len(words) // len(names)
            columns = [f"{names[i // k]}, {w}" for i, w in enumerate(words)]
    valued = [r for r in rows if _valued(r)]
    parsed = [(r, _trailing_cells(r.text.strip(), len(columns))) for r in valued]
    if not valued or sum(1 for _, got in parsed if got) < COLUMN_ROWS_SHARE * len(valued):
        return
    for r, got in parsed:
        if got:
            label, cells = got
            r.fields = (("", label), *zip(columns, cells, strict=True))


#: A footnote letter bracketed in a row ("Dyspnea[g]", see ingest/superscripts.py).
_MARK = re.compile(r"\[([a-z])\]")
#: A table needs this many bracketed footnote letters before a letter missing from their
#: sequence is looked for at the end of its row labels.
MARKED_LETTERS = 3


def _document_words(paras: Sequence[_Para]) -> dict[str, int]:
    """How often each lower-cased word of letters occurs in the document's blocks."""
    counts: dict[str, int] = {}
    for p in paras:
        for w in re.findall(r"[A-Za-z]+", p.text):
            key = w.lower()
            counts[key] = counts.get(key, 0) + 1
    return counts


def _unraised_marks(rows: list[_Para], words: dict[str, int]) -> None:
    """Bracket the footnote letters a PDF set without raising them: in a table whose other
    marks were bracketed ("Dizziness[a]", "Ataxia[d]"), a row label ending in a letter missing
    from that sequence ("Dysgeusiab", "Coughh") is the document's word ("dysgeusia", used
    elsewhere) and that letter, when the run-on word occurs nowhere else."""
    marked = {m for r in rows for m in _MARK.findall(r.text)}
    if len(marked) < MARKED_LETTERS:
        return
    missing = {chr(c) for c in range(ord("a"), ord(max(marked)) + 1)} - marked
    for r in rows:
        m = re.match(r"[^\d\[\]]*?([A-Za-z]{5,})(?=\s+[<>≤≥]?[–−-]?\d|\s*$)", r.text)
        if not m:
            continue
        word = m.group(1)
        base, letter = word[:-1], word[-1]
        if letter not in missing or words.get(word.lower(), 0) > 1 or not words.get(base.lower()):
            continue
        fixed = f"{base}[{letter}]"
        for n, (text, line, page) in enumerate(r.pieces):
            if word in text:
                r.pieces[n] = (re.sub(rf"\b{word}\b", fixed, text, count=1), line, page)
                break
        r.fields = tuple(
            (name, re.sub(rf"\b{word}\b", fixed, value, count=1)) for name, value in r.fields
        )
