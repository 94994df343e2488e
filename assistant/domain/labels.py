"""Drug labels: recommended doses and dose-reduction levels, not every dose the label prints.

A document is a *label* when one of its sections is headed by :data:`lexicon.LABEL_HEADINGS`
("DOSAGE AND ADMINISTRATION"). In a label:

* a prose dose is a regimen only when its sentence recommends or gives it (:data:`_GIVEN`:
  "recommended dosage", "received", "Recommended Dosage:") and its section is not one of
  :data:`lexicon.NON_REGIMEN_SECTIONS` (animal data, pharmacology, supply); the sentence makes one
  ``kind="recommended"`` record per distinct dose, with every schedule of
  :data:`lexicon.SCHEDULE_CANON` it names ("once daily, twice daily");
* each "dose schedule" pair of a reduced level of a dose-reduction table (caption with
  :data:`lexicon.REDUCTION_TABLE_WORDS`) is a ``kind="reduction"`` record. In a row read cell by
  cell (``Chunk.fields``) the levels are the cells whose column header names a reduction
  (:data:`lexicon.REDUCTION_LEVEL_WORDS`: "Dose Reduction First"), or, when no header does, the
  dose cells of a row whose label cell names one ("First dose reduction"); the starting dose
  ("Dose", "Starting dose") is not a reduction. A row without cells gives every dose it has,
  except the header row ("Dose ...");
* a dosage-modification table (title "Table N: ... Dosage Modifications") read cell by cell (a
  column header with :data:`lexicon.SEVERITY_COLUMN_WORDS`) gives one ``kind="modification"``
  record per severity cell, whole ("Intolerable Grade 2 or Grade 3 or Grade 4"), under the
  reaction cell of its row or the last row that had one ("[see ...]" dropped); the other columns
  are told apart by :data:`lexicon.ACTION_COLUMN_WORDS`;
* a dosage-modification table without cells is read as one stream of rows, because PDF
  extraction without the table's rules splits its cells over rows: a reaction starts at a first
  cell that names a Warnings and Precautions subsection (or "Other ..."), a severity is a grade,
  "Any Grade" or a laboratory threshold ("greater than 5 times ULN"), "Grade 3 or" + "Grade 4" on
  the next row is one severity, and a severity whose action only continues ("Resume ...") shares
  the one before; each (reaction, severity) is one ``kind="modification"`` record;
* sentences "No dosage modification is recommended for patients with X", "The recommended dosage
  ... has not been established in patients with X" and "If a dose is missed ..." are
  ``kind="modification"`` records for population X (or the missed dose).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..records import Chunk, Document, Regimen
from ..text.doses import NUMBER
from . import lexicon
from .drugs import first_drug
from .sentences import Place, _Sentence, source

_GIVEN = re.compile(
    r"\brecommended dos(?:age|e)\b|\breceived\b|\bwas administered\b|\bwere given\b", re.I
)
_ANIMALS = re.compile(r"\b(?:rats?|mice|dogs|monkeys|rabbits|animals?)\b", re.I)
_UNITS = "|".join(re.escape(u) for u in sorted(lexicon.DOSE_UNITS, key=len, reverse=True))
# an amount as printed, thousands grouped by commas ("2,550 mg" is never "550 mg")
_DOSE = re.compile(rf"(?<![\w.])(?<!\d,)({NUMBER})\s*({_UNITS})(?![\w/])")
_SCHEDULE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in sorted(lexicon.SCHEDULE_CANON, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)


def is_label(chunks: Sequence[Chunk]) -> bool:
    """Whether ``chunks`` (one document) are a drug label (module docstring)."""
    return any(
        h in (c.section + " " + c.text[:200]).lower()
        for c in chunks
        for h in lexicon.LABEL_HEADINGS
    )


def schedules(text: str) -> str:
    """Canonical schedules named in ``text``, in order, joined by ", "."""
    found = [lexicon.SCHEDULE_CANON[m.group(0).lower()] for m in _SCHEDULE.finditer(text)]
    return ", ".join(dict.fromkeys(s for s in found if s != "single dose" or "single" in text))


def keeps_sentence(sentence: _Sentence) -> bool:
    """Whether a label sentence states a recommended or given dose (module docstring)."""
    section = sentence.chunk.section.lower()
    if any(w in section for w in lexicon.NON_REGIMEN_SECTIONS):
        return False
    return bool(_GIVEN.search(sentence.text)) and not _ANIMALS.search(sentence.text)


def _record(chunk: Chunk, dose: str, schedule: str, kind: str, drug: str, text: str) -> Regimen:
    amount, _, unit = dose.partition(" ")
    return Regimen(
        dose=dose,
        amount=amount,
        unit=unit,
        schedule=schedule,
        duration="",
        route="oral" if re.search(r"\borally\b|\boral\b", text, re.I) else "",
        subject="",
        trial="",
        effect="",
        drug=drug,
        kind=kind,
        **source(chunk, text),
    )


def recommended(sentence: _Sentence, drug: str, place: Place) -> list[Regimen]:
    """One record per distinct dose of a kept label sentence, cited at ``place``."""
    lines, page, page_end = place
    doses = dict.fromkeys(f"{m.group(1)} {m.group(2)}" for m in _DOSE.finditer(sentence.text))
    sched = schedules(sentence.text)
    out = []
    for dose in doses:
        rec = _record(sentence.chunk, dose, sched, "recommended", drug, sentence.text)
        out.append(Regimen(**{**rec.__dict__, "lines": lines, "page": page, "page_end": page_end}))
    return out


def _names_reduction(text: str) -> bool:
    return any(w in text.lower() for w in lexicon.REDUCTION_LEVEL_WORDS)


def _level_cells(row: Chunk) -> list[str]:
    """The cells of a dose-reduction table row that hold reduced levels.

    A row read cell by cell (``fields``) keeps the cells whose column header names a reduction
    ("Dose Reduction First"), not the starting dose ("Dose"); when no header does, a row whose
    label cell names one ("First dose reduction") keeps its dose cells. A row without cells is
    one text: every dose in it, except in the header ("Dose ...") and caption rows."""
    if row.fields:
        named = [value for name, value in row.fields if _names_reduction(name)]
        if named:
            return named
        labels = [v for _, v in row.fields if not _DOSE.search(v)]
        if any(_names_reduction(label) for label in labels):
            return [v for _, v in row.fields if _DOSE.search(v)]
        return []
    if row.text.strip().lower().startswith(("dose ", "table")):
        return []
    return [row.text]


def reductions(chunks: Sequence[Chunk], wordings: Mapping[str, dict[str, str]]) -> list[Regimen]:
    """The reduced levels of every dose-reduction table row of ``chunks``."""
    out: list[Regimen] = []
    for c in chunks:
        caption = c.context.lower()
        if c.kind != "table_row" or not any(w in caption for w in lexicon.REDUCTION_TABLE_WORDS):
            continue
        drug = first_drug(c.context + " " + c.text, wordings.get(c.doc_id, {}))
        for cell in _level_cells(c):
            pairs = list(_DOSE.finditer(cell))
            for i, m in enumerate(pairs):
                stop = pairs[i + 1].start() if i + 1 < len(pairs) else len(cell)
                sched = schedules(cell[m.end() : stop])
                dose = f"{m.group(1)} {m.group(2)}"
                out.append(_record(c, dose, sched, "reduction", drug, c.text))
    return out


def label_documents(chunks: Sequence[Chunk], documents: Mapping[str, Document] | None) -> set[str]:
    """doc_ids of the documents of ``chunks`` that are labels."""
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    return {d for d, cs in by_doc.items() if is_label(cs)}


# --- dosage modifications -------------------------------------------------------------------
#: A table whose title names dosage modifications ("Table 2: Recommended Dosage Modifications").
_MOD_TITLE = re.compile(r"^\s*Table \d+:.*\bdos(?:age|e) modifications?\b", re.I)
#: A severity written in a modification table: grades, "Any Grade", or a laboratory threshold.
_SEVERITY = re.compile(
    r"(?<![≤<]\s)(?<![≤<])(?<!recurrent )\b(?:Intolerable\s+)?Grade\s+[1-4]"
    r"(?:\s+or(?:\s+Grade\s+[1-4]|(?=\s{2,}|\s*\uf0b7|\s*$)))?(?!\s+events)|\bAny Grade\b|"
    r"(?<!equal to )\bgreater than \d+(?:\.\d+)?(?:\s+times ULN)?(?:\s+or second occurrence)?",
    re.I,
)
_ACTION_START = re.compile(r"\s{2,}|\uf0b7|\[see\b|\b(?:Intolerable|Grade|Any Grade)\b")


def _reaction_titles(chunks: Sequence[Chunk]) -> list[str]:
    """Titles of the label's Warnings and Precautions subsections ("5.3 Hepatotoxicity")."""
    titles = {
        re.sub(r"^5\.\d+\s+", "", c.section) for c in chunks if re.match(r"5\.\d+\s", c.section)
    }
    for c in chunks:  # subsection titles printed at the start of a paragraph
        m = re.match(r"5\.\d+ ((?:[A-Z][\w/-]*\s?){1,6}?)(?= \S+ (?:can|may|is)\b)", c.text)
        if m:
            titles.add(m.group(1).strip())
    return sorted(titles)


