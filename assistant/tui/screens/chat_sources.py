"""The chat's selected answer and its sources: moving between them and opening them."""

from __future__ import annotations

from textual.containers import VerticalScroll

from ..widgets.exchange import ExchangeView
from ..widgets.render import term_pattern
from ..widgets.sources import Source, SourcesPanel
from .chat_state import ChatState
from .viewer import DocumentScreen


class ChatSourcesMixin(ChatState):
    """Selection and sources of :class:`.chat.ChatScreen`."""

    def select(self, view: ExchangeView) -> None:
        """Make ``view`` the selected answer: highlight it and list its sources."""
        if self.selected is not None and self.selected is not view:
            self.selected.remove_class("-selected")
        self.selected = view
        view.add_class("-selected")
        self.sources.show(view.answer, view.number, several_documents=len(self.documents) > 1)

    def on_exchange_view_selected(self, event: ExchangeView.Selected) -> None:
        """A click on an exchange selects it."""
        self.select(event.view)

    def on_exchange_view_citation_clicked(self, event: ExchangeView.CitationClicked) -> None:
        """A click on marker [n] opens that citation."""
        self.select(event.view)
        self.sources.open_citation(event.n)

    def _step_answer(self, step: int) -> None:
        views = self.exchanges
        if not views:
            return
        index = views.index(self.selected) if self.selected in views else len(views) - 1
        view = views[max(0, min(len(views) - 1, index + step))]
        self.select(view)
        self.query_one("#conversation", VerticalScroll).scroll_to_widget(view, animate=False)

    def action_previous_answer(self) -> None:
        """Select the answer above."""
        self._step_answer(-1)

    def action_next_answer(self) -> None:
        """Select the answer below."""
        self._step_answer(1)

    def action_next_source(self) -> None:
        """Highlight the next source of the selected answer."""
        self.sources.move(1)

    def action_previous_source(self) -> None:
        """Highlight the previous source of the selected answer."""
        self.sources.move(-1)

    def action_focus_question(self) -> None:
        """Back to the question box (closing the find bar and its highlights)."""
        bar = self.query_one("#chat-find-bar")
        if bar.display:
            bar.display = False
            for view in self.exchanges:
                view.highlight("")
        self.question_box.focus()

    def action_toggle_question(self) -> None:
        """Show all of the selected (long) question, or cut it again."""
        if self.selected is not None:
            self.selected.toggle_question()

    def action_open_source(self) -> None:
        """Open the highlighted source in the document viewer."""
        if self.sources.current is None:
            self.notify("No source to open yet: ask a question first.", markup=False)
            return
        self.sources.open_current()

    def on_sources_panel_open(self, event: SourcesPanel.Open) -> None:
        """Open a passage in the document viewer."""
        self.open_source(event.source)

    def open_source(self, source: Source) -> None:
        """Show ``source`` in the document viewer, scrolled to it and highlighted."""
        if not self.ready:
            self.notify("The index is still loading; try again in a moment.", markup=False)
            return
        try:
            chunk = self.assistant.index.chunk(source.chunk_id)
            document = next(d for d in self.documents if d.doc_id == chunk.doc_id)
        except (KeyError, StopIteration):
            self.notify(
                "That passage is no longer in the index (it was rebuilt since). "
                "Ask the question again.",
                severity="warning",
                markup=False,
            )
            return
        question = self.selected.question if self.selected is not None else ""
        self.app.push_screen(
            DocumentScreen(
                document,
                chunk,
                source.quote,
                source.n,
                term_pattern(question),
                location=source.location,
            )
        )
