"""The sources panel: the numbered passages behind the selected answer, one card each."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from ...records import Answer
from .render import (
    HEADER_STYLE,
    MUTED_STYLE,
    citation_label,
    hit_label,
    literal,
    marker_content,
    passage_content,
    shorten,
    term_pattern,
)

EMPTY = "The sources of the selected answer appear here."
LOW_CONFIDENCE = "May not answer this directly"


@dataclass(frozen=True)
class Source:
    """One entry of the panel: a passage to open, and the citation number if it was cited."""

    chunk_id: str
    quote: str
    n: int | None  # None for a closest passage of a declined answer
    #: The citation's own location (its quoted lines), shown by the viewer; None: the passage's.
    location: str | None = None
    #: The card's text (heading and passage) as shown, for copying.
    text: str = ""


class SourceCard(Static):
    """One passage: its number and place, then the text. Its height follows its text (never cut)."""

    class Clicked(Message):
        """The card was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, content: Content, index: int) -> None:
        super().__init__(content, classes="source-card")
        self.index = index

    def on_click(self, event: Click) -> None:
        """Ask the panel to open this card's passage."""
        event.stop()
        self.post_message(self.Clicked(self.index))


class SourcesPanel(VerticalScroll):
    """Each citation of the selected answer with its section, page/lines and the cited text.

    The question's terms are highlighted. Up/Down (or Ctrl+Up/Ctrl+Down from the question box) move
    between citations; Enter or a click opens the passage in the document viewer. For an answer the
    documents do not cover, the closest passages are listed instead.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Previous source", show=False),
        Binding("down", "move(1)", "Next source", show=False),
        Binding("enter", "open", "Open source", show=False),
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
        self._highlighted: int | None = None
        self._cards: list[SourceCard] = []

    def compose(self) -> ComposeResult:
        """A title line (docked) and the cards."""
        yield Static(Content("Sources"), id="sources-title")
        yield Static(Content.styled(EMPTY, MUTED_STYLE), id="sources-empty")

    @property
    def cards(self) -> list[SourceCard]:
        """The cards shown, in order."""
        return list(self._cards)

    def show(
        self, answer: Answer | None, number: int | None = None, *, several_documents: bool = False
    ) -> None:
        """List the citations of ``answer`` (its closest passages if it was declined).

        With ``several_documents`` each card names its document.
        """
        title = self.query_one("#sources-title", Static)
        empty = self.query_one("#sources-empty", Static)
        for old in self._cards:
            old.remove()
        self._cards = []
        self.sources = []
        self._highlighted = None
        if answer is None:
            title.update(Content("Sources"))
            empty.display = True
            return
        empty.display = False
        terms = term_pattern(answer.question)
        prefix = f"Q{number} " if number is not None else ""
        cards: list[SourceCard] = []
        if answer.answered:
            count = len(answer.citations)
            label = f" · {LOW_CONFIDENCE}" if answer.confidence == "low" else ""
            title.update(Content(f"{prefix}Sources ({count}){label}"))
            for c in answer.citations:
                place = citation_label(c)
                if several_documents and c.doc_id:
                    place = f"{c.doc_id} · {place}"
                head = Content.assemble(marker_content(c.n), " ", literal(place, HEADER_STYLE))
                body = passage_content(c.quote, terms)
                self.sources.append(
                    Source(
                        c.chunk_id, c.quote, c.n, citation_label(c), f"[{c.n}] {place}\n{c.quote}"
                    )
                )
                cards.append(SourceCard(Content("\n").join([head, body]), len(cards)))
        else:
            title.update(Content(f"{prefix}Not addressed: closest passages"))
            for hit in answer.hits:
                place = hit_label(hit)
                if several_documents:
                    place = f"{hit.chunk.doc_id} · {place}"
                head = Content.assemble(
                    (f"{hit.rank}. ", MUTED_STYLE), literal(place, HEADER_STYLE)
                )
                text = shorten(hit.chunk.display_text, 300)
                body = passage_content(text, terms)
                self.sources.append(Source(hit.chunk.chunk_id, "", None, None, f"{place}\n{text}"))
                cards.append(SourceCard(Content("\n").join([head, body]), len(cards)))
        self._cards = cards
        if cards:
            self.mount_all(cards)
            self.highlighted = 0
        self.scroll_home(animate=False)

    # -- the highlighted card ---------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        """Index of the highlighted card (None when there is none)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self.sources):
            index = None
        self._highlighted = index
        for card in self._cards:
            card.set_class(card.index == index, "-current")
        if index is not None:
            self.call_after_refresh(self._scroll_to_current)

    def on_resize(self) -> None:
        """The cards reflow: keep the highlighted one in view."""
        if self._highlighted is not None:
            self.call_after_refresh(self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        cards = self.cards
        if self._highlighted is not None and self._highlighted < len(cards):
            self.scroll_to_widget(cards[self._highlighted], animate=False, top=False)

    @property
    def current(self) -> Source | None:
        """The highlighted passage, if any."""
        index = self._highlighted
        if index is None or not 0 <= index < len(self.sources):
            return None
        return self.sources[index]

    def move(self, step: int) -> None:
        """Highlight the next (step 1) or previous (step -1) passage."""
        if not self.sources:
            return
        index = self._highlighted
        index = 0 if index is None else max(0, min(len(self.sources) - 1, index + step))
        self.highlighted = index

    def action_move(self, step: int) -> None:
        """Up/Down while the panel has focus."""
        self.move(step)

    def action_open(self) -> None:
        """Enter while the panel has focus."""
        self.open_current()

    def open_current(self) -> None:
        """Ask for the highlighted passage to be opened."""
        source = self.current
        if source is not None:
            self.post_message(self.Open(source))

    def open_citation(self, n: int) -> None:
        """Highlight citation ``n`` and ask for it to be opened."""
        for index, source in enumerate(self.sources):
            if source.n == n:
                self.highlighted = index
                self.post_message(self.Open(source))
                return

    def on_source_card_clicked(self, event: SourceCard.Clicked) -> None:
        """A click on a card opens its passage."""
        event.stop()
        if 0 <= event.index < len(self.sources):
            self.highlighted = event.index
            self.post_message(self.Open(self.sources[event.index]))
