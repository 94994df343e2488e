"""Candidate sentences of the retrieved passages, with the features the judge scores.

A candidate is a verbatim sentence of a passage (or a whole table row, spelled out with its
column names). Filler (keyword lists, signposting, outlook, boilerplate) is never a candidate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Chunk, Hit
from ..text.doses import DOSE_MENTION, REGIMEN_WORDS, dose_matches
from ..text.references import strip_references
from ..text.sentences import run_in_label, sentence_spans
from .query import Query
from .vocab import fold, known_word, stem

if TYPE_CHECKING:
    from ..search.retrieve import Retriever

#: A dose, schedule, duration or trial number (the ``dose_match`` feature; the grammar is
#: :mod:`assistant.text.doses`, the one the dose records and the chat's highlighting use).
DOSE = DOSE_MENTION
SAFETY = re.compile(
    r"adverse|side effect|toxicit|stomatitis|ulcer|mucositis|rash|diarrh|nausea|vomit|"
    r"hypercholes|hypertriglycerid|dyslipid|lipid profile|glucose intolerance|insulin resistance|"
    r"thrombocytopenia|anemia|anaemia|infection|pneumonia|wound healing|immunosuppress|eczema|"
    r"arthralgia|sores|toxic|well tolerated|tolerability|swelling|pruritus|dizziness|fatigue|"
    r"headache|acidosis|hypoglyc|warning|contraindicat|grade [1-4]|serious|death|fatal",
    re.I,
)
_NUMBER = re.compile(r"\d")


def states_dose(text: str) -> bool:
    """Whether a sentence states a dose, schedule, duration or trial number; a "%" is a dose
    only in a sentence about a topical use (not "fractures occurred in 2.3%")."""
    return bool(dose_matches(text) or REGIMEN_WORDS.search(text))


_FILLER = re.compile(
    r"^\s*(?:key\s*words?|abbreviations?|received|accepted|published|correspondence|"
    r"copyright|©|doi\b|https?://|e-?mail|funding|conflicts? of interest|author contributions?|"
    r"acknowledg)"
    r"|\b(?:this|the present|the current|the following) (?:section|review|chapter|article|paper)"
    r" (?:provides|describes|discusses|summari[sz]es|focuses|presents|will)\b"
    r"|\b(?:in this (?:section|review|article|paper),? we)\b"
    r"|^\s*hopefully\b|\bis beyond the scope\b|\bwill be discussed\b|\bare discussed below\b"
    r"|\bsee (?:section|table|figure)\s*\S+\s*\.?$"
    # a document's own questions are headings (a patient leaflet's "What is AUGTYRO?"), and a
    # pointer elsewhere states nothing
    r"|\?[\s\"”’)\]]*$|^\s*see\b.{0,120}\bfor more information\b",
    re.I,
)
#: A sentence that opens a list ("... include:"): said alone, it states nothing.
_OPENS_LIST = re.compile(r":\s*$")
#: A list item after a blank line: its bullet (or a Markdown item mark).
_ITEM_START = re.compile(r"\s*\n[ \t]*\n\s*(?:[•●▪◦‣∙]|[*+-]|\d{1,3}[.)])\s")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")
#: At most this many words of a list are read with the sentence opening it.
LIST_WORDS = 70
#: A sentence whose subject refers back to an earlier sentence ("the mentioned dose", "these
#: patients", "this trial", "the latter"): it is only checkable with the sentence before it.
ANAPHOR = re.compile(
    r"^\s*(?:however,?\s+|moreover,?\s+|in addition,?\s+|furthermore,?\s+|also,?\s+)?"
    # an opening phrase before the subject: "Consistent with the abovementioned data, these
    # trials used ...", "In line with this, ..."
    r"(?:(?:consistent with|in line with|in keeping with|in accordance with|similar to|"
    r"according to|based on|in contrast to|unlike|like)\s[^,]{1,60},\s*)?"
    r"(?:(?:this|these|those|such|the latter|the former|the mentioned|the same|the above|"
    r"that|both|they|its|their)\b|"
    # "it" but not the expletive of "It was reported that ...", "It is unclear whether ..."
    r"it\b(?!\s+(?:is|was|has been|had been|seems|appears|remains|should be|must be|may be|"
    r"can be)\s+(?:[\w-]+\s+){0,3}?(?:that|whether|if|why|how)\b)|"
    r"\w+(?:\s+\w+){0,5}\s+(?:the mentioned|the same|this|these)"
    r"\s+(?:dose|doses|regimen|regimens|treatment|trial|trials|study|studies|patients|mice|"
    r"animals|participants|drug|findings|results))"
    # "the abovementioned data", "the aforementioned dose" near the start
    r"|^\W*(?:\w+\W+){0,6}?the (?:above-?mentioned|afore-?mentioned)\b"
    # "In line with this, ...", "Unlike these, ..."
    r"|^\s*(?:consistent with|in line with|in keeping with|in accordance with|similar to|"
    r"in contrast to|contrary to|unlike|like) (?:this|these|that|those|the latter|the former|"
    r"such)\b",
    re.I,
)
#: Kinds never read as answer sentences; "table_text" is a table kept as lines (word soup).
_SKIP_KINDS = ("heading", "caption", "figure_text", "table_text", "table_note")


#: Small words a title leaves in lower case ("Effects of Other Drugs on AUGTYRO").
_TITLE_SMALL = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
)


def is_title(text: str) -> bool:
    """A heading run on to the text around it ("Central Nervous System (CNS) Effects"): a few
    words, no closing punctuation, every word but small ones capitalised."""
    words = text.split()
    if len(words) > 8 or text.rstrip().endswith((".", "!", "?", ":", ";", ")", "]", '"', "”")):
        return False
    big = [w for w in words if w.lower() not in _TITLE_SMALL and re.search(r"[A-Za-z]", w)]
    return bool(big) and all(re.match(r"[\W\d]*[A-Z]", w) for w in big)


def is_filler(text: str) -> bool:
    """Headings, keyword lists, signposting, outlook and boilerplate: never an answer."""
    words = text.split()
    if len(words) < 4 or is_title(text):
        return True
    return bool(_FILLER.search(text))


_CAPTION = re.compile(r"^\s*(?:table|figure|fig\.)\s*[A-Z]?\d+[a-z]?\b", re.I)


def is_label_row(chunk: Chunk) -> bool:
    """A table row that states nothing: the table's caption, its column names or a group label
    ("Nervous System Disorders"). Such rows hold no value, only words of the table's headers."""
    text = chunk.display_text if chunk.fields else chunk.text
    if _CAPTION.match(chunk.text):
        return True
    values = [v for _, v in chunk.fields if v.strip()]
    if chunk.fields and all(v.strip() == k.strip() for k, v in chunk.fields):
        return True  # the header row, spelled as its own columns
    if _NUMBER.search(text) or len(values) > 1:
        return False
    # a few words, or column names however many ("Global Frailty Score a Whole Body Mass
    # Handgrip Strength"): a row with neither a value nor a sentence's punctuation (a
    # table's legend, "RET, resistance exercise training; ...", says something)
    return len(chunk.text.split()) < 8 or not chunk.fields and not re.search(r"[.;]", chunk.text)


