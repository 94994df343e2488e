"""The command line: output formats, batch files, and clean errors for bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import assistant.cli as cli_mod
from assistant.cli import cli


@pytest.fixture()
def run(assistant, monkeypatch):
    """Invoke the CLI against the session's real, already-loaded Assistant."""
    monkeypatch.setattr(cli_mod, "make_assistant", lambda ctx, progress: assistant)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_search_readable(run):
    r = run("search", "what senses arginine for mTORC1", "--k", "3")
    assert r.exit_code == 0
    assert "CASTOR1" in r.output
    assert " 1. mTORC1, lines " in r.output
    assert " 4. " not in r.output


def test_search_json(run):
    r = run("search", "REDD1", "--k", "2", "--json")
    assert r.exit_code == 0
    obj = json.loads(r.stdout)
    assert obj["question"] == "REDD1" and len(obj["hits"]) == 2
    hit = obj["hits"][0]
    assert set(hit) == {"rank", "chunk_id", "score", "section", "page", "lines", "text"}
    assert hit["rank"] == 1 and hit["page"] is None and len(hit["lines"]) == 2
    assert "regulated in development" in hit["text"]


def test_batch_search_txt_jsonl_csv(run, tmp_path):
    (tmp_path / "q.txt").write_text("# a comment\n\nwhat senses arginine\n  REDD1  \n")
    (tmp_path / "q.jsonl").write_text('{"question": "REDD1", "id": "a"}\n{"question": "AMPK"}\n')
    (tmp_path / "q.csv").write_text('id,question\nx1,"rapamycin, mice and 42 ppm"\n')
    r = run("search", "--file", str(tmp_path / "q.txt"), "--k", "2", "--json")
    assert r.exit_code == 0
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [row["question"] for row in rows] == ["what senses arginine", "REDD1"]
    assert all(len(row["hits"]) == 2 for row in rows)
    r = run("search", "--file", str(tmp_path / "q.jsonl"), "--k", "1", "--json")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["id"] == "a" and "id" not in rows[1]
    r = run("search", "--file", str(tmp_path / "q.csv"), "--k", "1", "--json")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows == [rows[0]] and rows[0]["id"] == "x1"


def test_malformed_jsonl_line_is_reported_and_the_rest_go_on(run, tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"question": "REDD1"}\n{not json\n{"id": 3}\n{"question": "AMPK"}\n')
    r = run("search", "--file", str(f), "--k", "1", "--json")
    assert r.exit_code == 1
    assert [json.loads(x)["question"] for x in r.stdout.splitlines()] == ["REDD1", "AMPK"]
    assert f"{f}:2: not valid JSON" in r.stderr
    assert f"{f}:3: expected an object" in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "   "], "the question is empty"),
        (["search", "mTOR", "--k", "0"], "must be at least 1"),
        (["search", "mTOR", "--k", "-3"], "must be at least 1"),
        (["search", "--file", "/nonexistent/q.txt"], "no such file"),
        (["search", "--file", "questions.docx"], "unknown question file type"),
        (["search"], "give a question"),
    ],
)
def test_bad_input_is_one_clear_line(run, args, message):
    r = run(*args)
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert r.stdout == ""


def test_empty_corpus_folder_is_a_clear_error(tmp_path, monkeypatch):
    empty = tmp_path / "corpus"
    empty.mkdir()
    runner = CliRunner()
    r = runner.invoke(
        cli, ["--corpus", str(empty), "--index", str(tmp_path / "i"), "search", "mTOR"]
    )
    assert r.exit_code == 2
    assert "no .txt, .md or .pdf file" in r.stderr
    assert "Traceback" not in r.output


def test_help_explains(run):
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("search", "index", "status", "chat"):
        assert cmd in r.output
    r = run("search", "--help")
    assert "--mode" in r.output and "hybrid" in r.output and "--file" in r.output


def test_status_json(run):
    r = run("status", "--json")
    assert r.exit_code == 0
    st = json.loads(r.stdout)
    assert st["state"] == "fresh" and st["documents"] == ["rapamycin-aging-review.txt"]
