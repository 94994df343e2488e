"""The chat's loading of the model and index, in a worker, with its progress."""

from __future__ import annotations

import threading
from typing import cast

from textual import work
from textual.worker import get_current_worker

from ...records import Document
from .chat_errors import load_error_text
from .chat_state import ChatState


class ChatLoadingMixin(ChatState):
    """Loading of :class:`.chat.ChatScreen` (the messages it posts are handled there)."""

    def load(self) -> None:
        """(Re)start loading the model and the index."""
        self.ready = False
        self.load_failed = False
        self.status.show_progress("starting", 0, 0)
        for view in self.pending:
            view.set_state("waiting for the model and index to load…")
        self._load_worker()

    def progress(self, stage: str, done: int, total: int) -> None:
        """The Assistant's progress callback; safe to call from any thread."""
        self.post_message(self.LoadProgress(stage, done, total))

    def notice(self, text: str) -> None:
        """The Assistant's notify callback; safe to call from any thread."""
        self.post_message(self.LoadNotice(text))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self) -> None:
        """Load (and build if needed) in a daemon thread, waiting for it here.

        The daemon thread lets the app quit at once while a long build runs: the worker sees the
        cancellation and returns, and the interpreter does not wait for a daemon thread.
        """
        worker = get_current_worker()
        outcome: dict[str, object] = {}  # written by the loading thread, read after it ends

        def run() -> None:
            try:
                self.assistant.load()
                docs = self.assistant.documents()
                outcome["result"] = (docs, len(self.assistant.index.chunks))
            except Exception as exc:  # every failure becomes a readable notice
                outcome["error"] = exc

        thread = threading.Thread(target=run, name="assistant-load", daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(0.1)
            if worker.is_cancelled:
                return
        if "error" in outcome:
            exc = outcome["error"]
            assert isinstance(exc, Exception)
            self.post_message(self.LoadFailed(load_error_text(exc, self.assistant.corpus)))
            return
        docs, passages = cast(tuple[list[Document], int], outcome["result"])
        self.post_message(self.Loaded(docs, passages))

    def _show_ready(self) -> None:
        count = len(self.documents)
        docs = f"{count} document{'s' if count != 1 else ''}"
        self.status.show_message(
            f"Ready · {docs}, {self.passages} passages · {self.mode}, k={self.k}",
            "ready",
        )

    def action_retry(self) -> None:
        """Load again after a failure."""
        if self.load_failed:
            self.load()
        else:
            self.notify("Nothing to retry: loading has not failed.", markup=False)
