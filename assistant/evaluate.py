"""Retrieval and answer evaluation against the gold set in eval/ (``assistant eval``).

Gold is chunking-independent: a question carries 1-3 verbatim ``evidence`` spans of the corpus, and
a retrieved passage is *relevant* when its cleaned text contains any of them after
:func:`normalize`. So any chunker, any chunk size and any fusion can be measured against the same
file.

The module has two layers:

* pure metric functions (:func:`hit_at`, :func:`reciprocal_rank`, :func:`ndcg_at`,
  :func:`recall_within_words`, :func:`fact_recall`, ...), tested on hand-computed cases;
* the runner (:func:`load_questions`, :func:`run_eval`) and its renderers (:func:`render_table`,
  :func:`render_markdown`, :func:`compare`), whose results are frozen dataclasses that
  :func:`report_to_json` turns into plain JSON.

Nothing heavy is imported here: the runner only calls ``search`` and ``ask`` on the Assistant it is
given.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any, Protocol

from .ingest import split_lines
from .questions import QuestionFileError, read_text
from .records import Answer, Hit

CATEGORIES: tuple[str, ...] = (
    "mechanism",
    "dose",
    "safety",
    "trial",
    "outcome",
    "pharmacology",
    "population",
    "out_of_scope",
)
#: How a question is worded (gold sets of several documents record it).
REGISTERS: tuple[str, ...] = ("expert", "lay", "keyword", "multi")
OUT_OF_SCOPE = "out_of_scope"
DEFAULT_MODES: tuple[str, ...] = ("lexical", "dense", "hybrid")
#: Context budgets (in words) for :func:`recall_within_words`.
BUDGETS: tuple[int, ...] = (300, 600)
#: Cut-offs reported as Hit@n.
HIT_CUTOFFS: tuple[int, ...] = (1, 3, 5, 10)
#: Passages fetched per question for the word-budget recall. Independent of ``k`` so that small
#: chunks can still fill 600 words; it equals the retriever's default candidate pool, so fetching
#: this many does not change the order of the top ``k``.
BUDGET_DEPTH = 50

# -- normalisation and relevance ------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# Whitespace and hyphens/dashes are deleted outright (not collapsed): PDF and text extraction break
# lines inside hyphenated words ("phos-\nphoinositide") and vary dash characters, and gold must not
# depend on how the cleaner joined them.
_DELETE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
_MARKER = re.compile(r"\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")


def normalize(text: str) -> str:
    """``text`` for gold matching: NFKC, lower case, straight quotes, no whitespace, no dashes."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _DELETE.sub("", text)


def _needles(evidence: Iterable[str]) -> list[str]:
    # A span that normalises to nothing would match every passage; it is ignored instead.
    return [n for n in (normalize(e) for e in evidence) if n]


def is_relevant(text: str, evidence: Iterable[str]) -> bool:
    """True when ``text`` contains any evidence span (both normalised)."""
    hay = normalize(text)
    return any(n in hay for n in _needles(evidence))


def first_relevant_rank(ranked_texts: Sequence[str], evidence: Iterable[str]) -> int | None:
    """The 1-based rank of the first relevant passage, or None when none is relevant."""
    needles = _needles(evidence)
    for rank, text in enumerate(ranked_texts, start=1):
        hay = normalize(text)
        if any(n in hay for n in needles):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    """1.0 when the first relevant passage is within the top ``k``, else 0.0."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int = 10) -> float:
    """1/rank of the first relevant passage, 0.0 when it is missing or below rank ``k``."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at(relevances: Sequence[bool | int], k: int = 10) -> float:
    """nDCG@k with binary gains, treating a question's evidence as ONE information need.

    ``relevances[i]`` says whether the passage at rank ``i + 1`` is relevant. Only the first
    relevant passage earns a gain (1 / log2(1 + rank)); later ones repeat the same information
    (overlapping chunks, or a second span of the same answer) and earn nothing. The ideal list has
    that one passage at rank 1, so ideal DCG = 1 and nDCG@k = 1 / log2(1 + first relevant rank).

    Why not count every relevant passage: the number of relevant passages depends on the chunker
    (overlap duplicates a span), so an "ideal" built from it would not be comparable across
    chunkings, and an ideal built from the retrieved list would *lower* the score when a second
    relevant passage is found.
    """
    for i, rel in enumerate(relevances[:k], start=1):
        if rel:
            return 1.0 / math.log2(1 + i)
    return 0.0


