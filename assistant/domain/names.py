"""Words that name a biomedical subject: a drug, a disease, an organism, a gene or a code.

When such a word of a question occurs nowhere in the documents, the question's subject is absent
("Does rapamycin interact with warfarin?" over a corpus that never names warfarin), and "the
documents do not address this" is a true statement. An everyday word the documents lack ("Can it
make my bones *break*?") says nothing of the kind, so it is never on these lists.

The shapes are data (:mod:`assistant.domain.subject_lists`): the international nonproprietary-
name stems of drug classes (WHO INN stems), the suffixes of disease names, species and pathogens
people ask about, the everyday subjects of clinical questions (cost, alcohol, pregnancy, common
diseases), and the written shapes of codes (letters with digits: FKBP12, CYP3A4) and acronyms
(written in capitals in the question). They were chosen on the fit split of the gold questions
(eval/goldsets.py) and are measured on the test split in eval/README.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from .subject_lists import (  # noqa: F401  (re-exported: the lists are part of this API)
    CANCER_SITES,
    DISEASE_ENDINGS,
    DRUG_STEMS,
    EVERYDAY,
    ORGANISMS,
    SUBJECT_PHRASES,
    TOPICS,
)

#: A word written with a capital inside a sentence of the question ("covered by Medicare",
#: "trials in Nigeria") names a place, a programme, a product or a person: shortest such word.
PROPER_LETTERS = 4
#: A name joined to a number by a dash names one trial, variant or study ("TRIDENT-3",
#: "KEYNOTE-189", "COVID-19", "CheckMate-067"): the name in capitals or with a capital inside.
_NUMBERED_NAME = re.compile(
    r"(?<![\w\-\u2010-\u2015])([A-Z]{3,}|[A-Z][a-z]+[A-Z][A-Za-z]*)[\-\u2010-\u2015](\d+[A-Za-z]?)"
    r"(?![\w\-\u2010-\u2015])"
)
_CODE = re.compile(r"^(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9-]{3,}$")
#: Digits with a unit or an ordinal ("10mg", "24h", "2nd"): a quantity, not a code.
_QUANTITY = re.compile(r"^\d+(?:[.,]\d+)?-?[a-zµ]{1,3}$")
#: Shortest acronym that names a subject. Three-letter ones are too often a qualifier whose long
#: form the documents spell differently ("HPV vaccine" over a text that says "human
#: papillomavirus"; a holdout question was falsely declined that way), and too many three-letter
#: runs of initials occur by chance to tell.
ACRONYM_LETTERS = 4
#: Shortest drug name and disease name the suffix shapes are trusted on.
_MIN_LENGTH = 6


#: Between the words of a phrase: spaces or any dash ("half-life", "half‑life", "half life").
_SEP = r"[\s\-\u2010-\u2015]+"
#: Between two words of a phrase as the documents may write it: up to two other words
#: ("length of hospital stay", "binding to plasma protein").
_GAP = rf"{_SEP}(?:[\w'’]+{_SEP}){{0,2}}"
#: Not right after "non" ("non-small cell lung cancer" is no mention of "small cell lung
#: cancer", in a question or in a document).
_NOT_NON = r"(?<!non[\s\-\u2010-\u2015])"
#: Words of a phrase that a document's wording may leave out or move.
_LINKING = frozenset({"of", "the", "to", "in", "a", "an", "and", "for", "with", "on"})


def _form(word: str) -> str:
    """A word and its plural ("life"/"lives", "therapy"/"therapies", "clot"/"clots")."""
    w = re.escape(word)
    if word.endswith("fe"):
        return w[:-2] + "(?:fe|ves)"
    if word.endswith("y") and len(word) > 3:
        return w[:-1] + "(?:y|ies)"
    return w + "(?:s|es)?"


@functools.lru_cache(maxsize=512)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a question writes it: its words apart by spaces or dashes, the last one
    also plural."""
    words = [w for w in re.split(_SEP, phrase.lower()) if w]
    forms = [re.escape(w) for w in words[:-1]] + [_form(words[-1])]
    return re.compile(_NOT_NON + r"(?<!\w)" + _SEP.join(forms) + r"(?!\w)")


