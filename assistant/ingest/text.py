"""Line text repair: spaces and control characters, hyphenation, split words and glyphs.

Every decision to join or keep apart is taken against the document's own vocabulary: a broken
"benef it", "f irst", "micro -filariae" or "admin-\nistrations" is joined when the joined word
occurs elsewhere in the document and a piece is not a word of it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..records import BlockKind
from .base import RawLine

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff\u00ad]")
_SPACED_LETTERS = re.compile(r"(?:[A-Za-z] ){3,}[A-Za-z]")
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Scheme|Box)\s+(?:\d+|[IVXLC]+)[.:]\s+\S")
_TABLE_CAPTION = re.compile(r"^Table\s+(?:\d+|[IVXLC]+)[.:]")
_TERMINAL = (".", "?", "!", ".)", ".]", ".”", '."', "?”")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
    # The Symbol font's bullet comes out as a private-use code point (Word PDFs, FDA labels)
    | {"\uf0b7": "•"}
)
#: Wingdings bullets (private-use code points) opening a line; elsewhere the same code points
#: are Symbol-font letters (U+F06C is λ there).
_PRIVATE_BULLET = re.compile(r"^\s*[\uf0a7\uf06c\uf06e\uf0a8\uf0d8\uf076](?=\s)")


@dataclass
class _Line:
    text: str
    line: int
    page: int | None
    lead: bool  # began with a space: a new text object in the PDF (often a page/column break)
    trail: bool  # ended with a space: a hyphen before it is a real one ("dose- and")
    kind: str = ""
    cells: tuple[str, ...] = ()
    size: float = 0.0  # PDF font height, 0 when unknown


def _normalise(raw: RawLine) -> _Line:
    text = _CONTROL.sub("", _SPACES.sub(" ", raw.text)).translate(_LIGATURES)
    text = _PRIVATE_BULLET.sub(lambda m: m.group()[:-1] + "•", text)
    lead = text.startswith(" ")
    trail = text.endswith(" ")
    text = re.sub(r" {2,}", " ", text.strip())
    if _SPACED_LETTERS.fullmatch(text):
        text = text.replace(" ", "")
    # "admin -" at a line end: the space before a breaking hyphen is an artefact.
    text = re.sub(r"(?<=[A-Za-z]) -$", "-", text)
    cells = tuple(
        re.sub(r"\s+", " ", _CONTROL.sub("", c).translate(_LIGATURES)).strip() for c in raw.cells
    )
    return _Line(text, raw.line, raw.page, lead, trail, raw.kind, cells, raw.size)


#: A journal's superscript reference numbers as a PDF gives them: run on to the comma or full
#: stop after a word ("human beings,9–13 compared", "for ivermectin.8"). Read as plain text they
#: pass for a quantity ("days,9–13"); they are set in brackets, as references are. Not after an
#: abbreviation ("Fig.2", "approx.3", "pp.45-67", "c.350"), and not before a unit or a range
#: ("2 mg,4 mg", "years,5 to 11 years"): those are values with a space missing.
_SUPERSCRIPT_REFS = re.compile(
    r"(?<=[A-Za-z)\]%][.,])(\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$)"
    r"(?!\s+(?:to|and|or|[-–])\s*\d)"
    r"(?!\s*(?:mg|g|kg|mL|ml|L|µg|mcg|mmol|µmol|IU|U|%|years?|months?|weeks?|days?|hours?|h|"
    r"min|minutes?|times|patients|participants|subjects|mice|rats)\b)"
)
#: Abbreviations a number may follow directly ("Fig.2").
_BEFORE_NUMBER = frozenset(
    [
        "fig",
        "figs",
        "ref",
        "refs",
        "approx",
        "ca",
        "pp",
        "p",
        "vol",
        "no",
        "nos",
        "eq",
        "eqs",
        "tab",
        "suppl",
        "al",
        "vs",
        "cf",
        "ch",
        "sec",
        "c",
        "n",
    ]
)
#: Reference numbers in brackets at the end of a line ("... for ivermectin.[8]").
_TRAILING_REFS = re.compile(r"\[\d[\d,–\- ]*\]$")


def bracket_references(text: str) -> str:
    """``text`` with superscript reference numbers run on to punctuation put in brackets
    ("beings,9–13 compared" -> "beings,[9–13] compared")."""

    def bracket(m: re.Match[str]) -> str:
        word = re.findall(r"[A-Za-z]+$", text[: m.start() - 1])
        if word and word[0].lower() in _BEFORE_NUMBER:
            return m.group(1)
        return f"[{m.group(1)}]"

    return _SUPERSCRIPT_REFS.sub(bracket, text)


def _terminal(text: str) -> bool:
    return _TRAILING_REFS.sub("", text.rstrip()).endswith(_TERMINAL)


# --------------------------------------------------------------------------------------------
# Vocabulary for hyphenation decisions

_WORD = re.compile(r"[A-Za-z0-9]+")
_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
# Words that end a hyphenated compound's first part ("hard-to-treat", "dose- and time-").
_ALPHA = re.compile(r"(?<![A-Za-z-])[A-Za-z]+(?![A-Za-z-])")
_KEEP_AFTER = {"to", "and", "or", "of", "in", "on", "non", "anti", "self", "well", "cross", "co"}


@dataclass
class _Vocab:
    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)
    #: Words seen at least twice as whole tokens: a piece of a split word is rarely among them.
    solo: set[str] = field(default_factory=set)
    #: Words seen whole at least once (targets for joining split pieces).
    joined: set[str] = field(default_factory=set)

    @classmethod
    def from_lines(cls, lines: list[_Line]) -> _Vocab:
        vocab = cls()
        counts: Counter[str] = Counter()
        for i, ln in enumerate(lines):
            tokens = ln.text.split()
            if not tokens:
                continue
            # Skip the pieces of a word split across this line break.
            if ln.text.endswith("-") and not ln.trail:
                tokens = tokens[:-1]
            if i > 0 and lines[i - 1].text.endswith("-") and not lines[i - 1].trail and tokens:
                tokens = tokens[1:]
            for tok in tokens:
                vocab.words.update(w.lower() for w in _WORD.findall(tok))
                vocab.compounds.update(c.lower() for c in _COMPOUND.findall(tok))
                counts.update(w.lower() for w in _ALPHA.findall(tok))
        vocab.solo = {w for w, c in counts.items() if c >= 2}
        vocab.joined = {w for w in counts if len(w) >= 4}
        return vocab


def _join_hyphenated(left: str, right: str, vocab: _Vocab) -> str:
    """Join ``left`` (ending in '-') and ``right`` across a line break: drop or keep the hyphen."""
    lw = re.search(r"([A-Za-z0-9]*)-$", left)
    rw = re.match(r"[A-Za-z0-9]*", right)
    lfrag = lw.group(1) if lw else ""
    rfrag = rw.group(0) if rw else ""
    joined = (lfrag + rfrag).lower()
    if lfrag and rfrag:
        if joined in vocab.words and not (lfrag.lower() in vocab.words and rfrag[:1].isupper()):
            return left[:-1] + right
        if f"{lfrag}-{rfrag}".lower() in vocab.compounds:
            return left + right
        # after a number the hyphen is the word's own ("1.7-fold", "19-heptaen")
        if (
            rfrag[:1].isupper()
            or rfrag[:1].isdigit()
            or lfrag[-1:].isdigit()
            or lfrag.lower() in _KEEP_AFTER
        ):
            return left + right
        return left[:-1] + right
    return left + right


def _stray_fragment(line: _Line, nxt: _Line | None, vocab_counts: dict[str, int]) -> bool:
    """A lone two-letter capitalised token ending a line before a PDF text-object break."""
    tokens = line.text.split()
    if len(tokens) < 2 or nxt is None or not nxt.lead:
        return False
    last = tokens[-1]
    return bool(re.fullmatch(r"[A-Z][a-z]", last)) and vocab_counts.get(last, 0) == 1

    def known(self, word: str) -> bool:
        return word.lower() in self.words


_SPACE_HYPHEN = re.compile(r"\b([A-Za-z]{2,}) -([a-z]{2,})\b")
#: Two words, the right one read ahead so that it can also be the left one of the next pair
#: ("clinica lly" and "a pr egnant" in one line); a right one followed by a hyphen is the
#: start of a word broken at the line's end ("the re-" / "liance"), not a piece to join.
_PAIR = re.compile(r"\b([A-Za-z]+) (?=([a-z]+)\b(?!-))")
#: Words that are also negating prefixes: joined to the next word they reverse it.
_NEGATING = frozenset({"in", "un", "non"})
#: One-letter words; any other lone letter before a word is a split glyph ("f irst").
_ONE_LETTER = {"a", "i"}


#: A cross-reference glued to its number and the next word ("Figure1shows", "Table1",
#: "Figure3and"): the link text of some publishers' PDFs is set without spaces.
_GLUED_REFERENCE = re.compile(r"(?<![\w/.])(Figures?|Tables?)(\d{1,2})([a-z]{3,})?\b")


def space_references(text: str) -> str:
    """ "Figure1shows" -> "Figure 1 shows", "Table1" -> "Table 1" ("Table S1" and "Figure 3a"
    are left as they are)."""

    def spaced(m: re.Match[str]) -> str:
        return f"{m.group(1)} {m.group(2)}" + (f" {m.group(3)}" if m.group(3) else "")

    return _GLUED_REFERENCE.sub(spaced, text)


def repair_words(text: str, vocab: _Vocab) -> str:
    """Undo split words inside a line: "pem -brolizumab", "benef it", "f irst", "Dis ease"."""
    if " " not in text:
        return text

    def hyphen(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if (left + right).lower() in vocab.joined:
            return left + right
        if f"{left}-{right}".lower() in vocab.compounds:
            return f"{left}-{right}"
        return m.group(0)

    def joins(left: str, right: str) -> bool:
        joined = (left + right).lower()
        if len(joined) < 5 or joined not in vocab.joined or left[1:2].isupper():
            return False
        if left.lower() in _ONE_LETTER or left.lower() in _NEGATING and left.lower() in vocab.solo:
            # "a" and "I" are words ("a long" is no split "along"), and a word that negates
            # the next as a prefix would turn it round: "in sufficient amounts" is no
            # "insufficient", "a typical" no "atypical"
            return False
        lone = len(left) == 1
        # a word the document uses often, or in the plural ("patient" of "patients"), is no
        # piece of a split one: "patient type" stays two words
        solo = left.lower() in vocab.solo or left.lower() + "s" in vocab.solo
        return lone or not solo or right.lower() not in vocab.solo

    text = _SPACE_HYPHEN.sub(hyphen, text)
    out: list[str] = []
    pos = 0
    joined_to = -1  # where the last joined word ends: its right piece is no left piece
    for m in _PAIR.finditer(text):
        if m.start() < joined_to or not joins(m.group(1), m.group(2)):
            continue
        out.append(text[pos : m.end() - 1])  # up to the space, which goes
        pos = m.end()
        joined_to = m.end() + len(m.group(2))
    return "".join(out) + text[pos:]


@dataclass
class _Para:
    """A block being assembled: a list of (text, line, page) pieces."""

    kind: BlockKind
    pieces: list[tuple[str, int, int | None]] = field(default_factory=list)
    fields: tuple[tuple[str, str], ...] = ()
    context: str = ""
    #: The last appended line ended with a space (a hyphen before it is a real one).
    trail: bool = False

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.pieces)


def _append_line(para: _Para, ln: _Line, vocab: _Vocab, *, sep: str = " ") -> None:
    """Append a source line to a paragraph, undoing the line break (and any hyphenation)."""
    if not para.pieces:
        para.pieces.append((ln.text, ln.line, ln.page))
        para.trail = ln.trail
        return
    prev_text, prev_line, prev_page = para.pieces[-1]
    current = para.text
    if current.endswith("-") and not para.trail:
        joined = _join_hyphenated(current, ln.text, vocab)
        keep_hyphen = joined.startswith(current)
        if not keep_hyphen:
            # Drop the trailing hyphen of the previous piece.
            para.pieces[-1] = (prev_text[:-1], prev_line, prev_page)
        para.pieces.append((ln.text, ln.line, ln.page))
    elif current.endswith("/"):
        para.pieces.append((ln.text, ln.line, ln.page))
    else:
        para.pieces.append((sep + ln.text, ln.line, ln.page))
    para.trail = ln.trail
