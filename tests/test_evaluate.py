"""Evaluation: metric functions on hand-computed cases, the gold-file loader, the runner's
arithmetic on a scripted searcher, and `assistant eval` end to end on the real index."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli.eval import eval_command
from assistant.evaluate import (
    EvalQuestion,
    EvalSetError,
    answer_words,
    compare,
    fact_recall,
    first_relevant_rank,
    hit_at,
    is_relevant,
    load_questions,
    ndcg_at,
    normalize,
    recall_within_words,
    reciprocal_rank,
    render_markdown,
    render_table,
    report_to_json,
    run_eval,
)
from assistant.records import Answer, Chunk, Hit, Location

GOLD = Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"

# -- normalisation and relevance ------------------------------------------------------------------


def test_normalize_deletes_whitespace_and_dashes_and_folds_case_quotes_nfkc():
    assert normalize("Phos-\nphoinositide") == "phosphoinositide"
    assert normalize("  mTOR  Complex\t1 ") == "mtorcomplex1"
    assert normalize("dose\u2013 and time\u2010dependent \u2014 x") == "doseandtimedependentx"
    assert normalize("\u201cRaptor\u201d isn\u2019t") == '"raptor"isn\'t'
    assert normalize("\ufb01brosis") == "fibrosis"  # NFKC: the "fi" ligature


def test_hyphenated_line_break_matches_the_joined_word():
    passage = "a threonine kinase of the phos-\nphoinositide 3-kinase (PI3K)-related family"
    assert is_relevant(passage, ["the phosphoinositide 3 kinase (PI3K) related"])
    assert not is_relevant(passage, ["phosphatidylinositol 3-kinase"])


def test_is_relevant_any_span_and_ignores_empty_spans():
    assert is_relevant("Rheb activates mTORC1.", ["absent span", "RHEB  activates"])
    assert not is_relevant("Rheb activates mTORC1.", [])
    # A span that normalises to nothing must not match everything.
    assert not is_relevant("Rheb activates mTORC1.", [" - "])


def test_first_relevant_rank():
    texts = ["nothing here", "mTORC2 is controlled by PI3K", "again mTORC2 is controlled by PI3K"]
    assert first_relevant_rank(texts, ["controlled by PI3K"]) == 2
    assert first_relevant_rank(texts, ["other words", "nothing  HERE"]) == 1
    assert first_relevant_rank(texts, ["lysosome"]) is None
    assert first_relevant_rank([], ["lysosome"]) is None


# -- rank metrics ---------------------------------------------------------------------------------


def test_hit_at():
    assert hit_at(1, 1) == 1.0
    assert hit_at(5, 5) == 1.0
    assert hit_at(6, 5) == 0.0
    assert hit_at(None, 10) == 0.0


def test_reciprocal_rank():
    assert reciprocal_rank(1) == 1.0
    assert reciprocal_rank(4) == 0.25
    assert reciprocal_rank(10) == 0.1
    assert reciprocal_rank(11, k=10) == 0.0
    assert reciprocal_rank(None) == 0.0


def test_ndcg_counts_only_the_first_relevant_passage():
    assert ndcg_at([True, True, True]) == 1.0
    assert ndcg_at([False, True]) == pytest.approx(1 / math.log2(3))  # 0.6309
    assert ndcg_at([False, False, True, True]) == pytest.approx(0.5)  # 1/log2(4)
    # A second relevant passage neither raises nor lowers the score.
    assert ndcg_at([False, True, True]) == ndcg_at([False, True, False])


def test_ndcg_misses():
    assert ndcg_at([False] * 10) == 0.0
    assert ndcg_at([]) == 0.0
    assert ndcg_at([False] * 10 + [True], k=10) == 0.0
    assert ndcg_at([False, False, True], k=2) == 0.0


def test_recall_within_words_counts_words_in_rank_order_and_truncates_the_last_passage():
    passages = ["one two three four", "five six seven eight", "nine ten eleven twelve"]
    # Budget 6: all of passage 1, then "five six" of passage 2.
    assert recall_within_words(passages, ["five six"], 6) == 1.0
    assert recall_within_words(passages, ["six seven"], 6) == 0.0  # cut at the budget
    assert recall_within_words(passages, ["six seven"], 7) == 1.0
    assert recall_within_words(passages, ["nine ten"], 8) == 0.0  # passage 3 is past the budget
    assert recall_within_words(passages, ["nine ten"], 10) == 1.0


def test_recall_within_words_misses():
    passages = ["one two three four", "five six seven eight"]
    # A span across two passages is not in either of them.
    assert recall_within_words(passages, ["four five"], 100) == 0.0
    assert recall_within_words(passages, ["absent"], 100) == 0.0
    assert recall_within_words([], ["one"], 100) == 0.0
    assert recall_within_words(passages, ["one"], 0) == 0.0


def test_fact_recall():
    answer = "Rapamycin at 2\u00a0mg/kg every 5 days caused mouth ulcers [1]."
    assert fact_recall(answer, ["2 mg/kg", "every 5 days"]) == 1.0
    assert fact_recall(answer, ["2 mg/kg", "stomatitis"]) == 0.5
    assert fact_recall(answer, ["hyperglycemia"]) == 0.0
    assert fact_recall("The review does not address this.", ["mTORC1", "Rheb"]) == 0.0
    assert fact_recall(answer, []) == 1.0


def test_answer_words_skip_citation_markers():
    assert answer_words("Rheb activates mTORC1 [1]. Raptor binds [2, 3] it [4\u20136].") == 6
    assert answer_words("") == 0


# -- the gold-file loader -------------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[str], name: str = "q.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _rec(**changes: object) -> str:
    rec: dict[str, object] = {
        "id": "a",
        "category": "mechanism",
        "question": "What binds?",
        "evidence": ["Raptor binds mTOR in complex one"],
        "answer_contains": ["Raptor"],
    }
    rec.update(changes)
    return json.dumps(rec)


def test_load_questions_reads_records_with_line_numbers(tmp_path):
    p = _write(
        tmp_path,
        [_rec(), "", _rec(id="b", category="out_of_scope", evidence=[], answer_contains=[])],
    )
    qs = load_questions(p)
    assert [(q.id, q.line, q.in_scope) for q in qs] == [("a", 1, True), ("b", 3, False)]
    assert qs[0].evidence == ("Raptor binds mTOR in complex one",)


def test_load_questions_real_gold_file():
    qs = load_questions(GOLD)
    assert len(qs) >= 90


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (_rec(id=""), '"id"'),
        (_rec(category="biology"), "unknown category 'biology'"),
        (_rec(question="  "), '"question"'),
        (_rec(evidence="one span"), '"evidence" must be a list'),
        (_rec(evidence=[]), "needs at least one evidence span"),
        (_rec(answer_contains=[3]), '"answer_contains" must be a list'),
        (_rec(category="out_of_scope"), "must have empty"),
        (_rec(id="first"), "duplicate id 'first'"),
    ],
)
def test_load_questions_errors_name_the_line(tmp_path, line, message):
    p = _write(tmp_path, [_rec(id="first"), line])
    with pytest.raises(EvalSetError) as err:
        load_questions(p)
    assert f"{p}:2:" in str(err.value)
    assert message in str(err.value)


def test_load_questions_lists_every_problem(tmp_path):
    p = _write(tmp_path, ["{bad", _rec(), "{bad"])
    with pytest.raises(EvalSetError) as err:
        load_questions(p)
    assert "and 1 more problem" in str(err.value)
    assert [x.split(": ")[0] for x in err.value.problems] == [f"{p}:1", f"{p}:3"]


def test_load_questions_missing_or_empty_file(tmp_path):
    with pytest.raises(EvalSetError, match="no such file"):
        load_questions(tmp_path / "absent.jsonl")
    with pytest.raises(EvalSetError, match="no questions"):
        load_questions(_write(tmp_path, [""]))


# -- the runner on a scripted searcher (arithmetic only; retrieval itself is tested for real below)


def _hit(rank: int, text: str) -> Hit:
    chunk = Chunk(
        f"c{rank}-{abs(hash(text)) % 997}",
        "doc",
        rank,
        "Intro",
        "paragraph",
        text,
        0,
        len(text),
        Location(1, 1),
    )
    return Hit(rank, 1.0 / rank, chunk)


class ScriptedSearcher:
    """Returns fixed passage lists, so the expected metrics can be worked out by hand."""

    FILLER = "w " * 99 + "w"  # 100 words

    def __init__(self, relevant_at: dict[str, int | None], answers: dict[str, str]) -> None:
        self.relevant_at = relevant_at
        self.answers = answers

    def search(self, question: str, k: int = 10, mode: object = None) -> list[Hit]:
        texts = [self.FILLER] * 12
        at = self.relevant_at.get(question)
        if at is not None:
            texts[at - 1] = f"gold for {question} " + "w " * 96 + "w"  # 100 words too
        return [_hit(i, t) for i, t in enumerate(texts[:k], start=1)]

    def ask(self, question: str, mode: object = None, k: int = 8) -> Answer:
        text = self.answers.get(question)
        return Answer(question, text is not None, text or "The review does not address this.")


def _q(qid: str, category: str = "mechanism", facts: tuple[str, ...] = ("fact",)) -> EvalQuestion:
    if category == "out_of_scope":
        return EvalQuestion(qid, category, qid, (), ())
    return EvalQuestion(qid, category, qid, (f"gold for {qid}",), facts)


def test_run_eval_metrics_by_hand():
    questions = [_q("q1"), _q("q2"), _q("q3", "dose"), _q("q4", "dose"), _q("o1", "out_of_scope")]
    searcher = ScriptedSearcher(
        {"q1": 1, "q2": 4, "q3": 7, "q4": None},
        {"q1": "the fact [1]", "q2": "nothing useful", "o1": "answered anyway"},
    )
    calls: list[tuple[str, int, int]] = []
    report = run_eval(
        searcher, questions, modes=("hybrid",), k=10, progress=lambda *a: calls.append(a)
    )
    m = report.modes["hybrid"]
    o = m.overall
    assert (report.questions, report.in_scope, report.out_of_scope) == (5, 4, 1)
    assert (o.hit_at_1, o.hit_at_3, o.hit_at_5, o.hit_at_10) == (0.25, 0.25, 0.5, 0.75)
    assert o.mrr_at_10 == pytest.approx((1 + 1 / 4 + 1 / 7) / 4)
    assert o.ndcg_at_10 == pytest.approx((1 + 1 / math.log2(5) + 1 / math.log2(8)) / 4)
    # 100-word passages: 300 words hold ranks 1-3, 600 words ranks 1-6.
    assert (o.recall_300_words, o.recall_600_words) == (0.25, 0.5)
    assert o.mean_passage_words == 100.0
    assert m.misses == ("q4",)
    assert m.by_category["dose"].hit_at_10 == 0.5
    assert m.by_category["mechanism"].mrr_at_10 == pytest.approx((1 + 0.25) / 2)
    assert "out_of_scope" not in m.by_category
    a = m.answers
    assert a is not None
    assert (a.in_scope, a.out_of_scope) == (4, 1)
    assert a.all_facts == 0.25 and a.fact_recall == 0.25
    assert a.answered_in_scope == 0.5  # q1, q2
    assert a.declined_out_of_scope == 0.0
    assert a.mean_answer_words == pytest.approx((2 + 2 + 2) / 3)  # "[1]" is not a word
    assert a.missing_facts == ("q2", "q3", "q4")
    assert a.answered_out_of_scope == ("o1",)
    assert calls[-1] == ("evaluating", 9, 9)  # 4 searches + 5 answers


def test_run_eval_k_limits_rank_metrics_but_not_budget_recall():
    searcher = ScriptedSearcher({"q1": 4}, {})
    report = run_eval(searcher, [_q("q1")], modes=("dense",), k=3, answers=False)
    m = report.modes["dense"]
    assert m.overall.hit_at_10 == 0.0 and m.misses == ("q1",)
    assert m.overall.recall_600_words == 1.0  # 600 words reach rank 4 whatever k is
    assert m.answers is None


def test_renderers_and_compare():
    searcher = ScriptedSearcher({"q1": 1, "q2": None}, {"q1": "fact"})
    qs = [_q("q1"), _q("q2"), _q("o1", "out_of_scope")]
    report = run_eval(searcher, qs, modes=("lexical", "hybrid"))
    table = render_table(report)
    header = next(line for line in table.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "lexical", "hybrid"]
    assert "Hit@1" in table and "0.500" in table and "q2" in table
    md = render_markdown(report)
    assert "| metric | lexical | hybrid |" in md and "## Misses" in md
    data = report_to_json(report)
    json.dumps(data)  # plain JSON
    better = json.loads(json.dumps(data))
    better["modes"]["hybrid"]["overall"]["hit_at_1"] = 1.0
    better["modes"]["hybrid"]["misses"] = []
    text = compare(better, data)
    assert "1.000 (+0.500)" in text
    assert "0.500 (+0.000)" in text
    assert "fixed q2" in text


# -- `assistant eval` on the real index -----------------------------------------------------------


@pytest.fixture()
def tiny_set(tmp_path: Path) -> Path:
    """Two in-scope gold questions and one out-of-scope question from the real set."""
    qs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    chosen = [
        qs[0],
        next(q for q in qs if q["category"] == "dose"),
        next(q for q in qs if q["category"] == "out_of_scope"),
    ]
    return _write(tmp_path, [json.dumps(q) for q in chosen], "tiny.jsonl")


@pytest.fixture()
def runner(monkeypatch, assistant) -> CliRunner:
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: assistant)
    return CliRunner()


def test_eval_command_prints_the_side_by_side_table(runner, tiny_set):
    result = runner.invoke(eval_command, ["--questions", str(tiny_set), "--no-answers"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "lexical", "dense", "hybrid"]
    for label in (
        "Hit@1",
        "Hit@3",
        "Hit@5",
        "Hit@10",
        "MRR@10",
        "nDCG@10",
        "recall@300w",
        "recall@600w",
        "passage words",
        "by category",
        "mechanism (1)",
        "dose (1)",
        "misses",
    ):
        assert label in result.stdout
    assert "3 questions (2 in scope, 1 out of scope), k=10" in result.stdout
    assert "fact recall" not in result.stdout


def test_eval_command_reports_answers(runner, tiny_set):
    # One mode only: asking is the slow part, and the answer rows are the same code for every mode.
    result = runner.invoke(eval_command, ["--questions", str(tiny_set), "--modes", "hybrid"])
    assert result.exit_code == 0, result.output
    for label in ("all facts", "fact recall", "answered (in)", "declined (out)", "answer words"):
        row = next(line for line in result.stdout.splitlines() if line.startswith(label))
        assert len(row.split()) == len(label.split()) + 1, row  # one value, for hybrid


def test_eval_command_json_out_and_compare(runner, tiny_set, tmp_path):
    out = tmp_path / "reports" / "base"
    result = runner.invoke(
        eval_command,
        [
            "--questions",
            str(tiny_set),
            "--modes",
            "hybrid,lexical",
            "--no-answers",
            "--json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"k", "questions", "in_scope", "out_of_scope", "modes", "settings"} <= set(data)
    assert list(data["modes"]) == ["hybrid", "lexical"]
    hybrid = data["modes"]["hybrid"]
    assert {
        "hit_at_1",
        "hit_at_3",
        "hit_at_5",
        "hit_at_10",
        "mrr_at_10",
        "ndcg_at_10",
        "recall_300_words",
        "recall_600_words",
        "mean_passage_words",
    } <= set(hybrid["overall"])
    assert hybrid["answers"] is None
    assert set(hybrid["by_category"]) == {"mechanism", "dose"}
    assert json.loads((tmp_path / "reports" / "base.json").read_text()) == data
    assert "| metric | hybrid | lexical |" in (tmp_path / "reports" / "base.md").read_text()

    # A worse baseline: the deltas show the difference, per mode.
    worse = json.loads(json.dumps(data))
    worse["modes"]["hybrid"]["overall"]["mrr_at_10"] -= 0.25
    (tmp_path / "worse.json").write_text(json.dumps(worse))
    result = runner.invoke(
        eval_command,
        [
            "--questions",
            str(tiny_set),
            "--modes",
            "hybrid",
            "--no-answers",
            "--compare",
            str(tmp_path / "worse.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "delta" in result.stdout
    mrr = next(
        line for line in result.stdout.splitlines() if line.startswith("MRR@10") and "(" in line
    )
    assert "(+0.250)" in mrr


def test_eval_command_bad_inputs_fail_in_one_line(runner, tmp_path, tiny_set):
    for args in (
        ["--questions", str(tmp_path / "absent.jsonl")],
        ["--questions", str(_write(tmp_path, ['{"id": "x"}']))],
        ["--questions", str(tiny_set), "--compare", str(tmp_path / "absent.json")],
        ["--questions", str(tiny_set), "--compare", str(tiny_set)],
    ):
        result = runner.invoke(eval_command, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    result = runner.invoke(eval_command, ["--modes", "hybrid,bm25"])
    assert result.exit_code == 2 and "unknown mode(s) bm25" in result.stderr
