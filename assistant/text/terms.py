"""Query terms: the distinct content words of a text (for lexical search, answer checks and
highlighting)."""

from __future__ import annotations

import re
import unicodedata

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "about",
        "after",
        "again",
        "against",
        "all",
        "am",
        "any",
        "because",
        "before",
        "below",
        "between",
        "both",
        "during",
        "each",
        "few",
        "further",
        "here",
        "just",
        "also",
        "there's",
        "what's",
        "whats",
        "tell",
        "show",
        "give",
    ]
)
#: A word token (letters, digits, underscore; any script).
TOKEN = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Distinct lower-case word tokens of ``text`` without stopwords, in order."""
    seen: dict[str, None] = {}
    for tok in TOKEN.findall(text.lower()):
        if tok in STOPWORDS or (len(tok) == 1 and not tok.isalpha()):
            continue
        seen.setdefault(tok, None)
    return list(seen)


def prefix_stem(term: str) -> str:
    """A crude prefix stem for finding a question word in text: "doses" ~ "dose", "trials" ~
    "trial" (the word minus up to three letters, at least four kept). FTS5 stems with Porter for
    search; this is only for matching words inside sentences and for highlighting."""
    return term[: max(4, len(term) - 3)] if len(term) > 5 else term


def fold_accents(word: str) -> str:
    """``word`` without accents ("naïve" -> "naive"); other characters ("µ", "½") as they are."""
    decomposed = unicodedata.normalize("NFKD", word)
    if decomposed == word:
        return word
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept) if kept.isascii() else word
