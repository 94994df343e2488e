"""The index folder: round trip, staleness, partial re-embedding, atomic builds, corruption."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.index import CorpusError, IndexCorrupt, IndexStore
from assistant.records import Settings
from assistant.service import Assistant

DOC_A = """Autophagy

Autophagy recycles damaged organelles and misfolded proteins inside the cell. Rapamycin switches
autophagy on by blocking mTORC1, which otherwise phosphorylates ULK1 and ATG13.
"""
DOC_B = """Dosing

Mice received 2 mg/kg of rapamycin every 5 days, which did not disturb glucose homeostasis. Rats
fed rapamycin for six months showed less lipofuscin in their heart muscle cells.
"""


@pytest.fixture()
def small(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOC_A)
    (corpus / "b.md").write_text(DOC_B)
    a = Assistant(corpus=corpus, index=tmp_path / "index")
    a._embedder = embedder
    return a


def test_round_trip(small):
    report = small.ensure_index()
    assert report is not None and report.documents == 2 and report.reused == 0
    assert report.embedded > report.chunks  # passages and their sentences
    st = small.status()
    assert st.state == "fresh" and st.documents == ("a.txt", "b.md")
    loaded = small.store.load()
    man = loaded.manifest
    assert man["model"] == {"name": "all-MiniLM-L6-v2", "dimension": 384, "max_tokens": 256}
    assert set(man["corpus"]) == {"a.txt", "b.md"} and len(man["corpus"]["a.txt"]) == 64
    assert man["settings"] == Settings().index_key()
    assert loaded.vectors.ntotal == len(loaded.chunks) == st.chunks
    assert loaded.documents["b.md"].sections[0].title == "Dosing"
    loaded.close()
    assert small.ensure_index() is None  # fresh: nothing rebuilt


def test_stale_corpus_is_detected_and_only_changed_files_reembedded(small):
    first = small.ensure_index()
    assert first is not None
    (small.corpus / "b.md").write_text(DOC_B.replace("six months", "three months"))
    st = small.status()
    assert st.state == "stale" and st.reasons == ("changed file: b.md",)
    report = small.ensure_index()
    assert report is not None
    assert report.reused >= 1 and report.embedded >= 1
    assert report.embedded < first.embedded  # a.txt's vectors were reused
    hits = small.search("how long were rats fed", k=1)
    assert "three months" in hits[0].chunk.text


def test_new_and_removed_files_and_settings_make_the_index_stale(small, embedder):
    small.ensure_index()
    (small.corpus / "c.txt").write_text("Another note on mTORC2 and Akt signalling in the liver.")
    (small.corpus / "a.txt").unlink()
    reasons = small.status().reasons
    assert "new file: c.txt" in reasons and "removed file: a.txt" in reasons
    other = small.with_settings(chunk_words=40)
    assert "model or chunking settings changed" in other.status().reasons


def test_interrupted_build_leaves_the_old_index_working(small, monkeypatch):
    small.ensure_index()
    before = small.store.current()
    (small.corpus / "a.txt").write_text(DOC_A + "\nA new sentence about TFEB and lysosomes.\n")

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(small.embedder, "encode", boom)
    with pytest.raises(KeyboardInterrupt):
        small.build()
    monkeypatch.undo()
    assert small.store.current() == before
    leftovers = [p.name for p in small.store.root.iterdir() if p.name.endswith(".partial")]
    assert leftovers == []
    loaded = small.store.load()  # the old build still opens
    assert loaded.vectors.ntotal == len(loaded.chunks)
    loaded.close()


@pytest.mark.parametrize("damage", ["manifest", "vectors", "sentences", "database", "pointer"])
def test_corrupt_index_is_reported_and_rebuilt(small, damage):
    small.ensure_index()
    build = small.store.current()
    assert build is not None
    if damage == "manifest":
        (build / "manifest.json").write_text("{not json")
    elif damage == "vectors":
        (build / "vectors.faiss").write_bytes(b"garbage")
    elif damage == "sentences":
        (build / "sentences.faiss").unlink()
    elif damage == "database":
        (build / "chunks.sqlite").write_bytes(b"garbage" * 100)
    else:
        (small.store.root / "CURRENT").write_text("build-that-does-not-exist\n")
    if damage in ("vectors", "sentences", "database"):
        with pytest.raises(IndexCorrupt):
            small.store.load()
    else:
        assert small.status().state in ("corrupt", "missing")
    messages: list[str] = []
    small.notify = messages.append
    hits = small.search("what does rapamycin do to autophagy", k=1)
    assert "Autophagy recycles" in hits[0].chunk.text or "autophagy on" in hits[0].chunk.text
    assert messages and ("rebuilding" in messages[0] or "building" in messages[0])


def test_empty_and_missing_corpus(tmp_path, embedder):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "README.md").write_text("not indexed")
    with pytest.raises(CorpusError, match="no .txt, .md or .pdf"):
        IndexStore(tmp_path / "i").build(empty, Settings(), embedder)
    with pytest.raises(CorpusError, match="not found"):
        IndexStore(tmp_path / "i").build(tmp_path / "nope", Settings(), embedder)
    with pytest.raises(CorpusError, match="must be a folder, not a file"):
        IndexStore(tmp_path / "i").build(empty / "README.md", Settings(), embedder)


def test_no_pickles_in_the_index(small):
    small.ensure_index()
    build = small.store.current()
    assert build is not None
    names = sorted(p.name for p in build.iterdir())
    assert names == [
        ".assistant-build",
        "chunks.sqlite",
        "manifest.json",
        "sentences.faiss",
        "vectors.faiss",
    ]
    json.loads((build / "manifest.json").read_text())
    for p in build.iterdir():
        assert not p.read_bytes().startswith(b"\x80")  # pickle protocol marker


def test_readme_in_corpus_is_not_indexed(small):
    (small.corpus / "README.md").write_text("# About\n\nThis folder holds documents.\n")
    small.ensure_index()
    assert "README.md" not in small.status().documents
    assert Path(small.corpus / "README.md").exists()


def test_an_unreadable_file_does_not_make_the_index_stale_forever(small):
    (small.corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    report = small.ensure_index()
    assert report is not None and any("broken.pdf" in p for p in report.problems)
    st = small.status()
    assert st.state == "fresh"
    # listed as not indexed, with its reason, not among the indexed documents
    assert "broken.pdf" not in st.documents
    assert any("broken.pdf" in s for s in st.skipped)
    assert small.ensure_index() is None  # no rebuild on the next start
    (small.corpus / "broken.pdf").write_bytes(b"%PDF-1.4 still not a pdf, but changed")
    assert small.status().reasons == ("changed file: broken.pdf",)