def _new_reaction(row: str, titles: Sequence[str]) -> str:
    """The reaction a modification-table row starts, else "" (its first cell names one)."""
    lead = _ACTION_START.split(row.strip(), maxsplit=1)[0].strip(" .")
    words = lead.split()
    if not words or not words[0][:1].isupper() or re.search(r"\(\d+(?:\.\d+)?\)\]", lead):
        return ""
    if words[0].lower() == "other":
        return lead
    key = " ".join(words[:2]).lower()
    for title in titles:  # one word must begin a title ("Hepatotoxicity"), two may be inside it
        if title.lower().startswith(key) if len(words) == 1 else key in title.lower():
            return lead
    return ""


def _table_stream(chunks: Sequence[Chunk]) -> list[list[Chunk]]:
    """Rows of each dosage-modification table, in reading order (cells may be split)."""
    ordered = sorted(
        {(c.doc_id, c.start): c for c in chunks}.values(), key=lambda c: (c.doc_id, c.start)
    )
    out: list[list[Chunk]] = []
    run: list[Chunk] | None = None
    for c in ordered:
        if c.kind == "table_row" and _MOD_TITLE.match(c.text):
            run = []
            out.append(run)
            continue
        if run is None:
            continue
        if c.kind != "table_row" or c.text.lstrip().startswith("*"):
            run = None
            continue
        run.append(c)
    return out


