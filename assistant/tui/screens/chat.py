"""The main screen: the conversation, the question box and the sources of the selected answer.

All slow work runs in thread workers that post Messages back to this screen: loading the model
and index (building the index when it is missing or stale) and answering. Questions are answered
one at a time, in the order they were asked; a question asked while another is being answered, or
before loading has finished, waits in a visible queue and is never lost.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea
from textual.worker import get_current_worker

from ...records import Answer, Document, Mode
from ..persist import (
    Conversation,
    SavedTurn,
    SessionStore,
    atomic_write,
    new_conversation_id,
)
from ..widgets.exchange import ExchangeView
from ..widgets.question import QuestionInput
from ..widgets.render import (
    MUTED_STYLE,
    Turn,
    conversation_markdown,
    term_pattern,
    turn_markdown,
)
from ..widgets.sources import Source, SourcesPanel
from ..widgets.status import StatusBar
from .conversations import ConversationChoice, ConversationsScreen
from .viewer import DocumentScreen

if TYPE_CHECKING:
    from ...service import Assistant

WELCOME = (
    "Ask a question about the documents in the box below, for example: "
    "“What doses of rapamycin were used in clinical trials?” Answers quote the documents; "
    "a marker such as [1] points to its source: click it, or press Ctrl+O to open the "
    "highlighted source. F1 lists all keys."
)
RETRY_HINT = "Press Ctrl+R to try again."


class ConversationView(VerticalScroll):
    """The scrolling column of exchanges. It says when its size changed (a terminal resize, the
    keys panel opening beside it...), so that the screen can keep the selected answer in view."""

    class Resized(Message):
        """The conversation column changed size; its text has reflowed."""

    def on_resize(self) -> None:
        """Tell the screen."""
        self.post_message(self.Resized())


class ChatScreen(Screen[None]):
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

    # -- sessions ---------------------------------------------------------------------------------
    @staticmethod
    def _new_conversation() -> Conversation:
        now = datetime.now()
        stamp = now.isoformat(timespec="seconds")
        return Conversation(new_conversation_id(now), "", stamp, stamp, [])

    def restore(self) -> None:
        """Show the question history and the most recent conversation kept by the store."""
        store = self.store
        if store is None:
            return
        self.question_box.asked = store.load_history()
        listed = store.list_conversations()
        if listed:
            saved = store.load_conversation(listed[0].id)
            if saved is not None:
                self.open_conversation(saved)
        self.show_store_problems()

    def show_store_problems(self) -> None:
        """Say which damaged files were set aside (once each)."""
        if self.store is None:
            return
        for problem in self.store.problems:
            self.notify(problem, title="Saved data", severity="warning", timeout=20, markup=False)
        self.store.problems.clear()

    def open_conversation(self, saved: Conversation) -> None:
        """Replace the conversation shown by ``saved`` (its questions continue from there)."""
        self.clear_conversation()
        self.conversation = saved
        conversation = self.query_one("#conversation", VerticalScroll)
        views: list[ExchangeView] = []
        for turn in saved.turns:
            self._count += 1
            mode = cast(
                Mode, turn.mode if turn.mode in ("hybrid", "dense", "lexical") else "hybrid"
            )
            view = ExchangeView(self._count, turn.question, mode, turn.k)
            if turn.answer is not None:
                view.show_answer(turn.answer)
            else:
                view.show_error(turn.error or "not answered (the chat was closed first)")
            self.views[view.number] = view
            views.append(view)
        if views:
            conversation.mount_all(views)
            self.select(views[-1])
            self.call_after_refresh(conversation.scroll_end, animate=False)

    def clear_conversation(self) -> None:
        """Remove every exchange from the screen (questions waiting are dropped)."""
        for view in self.views.values():
            view.remove()
        self.views.clear()
        self.pending.clear()
        self.found = []
        self._found_index = None
        self.selected = None
        self._count = 0
        self.sources.show(None)

    def action_conversations(self) -> None:
        """Show the saved conversations (F5)."""
        if self.store is None:
            self.notify("Conversations are not kept in this session.", markup=False)
            return
        self.app.push_screen(
            ConversationsScreen(self.store, self.conversation.id), self._conversation_chosen
        )

    def _conversation_chosen(self, choice: ConversationChoice | None) -> None:
        if choice is None:
            return
        if self.conversation.id in choice.deleted:
            # The open conversation's file is gone: what is on screen becomes a new conversation
            # (saved again at the next answer).
            self.conversation = self._new_conversation()
        if choice.action == "new":
            self.action_new_conversation()
        elif choice.action == "open" and choice.conversation_id != self.conversation.id:
            if self.answering is not None or self.pending:
                self.notify("Wait for the answers being written, then switch.", markup=False)
                return
            self._open_worker(choice.conversation_id)

    class ConversationRead(Message):
        """A saved conversation was read from its file (None: it could not be)."""

        def __init__(self, conversation: Conversation | None) -> None:
            super().__init__()
            self.conversation = conversation

    @work(thread=True, exclusive=True, group="open-conversation", exit_on_error=False)
    def _open_worker(self, conversation_id: str) -> None:
        assert self.store is not None
        self.post_message(self.ConversationRead(self.store.load_conversation(conversation_id)))

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

    def action_new_conversation(self) -> None:
        """Start a new, empty conversation (the current one stays saved)."""
        if self.answering is not None:
            self.notify("Wait for the answer being written, then start anew.", markup=False)
            return
        self.clear_conversation()
        self.conversation = self._new_conversation()
        self.notify("New conversation.", markup=False)

    def save(self) -> None:
        """Save the history and the conversation (in a worker; the newest state wins)."""
        if self.store is None:
            return
        turns = [
            SavedTurn(v.question, v.mode, v.k, v.answer, v.error) for v in self.exchanges if v.done
        ]
        conversation = self.conversation
        if turns and not conversation.title:
            conversation.title = " ".join(turns[0].question.split())[:80]
        conversation.updated = datetime.now().isoformat(timespec="seconds")
        snapshot = Conversation(
            conversation.id, conversation.title, conversation.created, conversation.updated, turns
        )
        self._save_serial += 1
        self._save_worker(self._save_serial, list(self.question_box.asked), snapshot)

    @work(thread=True, group="save", exit_on_error=False)
    def _save_worker(self, serial: int, history: list[str], conversation: Conversation) -> None:
        store = self.store
        assert store is not None
        with self._save_lock:
            if serial < self._saved_serial:
                return  # a newer state is already on disk
            try:
                store.save_history(history)
                if conversation.turns:
                    store.save_conversation(conversation)
            except OSError as exc:
                self.post_message(
                    self.SaveFailed(
                        f"Could not save the conversation in {store.data}: "
                        f"{exc.strerror or exc}. It stays on screen; Ctrl+S exports it."
                    )
                )
                return
            self._saved_serial = serial

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

    # -- loading ----------------------------------------------------------------------------------
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

    def _show_ready(self) -> None:
        count = len(self.documents)
        docs = f"{count} document{'s' if count != 1 else ''}"
        self.status.show_message(
            f"Ready · {docs}, {self.passages} passages · {self.mode}, k={self.k}",
            "ready",
        )

    def watch_mode(self) -> None:
        """Show the new setting."""
        if self.ready:
            self._show_ready()

    def watch_k(self) -> None:
        """Show the new setting."""
        if self.ready:
            self._show_ready()

    def action_retry(self) -> None:
        """Load again after a failure."""
        if self.load_failed:
            self.load()
        else:
            self.notify("Nothing to retry: loading has not failed.", markup=False)

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

    # -- selection and sources --------------------------------------------------------------------
    def select(self, view: ExchangeView) -> None:
        """Make ``view`` the selected answer: highlight it and list its sources."""
        if self.selected is not None and self.selected is not view:
            self.selected.remove_class("-selected")
        self.selected = view
        view.add_class("-selected")
        self.sources.show(view.answer, view.number, several_documents=len(self.documents) > 1)

    def on_exchange_view_selected(self, event: ExchangeView.Selected) -> None:
        """A click on an exchange selects it."""
        self.select(event.view)

    def on_exchange_view_citation_clicked(self, event: ExchangeView.CitationClicked) -> None:
        """A click on marker [n] opens that citation."""
        self.select(event.view)
        self.sources.open_citation(event.n)

    def _step_answer(self, step: int) -> None:
        views = self.exchanges
        if not views:
            return
        index = views.index(self.selected) if self.selected in views else len(views) - 1
        view = views[max(0, min(len(views) - 1, index + step))]
        self.select(view)
        self.query_one("#conversation", VerticalScroll).scroll_to_widget(view, animate=False)

    def action_previous_answer(self) -> None:
        """Select the answer above."""
        self._step_answer(-1)

    def action_next_answer(self) -> None:
        """Select the answer below."""
        self._step_answer(1)

    def action_next_source(self) -> None:
        """Highlight the next source of the selected answer."""
        self.sources.move(1)

    def action_previous_source(self) -> None:
        """Highlight the previous source of the selected answer."""
        self.sources.move(-1)

    def action_focus_question(self) -> None:
        """Back to the question box (closing the find bar and its highlights)."""
        bar = self.query_one("#chat-find-bar")
        if bar.display:
            bar.display = False
            for view in self.exchanges:
                view.highlight("")
        self.question_box.focus()

    # -- find in the conversation -----------------------------------------------------------------
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

    @on(Input.Changed, "#chat-find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find(event.value)

    @on(Input.Submitted, "#chat-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_step(-1)  # Enter goes to the next older match

    def action_toggle_question(self) -> None:
        """Show all of the selected (long) question, or cut it again."""
        if self.selected is not None:
            self.selected.toggle_question()

    def action_open_source(self) -> None:
        """Open the highlighted source in the document viewer."""
        if self.sources.current is None:
            self.notify("No source to open yet: ask a question first.", markup=False)
            return
        self.sources.open_current()

    def on_sources_panel_open(self, event: SourcesPanel.Open) -> None:
        """Open a passage in the document viewer."""
        self.open_source(event.source)

    def open_source(self, source: Source) -> None:
        """Show ``source`` in the document viewer, scrolled to it and highlighted."""
        if not self.ready:
            self.notify("The index is still loading; try again in a moment.", markup=False)
            return
        try:
            chunk = self.assistant.index.chunk(source.chunk_id)
            document = next(d for d in self.documents if d.doc_id == chunk.doc_id)
        except (KeyError, StopIteration):
            self.notify(
                "That passage is no longer in the index (it was rebuilt since). "
                "Ask the question again.",
                severity="warning",
                markup=False,
            )
            return
        question = self.selected.question if self.selected is not None else ""
        self.app.push_screen(
            DocumentScreen(
                document,
                chunk,
                source.quote,
                source.n,
                term_pattern(question),
                location=source.location,
            )
        )

    # -- copy and export --------------------------------------------------------------------------
    def _source_name(self, chunk_id: str) -> str:
        try:
            doc_id = self.assistant.index.chunk(chunk_id).doc_id
        except KeyError:
            return ""
        return doc_id

    def action_copy_answer(self) -> None:
        """Copy the selected answer with its sources, as Markdown, to the clipboard (with the
        sources panel focused: only the highlighted citation)."""
        view = self.selected
        if view is None or not view.done:
            self.notify("No answer to copy yet.", markup=False)
            return
        source = self.sources.current if self.sources.has_focus else None
        if source is not None:
            self.copy_text(source.text, f"citation {source.n or ''} of Q{view.number}".strip())
            return
        self.copy_text(
            turn_markdown(view.turn, self._source_name),
            f"Q{view.number} with its sources (Markdown)",
        )

    def copy_text(self, text: str, what: str) -> None:
        """Send ``text`` to the terminal clipboard and, when there is an export folder, to
        ``copied-answer.md`` there; say honestly what happened."""
        # OSC 52 has no reply: the terminal may silently refuse it. So the text also goes to a
        # file, and the message says both.
        self.app.copy_to_clipboard(text)
        message = f"Sent {what} to the terminal clipboard; some terminals refuse this silently."
        folder = self.export_dir
        if folder is not None:
            path = folder / "copied-answer.md"
            try:
                atomic_write(path, text)
            except OSError as exc:
                message += f" Could not also save it to {path}: {exc.strerror or exc}."
            else:
                message += f" Also saved to {path.resolve()}"
        else:
            message += " If it did not arrive, Ctrl+S saves the conversation to a file."
        self.notify(message, title="Copy", markup=False, timeout=8)

    def export_path(self) -> Path:
        """A new file name for an export: conversation-YYYYmmdd-HHMMSS.md in the export folder."""
        folder = self.export_dir if self.export_dir is not None else Path.cwd()
        stem = f"conversation-{datetime.now():%Y%m%d-%H%M%S}"
        path = folder / f"{stem}.md"
        counter = 2
        while path.exists():  # two exports within a second must not overwrite each other
            path = folder / f"{stem}-{counter}.md"
            counter += 1
        return path

    def action_export(self) -> Path | None:
        """Write the conversation to a Markdown file and say where it went."""
        turns: list[Turn] = [v.turn for v in self.exchanges if v.done]
        if not turns:
            self.notify("Nothing to export yet: ask a question first.", markup=False)
            return None
        names = ", ".join(d.doc_id for d in self.documents) or "the documents"
        text = conversation_markdown(turns, self._source_name, title=f"Questions on {names}")
        path = self.export_path()
        try:
            atomic_write(path, text)
        except OSError as exc:
            self.notify(
                f"Could not save the conversation to {path}: {exc.strerror or exc}. "
                "Check that the folder exists and is writable.",
                title="Export failed",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved the conversation to {path.resolve()}", title="Exported", markup=False)
        return path


def load_error_text(exc: BaseException, corpus: Path) -> str:
    """Why loading failed, in one readable paragraph, with what to do about it."""
    from ...embed import ModelError
    from ...ingest import IngestError
    from ...store import CorpusError, IndexProblem

    detail = str(exc) or type(exc).__name__
    if isinstance(exc, CorpusError):
        what = (
            f"The documents could not be indexed: {detail}. Check that {corpus} holds "
            ".txt, .md or .pdf files (or start with --corpus DIR)."
        )
    elif isinstance(exc, IndexProblem):
        what = (
            f"The index could not be read or built: {detail}. Running "
            "`assistant index --rebuild` rebuilds it from scratch."
        )
    elif isinstance(exc, ModelError):
        what = (
            f"The embedding model could not be loaded: {detail}. Check the --model "
            "option, or reinstall the package that ships the model."
        )
    elif isinstance(exc, IngestError | OSError):
        what = f"A file could not be read: {detail}. Fix or remove it from {corpus}."
    else:
        what = f"Loading failed ({type(exc).__name__}: {detail})."
    return f"{what} {RETRY_HINT}"


def answer_error_text(exc: BaseException) -> str:
    """Why a question was not answered, and what to try."""
    from ...retrieve import QueryError

    detail = str(exc) or type(exc).__name__
    if isinstance(exc, QueryError):
        return f"This question cannot be searched: {detail}. Rephrase it and ask again."
    return (
        f"Answering failed ({type(exc).__name__}: {detail}). Ask again, or switch the "
        "retrieval mode with F2."
    )
