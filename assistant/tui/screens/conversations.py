"""The conversations dialog (F5): reopen, rename or delete a saved conversation, or start anew."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..persist import Conversation, SessionStore
from ..widgets.render import MUTED_STYLE, literal

HELP = "Enter opens · R renames · D deletes (press twice) · N new conversation · Escape closes"


@dataclass(frozen=True)
class ConversationChoice:
    """What the user chose: open a conversation, start a new one, or nothing (just close).

    ``deleted`` lists the conversations deleted while the dialog was open.
    """

    action: Literal["open", "new", "close"]
    conversation_id: str = ""
    deleted: frozenset[str] = field(default_factory=frozenset)


class ConversationsScreen(ModalScreen[ConversationChoice]):
    """The saved conversations, the most recent first."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
        Binding("n", "new", "New"),
    ]

    class Listed(Message):
        """The saved conversations were read."""

        def __init__(self, conversations: list[Conversation], problems: list[str]) -> None:
            super().__init__()
            self.conversations = conversations
            self.problems = problems

    def __init__(self, store: SessionStore, current_id: str) -> None:
        super().__init__()
        self.store = store
        self.current_id = current_id
        self.conversations: list[Conversation] = []
        self.deleted: set[str] = set()
        self._confirm_delete: str | None = None

    def compose(self) -> ComposeResult:
        """Title, the list, a rename box (hidden) and the keys."""
        with Vertical(id="conversations-dialog") as box:
            box.border_title = "Conversations"
            yield OptionList(Option(Content("Reading…"), disabled=True), id="conversation-list")
            yield Input(placeholder="New title, Enter saves, Escape cancels", id="rename")
            yield Static(Content.styled(HELP, MUTED_STYLE), id="conversations-help")

    def on_mount(self) -> None:
        """Read the list in the background."""
        self.query_one("#rename").display = False
        self.query_one(OptionList).focus()
        self.refresh_list()

    def refresh_list(self) -> None:
        """Read the saved conversations again."""
        self._list_worker()

    @work(thread=True, exclusive=True, group="conversations", exit_on_error=False)
    def _list_worker(self) -> None:
        self._post_list()

    def _post_list(self) -> None:
        """Read the list and post it (runs in a worker thread)."""
        found = self.store.list_conversations()
        problems = list(self.store.problems)
        self.store.problems.clear()
        self.post_message(self.Listed(found, problems))

    def on_conversations_screen_listed(self, event: Listed) -> None:
        """Show the conversations."""
        for problem in event.problems:
            self.notify(problem, title="Saved data", severity="warning", markup=False)
        before = self.highlighted
        self.conversations = event.conversations
        options = self.query_one(OptionList)
        options.clear_options()
        if not self.conversations:
            options.add_option(Option(Content("No saved conversation yet."), disabled=True))
            return
        for conversation in self.conversations:
            count = len(conversation.turns)
            when = conversation.updated.replace("T", " ")
            mark = " (open)" if conversation.id == self.current_id else ""
            options.add_option(
                Option(
                    Content.assemble(
                        literal(conversation.title or "(untitled)", "bold"),
                        (
                            f"{mark} · {count} question{'s' if count != 1 else ''} · {when}",
                            MUTED_STYLE,
                        ),
                    ),
                    id=conversation.id,
                )
            )
        ids = [c.id for c in self.conversations]
        options.highlighted = ids.index(before.id) if before is not None and before.id in ids else 0

    @property
    def highlighted(self) -> Conversation | None:
        """The conversation under the cursor."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.conversations):
            return None
        return self.conversations[index]

    @on(OptionList.OptionSelected, "#conversation-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.highlighted
        if chosen is not None:
            self.dismiss(ConversationChoice("open", chosen.id, frozenset(self.deleted)))

    def action_close(self) -> None:
        """Close (or cancel renaming)."""
        rename = self.query_one("#rename", Input)
        if rename.display:
            rename.display = False
            self.query_one(OptionList).focus()
            return
        self.dismiss(ConversationChoice("close", "", frozenset(self.deleted)))

    def action_new(self) -> None:
        """Start a new conversation."""
        self.dismiss(ConversationChoice("new", "", frozenset(self.deleted)))

    def action_rename(self) -> None:
        """Edit the title of the highlighted conversation."""
        chosen = self.highlighted
        if chosen is None:
            return
        rename = self.query_one("#rename", Input)
        rename.value = chosen.title
        rename.display = True
        rename.focus()

    @on(Input.Submitted, "#rename")
    def _renamed(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.highlighted
        title = " ".join(event.value.split())
        event.input.display = False
        self.query_one(OptionList).focus()
        if chosen is None or not title:
            return
        self._rename_worker(chosen.id, title)

    @work(thread=True, group="conversations-edit", exit_on_error=False)
    def _rename_worker(self, conversation_id: str, title: str) -> None:
        try:
            self.store.rename_conversation(conversation_id, title)
        except OSError as exc:
            self.store.problems.append(f"Could not rename: {exc.strerror or exc}.")
        self._post_list()

    def action_delete(self) -> None:
        """Delete the highlighted conversation (the second press confirms)."""
        chosen = self.highlighted
        if chosen is None:
            return
        if self._confirm_delete != chosen.id:
            self._confirm_delete = chosen.id
            self.notify(f"Press D again to delete “{chosen.title or '(untitled)'}”.", markup=False)
            return
        self._confirm_delete = None
        self.deleted.add(chosen.id)
        self._delete_worker(chosen.id)

    @work(thread=True, group="conversations-edit", exit_on_error=False)
    def _delete_worker(self, conversation_id: str) -> None:
        try:
            self.store.delete_conversation(conversation_id)
        except OSError as exc:
            self.store.problems.append(f"Could not delete: {exc.strerror or exc}.")
        self._post_list()
