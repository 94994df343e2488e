"""The document viewer: the whole cleaned document opened at a cited passage."""

from __future__ import annotations

import re

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...records import Chunk, Document
from ..widgets.document import DocumentView
from ..widgets.render import MUTED_STYLE, literal, location_label, marker_content


class DocumentScreen(Screen[None]):
    """The document, section by section, scrolled to the cited passage, which is highlighted.

    An outline of the sections on the left jumps around; Escape returns to the chat.

    Args:
        document, chunk: The document and the cited passage (chunk) in it.
        quote: Text inside the passage shown in bold.
        n: The citation number, shown before the title.
        terms: Words underlined inside the passage.
        passage: The ``(start, end)`` offsets to highlight instead of the whole chunk (a sentence
            of it, say).
        location: The location shown in the title instead of the chunk's section and lines.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("escape", "close", "Back to chat"),
        Binding("slash,ctrl+f", "find", "Find"),
        Binding("n,f3", "find_next", "Next match", show=False),
        Binding("N,shift+f3", "find_previous", "Previous match", show=False),
        Binding("p", "passage", "Cited passage"),
        Binding("o", "outline", "Outline"),
        Binding("t", "text", "Text", show=False),
        Binding("ctrl+y", "copy_passage", "Copy passage", show=False),
    ]

    def __init__(
        self,
        document: Document,
        chunk: Chunk,
        quote: str = "",
        n: int | None = None,
        terms: re.Pattern[str] | None = None,
        *,
        passage: tuple[int, int] | None = None,
        location: str | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.chunk = chunk
        self.passage = passage if passage is not None else (chunk.start, chunk.end)
        self.location = location
        self.quote = quote
        self.n = n
        self.terms = terms

    def compose(self) -> ComposeResult:
        """Title line, outline and text, footer."""
        c = self.chunk
        title = Content.assemble(
            *([marker_content(self.n), Content(" ")] if self.n is not None else []),
            literal(self.document.doc_id, "bold"),
            (" — ", MUTED_STYLE),
            literal(
                self.location or location_label(c.section, c.page, c.lines, c.location.page_end)
            ),
        )
        yield Static(title, id="viewer-title")
        view = DocumentView(self.document, self.passage, self.quote, self.terms, id="document")
        with Horizontal(id="viewer-body"):
            outline = OptionList(
                *[
                    Option(literal(s.title or "(start)"), id=f"section-{i}")
                    for i, s in enumerate(view.sections)
                ],
                id="outline",
            )
            outline.border_title = "Sections"
            yield outline
            yield view
        with Horizontal(id="find-bar"):
            yield Input(placeholder="Find in the document (Enter: next, Up: previous)", id="find")
            yield Static(Content(""), id="find-count")
        yield Footer()

    @property
    def view(self) -> DocumentView:
        """The document text widget."""
        return self.query_one("#document", DocumentView)

    def on_mount(self) -> None:
        """Focus the text and scroll to the passage once the layout is known."""
        self.query_one("#find-bar").display = False
        view = self.view
        outline = self.query_one("#outline", OptionList)
        outline.highlighted = view.section_index(self.passage[0])
        view.focus()
        # Positions are only known after the first layout.
        self.call_after_refresh(self._after_layout)

    def _after_layout(self) -> None:
        self.view.scroll_to_passage()
        self.query_one("#outline", OptionList).scroll_to_highlight()

    def highlighted_text(self) -> str:
        """The text shown as the cited passage."""
        return self.view.highlighted_text()

    def action_close(self) -> None:
        """Close the find bar if it is open, else go back to the chat."""
        bar = self.query_one("#find-bar")
        if bar.display:
            bar.display = False
            self.view.focus()
            return
        self.dismiss()

    # -- find -------------------------------------------------------------------------------------
    @property
    def find_box(self) -> Input:
        """The find input."""
        return self.query_one("#find", Input)

    def action_find(self) -> None:
        """Open the find bar (or put the cursor back in it)."""
        self.query_one("#find-bar").display = True
        self.find_box.focus()

    def action_find_next(self) -> None:
        """The next match."""
        self._step(1)

    def action_find_previous(self) -> None:
        """The previous match."""
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.view.matches:
            if not self.view.find_text:
                self.action_find()
            return
        self.view.next_match(step)
        self._show_count()

    def _show_count(self) -> None:
        view = self.view
        count = len(view.matches)
        if not view.find_text.strip():
            text = ""
        elif not count:
            text = "no match"
        else:
            index = (view.match_index or 0) + 1
            text = f"{index} of {count}"
        self.query_one("#find-count", Static).update(Content(text))

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.view.find(event.value)
        self._show_count()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._step(1)

    def on_key(self, event: events.Key) -> None:
        """Up and Down in the find box go to the previous and next match."""
        if self.focused is self.find_box and event.key in ("up", "down"):
            event.stop()
            event.prevent_default()
            self._step(-1 if event.key == "up" else 1)

    def action_copy_passage(self) -> None:
        """Copy the cited passage (or the current find match's paragraph) as plain text."""
        text = self.get_selected_text() or self.highlighted_text()
        if not text:
            self.notify("Nothing to copy: select text with the mouse first.", markup=False)
            return
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Sent {len(text):,} characters to the clipboard (if your terminal allows it).",
            markup=False,
        )

    def action_passage(self) -> None:
        """Scroll back to the cited passage."""
        self.view.scroll_to_passage()
        self.view.focus()

    def action_outline(self) -> None:
        """Move the focus to the section outline."""
        self.query_one("#outline", OptionList).focus()

    def action_text(self) -> None:
        """Move the focus to the document text."""
        self.view.focus()

    @on(OptionList.OptionSelected, "#outline")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.view.scroll_to_section(event.option_index)
