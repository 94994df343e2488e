"""A tiny corpus indexed with the deterministic FakeEmbedder (real SQLite and FAISS, no model):
the fast tier's stand-in for a real index."""

from __future__ import annotations

from pathlib import Path

from assistant.index.embed import FakeEmbedder
from assistant.service import Assistant


def tiny_assistant(root: Path, files: dict[str, str]) -> Assistant:
    """A loaded Assistant over ``files`` (name -> text) written to ``root/corpus``, its index in
    ``root/index``. The caller closes it."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    a = Assistant(corpus=corpus, index=root / "index")
    a._embedder = FakeEmbedder()
    a.load()
    return a
