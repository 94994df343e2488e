"""The chat's sessions: restoring, opening, starting and saving conversations (in a worker)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from textual import work
from textual.containers import VerticalScroll

from ...records import Mode
from ..persist import Conversation, new_conversation_id
from ..widgets.exchange import ExchangeView
from .chat_state import ChatState
from .conversations import ConversationChoice, ConversationsScreen


class ChatSessionMixin(ChatState):
    """Sessions of :class:`.chat.ChatScreen`: the history and the saved conversations."""

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

    @work(thread=True, exclusive=True, group="open-conversation", exit_on_error=False)
    def _open_worker(self, conversation_id: str) -> None:
        assert self.store is not None
        self.post_message(self.ConversationRead(self.store.load_conversation(conversation_id)))

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
        turns = [v.turn for v in self.exchanges if v.done]
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
