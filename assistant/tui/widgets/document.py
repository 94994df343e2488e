"""The whole cleaned document, section by section, with the cited passage highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterator

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...records import Document, Section
from .render import (
    FIND_CURRENT_STYLE,
    FIND_STYLE,
    PASSAGE_STYLE,
    QUOTE_STYLE,
    TERM_STYLE,
    literal,
)

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the paragraphs (runs separated by blank lines) of ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BLANK_LINES.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def document_sections(document: Document) -> list[Section]:
    """The document's sections, with any untitled text before the first one as its own section."""
    sections = sorted(document.sections, key=lambda s: s.start)
    if not sections:
        return [Section(document.path, 0, len(document.text))]
    if sections[0].start > 0 and document.text[: sections[0].start].strip():
        sections.insert(0, Section("", 0, sections[0].start))
    return sections


class TextBlock(Static):
    """A heading or paragraph of the document: the text span ``[start, end)``."""

    def __init__(self, content: Content, start: int, end: int, *, classes: str = "") -> None:
        super().__init__(content, classes=classes)
        self.start = start
        self.end = end


class DocumentView(VerticalScroll):
    """The document as headings and paragraphs; the passage ``[start, end)`` is highlighted.

    The text is shown literally: document brackets are never markup and control characters are
    shown as visible symbols. Within the passage the cited quote is bold and the question's terms
    are underlined.
    """

    def __init__(
        self,
        document: Document,
        passage: tuple[int, int] | None = None,
        quote: str = "",
        terms: re.Pattern[str] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.passage = passage
        self.quote_span = self._find_quote(quote)
        self.terms = terms
        self.sections = document_sections(document)
        #: Scroll line of the passage's first line, once :meth:`scroll_to_passage` has run.
        self.passage_line: int | None = None
        #: Find: the text looked for, its ``(start, end)`` matches and the current one.
        self.find_text = ""
        self.matches: list[tuple[int, int]] = []
        self.match_index: int | None = None

    def _find_quote(self, quote: str) -> tuple[int, int] | None:
        if not quote or self.passage is None:
            return None
        start, end = self.passage
        at = self.document.text.find(quote, start, end)
        return (at, at + len(quote)) if at >= 0 else None

    def compose(self) -> ComposeResult:
        """A heading per section, then one block per paragraph."""
        text = self.document.text
        for index, section in enumerate(self.sections):
            spans = paragraph_spans(text, section.start, section.end)
            if spans and section.title and text[spans[0][0] : spans[0][1]].strip() == section.title:
                s, e = spans.pop(0)
                yield TextBlock(self._block_content(s, e), s, e, classes=f"heading section-{index}")
            elif section.title:
                yield TextBlock(
                    literal(section.title),
                    section.start,
                    section.start,
                    classes=f"heading section-{index}",
                )
            for s, e in spans:
                cited = self.passage is not None and s < self.passage[1] and self.passage[0] < e
                yield TextBlock(
                    self._block_content(s, e),
                    s,
                    e,
                    classes="paragraph -cited" if cited else "paragraph",
                )

    def _block_content(self, start: int, end: int) -> Content:
        """The text ``[start, end)`` with the parts of the passage and quote it holds styled."""
        text = self.document.text
        content = literal(text[start:end])
        if self.passage is None:
            return content
        ps, pe = max(start, self.passage[0]), min(end, self.passage[1])
        if ps >= pe:
            return content
        content = content.stylize(PASSAGE_STYLE, ps - start, pe - start)
        if self.quote_span is not None:
            qs, qe = max(ps, self.quote_span[0]), min(pe, self.quote_span[1])
            if qs < qe:
                content = content.stylize(QUOTE_STYLE, qs - start, qe - start)
        if self.terms is not None:
            for m in self.terms.finditer(text, ps, pe):
                content = content.stylize(TERM_STYLE, m.start() - start, m.end() - start)
        return content

    def _styled(self, start: int, end: int) -> Content:
        """The block ``[start, end)`` with its passage styles and the find matches in it."""
        content = self._block_content(start, end)
        current = self.current_match
        for ms, me in self._matches_in(start, end):
            style = FIND_CURRENT_STYLE if (ms, me) == current else FIND_STYLE
            content = content.stylize(style, ms - start, me - start)
        return content

    def _matches_in(self, start: int, end: int) -> list[tuple[int, int]]:
        import bisect

        first = bisect.bisect_left(self.matches, (start, start))
        found = []
        for ms, me in self.matches[first:]:
            if ms >= end:
                break
            found.append((ms, me))
        return found

    # -- find -------------------------------------------------------------------------------------
    @property
    def current_match(self) -> tuple[int, int] | None:
        """The ``(start, end)`` of the current match, if any."""
        if self.match_index is None or not self.matches:
            return None
        return self.matches[self.match_index]

    def find(self, text: str) -> int:
        """Highlight every occurrence of ``text`` (any case) shown in the document; returns how
        many. The first one at or after the top of the view becomes current."""
        old = set(self.matches)
        self.find_text = text
        self.matches = []
        self.match_index = None
        needle = text.casefold()
        if needle.strip():
            shown = [(b.start, b.end) for b in self.blocks() if b.end > b.start]
            haystack = self.document.text.casefold()
            for bs, be in shown:
                at = haystack.find(needle, bs, be)
                while at >= 0 and at + len(needle) <= be:
                    self.matches.append((at, at + len(needle)))
                    at = haystack.find(needle, at + 1, be)
        if self.matches:
            top = self._offset_at_top()
            self.match_index = next((i for i, (ms, _) in enumerate(self.matches) if ms >= top), 0)
        self._restyle(old | set(self.matches))
        self._scroll_to_current()
        return len(self.matches)

    def next_match(self, step: int = 1) -> tuple[int, int] | None:
        """Make the next (step 1) or previous (step -1) match current, wrapping around."""
        if not self.matches:
            return None
        before = self.current_match
        index = 0 if self.match_index is None else self.match_index
        self.match_index = (index + step) % len(self.matches)
        self._restyle({m for m in (before, self.current_match) if m is not None})
        self._scroll_to_current()
        return self.current_match

    def _offset_at_top(self) -> int:
        y = self.scroll_y
        for block in self.blocks():
            region = block.virtual_region
            if region.y + region.height > y:
                return block.start
        return 0

    def _restyle(self, spans: set[tuple[int, int]]) -> None:
        for block in self.blocks():
            if block.end <= block.start:
                continue
            if any(ms < block.end and block.start < me for ms, me in spans):
                block.update(self._styled(block.start, block.end))

    def _scroll_to_current(self) -> None:
        current = self.current_match
        if current is None:
            return
        self.call_after_refresh(self.scroll_to_offset, current[0])

    def match_line(self, offset: int) -> int | None:
        """The scroll line of the character at ``offset`` (None when it is not shown)."""
        for block in self.blocks():
            if block.start <= offset < max(block.end, block.start + 1):
                width = block.content_region.width
                before = self.document.text[block.start : offset]
                line = 0
                if before and width > 0:
                    line = max(0, len(Content(before).wrap(width)) - 1)
                return block.virtual_region.y + line
        return None

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the line holding ``offset`` into view (a third of the way down) if it is not."""
        line = self.match_line(offset)
        if line is None:
            return
        height = self.scrollable_content_region.height
        if self.scroll_y <= line < self.scroll_y + height:
            return
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def blocks(self) -> Iterator[TextBlock]:
        """The headings and paragraphs, in order."""
        return iter(self.query(TextBlock))

    def cited_blocks(self) -> list[TextBlock]:
        """The paragraphs holding part of the passage."""
        return list(self.query("TextBlock.-cited").results(TextBlock))

    def highlighted_text(self) -> str:
        """The text shown with the passage highlight (paragraph parts joined by blank lines)."""
        parts: list[str] = []
        for block in self.cited_blocks():
            content = block.visual
            if not isinstance(content, Content):
                continue
            for span in content.spans:
                if span.style == PASSAGE_STYLE:
                    parts.append(content.plain[span.start : span.end])
        return "\n\n".join(parts)

    def section_index(self, offset: int) -> int:
        """The index (in :attr:`sections`) of the section holding ``offset``."""
        for index, section in enumerate(self.sections):
            if section.start <= offset < section.end:
                return index
        return 0

    def scroll_to_section(self, index: int) -> None:
        """Put the heading of section ``index`` at the top."""
        heading = self.query(f".section-{index}").first(TextBlock)
        self.scroll_to(y=heading.virtual_region.y, animate=False, immediate=True)

    def scroll_to_passage(self) -> None:
        """Put the passage's first line near the top (with a line of context above it)."""
        blocks = self.cited_blocks()
        if not blocks or self.passage is None:
            return
        first = blocks[0]
        line = 0
        before = self.document.text[first.start : self.passage[0]]
        width = first.content_region.width
        if before and width > 0:
            # The passage usually starts inside a paragraph: count the wrapped lines before it.
            line = max(0, len(Content(before).wrap(width)) - 1)
        self.passage_line = first.virtual_region.y + line
        self.scroll_to(y=max(0, self.passage_line - 1), animate=False, immediate=True)
