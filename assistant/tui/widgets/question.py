"""The question box: an Input that remembers earlier questions (Up/Down walks them)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class QuestionInput(Input):
    """Where questions are typed. Up shows the previous question, Down the next one.

    What was being typed before walking the history is kept and comes back after the newest
    question, as in a shell.
    """

    BINDINGS = [
        Binding("up", "history_back", "Earlier question", show=False),
        Binding("down", "history_forward", "Later question", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Ask a question about the review and press Enter",
            id=id,
        )
        #: Questions asked so far, oldest first.
        self.history: list[str] = []
        self._position: int | None = None  # index into history while walking it
        self._draft = ""

    def remember(self, question: str) -> None:
        """Add ``question`` to the history (not twice in a row) and stop walking it."""
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self._position = None
        self._draft = ""

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def action_history_back(self) -> None:
        """Show the question before the one shown (the newest one first)."""
        if not self.history:
            return
        if self._position is None:
            self._draft = self.value
            self._position = len(self.history) - 1
        elif self._position > 0:
            self._position -= 1
        self._show(self.history[self._position])

    def action_history_forward(self) -> None:
        """Show the next newer question, then what was being typed."""
        if self._position is None:
            return
        if self._position < len(self.history) - 1:
            self._position += 1
            self._show(self.history[self._position])
        else:
            self._position = None
            self._show(self._draft)
