"""The gold set: questions with evidence spans and expected facts, read from a JSONL file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..questions import QuestionFileError, json_lines, read_text

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
    for n, obj, problem in json_lines(text, unusable=False):
        if problem:
            problems.append(f"{path}:{n}: {problem}")
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
