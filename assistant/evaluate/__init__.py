"""Retrieval and answer evaluation against the gold set in eval/ (``assistant eval``).

Gold is chunking-independent: a question carries 1-3 verbatim ``evidence`` spans of the corpus, and
a retrieved passage is *relevant* when its cleaned text contains any of them after
:func:`normalize`. So any chunker, any chunk size and any fusion can be measured against the same
file.

The package has these parts:

* :mod:`.metrics`: pure metric functions (:func:`hit_at`, :func:`reciprocal_rank`,
  :func:`ndcg_at`, :func:`recall_within_words`, :func:`fact_recall`, ...), tested on
  hand-computed cases;
* :mod:`.gold`: the gold set (:class:`EvalQuestion`, :func:`load_questions`, categories and
  registers);
* :mod:`.runner`: :func:`run_eval`, whose results are frozen dataclasses;
* :mod:`.report`: the renderers (:func:`render_table`, :func:`render_markdown`, :func:`compare`)
  and :func:`report_to_json`, which turns a report into plain JSON.

Nothing heavy is imported here: the runner only calls ``search`` and ``ask`` on the Assistant it is
given.
"""

from __future__ import annotations

from .gold import CATEGORIES, OUT_OF_SCOPE, REGISTERS, EvalQuestion, EvalSetError, load_questions
from .metrics import (
    BUDGET_DEPTH,
    BUDGETS,
    HIT_CUTOFFS,
    answer_words,
    fact_recall,
    first_relevant_rank,
    hit_at,
    is_relevant,
    ndcg_at,
    normalize,
    recall_within_words,
    reciprocal_rank,
    word_count,
)
from .report import (
    ANSWER_ROWS,
    RETRIEVAL_ROWS,
    compare,
    render_markdown,
    render_table,
    report_to_json,
)
from .runner import (
    DEFAULT_MODES,
    AnswerMetrics,
    EvalReport,
    ModeReport,
    Progress,
    QuestionResult,
    RetrievalMetrics,
    run_eval,
)

__all__ = [
    "ANSWER_ROWS",
    "BUDGETS",
    "BUDGET_DEPTH",
    "CATEGORIES",
    "DEFAULT_MODES",
    "HIT_CUTOFFS",
    "OUT_OF_SCOPE",
    "REGISTERS",
    "RETRIEVAL_ROWS",
    "AnswerMetrics",
    "EvalQuestion",
    "EvalReport",
    "EvalSetError",
    "ModeReport",
    "Progress",
    "QuestionResult",
    "RetrievalMetrics",
    "answer_words",
    "compare",
    "fact_recall",
    "first_relevant_rank",
    "hit_at",
    "is_relevant",
    "load_questions",
    "ndcg_at",
    "normalize",
    "recall_within_words",
    "reciprocal_rank",
    "render_markdown",
    "render_table",
    "report_to_json",
    "run_eval",
    "word_count",
]
