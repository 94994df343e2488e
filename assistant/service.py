"""The library entry point: an :class:`Assistant` over a corpus folder and its index folder.

CLI, chat and evaluation all go through it: it builds the index when it is missing, stale or
corrupt, loads the model once, and answers ``search`` and ``ask``.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .index import (
    BuildReport,
    IndexCorrupt,
    IndexMissing,
    IndexStore,
    LoadedIndex,
    Progress,
    Status,
    _noop,
)
from .questions import clean_question
from .records import AdverseEffect, Answer, Document, Hit, Mode, Regimen, Settings

if TYPE_CHECKING:
    from .index.embed import Embedder
    from .search.retrieve import Retriever

T = TypeVar("T")


def default_corpus() -> Path:
    """``$ASSISTANT_CORPUS`` or ./corpus."""
    return Path(os.environ.get("ASSISTANT_CORPUS", "corpus"))


def default_index() -> Path:
    """``$ASSISTANT_INDEX`` or ./index."""
    return Path(os.environ.get("ASSISTANT_INDEX", "index"))


class Assistant:
    """Search and answers over one corpus. Heavy parts (model, index) load on first use."""

    def __init__(
        self,
        corpus: Path | None = None,
        index: Path | None = None,
        settings: Settings | None = None,
        progress: Progress = _noop,
        notify: Callable[[str], None] = lambda msg: None,
    ) -> None:
        self.corpus = Path(corpus) if corpus is not None else default_corpus()
        self.store = IndexStore(Path(index) if index is not None else default_index())
        self.settings = settings or Settings()
        self.progress = progress
        self.notify = notify
        self._embedder: Embedder | None = None
        self._index: LoadedIndex | None = None
        self._retriever: Retriever | None = None
        #: Extracted records (regimens, adverse effects) by kind, cached per loaded index.
        self._records: dict[str, list[Any]] = {}
        self._lock = threading.RLock()

    # -- set-up ---------------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """The embedding model, loaded once."""
        with self._lock:
            if self._embedder is None:
                from .index.embed import load_embedder

                self.progress("loading model", 0, 1)
                self._embedder = load_embedder(self.settings.model)
                self.progress("loading model", 1, 1)
            return self._embedder

    def status(self) -> Status:
        """Fresh / stale / missing / corrupt, with reasons."""
        return self.store.status(self.corpus, self.settings)

    def build(self) -> BuildReport:
        """Rebuild the index now (vectors of unchanged chunks are reused; holds the write lock)."""
        with self._lock:
            self._close_index()
            # A missing or empty corpus is said before the model loads.
            self.store.check_corpus(self.corpus)
            report = self.store.build(
                self.corpus, self.settings, self.embedder, self.progress, notify=self.notify
            )
            for problem in report.problems:
                self.notify(f"skipped: {problem}")
            return report

    def ensure_index(self, rebuild: bool = False) -> BuildReport | None:
        """Build the index if asked, or if it is missing, stale or corrupt.

        The freshness check is repeated once the write lock is held: when several processes
        start together, the first builds and the others find the index fresh (with ``rebuild``,
        they find that a build newer than the one they saw was published while they waited).
        """
        with self._lock:
            st = self.status()
            if st.state == "fresh" and not rebuild:
                return None
            seen = self.store.current()
            with self.store.writing(notify=self.notify):
                st = self.status()
                if st.state == "fresh" and (not rebuild or self.store.current() != seen):
                    if rebuild:
                        self.notify("another process rebuilt the index meanwhile: using it")
                    return None
                # a missing or empty corpus is said alone, not after "rebuilding"
                self.store.check_corpus(self.corpus)
                if rebuild:
                    self.notify("rebuilding the index")
                elif st.state == "missing":
                    self.notify("no index yet: building it (first use)")
                elif st.state == "stale":
                    reasons = "; ".join(st.reasons[:3])
                    self.notify(f"index is out of date ({reasons}): rebuilding")
                else:
                    self.notify("index is unreadable (" + "; ".join(st.reasons) + "): rebuilding")
                return self.build()

    @property
    def index(self) -> LoadedIndex:
        """The loaded index (built first when needed)."""
        with self._lock:
            if self._index is None:
                self.ensure_index()
                try:
                    self._index = self.store.load()
                except (IndexMissing, IndexCorrupt) as exc:
                    self._index = self._recover(exc)
            return self._index

    def _recover(self, exc: Exception) -> LoadedIndex:
        """Rebuild after ``exc`` showed the live index damaged, then load it.

        Under the write lock: when another process published a sound build meanwhile, that one
        is used instead of building again.
        """
        with self._lock:
            self._close_index()
            self.notify(f"index unreadable ({exc}): rebuilding")
            with self.store.writing(notify=self.notify):
                with contextlib.suppress(IndexMissing, IndexCorrupt):
                    if self.status().state == "fresh":
                        self._index = self.store.load()
                        return self._index
                self.build()
                self._index = self.store.load()
                return self._index

    def _guarded(self, fn: Callable[[], T]) -> T:
        """``fn()``; when the index turns out damaged mid-query, rebuild once and run it again."""
        try:
            return fn()
        except IndexCorrupt as exc:
            self._recover(exc)
            return fn()

    @property
    def retriever(self) -> Retriever:
        """The retriever over the loaded index."""
        with self._lock:
            if self._retriever is None:
                from .search.retrieve import Retriever

                self._retriever = Retriever(self.index, self.embedder, self.settings)
            return self._retriever

    def load(self) -> None:
        """Load everything now (model and index), building the index when needed."""
        _ = self.retriever

    def _close_index(self) -> None:
        if self._index is not None:
            self._index.close()
        self._index = None
        self._retriever = None
        self._records.clear()

    def close(self) -> None:
        """Release the index."""
        with self._lock:
            self._close_index()

    def with_settings(self, **changes: object) -> Assistant:
        """A new Assistant sharing the loaded model, with some search settings changed."""
        other = Assistant(
            self.corpus,
            self.store.root,
            replace(self.settings, **changes),  # type: ignore[arg-type]
            self.progress,
            self.notify,
        )
        other._embedder = self._embedder
        return other

    # -- questions ------------------------------------------------------------------------------
    def search(
        self,
        question: str,
        k: int = 10,
        mode: Mode | None = None,
        documents: Sequence[str] | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``question``; with ``documents`` (ids, file names or
        titles, case-insensitive), the ``k`` best of those documents. An unknown name is a
        QueryError listing the documents."""
        question = clean_question(question).text
        return self._guarded(
            lambda: self.retriever.within(documents).search(question, k=k, mode=mode)
        )

    def ask(
        self,
        question: str,
        mode: Mode | None = None,
        k: int = 8,
        documents: Sequence[str] | None = None,
    ) -> Answer:
        """An extractive, cited answer (or 'not in the corpus') from the top ``k`` passages
        (of ``documents`` only, when given, as for :meth:`search`).

        Dose and safety questions prefer the sentences the regimen and adverse-effect tables were
        extracted from, so amount, schedule, duration and subject come together.
        """
        from .answer import answer_question

        question = clean_question(question).text

        def run() -> Answer:
            retriever = self.retriever.within(documents)
            only = retriever.only
            return answer_question(
                retriever,
                question,
                mode=mode,
                k=k,
                regimens=[r for r in self.regimens() if only is None or r.doc_id in only],
                effects=[e for e in self.adverse_effects() if only is None or e.doc_id in only],
            )

        return self._guarded(run)

    def regimens(self, drug: str | None = None) -> list[Regimen]:
        """Every dosing statement of the corpus (rule-based, cached per loaded index).

        ``drug`` ("name" or "a,b") replaces the drug names read from each document (not cached);
        then only records of those drugs are returned.
        """
        from .domain import extract_regimens

        return self._extracted("regimens", extract_regimens, drug)

    def adverse_effects(self, drug: str | None = None) -> list[AdverseEffect]:
        """Every adverse-effect mention of the corpus (rule-based, cached per loaded index).

        ``drug`` as for :meth:`regimens`.
        """
        from .domain import extract_adverse_effects

        return self._extracted("adverse_effects", extract_adverse_effects, drug)

    def _extracted(self, kind: str, extract: Callable[..., list[T]], drug: str | None) -> list[T]:
        """The records ``extract`` reads from the index's passages: cached under ``kind`` per
        loaded index, except when ``drug`` replaces the drug names read from each document."""
        with self._lock:
            cached = self._records.get(kind)
            if cached is not None and not drug:
                return cached
            idx = self.index
            if drug:
                drug = _generic_names(drug, idx.documents)
            found = extract(idx.chunks, documents=idx.documents, drug=drug)
            if not drug:
                self._records[kind] = found
                return found
            return _of_drugs(found, set(drug.split(",")), idx.documents)

    def documents(self) -> list[Document]:
        """The indexed documents (cleaned), in id order."""
        idx = self.index
        return [idx.documents[k] for k in sorted(idx.documents)]


