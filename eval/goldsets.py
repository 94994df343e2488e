"""The gold sets of every document, their fit/test split, and one Assistant per document.

Split (chosen before any fitting, never changed after): the two documents in TEST_DOCUMENTS are
test only; every other question goes to test when a hash of its id falls in the lowest 30%, else
to fit. eval/questions.jsonl (the review's original set, which earlier rules were tuned on) is fit
data; eval/holdout.jsonl is reported on its own row and never fitted on.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.evaluate import EvalQuestion, load_questions  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
GOLD = ROOT / "eval" / "gold"
INDEXES = ROOT / "eval" / ".indexes"
#: Documents held out whole: no question of theirs is ever fitted on.
TEST_DOCUMENTS = ("cancermed2018-tmz", "dailymed-metformin")
TEST_SHARE = 0.3


@dataclass(frozen=True)
class GoldQuestion:
    """A gold question with the corpus it is asked of, its source file and its split."""

    q: EvalQuestion
    document: str  # "review" or a folder of ../shared/corpora
    source: str  # file name
    split: str  # fit | test | holdout


def split_of(q: EvalQuestion, document: str, source: str) -> str:
    """fit, test or holdout (see the module docstring)."""
    if source == "holdout.jsonl":
        return "holdout"
    if source == "questions.jsonl":
        return "fit"
    if document in TEST_DOCUMENTS:
        return "test"
    h = int(hashlib.sha256(q.id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < TEST_SHARE else "fit"


def load_all() -> list[GoldQuestion]:
    """Every gold question of eval/gold/*.jsonl, eval/questions.jsonl and eval/holdout.jsonl."""
    out: list[GoldQuestion] = []
    files = sorted(GOLD.glob("*.jsonl")) + [
        ROOT / "eval" / "questions.jsonl",
        ROOT / "eval" / "holdout.jsonl",
    ]
    for path in files:
        for q in load_questions(path):
            doc = q.document or "review"
            out.append(GoldQuestion(q, doc, path.name, split_of(q, doc, path.name)))
    return out


def corpus_of(document: str) -> Path:
    """The corpus folder of a document name."""
    return ROOT / "corpus" if document == "review" else SHARED / document


def assistant_for(document: str, overrides: list[str] | None = None):  # noqa: ANN201
    """A loaded Assistant over one document's corpus, its index under eval/.indexes/
    (``overrides``: NAME=VALUE settings, as the CLI's ``--set``)."""
    from assistant.records import Settings
    from assistant.service import Assistant

    a = Assistant(
        corpus=corpus_of(document),
        index=INDEXES / document,
        settings=Settings().with_overrides(overrides or []),
        notify=lambda m: print(f"[{document}] {m}", file=sys.stderr),
    )
    a.load()
    return a


def fit_hash(questions: list[GoldQuestion]) -> str:
    """sha256 over the ids and questions of the fit split (recorded in the judge JSON)."""
    h = hashlib.sha256()
    for g in questions:
        if g.split == "fit":
            h.update(f"{g.q.id}\t{g.q.question}\n".encode())
    return h.hexdigest()
