"""The help screen: what the chat does and which keys do what."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.render import ACCENT_STYLE, HEADER_STYLE, MUTED_STYLE

#: (group, [(keys, what they do)]): kept in step with the BINDINGS of the app and its screens.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("F1", "this help"),
            ("F2", "settings: retrieval mode and number of passages"),
            ("F3", "doses: every dosing statement, filterable by subject"),
            ("F4", "safety: every adverse-effect mention, filterable by effect"),
            ("Ctrl+P", "command palette (settings, modes, tables, conversations, theme)"),
            ("mouse drag, Ctrl+C", "select any text and copy it"),
            ("Ctrl+Q", "quit (the conversation, history and theme are kept)"),
        ],
    ),
    (
        "Chat",
        [
            ("Enter", "ask the question typed in the box"),
            ("Shift+Enter, Ctrl+J", "a new line in the question (a paste keeps its lines)"),
            ("any letter", "typed anywhere, it goes to the question box"),
            ("Up / Down", "walk earlier questions (on the first / last line of the box)"),
            ("Ctrl+Down / Ctrl+Up", "next / previous source of the selected answer"),
            ("Alt+Up / Alt+Down", "select the previous / next answer (or click it)"),
            ("Ctrl+O", "open the highlighted source in the document viewer"),
            ("Tab / Shift+Tab", "move between the question box and the sources"),
            ("Escape", "back to the question box"),
            ("Ctrl+F", "find in the conversation (Enter: next match)"),
            ("Ctrl+T", "show all of a long question (or click it)"),
            ("Ctrl+Y", "copy the selected answer with its sources (Markdown)"),
            ("Ctrl+S", "export the conversation to a Markdown file (the path is shown)"),
            ("F5", "conversations: reopen, rename, delete; Ctrl+N starts a new one"),
            ("Ctrl+R", "retry loading after an error"),
        ],
    ),
    (
        "Sources panel",
        [
            ("Up / Down", "move between the citations"),
            ("Enter or click", "open a citation in the document viewer"),
            ("Ctrl+Y", "copy the highlighted citation (the panel must have focus)"),
            ("click [n]", "a marker in an answer opens that citation"),
        ],
    ),
    (
        "Doses and Safety tables",
        [
            ("type", "filter: a subject (mice, humans, TSC) or an effect (ulcers, lipids)"),
            ("Enter or Down", "from the filter box to the table"),
            ("Up / Down", "move between rows; the row's sentence shows below the table"),
            ("Enter", "open the source at the sentence (or click a row twice)"),
            ("F6 / Shift+F6", "sort by the next column / reverse (or click a heading)"),
            ("Ctrl+S", "export the rows shown (filtered, sorted) as CSV and Markdown"),
            ("Ctrl+Y", "copy the highlighted row with its sentence"),
            ("Ctrl+F", "back to the filter box"),
            ("Escape", "back to the chat"),
        ],
    ),
    (
        "Document viewer",
        [
            ("Escape", "back to the chat or the table"),
            ("/ or Ctrl+F", "find: Enter or Down next match, Up previous; N / Shift+N"),
            ("P", "scroll back to the cited passage"),
            ("Ctrl+Y", "copy the selected text, else the cited passage"),
            ("O / T", "focus the outline (Enter jumps) / the text"),
            ("arrows, PgUp, PgDn", "scroll"),
        ],
    ),
]

INTRO = (
    "Answers are sentences quoted from the review; each ends with a marker such as [1] that "
    "points to its source. Doses, durations and trial numbers are highlighted. When the review "
    "does not cover a question the chat says so and lists the closest passages."
)


class HelpScreen(ModalScreen[None]):
    """Keys and a few words on how answers are made."""

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """A scrollable box: the introduction, then a two-column table of keys per group."""
        with VerticalScroll(id="help-dialog") as box:
            box.border_title = "Help"
            yield Static(Content(INTRO), id="help-intro")
            for group, rows in KEYS:
                yield Static(Content.styled(group, HEADER_STYLE), classes="help-group")
                for keys, what in rows:
                    # Two widgets per row so that a long description wraps in its own column.
                    with Horizontal(classes="help-row"):
                        yield Static(Content.styled(keys, ACCENT_STYLE), classes="help-keys")
                        yield Static(Content(what), classes="help-what")
            yield Static(
                Content.styled("Escape, F1 or Q closes this screen.", MUTED_STYLE), id="help-close"
            )

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss()
