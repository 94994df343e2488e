"""The chat app: ``assistant chat`` opens :class:`ChatApp` through :func:`run_chat`.

The app only shows things and forwards questions: retrieval and answers come from
:class:`assistant.service.Assistant`, which the app either receives ready-made (tests share one)
or builds from a corpus folder, an index folder and settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..records import MODES, Mode, Settings
from .contrast import readable_variables
from .persist import SessionStore
from .screens.chat import ChatScreen
from .screens.help import HelpScreen
from .screens.settings import SearchSettings, SettingsScreen
from .screens.tables import DosesScreen, RecordTableScreen, SafetyScreen

if TYPE_CHECKING:
    from ..service import Assistant


class ChatApp(App[None]):
    """Questions in, cited answers out, sources one key away.

    Args:
        assistant: An Assistant to use as it is (its progress and notify callbacks are borrowed
            while the app runs and given back afterwards). When None, one is made from
            ``corpus``, ``index`` and ``settings``.
        export_dir: Folder for conversation exports (default: the current directory).
        mode, k: Retrieval mode and number of passages for the first questions.
    """

    # Absolute, so that subclasses defined elsewhere (tests) find it too.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "assistant"
    SUB_TITLE = "cited answers from your documents"

    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "settings", "Settings"),
        Binding("f3", "doses", "Doses"),
        Binding("f4", "safety", "Safety"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        assistant: Assistant | None = None,
        *,
        corpus: Path | None = None,
        index: Path | None = None,
        settings: Settings | None = None,
        export_dir: Path | None = None,
        mode: Mode = "hybrid",
        k: int = 8,
        store: SessionStore | None = None,
    ) -> None:
        super().__init__()
        #: History, conversations and settings kept across restarts (None: nothing is kept).
        self.store = store
        saved = store.load_settings() if store is not None else {}
        if saved.get("mode") in MODES:
            mode = cast(Mode, saved["mode"])
        saved_k = saved.get("k")
        if isinstance(saved_k, int) and 1 <= saved_k <= 50:
            k = saved_k
        theme = saved.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self._settings_loaded = True
        if assistant is None:
            from ..service import Assistant

            assistant = Assistant(corpus=corpus, index=index, settings=settings)
        self.assistant = assistant
        if export_dir is None and store is not None:
            export_dir = store.exports_dir
        self.chat = ChatScreen(assistant, mode=mode, k=k, export_dir=export_dir, store=store)
        # Borrow the callbacks so that progress and notices from the worker thread reach the
        # screen; they are given back on exit (the Assistant may outlive the app).
        self._callbacks: tuple[Callable[[str, int, int], None], Callable[[str], None]] = (
            assistant.progress,
            assistant.notify,
        )
        assistant.progress = self.chat.progress
        assistant.notify = self.chat.notice
        #: The Doses and Safety screens, made when first opened and kept (with their filter).
        self.tables: dict[str, RecordTableScreen[Any]] = {}

    def get_css_variables(self) -> dict[str, str]:
        """Textual's theme variables plus the chat's readable colours (see :mod:`.contrast`)."""
        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        self.theme_variables = variables
        return variables

    def save_settings(self) -> None:
        """Keep the theme, retrieval mode and number of passages for the next start."""
        if self.store is None or not getattr(self, "_settings_loaded", False):
            return
        settings = {"theme": self.theme, "mode": self.chat.mode, "k": self.chat.k}
        try:
            self.store.save_settings(settings)
        except OSError as exc:
            self.notify(
                f"Could not save the settings in {self.store.config}: {exc.strerror or exc}.",
                severity="warning",
                markup=False,
            )

    def watch_theme(self, theme: str) -> None:
        """A new theme (Ctrl+P): keep it for the next start."""
        if hasattr(self, "chat"):
            self.save_settings()

    def get_default_screen(self) -> Screen[None]:
        """The chat screen is the bottom of the screen stack."""
        return self.chat

    def on_chat_screen_loaded(self) -> None:
        """Tell the open tables that the records can be read."""
        for screen in self.tables.values():
            screen.post_message(RecordTableScreen.ChatLoaded())

    def on_chat_screen_load_failed(self) -> None:
        """Tell the open tables that loading failed."""
        for screen in self.tables.values():
            screen.post_message(RecordTableScreen.ChatLoadFailed())

    def on_unmount(self) -> None:
        """Give the Assistant its own callbacks back."""
        self.assistant.progress, self.assistant.notify = self._callbacks

    # -- actions ----------------------------------------------------------------------------------
    def action_help(self) -> None:
        """Show the keys."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_settings(self) -> None:
        """Edit the retrieval mode and the number of passages."""
        if isinstance(self.screen, SettingsScreen):
            return
        current = SearchSettings(self.chat.mode, self.chat.k)
        self.push_screen(SettingsScreen(current), self._apply_settings)

    def action_doses(self) -> None:
        """Show the dose table."""
        self.show_table("doses")

    def action_safety(self) -> None:
        """Show the adverse-effect table."""
        self.show_table("safety")

    def show_table(self, kind: Literal["doses", "safety"]) -> RecordTableScreen[Any]:
        """Show the Doses or Safety screen right above the chat (closing what is in between).

        The screens are kept once made, so their filter and cursor are still there next time.
        Pressing the key of the table already shown puts the cursor in its filter box.
        """
        screen = self.tables.get(kind)
        if screen is None:
            screen = DosesScreen(self.chat) if kind == "doses" else SafetyScreen(self.chat)
            self.tables[kind] = screen
            self.install_screen(screen, f"table-{kind}")
        if self.screen is screen:
            screen.action_focus_filter()
            return screen
        while len(self.screen_stack) > 1 and self.screen is not screen:
            self.pop_screen()
        if self.screen is not screen:
            self.push_screen(screen)
        return screen

    def _apply_settings(self, chosen: SearchSettings | None) -> None:
        if chosen is None:
            return
        self.set_search(chosen.mode, chosen.k)

    def set_search(self, mode: Mode | None = None, k: int | None = None) -> None:
        """Use this retrieval mode and/or number of passages for the next questions."""
        if mode is not None:
            self.chat.mode = mode
        if k is not None:
            self.chat.k = k
        self.save_settings()
        self.notify(
            f"Next questions: {self.chat.mode} retrieval, {self.chat.k} passages.",
            title="Settings",
            markup=False,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the app's own commands first, then Textual's."""
        yield SystemCommand(
            "Settings", "Retrieval mode and number of passages (F2)", self.action_settings
        )
        for mode in MODES:
            yield SystemCommand(
                f"Retrieval mode: {mode}",
                f"Search the next questions {mode}",
                partial(self.set_search, mode),
            )
        yield SystemCommand(
            "Doses table",
            "Every dosing statement with its source, filterable by subject (F3)",
            self.action_doses,
        )
        yield SystemCommand(
            "Safety table",
            "Every adverse-effect mention with its source, filterable by effect (F4)",
            self.action_safety,
        )
        yield SystemCommand("Help", "Keys and how answers are made (F1)", self.action_help)
        if screen is self.chat:
            yield SystemCommand(
                "Conversations",
                "Reopen, rename or delete a saved conversation (F5)",
                self.chat.action_conversations,
            )
            yield SystemCommand(
                "New conversation",
                "Start an empty conversation; the current one stays saved (Ctrl+N)",
                self.chat.action_new_conversation,
            )
            yield SystemCommand(
                "Find in the conversation",
                "Questions and answers holding a text (Ctrl+F)",
                self.chat.action_find,
            )
            yield SystemCommand(
                "Copy answer",
                "Copy the selected answer with its sources as Markdown (Ctrl+Y)",
                self.chat.action_copy_answer,
            )
            yield SystemCommand(
                "Export conversation",
                "Save the conversation as a Markdown file (Ctrl+S)",
                self.chat.action_export,
            )
        yield from super().get_system_commands(screen)


def run_chat(
    corpus: Path | None = None, index: Path | None = None, settings: Settings | None = None
) -> None:
    """Open the chat in the terminal (blocks until the user quits).

    History, conversations and settings are kept in the user's folders (see
    :mod:`assistant.tui.persist`).
    """
    ChatApp(corpus=corpus, index=index, settings=settings, store=SessionStore.default()).run()
