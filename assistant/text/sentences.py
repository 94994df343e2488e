"""Sentence splitting: exact sentence spans of cleaned text (used by chunking, answers and the
dose and adverse-effect extractors)."""

from __future__ import annotations

import re

# Tokens that end with a period but do not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "et",
        "al",
        "vs",
        "cf",
        "fig",
        "figs",
        "eq",
        "eqs",
        "ref",
        "refs",
        "approx",
        "ca",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "no",
        "nos",
        "vol",
        "resp",
        "incl",
        "viz",
        "sp",
        "spp",
        "etc",
        "inc",
        "ltd",
        "jr",
        "sr",
        "min",
        "max",
    ]
)
#: The end of a sentence: terminal punctuation (closing quotes and brackets, then reference
#: numbers in brackets after it: "for ivermectin.[8] In ..."), or a full stop after a word with
#: a journal's superscript reference numbers run on to it ("reported (appendix).19 Grade 4 ...",
#: "drugs.6,7 Moxidectin ..."; never after a digit: "v4.03 The").
_BOUNDARY = re.compile(
    r"(?:[.!?][\"'”’)\]]*(?:\[\d[\d,–\- ]*\])?|(?<=[A-Za-z)\]])\.\d{1,3}(?:[,–-]\d{1,3})*)\s+"
    r"(?=[\"“(\[]?(?:[A-Z0-9]|[a-z]{1,3}[A-Z0-9]))"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``[s, e)`` of ``text[start:end]``, in absolute offsets.

    A period ends a sentence only when followed (after any superscript reference numbers) by
    space and a capital letter, digit or opening bracket, and not when it closes an abbreviation
    ("e.g.", "et al.", "Fig."), a single-letter initial ("C. elegans") or a decimal ("0.5 mg":
    no space follows). A blank line (between the items of a list read as one passage) always
    ends one.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for m in _BLANK_LINE.finditer(text, start, end):
        spans += _paragraph_spans(text, start, m.start())
        start = m.end()
    return spans + _paragraph_spans(text, start, end)


_BLANK_LINE = re.compile(r"\r?\n[ \t\r]*\n\s*")


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    for m in _BOUNDARY.finditer(text, s, end):
        dot = m.start()
        before = text[max(s, dot - 12) : dot]
        last = re.split(r"[\s(\[]", before)[-1].lower()
        if text[dot] == "." and (last.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-z]", last)):
            continue
        e = m.end()
        stop = e
        while stop > s and text[stop - 1].isspace():
            stop -= 1
        if stop > s:
            spans.append((s, stop))
        s = e
    stop = end
    while stop > s and text[stop - 1].isspace():
        stop -= 1
    if stop > s:
        spans.append((s, stop))
    return spans


#: Headings a journal sets at the start of a paragraph, in the paragraph's own line ("run-in"):
#: the parts of a structured abstract, a methods section's sub-heads, a research panel's parts.
RUN_IN_LABELS = (
    "Background",
    "Methods",
    "Method",
    "Findings",
    "Interpretation",
    "Results",
    "Conclusions",
    "Conclusion",
    "Objectives",
    "Objective",
    "Aims",
    "Aim",
    "Purpose",
    "Design",
    "Setting",
    "Participants",
    "Interventions",
    "Measurements",
    "Main outcome measures",
    "Context",
    "Importance",
    "Study design and participants",
    "Randomisation and masking",
    "Randomization and masking",
    "Procedures",
    "Outcomes",
    "Statistical analysis",
    "Role of the funding source",
    "Evidence before this study",
    "Added value of this study",
    "Implications of all the available evidence",
)
_RUN_IN = re.compile(
    r"^(?:(?:"
    + "|".join(re.escape(label) for label in sorted(RUN_IN_LABELS, key=len, reverse=True))
    + r")\s+)+(?=[A-Z][\w’'-]*,?\s+\S)"
)

#: The glyphs a printed list sets before its items.
BULLETS = "•●▪◦‣∙"
#: A list item's bullet at the start of a sentence (a printed glyph, Markdown's "*", "-", "+").
_BULLET = re.compile(rf"^[{BULLETS}*+-]\s+")


def run_in_label(sentence: str) -> int:
    """Length of the run-in heading(s) a sentence starts with, spaces included ("Interpretation
    Skin microfilarial loads are ..." -> 15; "Methods Study design and participants Between
    April, 2009, ..." -> both labels), else 0. Only before a capitalised word with more words
    after it ("Results were similar" has no label: "were" starts no sentence). A list item's
    bullet ("•  Assess renal function ...") is skipped the same way."""
    bullet = _BULLET.match(sentence)
    skip = bullet.end() if bullet else 0  # a list item's bullet, too
    m = _RUN_IN.match(sentence[skip:])
    return skip + (m.end() if m else 0)