def recall_within_words(ranked_texts: Sequence[str], evidence: Iterable[str], budget: int) -> float:
    """1.0 when an evidence span lies inside the first ``budget`` words of the ranked passages.

    Passages are read in rank order and their words counted (whitespace-separated); the passage
    that crosses the budget is cut after the last word that fits, and a span counts only when it is
    wholly inside one passage's kept words. Unlike Hit@k this does not reward bigger chunks: a
    reader (or a prompt) with a fixed budget sees the same number of words whatever the chunk size.
    """
    needles = _needles(evidence)
    left = budget
    for text in ranked_texts:
        if left <= 0:
            break
        words = text.split()
        kept = words if len(words) <= left else words[:left]
        left -= len(kept)
        hay = normalize(" ".join(kept))
        if any(n in hay for n in needles):
            return 1.0
    return 0.0


def fact_recall(answer_text: str, facts: Sequence[str]) -> float:
    """Share of ``facts`` that ``answer_text`` states (normalised substring match).

    An empty fact list gives 1.0 (nothing was required); the runner only scores questions that
    have facts.
    """
    needles = [normalize(f) for f in facts]
    needles = [n for n in needles if n]
    if not needles:
        return 1.0
    hay = normalize(answer_text)
    return sum(n in hay for n in needles) / len(needles)


def word_count(text: str) -> int:
    """Whitespace-separated words of ``text``."""
    return len(text.split())


def answer_words(text: str) -> int:
    """Words of an answer, not counting bracketed markers such as "[1]" or "[12, 13]"."""
    return sum(1 for w in _MARKER.sub(" ", text).split() if any(ch.isalnum() for ch in w))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# -- the gold set ---------------------------------------------------------------------------------


class EvalSetError(QuestionFileError):
    """The evaluation file is missing or invalid; ``problems`` lists every "path:line: why"."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) or (message,)


@dataclass(frozen=True)
class EvalQuestion:
    """One gold question: evidence spans decide relevance, facts decide answer correctness."""

    id: str
    category: str
    question: str
    evidence: tuple[str, ...]
    answer_contains: tuple[str, ...]
    #: 1-based line of the question file.
    line: int = 0
    #: The corpus folder the question is asked of (multi-document gold sets); "" for the review.
    document: str = ""
    #: expert / lay / keyword / multi ("" when not recorded).
    register: str = ""

    @property
    def in_scope(self) -> bool:
        """False for questions the corpus does not answer."""
        return self.category != OUT_OF_SCOPE


def _str_list(obj: dict[str, Any], key: str) -> tuple[str, ...] | str:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return f'"{key}" must be a list of non-empty strings'
    return tuple(v.strip() for v in value)


def _parse_record(obj: Any, seen: set[str]) -> EvalQuestion | str:
    """The record, or the reason it is invalid."""
    if not isinstance(obj, dict):
        return "expected a JSON object"
    qid, cat, q = obj.get("id"), obj.get("category"), obj.get("question")
    if not isinstance(qid, str) or not qid.strip():
        return 'missing or empty "id"'
    if qid in seen:
        return f"duplicate id {qid!r}"
    if cat not in CATEGORIES:
        return f"{qid}: unknown category {cat!r} (known: {', '.join(CATEGORIES)})"
    if not isinstance(q, str) or not q.strip():
        return f'{qid}: missing or empty "question"'
    evidence = _str_list(obj, "evidence")
    facts = _str_list(obj, "answer_contains")
    for value in (evidence, facts):
        if isinstance(value, str):
            return f"{qid}: {value}"
    assert isinstance(evidence, tuple) and isinstance(facts, tuple)
    if cat == OUT_OF_SCOPE and (evidence or facts):
        return f'{qid}: an out_of_scope record must have empty "evidence" and "answer_contains"'
    if cat != OUT_OF_SCOPE and not evidence:
        return f"{qid}: an in-scope record needs at least one evidence span"
    document, register = obj.get("document", ""), obj.get("register", "")
    if not isinstance(document, str):
        return f'{qid}: "document" must be a string'
    if register and register not in REGISTERS:
        return f"{qid}: unknown register {register!r} (known: {', '.join(REGISTERS)})"
    return EvalQuestion(qid, cat, q.strip(), evidence, facts, 0, document, register)


def load_questions(path: Path | str) -> list[EvalQuestion]:
    """The gold questions of a .jsonl file, in file order.

    Raises :class:`EvalSetError` (a QuestionFileError, so the CLI shows one clean line) when the
    file is missing or unreadable, or when any line is invalid; every problem is listed with its
    line number in ``problems``, the first one in the message.
    """
    path = Path(path)
    text = read_text(path, EvalSetError)
    questions: list[EvalQuestion] = []
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: not valid JSON ({exc.msg})")
            continue
        parsed = _parse_record(obj, seen)
        if isinstance(parsed, str):
            problems.append(f"{path}:{n}: {parsed}")
            continue
        seen.add(parsed.id)
        questions.append(
            EvalQuestion(
                parsed.id,
                parsed.category,
                parsed.question,
                parsed.evidence,
                parsed.answer_contains,
                n,
                parsed.document,
                parsed.register,
            )
        )
    if not problems and not questions:
        problems.append(f"{path}: no questions")
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise EvalSetError(problems[0] + more, problems)
    return questions


# -- reports --------------------------------------------------------------------------------------


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
        results, lengths = _retrieval(assistant, inscope, mode, k, tick)
        all_lengths = [w for q in inscope for w in lengths[q.id]]
        by_category: dict[str, RetrievalMetrics] = {}
        for cat in CATEGORIES:
            group = [r for r in results if r.category == cat]
            if group:
                by_category[cat] = _aggregate(group, [w for r in group for w in lengths[r.id]])
        reports[mode] = ModeReport(
            mode=mode,
            overall=_aggregate(results, all_lengths),
            by_category=by_category,
            misses=tuple(r.id for r in results if r.rank is None),
            per_question=tuple(results),
            answers=_answers(assistant, questions, mode, tick) if answers else None,
        )
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


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON data (tuples become lists)."""
    return asdict(report)


