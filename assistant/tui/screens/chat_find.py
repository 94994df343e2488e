"""Find in the chat's conversation: the exchanges that hold a text, stepped through in turn."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from ..widgets.exchange import ExchangeView
from .chat_state import ChatState


class ChatFindMixin(ChatState):
    """Find in the conversation of :class:`.chat.ChatScreen` (Ctrl+F)."""

    def action_find(self) -> None:
        """Open the find bar."""
        self.query_one("#chat-find-bar").display = True
        self.query_one("#chat-find", Input).focus()

    def find(self, text: str) -> list[ExchangeView]:
        """The exchanges whose question or answer holds ``text`` (any case); selects the newest."""
        self.found = [v for v in self.exchanges if text.strip() and v.matches(text)]
        for view in self.exchanges:
            view.highlight(text if view in self.found else "")
        self._found_index = len(self.found) - 1 if self.found else None
        self._show_found()
        return self.found

    def find_step(self, step: int) -> None:
        """Select the next (1) or previous (-1) exchange that matches, wrapping around."""
        if not self.found:
            return
        index = self._found_index if self._found_index is not None else 0
        self._found_index = (index + step) % len(self.found)
        self._show_found()

    def _show_found(self) -> None:
        count = len(self.found)
        text = self.query_one("#chat-find", Input).value
        label = ""
        if text.strip():
            label = "no match" if not count else f"{(self._found_index or 0) + 1} of {count}"
        self.query_one("#chat-find-count", Static).update(Content(label))
        if self._found_index is not None and self.found:
            view = self.found[self._found_index]
            self.select(view)
            self.query_one("#conversation", VerticalScroll).scroll_to_widget(
                view, animate=False, top=True
            )