#: A severity of a modification table: (severity, its first row, [reaction, texts of its rows...]).
_Severity = tuple[str, Chunk, list[str]]


def _severities(rows: Sequence[Chunk], titles: Sequence[str]) -> list[_Severity]:
    """The (reaction, severity) entries of one modification table, cells split across rows read
    as one stream."""
    reaction = ""
    pending: list[_Severity] = []
    pre: list[str] = []  # rows of a reaction before its first severity
    carry = intolerable = False
    for c in rows:
        text = c.text.strip()
        if "severity" in text.lower() and "modification" in text.lower():
            continue  # the header row
        named = _new_reaction(text, titles)
        if named and pre and reaction and not any(p[2][0] == reaction for p in pending):
            # a name over two rows ("Other Clinically Relevant" / "Adverse Reactions")
            reaction, named = f"{reaction} {named}", ""
        elif named:
            reaction, pre, carry, intolerable = named, [], False, False
        found = False
        for m in _SEVERITY.finditer(text):
            sev = m.group(0).strip()
            rest = text[m.end() :]
            # "Grade 3 or" / "Grade 4" on the next row; a threshold after "second occurrence";
            # a severity whose action only continues ("Resume ...") shares the one before
            joins = pending and pending[-1][2][0] == reaction and not pre
            if joins and (
                carry
                or pending[-1][0].endswith("occurrence")
                or re.match(r"\W*(?:or\W*)?\s*\uf0b7?\s*Resume\b", rest)
            ):
                glue = " " if carry or pending[-1][0].endswith("occurrence") else ", "
                pending[-1] = (f"{pending[-1][0]}{glue}{sev}", pending[-1][1], pending[-1][2])
                carry = sev.lower().endswith(" or")
                found = True
                continue
            if re.match(r"greater", sev, re.I) and found:
                continue  # one laboratory threshold per row
            if intolerable and re.match(r"grade", sev, re.I):
                sev = f"Intolerable {sev}"
            intolerable = False
            pending.append((sev, c, [reaction, *pre]))
            pre, found = [], True
            carry = sev.lower().endswith(" or")
        if re.search(r"\bIntolerable\s*(?:$|\s{2,}|\uf0b7)", text):
            intolerable = True
        if found or (pending and not named and not pre):
            pending[-1][2].append(text)
        else:
            pre.append(text)
    return pending


def _column(name: str) -> str:
    """The role of a modification-table column by its header: severity, action or reaction."""
    words = re.findall(r"[a-z]+", name.lower())
    if any(w.startswith(lexicon.SEVERITY_COLUMN_WORDS) for w in words):
        return "severity"
    if any(w.startswith(lexicon.ACTION_COLUMN_WORDS) for w in words):
        return "action"
    return "reaction"


def _read_by_cells(rows: Sequence[Chunk]) -> bool:
    """Whether a modification table's rows were read cell by cell with a severity column."""
    return any(_column(name) == "severity" for c in rows for name, _ in c.fields)


