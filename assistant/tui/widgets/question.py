"""The question box: a multi-line text area that asks on Enter and remembers earlier questions.

Enter asks; Shift+Enter or Ctrl+J adds a line. Up on the first line shows the previous question,
Down on the last line the next one. Pasted text keeps its lines; terminal control characters
(ESC and the like) are removed, so a paste can never move the focus or act on the terminal.
"""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import TextArea

#: Control characters a paste may carry: everything below space except newline and tab, DEL and
#: the C1 range. ESC starts terminal sequences: "\x1b[31m" loses its ESC and keeps "[31m".
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The longest question kept from a paste (a whole article pasted by mistake is cut, with a notice).
MAX_QUESTION = 20_000

PLACEHOLDER = "Ask a question about the documents and press Enter (Shift+Enter: new line)"


def clean_paste(text: str) -> str:
    """``text`` with Windows/Mac line ends made "\\n", tabs made spaces and control characters
    removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", text)


class QuestionInput(TextArea):
    """Where questions are typed. Enter asks; Up/Down on the first/last line walk the history.

    What was being typed before walking the history is kept and comes back after the newest
    question, as in a shell.
    """

    class Submitted(Message):
        """Enter was pressed: ``value`` is the question as typed."""

        def __init__(self, box: QuestionInput, value: str) -> None:
            super().__init__()
            self.box = box
            self.value = value

        @property
        def control(self) -> QuestionInput:
            """The question box (so that ``@on(QuestionInput.Submitted, "#question")`` works)."""
            return self.box

    class Pasted(Message):
        """A paste was cleaned: ``removed`` control characters dropped, ``cut`` if too long."""

        def __init__(self, removed: int, cut: bool) -> None:
            super().__init__()
            self.removed = removed
            self.cut = cut

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            compact=True,
            highlight_cursor_line=False,
            placeholder=PLACEHOLDER,
        )
        #: Questions asked so far, oldest first (``history`` is the TextArea's undo history).
        self.asked: list[str] = []
        self._position: int | None = None  # index into history while walking it
        self._draft = ""

    # -- value as for an Input --------------------------------------------------------------------
    @property
    def value(self) -> str:
        """The text in the box."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    @property
    def cursor_position(self) -> int:
        """The cursor as an offset into :attr:`value`."""
        row, column = self.cursor_location
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    def insert_text(self, text: str) -> None:
        """Insert ``text`` (cleaned of control characters) at the cursor."""
        text = clean_paste(text)
        if text:
            self.replace(text, *self.selection, maintain_selection_offset=False)

    # -- history ----------------------------------------------------------------------------------
    def remember(self, question: str) -> None:
        """Add ``question`` to the history (not twice in a row) and stop walking it."""
        if not self.asked or self.asked[-1] != question:
            self.asked.append(question)
        self._position = None
        self._draft = ""

    def _show(self, text: str) -> None:
        self.value = text

    def action_history_back(self) -> None:
        """Show the question before the one shown (the newest one first)."""
        if not self.asked:
            return
        if self._position is None:
            self._draft = self.value
            self._position = len(self.asked) - 1
        elif self._position > 0:
            self._position -= 1
        self._show(self.asked[self._position])

    def action_history_forward(self) -> None:
        """Show the next newer question, then what was being typed."""
        if self._position is None:
            return
        if self._position < len(self.asked) - 1:
            self._position += 1
            self._show(self.asked[self._position])
        else:
            self._position = None
            self._show(self._draft)

    # -- keys and paste ---------------------------------------------------------------------------
    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        if key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.value))
            return
        if key in ("shift+enter", "ctrl+j", "newline", "alt+enter"):
            event.stop()
            event.prevent_default()
            self.replace("\n", *self.selection, maintain_selection_offset=False)
            return
        row, _ = self.cursor_location
        if key == "up" and row == 0 and not self.selected_text:
            event.stop()
            event.prevent_default()
            self.action_history_back()
            return
        if key == "down" and row == self.document.line_count - 1 and not self.selected_text:
            event.stop()
            event.prevent_default()
            self.action_history_forward()
            return
        # Anything else (printable keys) goes to the TextArea's own handler.

    async def _on_paste(self, event: events.Paste) -> None:
        """Insert the pasted text, every line of it, without control characters."""
        event.stop()
        event.prevent_default()  # the TextArea's own handler would insert the raw text
        if self.read_only:
            return
        text = clean_paste(event.text)
        removed = len(event.text.replace("\r\n", "\n")) - len(text)
        cut = len(text) > MAX_QUESTION
        if cut:
            text = text[:MAX_QUESTION]
        if text:
            self.replace(text, *self.selection, maintain_selection_offset=False)
        self.focus()
        if removed > 0 or cut:
            self.post_message(self.Pasted(max(0, removed), cut))