def _generic_names(drug: str, documents: dict[str, Document]) -> str:
    """``--drug`` names with a brand a document defines given as its generic name ("AUGTYRO"
    -> "repotrectinib"), so its records are those of the generic's every wording."""
    from .domain.drugs import brands

    found: dict[str, str] = {}
    for doc in documents.values():
        for brand, generic in brands(doc.text).items():
            found.setdefault(brand, generic)
    names = [n.strip().lower() for n in drug.split(",") if n.strip()]
    return ",".join(found.get(n, n) for n in names)


def _of_drugs(found: list[T], wanted: set[str], documents: dict[str, Document]) -> list[T]:
    """The records of the ``--drug`` names only (``wanted``: lower case, brands given as their
    generic names by :func:`_generic_names`). A record read under a name given by ``--drug``
    is kept when its sentence (or its table column, the arm) names that drug, or when the drug
    is one its document is about; otherwise it is another drug's ("No dose adjustment is
    recommended ..." of an apixaban label is not warfarin's, though the label names warfarin)."""
    from .domain.drugs import aliases, document_drugs, drug_pattern

    own: dict[str, set[str]] = {}
    names: dict[tuple[str, str], list[str]] = {}  # (doc_id, drug) -> its wordings there
    kept = []
    for r in found:
        name = getattr(r, "drug", "").lower()
        if name not in wanted:
            continue
        doc_id = getattr(r, "doc_id", "")
        text = documents[doc_id].text if doc_id in documents else ""
        if doc_id not in own:
            own[doc_id] = set(document_drugs(text)) if text else set()
        if (doc_id, name) not in names:
            names[doc_id, name] = [w for w, n in aliases([name], text).items() if n == name]
        wordings = names[doc_id, name]
        if (
            # the drug the document is about, under any name ("sirolimus" of a rapamycin review)
            own[doc_id] & {name, *wordings}
            or getattr(r, "arm", "").lower() == name
            or drug_pattern(wordings).search(getattr(r, "sentence", ""))
        ):
            kept.append(r)
    return kept
