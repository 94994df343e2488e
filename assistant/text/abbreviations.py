"""Abbreviations a document defines itself, and query expansion with them.

Harvesting follows Schwartz & Hearst (2003): for "long form (SF)", walk the short form backwards and
match each character in the words before the parenthesis; the first character must start a word.
A drug label names its product the other way round, "AUGTYRO™ (repotrectinib)": the brand is
kept as the short form of the generic name, so a question that says "repotrectinib" also finds
the label's sentences, which say "AUGTYRO".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

#: "(SF)", or "(SF; more)" / "(SF, more)" where the short form comes first: "skin microfilarial
#: density (SmfD; microfilariae per mg skin)".
_PAREN = re.compile(r"\(([^()\s;,]{2,12})(?:\)|[;,]\s[^()]{1,80}\))")
_SHORT_OK = re.compile(r"[A-Za-z0-9][\w/+αβγδκ-]*")
_SENTENCE_CUT = re.compile(r"(?:[.;:!?]\s|\(|\)|\n)")


#: A brand name, in capitals (maybe marked ™, "TM" or ®) or capitalised and marked, before
#: its generic name in brackets: one or two lower-case words.
_BRAND = re.compile(
    r"(?<![\w-])([A-Z][A-Z0-9-]{3,}|[A-Z][a-z]{3,}(?=™|®))(?:™|®)?\s*"
    r"\(([a-z][a-z-]{3,}(?: [a-z]{3,})?)\)"
)
#: What a product's brackets may hold that is no generic name ("AUGTYRO (capsules)").
_NOT_GENERIC = frozenset(
    {"capsule", "capsules", "tablet", "tablets", "injection", "solution", "oral", "suspension",
     "cream", "gel", "ointment", "patch", "powder", "syrup", "use", "extended-release",
     "delayed-release", "film-coated", "chewable", "topical", "adults", "children"}
)  # fmt: skip


def is_brand(short: str, long: str) -> bool:
    """Whether a pair names a product and its generic name (not an initialism): such a short
    form is a name, found in a question however it is capitalised ("Augtyro")."""
    return short.isalpha() and best_long_form(short, long) is None


def brand_names(text: str) -> Iterator[tuple[str, str]]:
    """(brand, generic) pairs a label defines: "AUGTYRO™ (repotrectinib)". A name the text
    also uses as a word in lower case is no brand: "RECOVERY (dexamethasone)" names a trial,
    "DOSAGE (adults)" a heading; nor is a dosage form ("KEPPRA (oral solution)")."""
    words: set[str] | None = None
    for m in _BRAND.finditer(text):
        brand, generic = m.group(1), m.group(2)
        if brand.endswith("TM"):
            if words is None:
                words = set(re.findall(r"\w+", text))
            if brand[:-2] in words:
                brand = brand[:-2]  # "AUGTYROTM": the trade mark run on to the name
        if set(generic.split()) & _NOT_GENERIC or not is_brand(brand, generic):
            continue
        # as a word of the text, not of a web address ("www.augtyro.com")
        if re.search(rf"(?<![\w./-]){re.escape(brand.lower())}(?![\w-]|\.\w)", text):
            continue
        yield brand, generic


def _valid_short(short: str) -> bool:
    return (
        bool(_SHORT_OK.fullmatch(short))
        and any(c.isupper() for c in short)
        and any(c.isalpha() for c in short)
        and not short.isdigit()
    )


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest suffix of ``candidate`` whose letters spell ``short`` (Schwartz-Hearst)."""
    s = len(short) - 1
    ell = len(candidate) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while (ell >= 0 and candidate[ell].lower() != c) or (
            s == 0 and ell > 0 and candidate[ell - 1].isalnum()
        ):
            ell -= 1
        if ell < 0:
            return None
        ell -= 1
        s -= 1
    start = candidate.rfind(" ", 0, ell + 1) + 1
    long = candidate[start:].strip()
    return long or None


def harvest(text: str) -> list[tuple[str, str]]:
    """(short, long) pairs defined in ``text``, first definition of each short form kept."""
    found: dict[str, str] = {}
    for m in _PAREN.finditer(text):
        short = m.group(1)
        if not _valid_short(short) or short in found:
            continue
        before = text[max(0, m.start() - 300) : m.start()]
        cuts = list(_SENTENCE_CUT.finditer(before))
        if cuts:
            before = before[cuts[-1].end() :]
        words = before.split()
        limit = min(len(short) + 5, 2 * len(short))
        candidate = " ".join(words[-limit:])
        long = best_long_form(short, candidate)
        if not long or len(long) <= len(short) or short.lower() in long.lower().split():
            continue
        if len(long.split()) > limit:
            continue
        found[short] = long
    for brand, generic in brand_names(text):
        found.setdefault(brand, generic)
    return sorted(found.items())


def _token_pattern(term: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w])", flags)


def _uses(query: str, pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, bool, bool]]:
    """Each (short, long) pair with whether ``query`` uses the short form and the long form
    (the long one in the singular or plural)."""
    q_low = " ".join(query.lower().split())
    for short, long in pairs:
        fold_case = any(c.isdigit() for c in short) or is_brand(short, long)
        has_short = _token_pattern(short, ignore_case=fold_case).search(query)
        yield short, long, has_short is not None, _long_pattern(long).search(q_low) is not None


def expansions(query: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Forms to add to ``query``: long forms of short forms it uses, and the reverse."""
    extra: list[str] = []
    for short, long, has_short, has_long in _uses(query, pairs):
        if has_short and not has_long:
            extra.append(long)
        elif has_long and not has_short:
            extra.append(short)
    return extra


@functools.lru_cache(maxsize=2048)
def _long_pattern(long: str) -> re.Pattern[str]:
    """``long`` as a pattern that also finds its words in the singular or plural: "geometric
    mean" for "geometric means", "skin microfilarial densities" for "... density"."""
    parts = []
    for word in long.lower().split():
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        if word.endswith("y") and len(word) > 3:
            parts.append(re.escape(word[:-1]) + "(?:y|ies)")
        else:
            parts.append(re.escape(word) + "(?:e?s)?")
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def aliases(query: str, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(question word, other form) pairs: each word of a long form the question uses, with its
    short form ("density" - "smfd"), and a short form it uses, with its long form; lower case.
    A sentence that says "SmfD" states the question's "skin microfilarial density"."""
    out: list[tuple[str, str]] = []
    for short, long, has_short, has_long in _uses(query, pairs):
        if has_long:
            out.extend((word, short.lower()) for word in long.lower().split())
        elif has_short:
            out.append((short.lower(), " ".join(long.lower().split())))
    return out
