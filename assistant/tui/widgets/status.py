"""The status line above the question box: loading progress, readiness, settings, problems."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from .render import literal

#: What the index build's progress stages mean for a user.
STAGES = {
    "loading model": "Loading the language model",
    "reading": "Building the index: reading the documents",
    "embedding": "Building the index: embedding passages",
    "writing": "Building the index: saving",
}


class StatusBar(Horizontal):
    """One line: what the app is doing, with a progress bar while something long runs."""

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
        self._text(literal(f"{label}…"), "busy")
        bar = self.query_one(ProgressBar)
        bar.display = True
        # An unknown total (0) shows the bar's indeterminate animation instead of a wrong 100%.
        bar.update(total=total if total > 0 else None, progress=done)

    def show_message(self, text: str, kind: str = "busy") -> None:
        """Show a message (kind: busy, ready or error) without a progress bar."""
        self.query_one(ProgressBar).display = False
        self._text(literal(text), kind)
