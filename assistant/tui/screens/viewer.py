"""The document viewer: the whole cleaned document opened at a cited passage."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...records import Chunk, Document
from ..widgets.document import DocumentView
from ..widgets.render import MARKER_STYLE, MUTED_STYLE, literal, location_label


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
        Binding("p", "passage", "Cited passage"),
        Binding("o", "outline", "Outline"),
        Binding("t", "text", "Text", show=False),
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
            *([(f"[{self.n}] ", MARKER_STYLE)] if self.n is not None else []),
            literal(self.document.doc_id, "bold"),
            (" — ", MUTED_STYLE),
            literal(self.location or location_label(c.section, c.page, c.lines)),
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
        yield Footer()

    @property
    def view(self) -> DocumentView:
        """The document text widget."""
        return self.query_one("#document", DocumentView)

    def on_mount(self) -> None:
        """Focus the text and scroll to the passage once the layout is known."""
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
        """Back to the chat."""
        self.dismiss()

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
