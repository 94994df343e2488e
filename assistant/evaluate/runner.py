"""The evaluation runner (:func:`run_eval`) and the frozen dataclasses of its report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any, Protocol

from ..records import Answer, Hit
from .gold import CATEGORIES, EvalQuestion
from .metrics import (
    BUDGET_DEPTH,
    BUDGETS,
    _mean,
    answer_words,
    fact_recall,
    first_relevant_rank,
    hit_at,
    ndcg_at,
    recall_within_words,
    reciprocal_rank,
    word_count,
)

DEFAULT_MODES: tuple[str, ...] = ("lexical", "dense", "hybrid")


@dataclass(frozen=True)
class RetrievalMetrics:
    """Retrieval quality over a group of in-scope questions (means of per-question scores)."""

    questions: int
    hit_at_1: float
    hit_at_3: float
    hit_at_5: float
    hit_at_10: float
    mrr_at_10: float
    ndcg_at_10: float
    recall_300_words: float
    recall_600_words: float
    #: Mean length in words of the top-k passages returned.
    mean_passage_words: float


@dataclass(frozen=True)
class AnswerMetrics:
    """End-to-end answer quality (``Assistant.ask``) for one retrieval mode."""

    in_scope: int
    out_of_scope: int
    #: Share of in-scope questions (with facts) whose answer states every fact; a declined answer
    #: states none.
    all_facts: float
    #: Mean share of facts stated, over in-scope questions with facts.
    fact_recall: float
    #: Share of in-scope questions answered (not declined).
    answered_in_scope: float
    #: Share of out-of-scope questions declined.
    declined_out_of_scope: float
    #: Mean words of the answers given (citation markers not counted).
    mean_answer_words: float
    #: In-scope questions whose answer misses a fact (or was declined).
    missing_facts: tuple[str, ...] = ()
    #: Out-of-scope questions that were answered anyway.
    answered_out_of_scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionResult:
    """One question in one mode: rank of the first relevant passage and budget recalls."""

    id: str
    category: str
    rank: int | None
    recall_300_words: float
    recall_600_words: float


@dataclass(frozen=True)
class ModeReport:
    """Everything measured for one retrieval mode."""

    mode: str
    overall: RetrievalMetrics
    by_category: dict[str, RetrievalMetrics]
    #: In-scope question ids with no relevant passage in the top k.
    misses: tuple[str, ...]
    per_question: tuple[QuestionResult, ...]
    answers: AnswerMetrics | None = None


@dataclass(frozen=True)
class EvalReport:
    """A full evaluation: one :class:`ModeReport` per retrieval mode, in the order asked."""

    k: int
    questions: int
    in_scope: int
    out_of_scope: int
    modes: dict[str, ModeReport]
    #: The Assistant's search settings (what an ablation changed).
    settings: dict[str, Any] = field(default_factory=dict)
    source: str = ""


class _Searcher(Protocol):
    def search(self, question: str, k: int = 10, mode: Any = None) -> list[Hit]: ...

    def ask(self, question: str, mode: Any = None, k: int = 8) -> Answer: ...


Progress = Callable[[str, int, int], None]


def _aggregate(
    results: Sequence[QuestionResult], passage_words: Sequence[float]
) -> RetrievalMetrics:
    ranks = [r.rank for r in results]
    return RetrievalMetrics(
        questions=len(results),
        hit_at_1=_mean([hit_at(r, 1) for r in ranks]),
        hit_at_3=_mean([hit_at(r, 3) for r in ranks]),
        hit_at_5=_mean([hit_at(r, 5) for r in ranks]),
        hit_at_10=_mean([hit_at(r, 10) for r in ranks]),
        mrr_at_10=_mean([reciprocal_rank(r, 10) for r in ranks]),
        ndcg_at_10=_mean([ndcg_at([i + 1 == r for i in range(10)], 10) for r in ranks]),
        recall_300_words=_mean([r.recall_300_words for r in results]),
        recall_600_words=_mean([r.recall_600_words for r in results]),
        mean_passage_words=_mean(passage_words),
    )


def _retrieval(
    searcher: _Searcher,
    questions: Sequence[EvalQuestion],
    mode: str,
    k: int,
    tick: Callable[[], None],
) -> tuple[list[QuestionResult], dict[str, list[float]]]:
    results: list[QuestionResult] = []
    lengths: dict[str, list[float]] = {}
    for q in questions:
        hits = searcher.search(q.question, k=max(k, BUDGET_DEPTH), mode=mode)
        texts = [h.chunk.text for h in hits]
        top = texts[:k]
        rank = first_relevant_rank(top, q.evidence)
        results.append(
            QuestionResult(
                q.id,
                q.category,
                rank,
                recall_within_words(texts, q.evidence, BUDGETS[0]),
                recall_within_words(texts, q.evidence, BUDGETS[1]),
            )
        )
        lengths[q.id] = [float(word_count(t)) for t in top]
        tick()
    return results, lengths


def _answers(
    searcher: _Searcher, questions: Sequence[EvalQuestion], mode: str, tick: Callable[[], None]
) -> AnswerMetrics:
    complete: list[float] = []
    recalls: list[float] = []
    answered: list[float] = []
    declined: list[float] = []
    lengths: list[float] = []
    missing: list[str] = []
    wrongly_answered: list[str] = []
    for q in questions:
        ans = searcher.ask(q.question, mode=mode)
        if ans.answered:
            lengths.append(float(answer_words(ans.answer)))
        if not q.in_scope:
            declined.append(0.0 if ans.answered else 1.0)
            if ans.answered:
                wrongly_answered.append(q.id)
        else:
            answered.append(1.0 if ans.answered else 0.0)
            if q.answer_contains:
                # A declined answer states no fact, whatever its fixed wording happens to contain.
                rec = fact_recall(ans.answer, q.answer_contains) if ans.answered else 0.0
                recalls.append(rec)
                complete.append(1.0 if rec == 1.0 else 0.0)
                if rec < 1.0:
                    missing.append(q.id)
        tick()
    return AnswerMetrics(
        in_scope=len(answered),
        out_of_scope=len(declined),
        all_facts=_mean(complete),
        fact_recall=_mean(recalls),
        answered_in_scope=_mean(answered),
        declined_out_of_scope=_mean(declined),
        mean_answer_words=_mean(lengths),
        missing_facts=tuple(missing),
        answered_out_of_scope=tuple(wrongly_answered),
    )


def _mode_report(
    assistant: _Searcher,
    questions: Sequence[EvalQuestion],
    inscope: Sequence[EvalQuestion],
    mode: str,
    k: int,
    answers: bool,
    tick: Callable[[], None],
) -> ModeReport:
    """One retrieval mode's report: overall, by category, and (with ``answers``) the answers."""
    results, lengths = _retrieval(assistant, inscope, mode, k, tick)
    all_lengths = [w for q in inscope for w in lengths[q.id]]
    by_category: dict[str, RetrievalMetrics] = {}
    for cat in CATEGORIES:
        group = [r for r in results if r.category == cat]
        if group:
            by_category[cat] = _aggregate(group, [w for r in group for w in lengths[r.id]])
    return ModeReport(
        mode=mode,
        overall=_aggregate(results, all_lengths),
        by_category=by_category,
        misses=tuple(r.id for r in results if r.rank is None),
        per_question=tuple(results),
        answers=_answers(assistant, questions, mode, tick) if answers else None,
    )


