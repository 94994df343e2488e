"""The settings dialog: retrieval mode and number of passages."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Number
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...records import MODES, Mode

MAX_K = 50

DESCRIPTIONS: dict[Mode, str] = {
    "hybrid": "hybrid: words and meaning, fused (recommended)",
    "dense": "dense: meaning only (embeddings)",
    "lexical": "lexical: words only (BM25)",
}


@dataclass(frozen=True)
class SearchSettings:
    """What the dialog edits: how passages are retrieved and how many."""

    mode: Mode
    k: int


class SettingsScreen(ModalScreen[SearchSettings | None]):
    """Pick the retrieval mode and the number of passages; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: SearchSettings) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """Mode radio buttons, the k box, Save/Cancel."""
        with Vertical(id="settings-dialog"):
            yield Static(Content("Settings"), id="settings-title")
            yield Label(Content("Retrieval mode"))
            with RadioSet(id="mode"):
                for mode in MODES:
                    yield RadioButton(
                        Content(DESCRIPTIONS[mode]),
                        value=mode == self.current.mode,
                        id=f"mode-{mode}",
                    )
            yield Label(Content(f"Passages to retrieve per question (1-{MAX_K})"))
            yield Input(
                str(self.current.k),
                type="integer",
                id="k",
                validators=[Number(minimum=1, maximum=MAX_K)],
            )
            yield Static(Content(""), id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _chosen_mode(self) -> Mode:
        pressed = self.query_one("#mode", RadioSet).pressed_button
        if pressed is not None and pressed.id is not None:
            name = pressed.id.removeprefix("mode-")
            for mode in MODES:
                if mode == name:
                    return mode
        return self.current.mode

    def action_save(self) -> None:
        """Close with the new settings, or say what is wrong with the number."""
        box = self.query_one("#k", Input)
        result = box.validate(box.value)
        if result is not None and not result.is_valid:
            self.query_one("#settings-error", Static).update(
                Content(f"The number of passages must be a whole number from 1 to {MAX_K}.")
            )
            box.focus()
            return
        self.dismiss(SearchSettings(self._chosen_mode(), int(box.value)))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#k")
    def _submitted(self) -> None:
        self.action_save()
