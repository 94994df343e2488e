"""What the chat's parts share: the state and widgets of :class:`.chat.ChatScreen`, declared once.

:class:`.chat.ChatScreen` is put together from mixins, one per job (sessions, loading, find,
selection and sources, copy and export). They all derive from :class:`ChatState`, which declares
for the type checker what ``ChatScreen`` sets up and defines; at run time it is an empty class.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from ...records import Document, Mode
from ..persist import Conversation, SessionStore
from ..widgets.exchange import ExchangeView
from ..widgets.question import QuestionInput
from ..widgets.sources import SourcesPanel
from ..widgets.status import StatusBar

if TYPE_CHECKING:
    from ...service import Assistant

    _Base = Screen[None]
else:
    _Base = object


class ChatState(_Base):
    """The chat screen's state and widgets, as its mixins see them (see ``ChatScreen``)."""

    if TYPE_CHECKING:
        store: SessionStore | None
        conversation: Conversation
        _save_lock: threading.Lock
        _save_serial: int
        _saved_serial: int
        _save_failed_shown: bool
        assistant: Assistant
        mode: var[Mode]
        k: var[int]
        export_dir: Path | None
        ready: bool
        load_failed: bool
        documents: list[Document]
        passages: int
        views: dict[int, ExchangeView]
        pending: deque[ExchangeView]
        answering: ExchangeView | None
        selected: ExchangeView | None
        _count: int
        found: list[ExchangeView]
        _found_index: int | None

        # The messages the workers post (classes nested in ChatScreen).
        ConversationRead: Callable[[Conversation | None], Message]
        SaveFailed: Callable[[str], Message]
        LoadProgress: Callable[[str, int, int], Message]
        LoadNotice: Callable[[str], Message]
        Loaded: Callable[[list[Document], int], Message]
        LoadFailed: Callable[[str], Message]

        @property
        def question_box(self) -> QuestionInput: ...
        @property
        def sources(self) -> SourcesPanel: ...
        @property
        def status(self) -> StatusBar: ...
        @property
        def exchanges(self) -> list[ExchangeView]: ...
        def select(self, view: ExchangeView) -> None: ...
        def _advance(self) -> None: ...
