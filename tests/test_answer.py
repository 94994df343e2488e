"""Cited answers: verbatim sentences, citations inside their passages, facts, refusals, batches."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.answer import NOT_COVERED, known_word, question_kind
from assistant.cli import cli
from assistant.evaluate import normalize

EVAL = Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"
HOLDOUT = EVAL.with_name("holdout.jsonl")
# A citation marker follows the sentence's final punctuation; the review's own reference numbers
# ("disease [130].") come before it.
MARKER = re.compile(r"(?<=[.!?\]]) \[(\d+)\](?= |$)")


def _eval(category: str, path: Path | None = None) -> list[dict]:
    path = path or EVAL
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if r["category"] == category]


def _sentences(answer_text: str) -> list[str]:
    """The quoted sentences of an answer (its text split at the citation markers)."""
    parts = MARKER.split(answer_text)
    return [p.strip() for p in parts[0::2] if p.strip()]


def test_trehalose_answer_is_the_cited_sentence(assistant):
    ans = assistant.ask(
        "What did rapamycin add to trehalose in a rat model of Parkinson's disease?"
    )
    assert ans.answered
    assert "strengthen the impact of trehalose" in ans.answer
    cited = {c.n for c in ans.citations}
    assert {int(n) for n in MARKER.findall(ans.answer)} == cited
    trehalose = next(c for c in ans.citations if "trehalose" in c.quote)
    assert trehalose.section == "The impact of rapamycin on autophagy"
    # The cited lines of the source file hold the start and the end of the quoted sentence.
    raw = Path(__file__).resolve().parent.parent / "corpus" / "rapamycin-aging-review.txt"
    lines = raw.read_text(encoding="utf-8").splitlines()
    first, last = trehalose.lines
    assert lines[first - 1].rstrip().endswith("Similar-")  # "Similar-" / "ly, rapamycin has..."
    assert "[130]." in " ".join(lines[first - 1 : last])


@pytest.mark.parametrize(
    "question",
    [
        # The issue's own example (issue 9), and questions far from any document; none of them
        # is in a gold set the judge was fitted on.
        "What is the chance of a blood clot in the legs with rapamycin?",
        "What is the boiling point of liquid nitrogen in kelvin?",
        # a name the review never writes, though "medical" and "medicine" share its start
        "Is rapamycin covered by Medicare?",
    ],
)
def test_questions_the_documents_do_not_cover_are_declined(assistant, question):
    ans = assistant.ask(question)
    assert not ans.answered
    assert ans.confidence == "none"
    assert ans.answer == NOT_COVERED == "The indexed documents do not address this."
    assert ans.citations == ()
    assert ans.hits, "the closest passages are still given"


def test_a_lay_question_the_introduction_answers_is_answered(assistant):
    # Issue 9: declined before because "doctors" and "prescribe" do not occur in the review.
    ans = assistant.ask("Why do kidney transplant doctors prescribe sirolimus?")
    assert ans.answered
    assert "transplant" in ans.answer.lower()
    assert any(c.section == "Introduction" for c in ans.citations)


def test_answer_sentences_are_verbatim_and_quotes_lie_in_their_chunks(assistant, review_doc):
    idx = assistant.index
    questions = [q["question"] for q in _eval("mechanism")[:8] + _eval("safety")[:6]]
    answered = 0
    for q in questions:
        ans = assistant.ask(q)
        if not ans.answered:
            continue
        answered += 1
        for sentence in _sentences(ans.answer):
            if sentence.startswith("Table II"):
                continue  # a table row is rendered with its column names
            assert sentence in review_doc.text, sentence
        for c in ans.citations:
            chunk = idx.chunk(c.chunk_id)
            assert c.quote in chunk.text
            assert chunk.location.line_start <= c.lines[0] <= c.lines[1] <= chunk.location.line_end
    assert answered >= len(questions) // 2


@pytest.mark.parametrize("category", ["dose", "safety"])
def test_dose_and_safety_questions_get_their_facts(assistant, category):
    # holdout.jsonl was never fitted on (eval/goldsets.py); the floor sits below the measured
    # share reported in eval/README.md.
    rows = _eval(category, HOLDOUT)
    complete = 0
    for r in rows:
        ans = assistant.ask(r["question"])
        text = normalize(ans.answer)
        complete += all(normalize(f) in text for f in r["answer_contains"])
    assert complete / len(rows) >= 0.6


def test_table_rows_read_with_their_column_names(assistant):
    ans = assistant.ask("Which trial gives 1 mg/day for 8 weeks to study cardiac function?")
    assert ans.answered
    assert "NCT04742777" in ans.answer
    assert "Rapamycin dose: 1 mg/day, 8 weeks" in ans.answer


def test_answers_stay_short(assistant):
    ans = assistant.ask("how does AMPK switch off mTORC1?")
    words = MARKER.sub("", ans.answer).split()
    assert ans.answered and 10 <= len(words) <= 130


def test_question_kinds():
    assert question_kind("what schedule avoided glucose intolerance in mice?") == {"dose"}
    assert "safety" in question_kind("which side effects appeared at 2 mg/day?")
    assert question_kind("how does AMPK switch off mTORC1?") == set()


def test_known_word_matches_inflections_not_lookalikes():
    vocab = {"signaling", "diarrhea", "appears", "stat3", "state", "ulcers"}
    assert known_word("signalling", vocab)
    assert known_word("diarrhoea", vocab)
    assert known_word("appeared", vocab)
    assert known_word("ulcer", vocab)
    assert not known_word("statins", vocab)
    assert not known_word("breastfeeding", vocab)


# -- CLI -----------------------------------------------------------------------------------------


@pytest.fixture()
def run(assistant, monkeypatch):
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: assistant)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_ask_readable_and_json(run):
    r = run("ask", "what schedule avoided glucose intolerance in mice?")
    assert r.exit_code == 0
    assert "2 mg/kg" in r.stdout and "Sources" in r.stdout and "[1] " in r.stdout
    r = run("ask", "what schedule avoided glucose intolerance in mice?", "--json")
    obj = json.loads(r.stdout)
    assert set(obj) == {
        "question",
        "answered",
        "confidence",
        "answer",
        "note",
        "parts",
        "citations",
        "hits",
    }
    assert obj["answered"] is True and obj["confidence"] in ("high", "low")
    # The parts are the answer as data: each sentence with the number of its citation.
    assert {p["citation"] for p in obj["parts"]} == {c["n"] for c in obj["citations"]}
    assert all(p["text"] in obj["answer"] for p in obj["parts"])
    c = obj["citations"][0]
    assert set(c) == {
        "n",
        "chunk_id",
        "document",
        "section",
        "page",
        "page_end",
        "lines",
        "quote",
    }
    assert set(obj["hits"][0]) == {
        "rank",
        "chunk_id",
        "document",
        "score",
        "section",
        "page",
        "page_end",
        "lines",
        "text",
    }


def test_ask_declines_in_json(run):
    r = run("ask", "What is the boiling point of liquid nitrogen in kelvin?", "--json")
    obj = json.loads(r.stdout)
    assert obj["answered"] is False and obj["citations"] == [] and obj["hits"]
    assert obj["confidence"] == "none" and obj["parts"] == []


@pytest.mark.parametrize("bad", ["", "   ", "\t\n"])
def test_empty_questions_are_rejected_cleanly(run, bad):
    r = run("ask", bad)
    assert r.exit_code == 2 and "the question is empty" in r.stderr and r.stdout == ""


QUESTIONS = [
    "what schedule avoided glucose intolerance in mice?",
    "Who won the 2022 World Cup?",
    "REDD1",
]


@pytest.mark.parametrize("fmt", ["jsonl", "md", "csv"])
def test_batch_formats_round_trip(run, tmp_path, fmt):
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(QUESTIONS) + "\n")
    out = tmp_path / f"answers.{fmt}"
    r = run("ask", "--file", str(qfile), "--out", str(out))
    assert r.exit_code == 0, r.stderr
    assert "2 answered, 1 not covered by the documents, 0 failed" in r.stderr
    text = out.read_text()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert [row["question"] for row in rows] == QUESTIONS
        assert [row["answered"] for row in rows] == [True, False, True]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["question"] for row in rows] == QUESTIONS
        assert [row["answered"] for row in rows] == ["true", "false", "true"]
        assert "[1] " in rows[0]["sources"]
    else:
        for q in QUESTIONS:
            assert q in text
        assert "Sources:" in text and "Closest passages:" in text
        assert text.rstrip().endswith(
            "Summary: 2 answered, 1 not covered by the documents, 0 failed."
        )


def test_batch_jsonl_goes_to_stdout_without_out(run, tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"question": "REDD1", "id": "q1"}\n')
    r = run("ask", "--file", str(qfile))
    assert r.exit_code == 0
    row = json.loads(r.stdout)
    assert row["id"] == "q1" and row["answered"] is True


def test_malformed_lines_are_reported_and_skipped(run, tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"question": "REDD1"}\n{broken\n{"question": "   "}\n{"question": "AMPK"}\n')
    out = tmp_path / "a.jsonl"
    r = run("ask", "--file", str(qfile), "--out", str(out))
    assert r.exit_code == 1
    assert f"{qfile}:2: not valid JSON" in r.stderr
    assert f"{qfile}:3: empty question" in r.stderr
    assert [json.loads(x)["question"] for x in out.read_text().splitlines()] == ["REDD1", "AMPK"]


def test_interrupted_batch_keeps_finished_answers(assistant, monkeypatch, tmp_path):
    calls = {"n": 0}
    real_ask = assistant.ask

    def flaky_ask(question, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_ask(question, **kwargs)

    monkeypatch.setattr(assistant, "ask", flaky_ask)
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: assistant)
    qfile = tmp_path / "q.txt"
    qfile.write_text("REDD1\nAMPK\nCASTOR1\nmTORC2\n")
    for fmt in ("jsonl", "md", "csv"):
        calls["n"] = 0
        out = tmp_path / f"a.{fmt}"
        r = CliRunner().invoke(cli, ["ask", "--file", str(qfile), "--out", str(out)])
        assert r.exit_code == 130
        text = out.read_text()
        # Questions 1 and 2 are written; the run stopped at question 3.
        if fmt == "jsonl":
            assert [json.loads(x)["question"] for x in text.splitlines()] == ["REDD1", "AMPK"]
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            assert [row["question"] for row in rows] == ["REDD1", "AMPK"]
        else:
            assert "## 1. REDD1" in text and "## 2. AMPK" in text and "## 3." not in text


def test_a_sentence_that_refers_back_comes_with_its_antecedent(assistant):
    # "the mentioned dose ... in these patients" is only checkable with the sentence before it.
    ans = assistant.ask("How soon did mouth sores appear at the vascular anomaly dose?")
    assert ans.answered
    assert "the mentioned dose even for 2 weeks" in ans.answer
    assert "1.6 mg/m2/day" in ans.answer


def test_the_passage_before_a_window_holds_its_first_sentences_antecedent(assistant):
    """Windows overlap by a sentence: the passage starting last before a sentence holds the
    sentence before it, so an answer sentence opening a window still finds its antecedent."""
    r = assistant.retriever
    chunks = [c for c in r.index.chunks if c.kind == "paragraph"]
    later = next(c for c in chunks[1:] if c.text.startswith("However, administrating"))
    before = r.passage_before(later.doc_id, later.start)
    assert before is not None and before.start < later.start
    assert "Long-term rapamycin therapy (1.6 mg/m2/day)" in before.text
    assert r.passage_before(later.doc_id, 0) is None


@pytest.mark.parametrize(
    "question",
    [
        # Written by hand over the review by a helper hunting false "not addressed" answers;
        # the review says "hypertriglyceridemia", "chronic obstructive pulmonary disease",
        # "ischemic limb", "food restriction" and "infarcted myocardium".
        "Does rapamycin raise triglycerides?",
        "Could rapamycin help people with COPD?",
        "Does rapamycin help ischaemic limbs?",
        "Does calorie restriction work like rapamycin?",
        "Does rapamycin reduce damage after a heart attack?",
        # "vaccine" for "jabs" and "pathogens" for "germs"
        "Can the drug make jabs against germs work better?",
        # a word capitalised for emphasis is matched as any other word, not as a name
        "Does rapamycin help Diabetic mice?",
        "Is rapamycin Immunosuppressive?",
    ],
)
def test_questions_the_review_answers_in_other_words_are_not_declined(assistant, question):
    assert assistant.ask(question).answered
