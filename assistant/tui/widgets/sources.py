"""The sources panel: the numbered passages behind the selected answer."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...records import Answer
from .render import (
    HEADER_STYLE,
    MARKER_STYLE,
    MUTED_STYLE,
    citation_label,
    hit_label,
    literal,
    passage_content,
    shorten,
    term_pattern,
)

EMPTY = "The sources of the selected answer appear here."


@dataclass(frozen=True)
class Source:
    """One entry of the panel: a passage to open, and the citation number if it was cited."""

    chunk_id: str
    quote: str
    n: int | None  # None for a closest passage of a declined answer
    #: The citation's own location (its quoted lines), shown by the viewer; None: the passage's.
    location: str | None = None


class SourcesPanel(Vertical):
    """Each citation of the selected answer with its section, page/lines and the cited text.

    The question's terms are highlighted. Up/Down (or Ctrl+Up/Ctrl+Down from the question box) move
    between citations; Enter, a digit or a click opens the passage in the document viewer. For an
    answer the review does not cover, the closest passages are listed instead.
    """

    BINDINGS = [
        Binding(str(d), f"open_number({d})", f"Open source {d}", show=False) for d in range(1, 10)
    ]

    class Open(Message):
        """Open this passage in the document viewer."""

        def __init__(self, source: Source) -> None:
            super().__init__()
            self.source = source

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The passages listed, in display order.
        self.sources: list[Source] = []

    def compose(self) -> ComposeResult:
        """A title line and the list of passages."""
        yield Static(Content("Sources"), id="sources-title")
        yield OptionList(Option(Content(EMPTY), disabled=True), id="sources-list")

    @property
    def options(self) -> OptionList:
        """The list widget."""
        return self.query_one("#sources-list", OptionList)

    def show(self, answer: Answer | None, number: int | None = None) -> None:
        """List the citations of ``answer`` (its closest passages if it was declined)."""
        title = self.query_one("#sources-title", Static)
        options = self.options
        options.clear_options()
        self.sources = []
        if answer is None:
            title.update(Content("Sources"))
            options.add_option(Option(Content(EMPTY), disabled=True))
            return
        terms = term_pattern(answer.question)
        prefix = f"Q{number} " if number is not None else ""
        if answer.answered:
            count = len(answer.citations)
            title.update(Content(f"{prefix}Sources ({count})"))
            for c in answer.citations:
                if self.sources:
                    options.add_option(None)  # a divider line between passages
                self.sources.append(Source(c.chunk_id, c.quote, c.n, citation_label(c)))
                head = Content.assemble(
                    (f"[{c.n}] ", MARKER_STYLE), literal(citation_label(c), HEADER_STYLE)
                )
                body = passage_content(c.quote, terms)
                options.add_option(Option(Content("\n").join([head, body]), id=f"source-{c.n}"))
        else:
            title.update(Content(f"{prefix}Not addressed: closest passages"))
            for hit in answer.hits:
                if self.sources:
                    options.add_option(None)
                self.sources.append(Source(hit.chunk.chunk_id, "", None))
                head = Content.assemble(
                    (f"{hit.rank}. ", MUTED_STYLE), literal(hit_label(hit), HEADER_STYLE)
                )
                body = passage_content(shorten(hit.chunk.display_text, 300), terms)
                options.add_option(
                    Option(Content("\n").join([head, body]), id=f"closest-{hit.rank}")
                )
        if self.sources:
            options.highlighted = 0

    @property
    def current(self) -> Source | None:
        """The highlighted passage, if any."""
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self.sources):
            return None
        return self.sources[index]

    def move(self, step: int) -> None:
        """Highlight the next (step 1) or previous (step -1) passage."""
        if not self.sources:
            return
        index = self.options.highlighted
        index = 0 if index is None else max(0, min(len(self.sources) - 1, index + step))
        self.options.highlighted = index

    def open_current(self) -> None:
        """Ask for the highlighted passage to be opened."""
        source = self.current
        if source is not None:
            self.post_message(self.Open(source))

    def open_citation(self, n: int) -> None:
        """Highlight citation ``n`` and ask for it to be opened."""
        for index, source in enumerate(self.sources):
            if source.n == n:
                self.options.highlighted = index
                self.post_message(self.Open(source))
                return

    def action_open_number(self, number: int) -> None:
        """Open the ``number``-th listed passage (a digit key while the panel has focus)."""
        if 1 <= number <= len(self.sources):
            self.options.highlighted = number - 1
            self.post_message(self.Open(self.sources[number - 1]))

    @on(OptionList.OptionSelected, "#sources-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.sources):
            self.post_message(self.Open(self.sources[event.option_index]))
