"""The main screen: the conversation, the question box and the sources of the selected answer.

All slow work runs in thread workers that post Messages back to this screen: loading the model
and index (building the index when it is missing or stale) and answering. Questions are answered
one at a time, in the order they were asked; a question asked while another is being answered, or
before loading has finished, waits in a visible queue and is never lost.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from ...records import Answer, Document, Mode
from ..persist import Conversation, SessionStore
from ..widgets.conversation import ConversationView as ConversationView
from ..widgets.exchange import ExchangeView
from ..widgets.question import QuestionInput
from ..widgets.render import MUTED_STYLE
from ..widgets.sources import SourcesPanel
from ..widgets.status import StatusBar
from .chat_errors import RETRY_HINT as RETRY_HINT
from .chat_errors import answer_error_text
from .chat_errors import load_error_text as load_error_text
from .chat_export import ChatExportMixin
from .chat_find import ChatFindMixin
from .chat_loading import ChatLoadingMixin
from .chat_session import ChatSessionMixin
from .chat_sources import ChatSourcesMixin

if TYPE_CHECKING:
    from ...service import Assistant

WELCOME = (
    "Ask a question about the documents in the box below, for example: "
    "“What doses of rapamycin were used in clinical trials?” Answers quote the documents; "
    "a marker such as [1] points to its source: click it, or press Ctrl+O to open the "
    "highlighted source. F1 lists all keys."
)


class ChatScreen(
    ChatSessionMixin,
    ChatLoadingMixin,
    ChatFindMixin,
    ChatSourcesMixin,
    ChatExportMixin,
    Screen[None],
):
    """Conversation column (question box at the bottom) and the sources panel.

    The sources panel sits beside the conversation on wide terminals and below it on narrow ones.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("ctrl+o", "open_source", "Open source"),
        # Priority: the question box (a TextArea) would take Ctrl+Y as "redo".
        Binding("ctrl+y", "copy_answer", "Copy", priority=True),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+down", "next_source", "Next source", show=False),
        Binding("ctrl+up", "previous_source", "Previous source", show=False),
        Binding("alt+up", "previous_answer", "Previous answer", show=False),
        Binding("alt+down", "next_answer", "Next answer", show=False),
        Binding("escape", "focus_question", "Question box", show=False),
        Binding("ctrl+r", "retry", "Retry loading", show=False),
        Binding("ctrl+t", "toggle_question", "Show all of a long question", show=False),
        Binding("ctrl+n", "new_conversation", "New conversation", show=False),
        Binding("ctrl+f", "find", "Find", show=False),
        Binding("f5", "conversations", "Conversations", show=False),
    ]

    #: Retrieval mode and number of passages used for the next question.
    mode: var[Mode] = var[Mode]("hybrid")
    k: var[int] = var(8)

    # -- messages from the workers ----------------------------------------------------------------
    class LoadProgress(Message):
        """A loading or index-building stage moved on."""

        def __init__(self, stage: str, done: int, total: int) -> None:
            super().__init__()
            self.stage = stage
            self.done = done
            self.total = total

    class LoadNotice(Message):
        """The Assistant said something worth showing (index rebuilt, file skipped...)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Loaded(Message):
        """Model and index are ready."""

        def __init__(self, documents: list[Document], passages: int) -> None:
            super().__init__()
            self.documents = documents
            self.passages = passages

    class LoadFailed(Message):
        """Loading failed; ``text`` says why and what to do."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class AnswerReady(Message):
        """The answer to question ``number`` arrived."""

        def __init__(self, number: int, answer: Answer) -> None:
            super().__init__()
            self.number = number
            self.answer = answer

    class SaveFailed(Message):
        """Writing the history or the conversation failed; ``text`` says why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class AnswerFailed(Message):
        """Question ``number`` could not be answered; ``text`` says why."""

        def __init__(self, number: int, text: str) -> None:
            super().__init__()
            self.number = number
            self.text = text

    def __init__(
        self,
        assistant: Assistant,
        *,
        mode: Mode = "hybrid",
        k: int = 8,
        export_dir: Path | None = None,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__()
        #: Where history and conversations are kept (None: nothing is kept).
        self.store = store
        self.conversation = self._new_conversation()
        self._save_lock = threading.Lock()
        self._save_serial = 0
        self._saved_serial = 0
        self._save_failed_shown = False
        self.assistant = assistant
        self.set_reactive(ChatScreen.mode, mode)
        self.set_reactive(ChatScreen.k, k)
        #: Where exports go (None: the current directory at the time of export).
        self.export_dir = export_dir
        #: True once the model and index are loaded.
        self.ready = False
        self.load_failed = False
        self.documents: list[Document] = []
        self.passages = 0
        self.views: dict[int, ExchangeView] = {}
        self.pending: deque[ExchangeView] = deque()
        self.answering: ExchangeView | None = None
        self.selected: ExchangeView | None = None
        self._count = 0
        #: Find in the conversation: the exchanges that match, and the one shown.
        self.found: list[ExchangeView] = []
        self._found_index: int | None = None

    def compose(self) -> ComposeResult:
        """Conversation, status line and question box; sources panel; footer."""
        with Horizontal(id="main"):
            with Vertical(id="chat-column"):
                with ConversationView(id="conversation"):
                    yield Static(Content.styled(WELCOME, MUTED_STYLE), id="welcome")
                with Horizontal(id="chat-find-bar"):
                    yield Input(
                        placeholder="Find in the conversation (Enter: next, Up: previous)",
                        id="chat-find",
                    )
                    yield Static(Content(""), id="chat-find-count")
                yield StatusBar(id="status")
                yield QuestionInput(id="question")
            yield SourcesPanel(id="sources")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the question box, bring back the last conversation, start loading."""
        self.query_one("#chat-find-bar").display = False
        self.question_box.focus()
        self.restore()
        self.load()

    class ConversationRead(Message):
        """A saved conversation was read from its file (None: it could not be)."""

        def __init__(self, conversation: Conversation | None) -> None:
            super().__init__()
            self.conversation = conversation

    def on_chat_screen_conversation_read(self, event: ConversationRead) -> None:
        """Show the conversation that was read; say why when it could not be."""
        self.show_store_problems()
        if event.conversation is None:
            self.notify("That conversation could not be opened.", severity="warning", markup=False)
            return
        self.open_conversation(event.conversation)
        self.notify(
            f"Opened “{event.conversation.title or '(untitled)'}”; new questions continue it.",
            markup=False,
        )

    def on_chat_screen_save_failed(self, event: SaveFailed) -> None:
        """Say once that saving does not work."""
        if not self._save_failed_shown:
            self._save_failed_shown = True
            self.notify(event.text, title="Not saved", severity="error", timeout=15, markup=False)

    def on_screen_resume(self) -> None:
        """Back from the viewer, a table or a dialog: typing goes to the question box again, and
        the selected answer is where it was."""
        self.question_box.focus()
        self.call_after_refresh(self.keep_selected_in_view)

    def on_conversation_view_resized(self, event: ConversationView.Resized) -> None:
        """The conversation reflowed (resize, keys panel): keep the selected answer in view."""
        self.call_after_refresh(self.keep_selected_in_view)

    def keep_selected_in_view(self) -> None:
        """Scroll the conversation so that the selected answer is visible (its top first)."""
        view = self.selected
        if view is None or not view.is_mounted:
            return
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.scroll_to_widget(view, animate=False, top=True, immediate=True)

    def on_key(self, event: events.Key) -> None:
        """A printable key typed outside any text box goes to the question box."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "chat-find" and event.key in ("up", "down"):
            event.stop()
            event.prevent_default()
            self.find_step(-1 if event.key == "up" else 1)
            return
        if isinstance(focused, Input | TextArea) or not event.is_printable:
            return
        if event.character is None:
            return
        event.stop()
        event.prevent_default()
        box = self.question_box
        box.focus()
        box.insert_text(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """A paste outside any text box goes to the question box (cleaned like any paste)."""
        if isinstance(self.focused, Input | TextArea):
            return
        event.stop()
        box = self.question_box
        box.focus()
        box.post_message(events.Paste(event.text))

    def on_question_input_pasted(self, event: QuestionInput.Pasted) -> None:
        """Say what a paste lost."""
        parts = []
        if event.removed:
            parts.append(f"removed {event.removed} control character(s) (such as ESC)")
        if event.cut:
            parts.append("cut the text to 20,000 characters")
        self.notify("Paste: " + " and ".join(parts) + ".", title="Paste", markup=False)

    # -- widgets ----------------------------------------------------------------------------------
    @property
    def question_box(self) -> QuestionInput:
        """The question input."""
        return self.query_one("#question", QuestionInput)

    @property
    def sources(self) -> SourcesPanel:
        """The sources panel."""
        return self.query_one("#sources", SourcesPanel)

    @property
    def status(self) -> StatusBar:
        """The status line."""
        return self.query_one("#status", StatusBar)

    @property
    def exchanges(self) -> list[ExchangeView]:
        """The questions asked so far, oldest first."""
        return [self.views[n] for n in sorted(self.views)]

    def on_chat_screen_load_progress(self, event: LoadProgress) -> None:
        """Show the stage and a progress bar."""
        if not self.ready:
            self.status.show_progress(event.stage, event.done, event.total)

    def on_chat_screen_load_notice(self, event: LoadNotice) -> None:
        """Show what the Assistant said as a notification."""
        self.notify(event.text, title="Index", markup=False)

    def on_chat_screen_loaded(self, event: Loaded) -> None:
        """Ready: show it and answer the questions that waited."""
        self.ready = True
        self.documents = event.documents
        self.passages = event.passages
        self._show_ready()
        self._advance()

    def on_chat_screen_load_failed(self, event: LoadFailed) -> None:
        """Say what went wrong and how to fix it; the app keeps running."""
        self.load_failed = True
        self.status.show_message(event.text, "error")
        self.notify(event.text, title="Could not load", severity="error", timeout=15, markup=False)
        for view in self.pending:
            view.set_state("waiting: loading failed (see the message below)")

    def watch_mode(self) -> None:
        """Show the new setting."""
        if self.ready:
            self._show_ready()

    def watch_k(self) -> None:
        """Show the new setting."""
        if self.ready:
            self._show_ready()

    # -- asking -----------------------------------------------------------------------------------
    @on(QuestionInput.Submitted, "#question")
    def _question_submitted(self, event: QuestionInput.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return  # an empty question does nothing
        box = self.question_box
        box.remember(question)
        box.value = ""
        self.ask(question)
        self.save()

    def ask(self, question: str) -> ExchangeView:
        """Add ``question`` to the conversation and answer it when its turn comes."""
        self._count += 1
        view = ExchangeView(self._count, question, self.mode, self.k)
        self.views[view.number] = view
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.mount(view)
        self.pending.append(view)
        view.set_state("queued")
        self.select(view)
        self._advance()
        conversation.scroll_end(animate=False)
        return view

    def _advance(self) -> None:
        """Start answering the next waiting question, if nothing else is being answered."""
        if not self.ready:
            text = (
                "waiting: loading failed (see the message below)"
                if self.load_failed
                else "waiting for the model and index to load…"
            )
            for view in self.pending:
                view.set_state(text)
            return
        if self.answering is None and self.pending:
            view = self.pending.popleft()
            self.answering = view
            view.set_state("answering…")
            self._answer_worker(view.number, view.question, view.mode, view.k)
        ahead = 1 if self.answering is not None else 0
        for place, view in enumerate(self.pending, start=ahead):
            view.set_state(f"queued: {place} question{'s' if place != 1 else ''} ahead")

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def _answer_worker(self, number: int, question: str, mode: Mode, k: int) -> None:
        """Ask the Assistant; the answer (or the problem) comes back as a message."""
        try:
            answer = self.assistant.ask(question, mode=mode, k=k)
        except Exception as exc:  # shown in the conversation; the app keeps running
            self.post_message(self.AnswerFailed(number, answer_error_text(exc)))
            return
        self.post_message(self.AnswerReady(number, answer))

    def on_chat_screen_answer_ready(self, event: AnswerReady) -> None:
        """Show the answer; its sources go to the panel when it is selected."""
        view = self.views[event.number]
        view.show_answer(event.answer)
        self._finished(view)

    def on_chat_screen_answer_failed(self, event: AnswerFailed) -> None:
        """Show why the question was not answered."""
        view = self.views[event.number]
        view.show_error(event.text)
        self.notify(event.text, title="Could not answer", severity="error", markup=False)
        self._finished(view)

    def _finished(self, view: ExchangeView) -> None:
        if self.answering is view:
            self.answering = None
        self.save()
        if view is self.selected:
            self.select(view)
        self._advance()
        # Keep the newest answer in sight when it is the one that just arrived.
        if view is self.exchanges[-1]:
            self.query_one("#conversation", VerticalScroll).scroll_end(animate=False)

    @on(Input.Changed, "#chat-find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find(event.value)

    @on(Input.Submitted, "#chat-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_step(-1)  # Enter goes to the next older match