# -- rendering ------------------------------------------------------------------------------------

#: (JSON key, label, format) of the retrieval rows, in display order.
RETRIEVAL_ROWS: tuple[tuple[str, str, str], ...] = (
    ("hit_at_1", "Hit@1", "{:.3f}"),
    ("hit_at_3", "Hit@3", "{:.3f}"),
    ("hit_at_5", "Hit@5", "{:.3f}"),
    ("hit_at_10", "Hit@10", "{:.3f}"),
    ("mrr_at_10", "MRR@10", "{:.3f}"),
    ("ndcg_at_10", "nDCG@10", "{:.3f}"),
    ("recall_300_words", "recall@300w", "{:.3f}"),
    ("recall_600_words", "recall@600w", "{:.3f}"),
    ("mean_passage_words", "passage words", "{:.1f}"),
)
ANSWER_ROWS: tuple[tuple[str, str, str], ...] = (
    ("all_facts", "all facts", "{:.3f}"),
    ("fact_recall", "fact recall", "{:.3f}"),
    ("answered_in_scope", "answered (in)", "{:.3f}"),
    ("declined_out_of_scope", "declined (out)", "{:.3f}"),
    ("mean_answer_words", "answer words", "{:.1f}"),
)


def _header(report: EvalReport) -> str:
    return (
        f"{report.questions} questions ({report.in_scope} in scope, {report.out_of_scope} out "
        f"of scope), k={report.k}" + (f", {report.source}" if report.source else "")
    )


