"""``documents=``: search and answers limited to named documents (fast tier: FakeEmbedder, a tiny
corpus, real SQLite and FAISS).

The filter is applied inside retrieval, so ``k`` passages come from the chosen documents even when
every passage of the global top ``k`` belongs to another one.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fake_corpus import tiny_assistant

from assistant.errors import AssistantError, QueryError

#: Each paragraph is a passage of its own (passages never cross a paragraph).
MANY = "\n\n".join(
    f"Rapamycin inhibits mTORC1 kinase signalling in experiment {n}; rapamycin mTORC1 again."
    for n in range(6)
)
FEW = "\n\n".join(
    f"Mice fed rapamycin in cohort {n} lived longer than the controls of that study."
    for n in range(4)
)
TITLED = "# Sirolimus Safety Notes\n\nMouth ulcers were the most common side effect of rapamycin.\n"


@pytest.fixture(scope="module")
def fake_assistant(tmp_path_factory):
    files = {"many.txt": MANY + "\n", "few.txt": FEW + "\n", "notes.md": TITLED}
    a = tiny_assistant(tmp_path_factory.mktemp("docs"), files)
    yield a
    a.close()


QUESTION = "does rapamycin inhibit mTORC1 signalling?"


def _docs(hits) -> set[str]:
    return {h.chunk.doc_id for h in hits}


def test_without_a_filter_the_top_passages_all_come_from_one_document(fake_assistant):
    # The premise of the next test: a post-filter of this top 3 would leave nothing of few.txt.
    assert _docs(fake_assistant.search(QUESTION, k=3)) == {"many.txt"}


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_k_passages_come_from_the_chosen_document(fake_assistant, mode):
    hits = fake_assistant.search(QUESTION, k=3, mode=mode, documents=["few.txt"])
    assert _docs(hits) == {"few.txt"}
    assert len(hits) == 3
    assert [h.rank for h in hits] == [1, 2, 3]


def test_several_documents_can_be_chosen(fake_assistant):
    hits = fake_assistant.search(QUESTION, k=20, documents=["few.txt", "notes.md"])
    assert _docs(hits) == {"few.txt", "notes.md"}


def test_asking_for_more_passages_than_the_documents_have_returns_theirs(fake_assistant):
    hits = fake_assistant.search(QUESTION, k=50, mode="dense", documents=["notes.md"])
    assert _docs(hits) == {"notes.md"}
    assert len(hits) == sum(c.doc_id == "notes.md" for c in fake_assistant.index.chunks)


@pytest.mark.parametrize(
    "name", ["few.txt", "FEW.TXT", "few", " Few ", "sirolimus safety notes", "NOTES.md"]
)
def test_a_document_is_named_by_file_name_stem_or_title_in_any_case(fake_assistant, name):
    hits = fake_assistant.search(QUESTION, k=2, documents=[name])
    expected = "notes.md" if "notes" in name.lower() else "few.txt"
    assert hits and _docs(hits) == {expected}


def test_a_part_of_a_name_chooses_every_document_it_is_part_of(fake_assistant):
    # an exact name wins; else a part of a file name or title ("safety" of the title)
    assert _docs(fake_assistant.search(QUESTION, k=20, documents=["safety"])) == {"notes.md"}
    assert _docs(fake_assistant.search(QUESTION, k=20, documents=["an"])) == {"many.txt"}
    assert _docs(fake_assistant.search(QUESTION, k=2, documents=["ew"])) == {"few.txt"}


def test_an_unknown_document_is_a_query_error_listing_the_documents(fake_assistant):
    with pytest.raises(QueryError) as err:
        fake_assistant.search(QUESTION, documents=["review.pdf"])
    msg = str(err.value)
    assert "review.pdf" in msg
    assert all(name in msg for name in ("few.txt", "many.txt", "notes.md"))
    assert isinstance(err.value, AssistantError)


def test_no_documents_means_all_documents(fake_assistant):
    every = fake_assistant.search(QUESTION, k=4)
    assert fake_assistant.search(QUESTION, k=4, documents=[]) == every


def test_an_answer_cites_only_the_chosen_document(fake_assistant):
    answer = fake_assistant.ask("how long did mice fed rapamycin live?", documents=["few"])
    assert answer.hits and {h.chunk.doc_id for h in answer.hits} == {"few.txt"}
    assert all(c.doc_id == "few.txt" for c in answer.citations)
    with pytest.raises(QueryError):
        fake_assistant.ask(QUESTION, documents=["nowhere"])


def test_the_cli_takes_repeatable_document_options(fake_assistant, monkeypatch):
    from assistant.cli import cli

    monkeypatch.setattr("assistant.cli.common.make_assistant", lambda ctx, progress: fake_assistant)
    monkeypatch.setattr(fake_assistant, "close", lambda: None)  # the module fixture closes it
    runner = CliRunner()
    r = runner.invoke(
        cli, ["search", QUESTION, "--json", "-k", "4", "--document", "few", "--document", "notes"]
    )
    assert r.exit_code == 0, r.output
    hits = json.loads(r.stdout)["hits"]
    assert len(hits) == 4 and {h["document"] for h in hits} <= {"few.txt", "notes.md"}
    r = runner.invoke(cli, ["ask", "how long did mice live?", "--document", "nowhere"])
    assert r.exit_code == 2
    assert "no document named 'nowhere'" in r.stderr and "few.txt" in r.stderr
