"""One question and its answer in the conversation column."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from ...records import Answer, Mode
from .render import (
    FIND_STYLE,
    MUTED_STYLE,
    Turn,
    answer_content,
    hit_label,
    literal,
    shorten,
)

#: How many of the closest passages a declined answer lists in the conversation (all are in the
#: sources panel).
CLOSEST_SHOWN = 3
#: A long (pasted) question is echoed cut to this many characters and lines until "show all".
ECHO_CHARS = 300
ECHO_LINES = 4
LOW_CONFIDENCE = "May not answer this directly"


def echo(question: str, expanded: bool) -> tuple[str, int]:
    """The question as echoed, and how many characters were left out (0: all of it)."""
    if expanded:
        return question, 0
    lines = question.split("\n")
    cut = "\n".join(lines[:ECHO_LINES])
    if len(cut) > ECHO_CHARS:
        cut = cut[:ECHO_CHARS].rsplit(" ", 1)[0] or cut[:ECHO_CHARS]
    return cut, len(question) - len(cut)


class AnswerBody(Static):
    """The answer's text; its citation markers are clickable."""

    class MarkerClicked(Message):
        """A citation marker ``[n]`` was clicked."""

        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n

    def action_cite(self, n: int) -> None:
        """Run by a click on marker ``[n]`` (the action is attached to the marker's text)."""
        self.post_message(self.MarkerClicked(n))


class ExchangeView(Vertical):
    """A question, then its answer (or why there is none) once the Assistant has replied.

    The view keeps the record it shows: :attr:`answer` (or :attr:`error`), with the retrieval mode
    and number of passages the question was asked with.
    """

    class Selected(Message):
        """The user picked this exchange (its sources go to the sources panel)."""

        def __init__(self, view: ExchangeView) -> None:
            super().__init__()
            self.view = view

    class CitationClicked(Message):
        """Citation ``n`` of this exchange's answer was clicked."""

        def __init__(self, view: ExchangeView, n: int) -> None:
            super().__init__()
            self.view = view
            self.n = n

    def __init__(self, number: int, question: str, mode: Mode, k: int) -> None:
        super().__init__(classes="exchange")
        self.number = number
        self.question = question
        self.mode: Mode = mode
        self.k = k
        self.answer: Answer | None = None
        self.error = ""
        self._state = "waiting"
        #: True when a long question is shown in full.
        self.expanded = False
        #: Text found by "find in the conversation", highlighted (None: nothing).
        self.found: re.Pattern[str] | None = None

    def compose(self) -> ComposeResult:
        """Question, answer text, closest passages (for declined answers) and a status line."""
        yield Static(self._question_content(), classes="question")
        yield Static(Content(LOW_CONFIDENCE), classes="confidence")
        yield AnswerBody(Content(""), classes="answer")
        yield Static(Content("closest passages"), classes="closest-label")
        yield Static(Content(""), classes="closest")
        yield Static(Content(self._state), classes="meta")

    def _question_content(self) -> Content:
        shown, left = echo(self.question, self.expanded)
        parts: list[Content | tuple[str, str]] = [(f"Q{self.number} ", MUTED_STYLE), literal(shown)]
        if self.found is not None:
            parts[1] = literal(shown).highlight_regex(self.found, style=FIND_STYLE)
        if left:
            parts.append((f" … {left:,} more characters (click or Ctrl+T: show all)", MUTED_STYLE))
        elif self.expanded:
            parts.append((" (click or Ctrl+T: show less)", MUTED_STYLE))
        return Content.assemble(*parts)

    @property
    def long(self) -> bool:
        """True when the question is too long to echo in full."""
        return echo(self.question, False)[1] > 0

    def toggle_question(self) -> None:
        """Show a long question in full, or cut again."""
        if not self.long:
            return
        self.expanded = not self.expanded
        self.query_one(".question", Static).update(self._question_content())

    def highlight(self, text: str) -> None:
        """Highlight ``text`` (any case) in the question and the answer ("" clears)."""
        found = re.compile(re.escape(text), re.IGNORECASE) if text.strip() else None
        if found is None and self.found is None:
            return
        self.found = found
        if self.is_mounted:
            self.query_one(".question", Static).update(self._question_content())
            self._refresh()

    def matches(self, text: str) -> bool:
        """True when the question or the answer holds ``text`` (any case)."""
        needle = text.casefold()
        answer = self.answer.answer if self.answer is not None else self.error
        return needle in self.question.casefold() or needle in answer.casefold()

    @property
    def done(self) -> bool:
        """True once the answer (or an error) arrived."""
        return self.answer is not None or bool(self.error)

    @property
    def turn(self) -> Turn:
        """The exchange as a plain record (for copying and exporting)."""
        return Turn(self.question, self.mode, self.k, self.answer, self.error)

    def set_state(self, text: str) -> None:
        """Show where the question is (waiting for the model, queued, being answered)."""
        self._state = text
        self._refresh()

    def show_answer(self, answer: Answer) -> None:
        """Show the Assistant's answer: cited text, or 'not addressed' with the closest passages."""
        self.answer = answer
        meta = f"{self.mode} · {self.k} passages"
        if answer.answered:
            cited = len(answer.citations)
            meta += f" · {cited} source{'s' if cited != 1 else ''}"
        if answer.note:
            meta += f" · {answer.note}"
        self.set_state(meta)

    def show_error(self, message: str) -> None:
        """Show why the question could not be answered."""
        self.error = message
        self.set_state(f"{self.mode} · {self.k} passages · not answered")

    def on_mount(self) -> None:
        """Show what arrived before the children existed."""
        self._refresh()

    def _refresh(self) -> None:
        # Mounting is asynchronous: until the children exist, on_mount does this again.
        metas = self.query(".meta").results(Static)
        meta = next(metas, None)
        if meta is None:
            return
        meta.update(Content(self._state))
        answer = self.answer
        declined = answer is not None and not answer.answered
        low = answer is not None and answer.answered and answer.confidence == "low"
        self.set_class(declined, "-declined")
        self.set_class(low, "-low")
        self.set_class(self.done, "-done")
        self.set_class(bool(self.error), "-failed")
        body = self.query_one(AnswerBody)
        if self.error:
            body.update(literal(self.error, "$error"))
        elif answer is not None:
            content = answer_content(answer)
            if self.found is not None:
                content = content.highlight_regex(self.found, style=FIND_STYLE)
            body.update(content)
            if declined or low:
                lines: list[Content] = []
                for hit in answer.hits[:CLOSEST_SHOWN]:
                    lines.append(
                        Content.assemble(
                            (f"{hit.rank}. ", MUTED_STYLE),
                            literal(hit_label(hit), "italic"),
                            (" — ", MUTED_STYLE),
                            literal(shorten(hit.chunk.display_text, 150)),
                        )
                    )
                self.query_one(".closest", Static).update(Content("\n").join(lines))

    def on_click(self, event: Click) -> None:
        """A click anywhere on the exchange selects it; a click on a long question expands it."""
        widget = event.widget
        if widget is not None and widget.has_class("question"):
            self.toggle_question()
        self.post_message(self.Selected(self))

    @on(AnswerBody.MarkerClicked)
    def _marker_clicked(self, event: AnswerBody.MarkerClicked) -> None:
        event.stop()
        self.post_message(self.CitationClicked(self, event.n))