def _grid(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _metric_rows(report: EvalReport) -> list[list[str]]:
    """Header + retrieval rows + answer rows (when measured), one column per mode."""
    modes = list(report.modes.values())
    rows = [["metric", *(m.mode for m in modes)]]
    for key, label, fmt in RETRIEVAL_ROWS:
        rows.append([label, *(fmt.format(getattr(m.overall, key)) for m in modes)])
    if any(m.answers is not None for m in modes):
        for key, label, fmt in ANSWER_ROWS:
            rows.append(
                [
                    label,
                    *(
                        "-" if m.answers is None else fmt.format(getattr(m.answers, key))
                        for m in modes
                    ),
                ]
            )
    return rows


def _category_rows(report: EvalReport) -> list[list[str]]:
    """Per category: Hit@5 / MRR@10 / recall@300w, one column per mode."""
    modes = list(report.modes.values())
    rows = [["category (n)", *(m.mode for m in modes)]]
    cats = [c for c in CATEGORIES if any(c in m.by_category for m in modes)]
    for cat in cats:
        n = max(m.by_category[cat].questions for m in modes if cat in m.by_category)
        cells = []
        for m in modes:
            g = m.by_category.get(cat)
            cells.append(
                "-"
                if g is None
                else f"{g.hit_at_5:.2f} / {g.mrr_at_10:.2f} / {g.recall_300_words:.2f}"
            )
        rows.append([f"{cat} ({n})", *cells])
    return rows


def render_table(report: EvalReport) -> str:
    """Plain-text report for the terminal: modes side by side, then categories and misses."""
    out = [_header(report), ""]
    out += _grid(_metric_rows(report))
    out += ["", "by category: Hit@5 / MRR@10 / recall@300w"]
    out += _grid(_category_rows(report))
    out += ["", f"misses (no relevant passage in the top {report.k}):"]
    for m in report.modes.values():
        out.append(f"  {m.mode}: {', '.join(m.misses) or 'none'}")
    answered = [m for m in report.modes.values() if m.answers is not None]
    if answered:
        out += ["", "answers missing a fact / out-of-scope questions answered:"]
        for m in answered:
            assert m.answers is not None
            out.append(
                f"  {m.mode}: {', '.join(m.answers.missing_facts) or 'none'} / "
                f"{', '.join(m.answers.answered_out_of_scope) or 'none'}"
            )
    return "\n".join(out)


def _md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    head, *body = rows
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return lines


def render_markdown(report: EvalReport) -> str:
    """The report as Markdown (the same content as :func:`render_table`)."""
    out = ["# Evaluation report", "", _header(report), ""]
    if report.settings:
        out += ["Settings: " + ", ".join(f"`{k}={v}`" for k, v in report.settings.items()), ""]
    out += ["## Metrics", ""] + _md_table(_metric_rows(report))
    out += ["", "## By category (Hit@5 / MRR@10 / recall@300w)", ""]
    out += _md_table(_category_rows(report))
    out += ["", f"## Misses (no relevant passage in the top {report.k})", ""]
    for m in report.modes.values():
        out.append(f"- **{m.mode}**: {', '.join(m.misses) or 'none'}")
    answered = [m for m in report.modes.values() if m.answers is not None]
    if answered:
        out += ["", "## Answers missing a fact / out-of-scope questions answered", ""]
        for m in answered:
            assert m.answers is not None
            out.append(
                f"- **{m.mode}**: {', '.join(m.answers.missing_facts) or 'none'} / "
                f"{', '.join(m.answers.answered_out_of_scope) or 'none'}"
            )
    return "\n".join(out) + "\n"


def _section_values(mode: Mapping[str, Any]) -> dict[str, float]:
    """label -> value for every metric of one mode of a JSON report."""
    values: dict[str, float] = {}
    overall = mode.get("overall") or {}
    for key, label, _ in RETRIEVAL_ROWS:
        if isinstance(overall.get(key), int | float):
            values[label] = float(overall[key])
    answers = mode.get("answers") or {}
    for key, label, _ in ANSWER_ROWS:
        if isinstance(answers.get(key), int | float):
            values[label] = float(answers[key])
    return values


def compare(report_json: Mapping[str, Any], other_json: Mapping[str, Any]) -> str:
    """Deltas per metric per mode: ``report_json`` minus ``other_json`` (the baseline).

    Only modes and metrics present in both are compared; the questions that became misses or
    stopped being misses are listed too, since an average can hide a swap.
    """
    mine, theirs = report_json.get("modes") or {}, other_json.get("modes") or {}
    modes = [m for m in mine if m in theirs]
    if not modes:
        return "nothing to compare: the two reports share no retrieval mode"
    cur = {m: _section_values(mine[m]) for m in modes}
    base = {m: _section_values(theirs[m]) for m in modes}
    fmt = {label: f for _, label, f in RETRIEVAL_ROWS + ANSWER_ROWS}
    labels = [lab for lab in fmt if any(lab in cur[m] and lab in base[m] for m in modes)]
    rows = [["metric (now, delta)", *modes]]
    for lab in labels:
        cells = []
        for m in modes:
            if lab in cur[m] and lab in base[m]:
                d = cur[m][lab] - base[m][lab]
                delta = fmt[lab].replace("{:", "{:+").format(d)
                cells.append(f"{fmt[lab].format(cur[m][lab])} ({delta})")
            else:
                cells.append("-")
        rows.append([lab, *cells])
    out = ["compared with the other report (delta = this - other):", *_grid(rows)]
    changes = []
    for m in modes:
        now, before = set(mine[m].get("misses") or ()), set(theirs[m].get("misses") or ())
        new, fixed = sorted(now - before), sorted(before - now)
        if new or fixed:
            changes.append(
                f"  {m}: new misses {', '.join(new) or 'none'}; fixed {', '.join(fixed) or 'none'}"
            )
    if changes:
        out += ["", "miss changes:", *changes]
    return "\n".join(out)