def run_eval(
    assistant: _Searcher,
    questions: Sequence[EvalQuestion],
    modes: Sequence[str] = DEFAULT_MODES,
    k: int = 10,
    answers: bool = True,
    progress: Progress | None = None,
    source: str = "",
) -> EvalReport:
    """Evaluate ``assistant`` on ``questions`` in each retrieval mode.

    Retrieval metrics use the in-scope questions only (out-of-scope ones have no gold passage);
    rank metrics look at the top ``k`` passages, the word-budget recalls at as many passages as
    the budget holds (up to :data:`BUDGET_DEPTH`). With ``answers``, every question (out-of-scope
    ones included) is also asked with ``assistant.ask(question, mode=mode)`` in each mode, for
    fact recall and refusal. ``progress(stage, done, total)`` is called after every question.

    Hit@n, MRR@10 and nDCG@10 only see the top ``k``: with ``k`` below 10 they are computed at
    ``k``; a miss is a question with no relevant passage in the top ``k``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1 (got {k})")
    if not questions:
        raise ValueError("no questions to evaluate")
    inscope = [q for q in questions if q.in_scope]
    per_mode = len(inscope) + (len(questions) if answers else 0)
    total = per_mode * len(modes)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("evaluating", done, total)

    if progress is not None:
        progress("evaluating", 0, total)
    reports: dict[str, ModeReport] = {}
    for mode in modes:
        reports[mode] = _mode_report(assistant, questions, inscope, mode, k, answers, tick)
    settings = getattr(assistant, "settings", None)
    return EvalReport(
        k=k,
        questions=len(questions),
        in_scope=len(inscope),
        out_of_scope=len(questions) - len(inscope),
        modes=reports,
        settings=(
            asdict(settings) if is_dataclass(settings) and not isinstance(settings, type) else {}
        ),
        source=source,
    )
