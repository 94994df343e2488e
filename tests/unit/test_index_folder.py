"""A build only ever removes folders it created itself (the data-loss fix of issue 13).

Fast tier: a tiny corpus, the deterministic FakeEmbedder, real SQLite and FAISS.
"""

from __future__ import annotations

import pytest

from assistant.index import MARKER, IndexProblem, IndexStore
from assistant.index.embed import FakeEmbedder
from assistant.records import Settings

TEXT = (
    "Rapamycin inhibits mTORC1. It extends lifespan in mice. "
    "Mouth ulcers were the most common side effect in people.\n"
)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "paper.txt").write_text(TEXT, encoding="utf-8")
    return d


def build(store: IndexStore, corpus) -> str:
    return store.build(corpus, Settings(), FakeEmbedder()).build


def test_folders_named_like_builds_but_not_made_by_us_survive(tmp_path, corpus):
    root = tmp_path / "index"
    store = IndexStore(root)
    first = build(store, corpus)  # the folder is now an index
    keep = root / "build-keepme"
    keep.mkdir()
    (keep / "thesis.tex").write_text("my thesis", encoding="utf-8")
    (root / "build-output").mkdir()
    notes = root / "notes.partial"
    notes.mkdir()
    (notes / "n.txt").write_text("notes", encoding="utf-8")
    second = build(store, corpus)
    assert (keep / "thesis.tex").read_text(encoding="utf-8") == "my thesis"
    assert (root / "build-output").is_dir()
    assert (notes / "n.txt").is_file()
    # The live build and the one before it are kept (a reader may still have it open); older
    # builds of ours are cleaned up.
    assert (root / first).is_dir() and (root / second / MARKER).is_file()
    third = build(store, corpus)
    assert not (root / first).exists()
    assert (root / second).is_dir() and (root / third / MARKER).is_file()
    assert (keep / "thesis.tex").is_file() and (notes / "n.txt").is_file()


def test_a_folder_with_foreign_files_is_refused_and_left_alone(tmp_path, corpus):
    home = tmp_path / "home"
    home.mkdir()
    (home / "build-keepme").mkdir()
    (home / "build-keepme" / "thesis.tex").write_text("x", encoding="utf-8")
    (home / "notes.txt").write_text("y", encoding="utf-8")
    store = IndexStore(home)
    with pytest.raises(IndexProblem, match="not an index"):
        build(store, corpus)
    assert sorted(p.name for p in home.iterdir()) == ["build-keepme", "notes.txt"]


def test_empty_missing_and_readme_only_folders_are_accepted(tmp_path, corpus):
    for name, make in (("missing", False), ("empty", True), ("readme", True)):
        root = tmp_path / name
        if make:
            root.mkdir()
        if name == "readme":
            (root / "README.md").write_text("generated files", encoding="utf-8")
        store = IndexStore(root)
        live = build(store, corpus)
        assert store.current() == root / live


def test_an_index_path_that_is_a_file_is_refused(tmp_path, corpus):
    f = tmp_path / "index"
    f.write_text("not a folder", encoding="utf-8")
    with pytest.raises(IndexProblem, match="is a file"):
        build(IndexStore(f), corpus)
    assert f.read_text(encoding="utf-8") == "not a folder"


def test_an_unmarked_leftover_partial_with_content_is_kept(tmp_path, corpus):
    root = tmp_path / "index"
    store = IndexStore(root)
    build(store, corpus)
    odd = root / ".build-20260101-000000-abcdef.partial"
    odd.mkdir()
    (odd / "data.bin").write_bytes(b"\x00\x01")
    build(store, corpus)
    assert (odd / "data.bin").is_file()


def test_a_build_folder_that_vanishes_while_it_is_looked_at_is_not_ours(tmp_path, monkeypatch):
    """Another process may finish (rename) or clean up its partial build between the listing
    and the look inside it: status and cleanup must go on, not fail (seen under load in CI)."""
    from pathlib import Path

    from assistant.index.locks import _is_own_build

    partial = tmp_path / ".build-20261128-091542-40a2e7.partial"
    partial.mkdir()
    assert _is_own_build(partial)  # empty: killed before it was marked

    def gone(self):
        raise FileNotFoundError(2, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "iterdir", gone)
    assert not _is_own_build(partial)