def refers_back(text: str) -> bool:
    """Whether the sentence's subject is an anaphor that an earlier sentence resolves."""
    return bool(ANAPHOR.match(text))


#: A sentence that starts with a word in lower case ("value and at least one post-treatment
#: value.", "are breastfeeding or plan to breastfeed.") is the end of one cut by a page, a
#: column or a list; a gene or protein name ("mTORC1", "p53") is not such a word.
_FRAGMENT = re.compile(r"[a-z]+\b(?![\w-]*\d)(?!-?[A-Z])")


def is_fragment(text: str) -> bool:
    """Whether the sentence is the tail of another, which must come with it to be read."""
    return bool(_FRAGMENT.match(text.lstrip("•-–*· ")))


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage: verbatim text, absolute span, its features."""

    hit: Hit
    start: int
    end: int
    text: str  # as shown (a table row with its column names)
    quote: str  # verbatim inside the chunk
    features: tuple[float, ...] = ()
    score: float = 0.0

    @property
    def doc_id(self) -> str:
        """The document the sentence belongs to."""
        return self.hit.chunk.doc_id

    @property
    def words(self) -> int:
        """Length in words."""
        return len(self.text.split())


#: Names of the sentence features, in order (the fitted judge's JSON records them).
SENTENCE_FEATURES = (
    "cosine",
    "cosine_gap",
    "lexical",
    "lexical_gap",
    "inverse_rank",
    "dose_match",
    "safety_match",
    "quantity_match",
    "refers_back",
    "table_row",
    "log_words",
    "section_overlap",
)


def _table_label(chunk: Chunk) -> str:
    """What a table row is shown after: its table's title (to its first full stop) and the
    group of rows it is one of ("Table 2: Participants with adverse events ...,
    Mazzotti reactions: "), or "" for a row of no known table."""
    # to the first full stop: "Table II. Clinical trials ..." is "Table II" (the caption's words
    # would take the answer's room); a decimal point ("≥0.5 mg/kg") is no full stop
    title = re.split(r"\.(?=\s|$)", chunk.table)[0].strip()
    label = ", ".join(p for p in (title, chunk.group) if p)
    return label + ": " if label else ""


def gather(hits: list[Hit], passages: int) -> list[Candidate]:
    """Sentences of the top ``passages`` hits, each once (at its best-ranked passage)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Candidate] = []
    for hit in hits[:passages]:
        c = hit.chunk
        if c.kind in _SKIP_KINDS:
            continue
        if c.kind == "table_row":
            key = (c.doc_id, c.start, c.end)
            if key not in seen and not is_label_row(c) and not _OPENS_LIST.search(c.text):
                seen.add(key)
                table = _table_label(c)
                out.append(Candidate(hit, c.start, c.end, table + c.display_text, c.text))
            continue
        # "Interpretation Skin ..." quotes from "Skin"
        spans = [(s + run_in_label(c.text[s:e]), e) for s, e in sentence_spans(c.text)]
        for s, e in spans:
            opener = c.text[s:e]
            listed = bool(_OPENS_LIST.search(opener))
            if listed:
                # "The most common side effects include:" is read with its items
                list_end = _list_end(c.text, s, e)
                if list_end is None:
                    continue
                e = list_end
            key = (c.doc_id, c.start + s, c.start + e)
            if key in seen:
                continue
            seen.add(key)
            sentence = c.text[s:e]
            # a list is judged by its opener ("Evaluate:" is short, not filler)
            if _FILLER.search(opener) if listed else is_filler(sentence):
                continue
            # a list is shown one item a line (its quote keeps the blank lines of the text)
            shown = _BLANK_LINES.sub("\n", sentence)
            out.append(Candidate(hit, c.start + s, c.start + e, shown, sentence))
    return out


def _same_word(a: str, b: str) -> bool:
    """One word, maybe in the plural ("tablet", "tablets")."""
    return a == b or a == b + "s" or b == a + "s"


def subject_documents(
    terms: list[str],
    vocabularies: dict[str, set[str]],
    subjects: dict[str, tuple[set[str], set[str]]],
) -> frozenset[str]:
    """In a corpus of several documents, the documents a question is about, or none (no
    narrowing). A question word (of ``terms``) that some documents use and others never names
    the question's subject when it is one of the drugs a document names most (or its brand),
    or a word of a document's title or file name that no other document uses ("magnesium" of
    "What is the half-life of magnesium?" over a magnesium trial and an apixaban label;
    "half-life", "versus" or "patients" name no document). The question is about the
    documents that use every such word (or, when none uses all, any of them): a document
    without its subject cannot state it, and its sentences ("The apparent half-life of
    apixaban is about 12 hours") would answer for another subject. Chosen on the fit split over
    one corpus of all six documents (eval/combined.py; eval/README.md)."""
    if len(vocabularies) < 2:
        return frozenset()
    scopes = []
    for t in terms:
        docs = {d for d, v in vocabularies.items() if known_word(t, v)}
        if not docs or len(docs) == len(vocabularies):
            continue
        drug = any(_same_word(t, w) for d in docs for w in subjects.get(d, ((), ()))[1])
        titled = len(docs) == 1 and any(
            _same_word(t, w) for d in docs for w in subjects.get(d, ((), ()))[0]
        )
        if drug or titled:
            scopes.append(docs)
    if not scopes:
        return frozenset()
    return frozenset(set.intersection(*scopes) or set.union(*scopes))


def _list_end(text: str, start: int, opener_end: int) -> int | None:
    """Where the list opened by the sentence ``text[start:opener_end]`` ends: after as many
    whole items (each up to the next blank line, however many sentences it has) as fit in
    :data:`LIST_WORDS` words with the opener (at least one); None when no item follows."""
    end = None
    pos = opener_end
    while (m := _ITEM_START.match(text, pos)) is not None:
        blank = _BLANK_LINES.search(text, m.end())
        item_end = blank.start() if blank else len(text.rstrip())
        if end is not None and len(text[start:item_end].split()) > LIST_WORDS:
            break
        end = pos = item_end
    return end


def _lexical(query: Query, texts: list[str]) -> list[float]:
    """IDF-weighted share of the question's words (stemmed) each text contains."""
    terms = {stem(t): query.idf.get(t, 1.0) for t in query.content} or {
        stem(t): 1.0 for t in query.terms if len(t) > 2
    }
    total = sum(terms.values())
    if not total:
        return [0.0] * len(texts)
    lowered = [fold(x) for x in texts]
    # a short form counts as a whole word only ("gm" is no alias inside "programme")
    other = {
        t: [re.compile(rf"(?<!\w){re.escape(a)}(?!\w)") for a in forms]
        for t, forms in query.aliases.items()
    }
    return [
        sum(w for t, w in terms.items() if t in x or any(p.search(x) for p in other.get(t, ())))
        / total
        for x in lowered
    ]


def featurise(retriever: Retriever, query: Query, cands: list[Candidate]) -> list[Candidate]:
    """The candidates with their feature vectors (see :data:`SENTENCE_FEATURES`)."""
    if not cands:
        return []
    vecs = retriever.sentence_vectors(
        [(c.doc_id, c.start, c.end) for c in cands], [strip_references(c.text) for c in cands]
    )
    cos = [float(x) for x in vecs @ query.vector]
    lex = _lexical(query, [c.text for c in cands])
    sec = _lexical(query, [c.hit.chunk.section for c in cands])
    top_cos, top_lex = max(cos), max(lex)
    kinds = query.kinds
    out = []
    for c, cs, lx, sx in zip(cands, cos, lex, sec, strict=True):
        f = (
            cs,
            cs - top_cos,
            lx,
            lx - top_lex,
            1.0 / c.hit.rank,
            float("dose" in kinds and states_dose(c.text)),
            float("safety" in kinds and bool(SAFETY.search(c.text))),
            float("quantity" in kinds and bool(_NUMBER.search(c.text))),
            float(refers_back(c.text)),
            float(c.hit.chunk.kind == "table_row"),
            math.log(1 + c.words),
            sx,
        )
        out.append(Candidate(c.hit, c.start, c.end, c.text, c.quote, f))
    return out
