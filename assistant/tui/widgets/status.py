"""The status line above the question box: loading progress, readiness, settings, problems."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from .render import literal

#: What the index build's progress stages mean for a user.
STAGES = {
    "starting": "Loading the model and the index",
    "loading model": "Loading the language model",
    "reading": "Building the index: reading the documents",
    "embedding": "Building the index: embedding passages",
    "writing": "Building the index: saving",
}


class StatusBar(Horizontal):
    """One line: what the app is doing, with a progress bar while something long runs.

    Loading the model gives no progress to report, so that stage shows an indeterminate bar and
    the seconds spent so far (updated every second) rather than a percentage that never moves.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = ""
        self._since: float | None = None

    def on_mount(self) -> None:
        """Tick every second while something is loading."""
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self._since is not None:
            self._text(literal(self._busy_text()), "busy")

    def _busy_text(self) -> str:
        seconds = int(time.monotonic() - (self._since or time.monotonic()))
        return f"{self._label}… {seconds} s"

    @property
    def elapsed(self) -> float | None:
        """Seconds since the current long stage began (None when nothing long runs)."""
        return None if self._since is None else time.monotonic() - self._since

    def compose(self) -> ComposeResult:
        """The text and a (hidden until needed) progress bar."""
        yield Static(Content("Starting…"), id="status-text")
        yield ProgressBar(id="status-progress", show_eta=False)

    def _text(self, content: Content, kind: str) -> None:
        self.set_class(kind == "error", "-error")
        self.set_class(kind == "ready", "-ready")
        self.query_one("#status-text", Static).update(content)

    def show_progress(self, stage: str, done: int, total: int) -> None:
        """Show a stage of loading or index building and how far it got."""
        label = STAGES.get(stage, stage.capitalize())
        if label != self._label or self._since is None:
            self._since = time.monotonic()
        self._label = label
        self._text(literal(self._busy_text()), "busy")
        bar = self.query_one(ProgressBar)
        bar.display = True
        # A stage that cannot count (loading the model: 0 of 1 until it is done, or an unknown
        # total) shows the bar's indeterminate animation instead of a percentage that never moves.
        countable = total > 1
        bar.update(total=total if countable else None, progress=done if countable else 0)

    def show_message(self, text: str, kind: str = "busy") -> None:
        """Show a message (kind: busy, ready or error) without a progress bar."""
        self.query_one(ProgressBar).display = False
        self._since = None
        self._label = ""
        self._text(literal(text), kind)
