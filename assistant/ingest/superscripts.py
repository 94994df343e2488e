"""Superscripts in PDF text: a text-showing operation set smaller than its line and raised
above the baseline. Reference numbers run on to a word are put in brackets, as documents that
bracket their references print them, and so are footnote letters run on to a word; exponents
are left."""

from __future__ import annotations

import re
from typing import Any


def is_superscript(op: Any, base: Any) -> bool:
    """Whether a text-showing operation is set smaller than the line's text and raised above
    its baseline (a superscript: reference numbers, footnote marks, exponents)."""
    if base is None or not op.text.strip():
        return False
    size = float(base.font_height)
    rise = float(op.ty) - float(base.ty)
    return float(op.font_height) <= 0.75 * size and 0.1 * size < rise < size


#: A superscript that is a reference citation: numbers, lists and ranges of them.
#: A table's footnote letters set the same way ("Dyspnea" + raised "g": footnote g lists the
#: terms it includes) are bracketed too: run on, they make another word ("Dyspneag").
_REF_NUMBERS = re.compile(r"(\d+(?:[,–-]\d+)*|[a-z](?:,[a-z])*)([,;]?)")
#: The word a superscript reference follows: one of two or more letters, or punctuation after
#: one (not a digit or a lone letter: "10⁹", "I²", "m²"), or punctuation after a number ("by
#: 2025.⁶", "in 1000,¹⁴": an exponent never follows punctuation).
_CITING = re.compile(r"(?:[A-Za-z]{2,}[.,;:)]?|[A-Za-z][.,;:)]|\d[.,;:])$")
#: Units and statistics whose superscript is an exponent ("cm²", "mm³", "τ²" spelled "tau2").
_UNITS = re.compile(r"(?:cm|mm|km|µm|μm|dm|nm|ft|tau|chi|SD)$")
#: Points between a word's end and a superscript's start under which the two touch.
_TOUCH = 0.5


def bracket_superscripts(
    text: str, words: list[tuple[str, float, float, bool]], raised: set[int]
) -> tuple[str, list[tuple[str, float, float, bool]]]:
    """The line's text and words with superscript reference numbers run on to a word put in
    brackets, as the documents that bracket their references print them ("a phase 2 study14
    in" -> "a phase 2 study[14] in"); the same then holds for every reader of the text. Other
    superscripts (exponents, marks such as "*" or "†") are left as they are; a footnote letter
    run on to a table's term is bracketed like a number ("Dyspneag" -> "Dyspnea[g]")."""
    places = [i for i, ch in enumerate(text) if not ch.isspace()]
    starts = [0]
    for word, *_ in words:
        starts.append(starts[-1] + len(re.sub(r"\s", "", word)))
    cuts: list[tuple[int, int, bool]] = []
    out = list(words)
    i = 0
    while i < len(words):
        j = i + 1
        if i in raised:  # one superscript shown by several operations ("1" "4", "14" "–" "16")
            while j < len(words) and j in raised and words[j][3]:
                j += 1
        m = _REF_NUMBERS.fullmatch("".join(w[0] for w in words[i:j]))
        first = places[starts[i]]
        if (
            i in raised
            and m
            and words[i][3]
            and i > 0
            and i - 1 not in raised
            and first > 0
            # set apart (a table cell): not run on; a space the layout put between touching
            # glyphs (after an italic word: "O volvulus 14") does not set it apart
            and (not text[first - 1].isspace() or words[i][1] - words[i - 1][2] < _TOUCH)
            and _CITING.search(words[i - 1][0])
            and not _UNITS.search(words[i - 1][0])
        ):
            cuts.append((first, first + len(m.group(1)), text[first - 1].isspace()))
            w, x0, x1, glued = words[i]
            out[i] = ("[" + w, x0, x1, glued)
            w, x0, x1, glued = out[j - 1]
            # group(1)'s end in the last word (after the "[" just added when that is word i)
            k = len(m.group(1)) - (starts[j - 1] - starts[i]) + (j - 1 == i)
            out[j - 1] = (w[:k] + "]" + w[k:], x0, x1, glued)
        i = j
    for a, b, spaced in reversed(cuts):
        head = text[:a].rstrip() if spaced else text[:a]
        text = head + "[" + text[a:b] + "]" + text[b:]
    return text, out
