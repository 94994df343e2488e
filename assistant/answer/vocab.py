"""Word lists and spelling tolerance for question analysis (data, not decisions)."""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict

from ..text.terms import fold_accents, prefix_stem

_SUFFIX = re.compile(r"(?:ies|es|s|ing|ed|ation|ations|ly|ment|ments|ity)$")

#: Light words carry no topic: a question is not "about" them, so they do not count for coverage.
_LIGHT = """get gets got getting make makes made making keep keeps kept keeping tell tells told
    enough
    kind kinds sort put puts run runs happen happens happened seen see saw go goes went going come
    comes take takes took taken give gives gave given let lets help helps use used uses way ways
    thing things anything something anyone everyone people person much many lot lots really
    actually good bad better best less least like even still whether either need needs want know
    known find found show shown seem seems try look looks mean means does work works working done
    say says said long short big bigger small smaller new old different same back well whole
    document documents paper review label article study report tell according mention mentioned
    mentions describe described say stated state"""
LIGHT_WORDS = frozenset(_LIGHT.split())

#: What may follow a question word's base in a corpus word for the two to be one word.
_ENDINGS = frozenset(
    {"", "s", "es", "ed", "d", "ing", "ings", "e", "ies", "y", "ly", "ness", "ful", "less"}
    | {"ment", "ments", "ity", "ty", "ation", "ations", "ary", "er", "ers", "al", "ic", "ive"}
    | {"ion", "ions"}
)
#: Endings that make another word of a four-letter base ("numb" - "number", "moth" - "mother",
#: "port" - "portion", "form" - "formal").
_LONGER_BASES_ONLY = frozenset({"er", "ers", "al", "ic", "ive", "ion", "ions"})
#: Endings after a doubled final consonant ("stop" - "stopped", "swim" - "swimming").
_DOUBLED = frozenset({"ed", "ing", "er", "ers", "y"})


#: Endings that inflect a three-letter base ("arm" - "arms", "end" - "ended", "eat" - "eating";
#: "d" only after "e": "die" - "died", not "fin" - "find"; "es" only after a hissing sound:
#: "tax" - "taxes", not "pin" - "pines"; after a short vowel the consonant doubles: "rat" -
#: "ratted", not "rated").
_SHORT_ENDINGS = frozenset({"s", "ed", "ing"})
_VOWELS = frozenset("aeiou")


def _inflects(base: str, rest: str) -> bool:
    """Whether a corpus word ``base + rest`` is ``base`` inflected or derived."""
    if len(base) == 3:
        short_vowel = (
            base[0] not in _VOWELS
            and base[1] in _VOWELS
            and base[2] not in _VOWELS | {"w", "x", "y"}
        )
        if rest == "s" or (rest == "es" and base.endswith(("s", "x", "z"))):
            return True
        if rest in ("ed", "ing"):
            return not short_vowel
        return (rest == "d" and base.endswith("e")) or (
            short_vowel and rest[:1] == base[-1:] and rest[1:] in ("ed", "ing")
        )
    if rest in _ENDINGS:
        return len(base) > 4 or rest not in _LONGER_BASES_ONLY
    return rest[:1] == base[-1:] and rest[1:] in _DOUBLED


def _british(word: str) -> str:
    """British spellings written the American way ("ischaemic" -> "ischemic", "oedema" ->
    "edema"), so either matches the other."""
    return word.replace("ae", "e").replace("oe", "e")


#: id(vocabulary) -> (vocabulary, its size, words by first letters, all words joined), least
#: recently used first; several vocabularies (the corpus's, each document's, those of the
#: document sets questions were scoped to) are looked up in turn.
_INDEXED: OrderedDict[int, tuple[set[str], int, dict[str, list[str]], str]] = OrderedDict()
_INDEXED_MAX = 512


def _index(vocabulary: set[str]) -> tuple[dict[str, list[str]], str]:
    """The vocabulary's words by their first three letters (British spellings also by theirs
    written the American way) and all of them in one string: built once per vocabulary, since
    every question word is looked up in it."""
    entry = _INDEXED.get(id(vocabulary))  # one read: another thread may replace it
    if entry is not None and entry[0] is vocabulary and entry[1] == len(vocabulary):
        with contextlib.suppress(KeyError):  # another thread may have dropped it meanwhile
            _INDEXED.move_to_end(id(vocabulary))
        return entry[2], entry[3]
    by_start: dict[str, list[str]] = {}
    for v in vocabulary:
        by_start.setdefault(v[:3], []).append(v)
        american = _british(v)
        if american[:3] != v[:3]:
            by_start.setdefault(american[:3], []).append(american)
    joined = "\n".join(vocabulary)
    _INDEXED[id(vocabulary)] = (vocabulary, len(vocabulary), by_start, joined)
    while len(_INDEXED) > _INDEXED_MAX:
        with contextlib.suppress(KeyError):
            _INDEXED.popitem(last=False)
    return by_start, joined


def known_word(term: str, vocabulary: set[str]) -> bool:
    """Whether ``term`` or a close spelling/inflection of it occurs in ``vocabulary``.

    "statins" is not known from "stat3" or "state"; "diarrhoea" is known from "diarrhea",
    "ischaemic" from "ischemic", "limbs" from "limb", and a long word from a corpus word that
    holds its stem ("triglycerides" from "hypertriglyceridemia").
    """
    term = fold_accents(term)
    if term in vocabulary:
        return True
    forms = {term, term.replace("ll", "l"), _british(term)}
    if len(term) >= 4 and term.endswith("s") and not term.endswith("ss"):
        forms.add(term[:-1])  # a short plural: "limbs", "arms"
    by_start, joined = _index(vocabulary)
    for form in forms:
        base = _SUFFIX.sub("", form) if len(form) > 5 else form
        need = max(5, len(base) - 3)
        if len(base) >= 7 and base in joined:
            return True  # a long stem inside a corpus word
        for v in by_start.get(base[:3], ()):
            if abs(len(v) - len(base)) > 4:
                continue
            k = 0
            for a, b in zip(v, base, strict=False):
                if a != b:
                    break
                k += 1
            # A short base may be a prefix of another word ("hear" of "heart"): it counts only
            # when the rest of the corpus word is an inflection ending ("dose" of "doses", "die"
            # of "died").
            if k >= need or (k == len(base) and len(base) >= 3 and _inflects(base, v[k:])):
                return True
    return False


def fold(text: str) -> str:
    """``text`` lower-cased with "ll" written "l" ("labelled" ~ "labeled"), the form
    :func:`stem` is matched against."""
    return text.lower().replace("ll", "l")


def stem(term: str) -> str:
    """The prefix stem (:func:`assistant.text.terms.prefix_stem`) of ``term`` with "ll" written
    "l", as the fitted judge's word-overlap features were computed."""
    return prefix_stem(term.replace("ll", "l"))
