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
    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: assistant)
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
    assert set(hit) == {
        "rank",
        "chunk_id",
        "score",
        "document",
        "section",
        "page",
        "page_end",
        "lines",
        "text",
    }
    assert hit["rank"] == 1 and hit["page"] is None and len(hit["lines"]) == 2
    assert hit["page_end"] is None  # a text file has no pages
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
        (["ask", "???"], "the question has no words"),
        (["ask", "2024?"], "the question has no words"),
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


# -- hostile input and errors that hide bugs (issue 13); fast: FakeEmbedder, tiny corpus ----------


@pytest.fixture()
def fake_run(tmp_path, monkeypatch):
    """Invoke the CLI against an Assistant over a tiny corpus with the FakeEmbedder."""
    from assistant.index.embed import FakeEmbedder
    from assistant.service import Assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Rapamycin inhibits mTORC1. Mouth ulcers were the most common side effect.\n",
        encoding="utf-8",
    )

    def make(ctx, progress):
        a = Assistant(corpus=corpus, index=tmp_path / "index", notify=cli_mod.notice)
        a._embedder = FakeEmbedder()
        return a

    monkeypatch.setattr("assistant.cli.common.make_assistant", make)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args))

    invoke.corpus = corpus  # type: ignore[attr-defined]
    return invoke


def test_an_unexpected_exception_is_shown_as_a_bug(fake_run, monkeypatch):
    from assistant.service import Assistant

    def broken(self, *args, **kwargs):
        raise TypeError("an internal mistake")

    monkeypatch.setattr(Assistant, "search", broken)
    r = fake_run("search", "mTORC1")
    assert r.exit_code == cli_mod.EXIT_BUG
    assert "Traceback" in r.stderr and "TypeError: an internal mistake" in r.stderr
    assert "this is a bug" in r.stderr


def test_a_bug_on_one_batch_line_is_reported_and_the_batch_goes_on(fake_run, monkeypatch, tmp_path):
    from assistant.service import Assistant

    real = Assistant.search

    def flaky(self, question, *args, **kwargs):
        if "boom" in question:
            raise KeyError("internal")
        return real(self, question, *args, **kwargs)

    monkeypatch.setattr(Assistant, "search", flaky)
    f = tmp_path / "q.txt"
    f.write_text("mTORC1\nboom\nulcers\n", encoding="utf-8")
    r = fake_run("search", "--file", str(f), "--json", "--k", "1")
    assert r.exit_code == 1
    assert [json.loads(x)["question"] for x in r.stdout.splitlines()] == ["mTORC1", "ulcers"]
    assert f"{f}:2: internal error (KeyError)" in r.stderr and "Traceback" in r.stderr


def test_surrogates_and_controls_in_a_jsonl_batch_do_not_end_it(fake_run, tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text(
        '{"question": "bad \\ud800 surrogate"}\n{"question": "nul\\u0000 \\u001b[2J ulcers"}\n'
        '{"question": "mTORC1"}\n',
        encoding="utf-8",
    )
    for command in ("search", "ask"):
        args = [command, "--file", str(f)] + (["--json"] if command == "search" else [])
        r = fake_run(*args)
        rows = [json.loads(x) for x in r.stdout.splitlines()]
        assert [row["question"] for row in rows] == [
            "bad \ufffd surrogate",
            "nul [2J ulcers",
            "mTORC1",
        ]
        assert r.exit_code == 0 and "Traceback" not in r.stderr
        assert f"{f}:1: note: invalid characters replaced" in r.stderr


def test_invalid_utf8_argument_is_searched(fake_run):
    arg = b"ulcers \xff\xfe".decode("utf-8", "surrogateescape")  # what Python makes of argv
    r = fake_run("search", arg, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["question"] == "ulcers \ufffd\ufffd"


def test_utf16_question_file_is_read(fake_run, tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("mTORC1\nulcers\n", encoding="utf-16")
    r = fake_run("search", "--file", str(f), "--json")
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["question"] for x in r.stdout.splitlines()] == ["mTORC1", "ulcers"]


def test_out_may_not_replace_the_question_file_or_an_existing_file(fake_run, tmp_path):
    q = tmp_path / "q.txt"
    q.write_text("mTORC1\n", encoding="utf-8")
    r = fake_run("ask", "--file", str(q), "--out", str(q), "--format", "jsonl")
    assert r.exit_code == 2 and "is the question file itself" in r.stderr
    assert q.read_text(encoding="utf-8") == "mTORC1\n"
    out = tmp_path / "answers.md"
    out.write_text("earlier answers", encoding="utf-8")
    r = fake_run("ask", "--file", str(q), "--out", str(out))
    assert r.exit_code == 2 and "already exists; use --force" in r.stderr
    assert out.read_text(encoding="utf-8") == "earlier answers"
    r = fake_run("ask", "--file", str(q), "--out", str(out), "--force")
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Answers")


def test_status_neutralises_file_names_and_reports_disk_use(fake_run):
    (fake_run.corpus / "evil\x1b]0;pwned\x07\x1b[2J.txt").write_text("Sirolimus.", "utf-8")
    assert fake_run("index").exit_code == 0
    r = fake_run("status")
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "evil\u241b]0;pwned\u2407\u241b[2J.txt" in r.stdout
    assert "disk: " in r.stdout and "in 1 build(s)" in r.stdout


def test_a_missing_corpus_folder_says_what_to_do_and_exits_2(fake_run):
    assert fake_run("index").exit_code == 0
    fake_run.corpus.rename(fake_run.corpus.with_name("moved"))
    r = fake_run("status")
    assert r.exit_code == 2 and "corpus folder not found" in r.stdout
    assert "removed file" not in r.stdout
    assert "pass --corpus DIR" in r.stderr and "Traceback" not in r.output
    r = fake_run("status", "--json")
    assert r.exit_code == 2 and "corpus folder not found" in r.stderr
    # with no index built yet, the missing folder is still what is said
    moved = fake_run.corpus.with_name("moved")
    (moved.parent / "index").rename(moved.parent / "old-index")
    r = fake_run("status")
    assert r.exit_code == 2 and "corpus folder not found" in r.stderr
    # ask says what is wrong, not "index is out of date ...: rebuilding" first
    r = fake_run("ask", "What does rapamycin inhibit?")
    assert r.exit_code == 2 and "corpus folder not found" in r.stderr
    assert "rebuilding" not in r.stderr and "Traceback" not in r.output


def test_a_damaged_manifest_is_rebuilt_not_a_traceback(fake_run, tmp_path):
    assert fake_run("index").exit_code == 0
    current = (tmp_path / "index" / "CURRENT").read_text(encoding="utf-8").strip()
    manifest = tmp_path / "index" / current / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["skipped_files"] = ["broken.pdf"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    r = fake_run("status")
    assert "(corrupt)" in r.stdout and "skipped_files" in r.stdout
    r = fake_run("index")
    assert r.exit_code == 0 and "rebuilding" in r.stderr and r.stdout.startswith("indexed ")