def _cell_severities(rows: Sequence[Chunk]) -> list[_Severity]:
    """The (reaction, severity) entries of a modification table read cell by cell: each severity
    cell is one entry, whole ("Intolerable Grade 2 or Grade 3 or Grade 4"), under the reaction
    cell of its row or of the last row that had one; a row without a severity cell continues the
    entry before it, and rows without cells (the header) are skipped."""
    reaction = ""
    out: list[_Severity] = []
    for c in rows:
        cells = {_column(name): value.strip() for name, value in reversed(c.fields)}
        if cells.get("reaction"):
            reaction = re.sub(r"\s*\[see\b[^\]]*\]?", "", cells["reaction"]).strip(" .")
        if cells.get("severity"):
            out.append((cells["severity"], c, [reaction, c.text.strip()]))
        elif cells and out:
            out[-1][2].append(c.text.strip())
    return out


def _modification(severity: _Severity, wordings: Mapping[str, dict[str, str]]) -> Regimen:
    """The ``kind="modification"`` record of one (reaction, severity) entry."""
    sev, first, texts = severity
    name, body = texts[0], " ".join(texts[1:])
    drug = first_drug(body + " " + first.context, wordings.get(first.doc_id, {}))
    dose = ""
    said = re.search(r"resume [^.]*?at (?:the |a )?(same or reduced|same|reduced) dose", body, re.I)
    if said:
        dose = f"{said.group(1).lower()} dose"
    rec = _record(first, "", "", "modification", drug, body)
    return Regimen(
        **{
            **rec.__dict__,
            "dose": dose,
            "amount": "",
            "unit": "",
            "subject": f"{name} ({sev.strip()})" if name else sev.strip(),
            "effect": body,
        }
    )


def modifications(chunks: Sequence[Chunk], wordings: Mapping[str, dict[str, str]]) -> list[Regimen]:
    """One ``kind="modification"`` record per (adverse reaction, severity) of a label's
    dosage-modification table; cells split across rows are read as one stream."""
    titles = _reaction_titles(chunks)
    return [
        _modification(severity, wordings)
        for rows in _table_stream(chunks)
        for severity in (
            _cell_severities(rows) if _read_by_cells(rows) else _severities(rows, titles)
        )
    ]


#: Label sentences that say what to do for a population or a missed dose.
#: (a population runs to a pointer elsewhere, "[see Clinical Pharmacology (12.3)]", not to an
#: abbreviation in brackets: "upper limit of normal [ULN]")
_MOD_PROSE = re.compile(
    r"\bno dos(?:age|e) (?:modification|adjustment) is recommended for (?:patients with )?"
    r"(?P<none>(?:[^.\[]|\.(?=\d)|\[(?!see\b))+)|"
    r"\brecommended dos(?:age|e) of \w+ has not been established in (?:patients with )?"
    r"(?P<unknown>(?:[^\[]|\[(?!see\b))+?)(?:\s*\[see\b|\.\s*$|$)|"
    r"\bif a dose (?:of \w+ )?is missed(?P<missed> or if vomiting occurs)?",
    re.I,
)


def prose_modifications(sentence: _Sentence, drug: str, place: Place) -> list[Regimen]:
    """A ``kind="modification"`` record for a label sentence such as "No dosage modification is
    recommended for patients with mild renal impairment", "The recommended dosage has not been
    established in patients with severe renal impairment" or "If a dose is missed ...".
    Pharmacology sections (exposure, not advice) are not read. Cited at ``place``."""
    lines, page, page_end = place
    section = sentence.chunk.section.lower()
    if any(w in section for w in lexicon.NON_SAFETY_SECTIONS):
        return []
    out = []
    for m in _MOD_PROSE.finditer(sentence.text):
        if m.group("none"):
            population, action = m.group("none").strip(), "no dosage modification recommended"
        elif m.group("unknown"):
            population, action = m.group("unknown").strip(), "recommended dosage not established"
        else:
            population = ""
            action = "skip the dose and resume at the next scheduled time"
        subject = (
            ""
            if population
            else ("missed dose or vomiting" if m.group("missed") else "missed dose")
        )
        rec = _record(sentence.chunk, "", "", "modification", drug, sentence.text)
        out.append(
            Regimen(
                **{
                    **rec.__dict__,
                    "amount": "",
                    "unit": "",
                    "dose": "",
                    "subject": subject,
                    "population": population,
                    "effect": action,
                    "lines": lines,
                    "page": page,
                    "page_end": page_end,
                }
            )
        )
    return out