@functools.lru_cache(maxsize=512)
def mention_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a document may write it: its topical words in order with up to two other
    words between them (either order for two words: "binding to plasma protein" mentions
    "protein binding"), each also plural; a short single word also with a suffix ("AUC0-24")."""
    words = [w for w in re.split(_SEP, phrase.lower()) if w and w not in _LINKING]
    forms = [_form(w) for w in words]
    if len(words) == 1 and len(words[0]) <= 4:
        forms = [re.escape(words[0]) + r"\w*"]
    orders = [forms, forms[::-1]] if len(forms) == 2 else [forms]
    return re.compile(
        _NOT_NON + r"(?<!\w)(?:" + "|".join(_GAP.join(o) for o in orders) + r")(?!\w)"
    )


def named_phrases(question: str, mentions: Callable[[re.Pattern[str]], bool]) -> tuple[str, ...]:
    """The :data:`SUBJECT_PHRASES` that ``question`` names and the documents mention in none of
    their wordings (``mentions(pattern)``: whether the documents' text matches)."""
    q = question.lower()
    return tuple(
        phrase
        for phrase, others in SUBJECT_PHRASES.items()
        if phrase_pattern(phrase).search(q)
        and not any(mentions(mention_pattern(p)) for p in (phrase, *others))
    )


def is_acronym(word: str, question: str) -> bool:
    """Whether ``word`` is written in capitals (``ACRONYM_LETTERS`` or more letters) in
    ``question`` (not when the whole question is shouted in capitals)."""
    if len(word) < ACRONYM_LETTERS or not word.isalpha():
        return False
    letters = [c for c in question if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) / 2:
        return False
    return re.search(rf"\b{re.escape(word.upper())}\b", question) is not None


def names_subject(word: str, question: str = "") -> bool:
    """Whether ``word`` (lower case, as the question analysis gives it) names a drug, disease,
    organism, gene or code, judged by its shape and the lists above."""
    w = word.lower()
    if w in ORGANISMS or w in TOPICS or is_code(w) or is_acronym(w, question):
        return True
    if is_proper_noun(w, question):
        return True
    if len(w) < _MIN_LENGTH or w in EVERYDAY:
        return False
    return w.endswith(DRUG_STEMS) or w.endswith(DISEASE_ENDINGS)


def is_code(word: str) -> bool:
    """Letters with digits ("fkbp12", "covid-19"), not a quantity or an ordinal ("10mg", "2nd")."""
    return bool(_CODE.match(word)) and not _QUANTITY.match(word)


def named_subjects(
    words: tuple[str, ...],
    question: str = "",
    vocabulary: Collection[str] = (),
    initials: str = "",
) -> tuple[str, ...]:
    """Those of ``words`` (words the documents lack) that name a biomedical subject.

    A code or acronym still counts as present when it is part of a longer token of the documents
    ("NCT" of "NCT04488601", "HET3" of "UMHET3") or, for an acronym, when the documents spell out
    a long form with those initials (``initials``: the initial letters of the documents' words, see
    :func:`assistant.text.initials.initial_letters`).
    """
    out = []
    for w in words:
        if not names_subject(w, question):
            continue
        short = is_code(w) or is_acronym(w, question)
        if short and (w in initials or any(w in v for v in vocabulary if len(v) > len(w))):
            continue
        out.append(w)
    return tuple(out)


#: Endings of adjectives and verb forms: a word capitalised for emphasis ("Diabetic mice", "Is
#: it Immunosuppressive?") is matched as any other word, not as a name.
_NOT_NAME_ENDINGS = (
    "ic", "ical", "ive", "al", "ous", "ed", "ing", "ful", "less", "able", "ible", "ary", "ory",
    "ly",
)  # fmt: skip


def is_proper_noun(word: str, question: str) -> bool:
    """Whether ``word`` is written with a capital inside a sentence of ``question`` ("Is it
    covered by Medicare?"), not first in a sentence, not in a question written in capitals or
    with every word capitalised, and not as an acronym, nor when shaped as an adjective or verb
    form ("Diabetic mice", "Diabetic Patients": capitalised for emphasis; a name's "Testing"
    is missed, a false "not addressed" is worse)."""
    if len(word) < PROPER_LETTERS or not word.isalpha() or word.lower().endswith(_NOT_NAME_ENDINGS):
        return False
    # a title ("Side Effects Of Rapamycin In Dogs") or a shouted question: every longer word
    # after the first is capitalised (acronyms aside; a brand name alone is no title)
    words = [w for w in re.findall(r"[A-Za-z]+", question)[1:] if len(w) >= 4 and not w.isupper()]
    if not words or all(w[:1].isupper() for w in words):
        return False
    for m in re.finditer(rf"\b{re.escape(word)}\b", question, re.I):
        found = m.group(0)
        if not (found[:1].isupper() and any(c.islower() for c in found[1:])):
            continue
        before = question[: m.start()].rstrip()
        if before and before[-1] not in '.?!:;"“(':
            return True
    return False


#: Endings that make a people or a language of a place ("Asian", "European", "Chinese").
_DEMONYM_ENDINGS = ("ian", "an", "n", "ese", "ish")


def _name_forms(word: str) -> set[str]:
    """A proper noun, its plural or singular, and the place of a demonym ("asian" -> "asia",
    "european" -> "europe", "nigerian" -> "nigeria", "chinese" -> "china")."""
    forms = {word, word + "s"}
    if word.endswith("s"):
        forms.add(word[:-1])
    for ending in _DEMONYM_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3:
            forms.update({base, base + "a", base + "e"})
    return forms


def proper_noun_known(word: str, vocabulary: Collection[str]) -> bool:
    """Whether a proper noun of a question occurs in the documents: as written, in the plural,
    or as the place or people of the other ("Asian" - "Asia", "Europe" - "European"); not by a
    shared start, as other words are ("Medicare" is not "medicine" nor "medical")."""
    forms = _name_forms(word)
    if any(f in vocabulary for f in forms):
        return True
    return any(word in _name_forms(v) for v in vocabulary if v[:3] == word[:3])


def numbered_names(question: str, mentions: Callable[[re.Pattern[str]], bool]) -> tuple[str, ...]:
    """Names with a number ("TRIDENT-3") that the documents never write, with or without the
    dash or a space, though they may write the name with another number ("TRIDENT-1")."""
    out = []
    for m in _NUMBERED_NAME.finditer(question):
        name, number = m.group(1).lower(), m.group(2).lower()
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?:{_SEP})?{re.escape(number)}(?!\w)")
        if not mentions(pattern):
            out.append(m.group(0))
    return tuple(out)
