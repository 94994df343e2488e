"""The scrolling column of the chat's exchanges."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.message import Message


class ConversationView(VerticalScroll):
    """The scrolling column of exchanges. It says when its size changed (a terminal resize, the
    keys panel opening beside it...), so that the screen can keep the selected answer in view."""

    class Resized(Message):
        """The conversation column changed size; its text has reflowed."""

    def on_resize(self) -> None:
        """Tell the screen."""
        self.post_message(self.Resized())
