"""A paper's front matter (author lists, affiliations, correspondence, dates) is not content.

Journal PDFs set it between the title and the abstract and in small-print sidebars of the first
pages. Lines are judged by shape, never by a journal's words: an e-mail address, a
"Correspondence" or "Tel.:" label, an equal-contribution note, an institution with an
affiliation marker or a postal code, names carrying affiliation markers. A funding or interests
statement set among them stays content (readers ask who paid for a study).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .base import RawLine

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Labels and notes that only front matter carries, wherever they stand on a line.
_NOTE = re.compile(
    r"\bcorrespondence\b|\bcorresponding author\b|\borcid\b|\b(?:tel|fax|e-?mail)\s*[.:]"
    r"|\b(?:contributed equally|equally contributed|equal contributions?)\b"
    r"|^(?:received|revised|accepted|published)\s*:",
    re.I,
)
#: "(N O Opoku MD)": a name with an academic degree, as an affiliation sidebar credits it.
_DEGREE = re.compile(
    r"\((?:[A-Z][\w'’-]* ){1,3}[A-Z][\w'’-]+ "
    r"(?:MD|PhD|MPH|MSc|BSc|MMed|MBBS|MBChB|DPhil|DrPH|DMT|PharmD|RN)\b"
)
_INSTITUTION = re.compile(
    r"\b(?:Department|Dept\.|Universit(?:y|é|à|ät)|Institut(?:e|o)?|Hospital|School|College|"
    r"Facult(?:y|é)|Cent(?:er|re)|Laborator(?:y|ies)|Division|Clinic|Ministry)\b"
)
#: "Taipei 10675, Taiwan;" / "Jiangsu 221002, China": a postal code, then a country.
_POSTCODE = re.compile(r"\b\d{4,6},\s+[A-Z][a-z]+(?: [A-Z][a-z]+)*\.?\s*(?:[;,]|$)")
#: An affiliation entry opens with its marker: "3 School of ...", "a Department of ...".
_MARKER = re.compile(r"^(?:\d{1,2}|[a-z]|[*†‡§¶])\s+[A-Z]")
#: Marker superscripts set on a line of their own above the names: "1,a 1,a 2,a 1 1 1".
_MARKERS_ONLY = re.compile(r"^(?=.*\d)[\d,a-z*†‡§¶ ]{1,40}$")
#: A name with its affiliation markers: "Pi-Hsia Lee 3,†", "Tsan-Hon Liou 2,7,8,*".
_NAME_MARKED = re.compile(
    r"\b[A-Z][\w'’-]+(?: [A-Z][\w'’.-]*){0,3} ?\d{1,2}(?:\s?,\s?(?:\d{1,2}|[a-z*†‡§¶]))*"
)
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\s?){1,5}[\d*,†‡§¶ ]*$")
#: Where the body starts: the abstract or the first section.
_BODY_START = re.compile(r"^(?:\d{1,2}\.?\s*)?(?:abstract|summary|introduction|background)\b", re.I)
_FUNDING = re.compile(
    r"\bfund(?:ed|ing)\b|\bgrants?\b|\bcompeting interests?\b|\bconflicts? of interests?\b",
    re.I,
)


def author_list(text: str) -> bool:
    """Four or more comma-separated personal names ("A B Smith, C Jones, ...")."""
    parts = [p.strip() for p in re.split(r",|\band\b", text) if p.strip()]
    return len(parts) >= 4 and sum(1 for p in parts if _NAME.match(p)) >= 0.8 * len(parts)


def _strong(text: str) -> bool:
    """A sign that holds wherever the line stands: only front matter carries it."""
    return bool(_EMAIL.search(text) or _NOTE.search(text) or _DEGREE.search(text))


def _front_line(text: str) -> bool:
    """A line of front matter, judged in the front region (title to abstract) only: there an
    institution with a marker or a postal code is an affiliation, names with markers are the
    author list."""
    t = text.strip()
    if not t or _FUNDING.search(t):
        return False
    if _strong(t) or _MARKERS_ONLY.match(t) or author_list(t):
        return True
    if _INSTITUTION.search(t) and (_MARKER.match(t) or _POSTCODE.search(t)):
        return True
    return len(_NAME_MARKED.findall(t)) >= 2


def _front_region(lines: list[RawLine]) -> range:
    """Indexes of the first page's lines before the abstract or first section (empty when
    page 1 has neither: a drug label has no front matter of this kind)."""
    for i, raw in enumerate(lines):
        if raw.page != 1:
            break  # past page 1, or a text file (no pages, no layout to judge by)
        if _BODY_START.match(raw.text.strip()):
            return range(0, i)
    return range(0)


def _front_flags(lines: list[RawLine], region: range) -> set[int]:
    """Front-matter lines of the front region; a short line between two of them ("Taiwan",
    "& Guan Jiang" wrapped off an entry) goes with them. Headings (the title) stay."""
    live = [i for i in region if lines[i].kind not in ("furniture", "skip", "heading")]
    flags = {i for i in live if _front_line(lines[i].text)}
    for k in range(1, len(live) - 1):
        i = live[k]
        text = lines[i].text
        if (
            i not in flags
            and live[k - 1] in flags
            and live[k + 1] in flags
            and len(text) <= 60
            and not _FUNDING.search(text)
        ):
            flags.add(i)
    return flags


def _sidebar_flags(lines: list[RawLine]) -> set[int]:
    """Runs of small print (figure text) holding two or more front-matter signs: an
    affiliation sidebar continued from page 1 ("... (M Vaillant PhD); ... Correspondence to:
    ... kuesela@who.int"). The whole run goes: its other lines are the entries' wrapped parts."""
    flags: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].kind == "figure" and lines[j].page == lines[i].page:
            j += 1
        if j == i:
            i += 1
            continue
        run = range(i, j)
        if sum(1 for k in run if _strong(lines[k].text)) >= 2:
            flags.update(run)
        i = j
    return flags


def drop_front_matter(lines: list[RawLine]) -> list[RawLine]:
    """The lines with front matter marked "skip" (dropped with the other skipped text)."""
    flags = _front_flags(lines, _front_region(lines)) | _sidebar_flags(lines)
    return [replace(raw, kind="skip") if i in flags else raw for i, raw in enumerate(lines)]
