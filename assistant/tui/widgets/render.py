"""Display text for answers and passages, and their Markdown form.

Everything shown on screen is built as :class:`textual.content.Content` from plain strings:
document text is never parsed as markup (the review is full of ``[55]`` and ``[67-69]``), and every
string is first passed through :func:`assistant.textutil.neutralise` so that terminal control
characters appear as visible symbols instead of acting on the terminal. ``neutralise`` replaces
one character by one character, so offsets into the original text stay valid for the highlights.

Nothing here decides what an answer is: it only formats the records the ``Assistant`` returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from textual.content import Content
from textual.style import Style

from ...records import Answer, Citation, Hit, place_label
from ...text.doses import REGIMEN_WORDS, dose_matches
from ...text.references import REFERENCE
from ...text.safe import neutralise
from ...text.sentences import sentence_spans
from ...text.terms import prefix_stem, query_terms
from ..persist import Turn as Turn

# Styles are strings, not Style objects, so that theme variables resolve when a widget renders.
# The $cite, $cite-ink, $dose, $muted, $heading and $passage variables are computed per theme by
# :func:`assistant.tui.contrast.readable_variables` so that text keeps a contrast of 4.5:1 or more.
#: The app's own citation markers: a solid badge, unlike the document's "[13]" references.
MARKER_STYLE = "bold $cite-ink on $cite"
#: The document's own reference numbers ("[13]", "[67-69]"): muted so they do not look like markers.
REF_STYLE = "$muted"
DOSE_STYLE = "bold $dose"
TERM_STYLE = "underline"
PASSAGE_STYLE = "on $passage"
QUOTE_STYLE = "bold"
NOT_COVERED_STYLE = "italic $dose"
MUTED_STYLE = "$muted"
HEADER_STYLE = "bold"
ACCENT_STYLE = "bold $heading"
FIND_STYLE = "reverse"
FIND_CURRENT_STYLE = "bold reverse $dose"


#: A citation marker as the answer writes it: " [n]" after a sentence.
_MARKER = re.compile(r"(?<= )\[(\d+)\](?= |$)")
#: Characters ending a quoted sentence: " [n]" after them is a marker, not an in-text reference.
_SENTENCE_END = frozenset(".!?…:;\"'”’)]")


def literal(text: str, style: str = "") -> Content:
    """``text`` as literal content (control characters made visible), optionally styled."""
    content = Content(neutralise(text))
    return content.stylize(style) if style else content


def dose_spans(
    text: str, sentences: Iterable[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """``(start, end)`` of what is highlighted as a regimen in ``text``.

    The doses are the ones the dose rules of :mod:`assistant.domain` record
    (:func:`assistant.text.doses.dose_matches`, sentence by sentence: ``sentences`` spans, else
    :func:`sentence_spans`); schedules, durations and trial numbers are
    :data:`assistant.text.doses.REGIMEN_WORDS`.
    """
    found: list[tuple[int, int]] = []
    for s, e in sentence_spans(text) if sentences is None else sentences:
        found += [(s + m.start(), s + m.end()) for m in dose_matches(text[s:e])]
    found += [m.span() for m in REGIMEN_WORDS.finditer(text)]
    return sorted(found)


def _highlight_doses(
    content: Content, sentences: Iterable[tuple[int, int]] | None = None
) -> Content:
    for start, end in dose_spans(content.plain, sentences):
        content = content.stylize(DOSE_STYLE, start, end)
    return content


def citation_markers(text: str, numbers: Collection[int]) -> list[tuple[int, int, int]]:
    """``(start, end, n)`` of the citation markers in an answer's text.

    The review's own reference numbers ("lifespan [221].") look like markers, so a bracketed number
    counts only when it is a citation number of the answer, stands alone between spaces and either
    ends the answer, follows the end of a sentence or precedes the start of the next one.
    """
    found: list[tuple[int, int, int]] = []
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n not in numbers:
            continue
        before = text[: m.start()].rstrip()[-1:]
        after = text[m.end() + 1 : m.end() + 2]
        if m.end() == len(text) or before in _SENTENCE_END or after.isupper() or after.isdigit():
            found.append((m.start(), m.end(), n))
    return found


def term_pattern(question: str) -> re.Pattern[str] | None:
    """A pattern matching the question's content words in a passage (None if it has none)."""
    terms = {prefix_stem(t) for t in query_terms(question) if len(t) > 2}
    if not terms:
        return None
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)


def part_markers(parts: Iterable[tuple[str, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text of an answer's parts (each sentence, then " [n]") and ``(start, end, n)`` of each
    marker in it: the same text the answer carries, with the markers' places known, not guessed."""
    pieces: list[str] = []
    markers: list[tuple[int, int, int]] = []
    at = 0
    for sentence, n in parts:
        if pieces:
            pieces.append(" ")
            at += 1
        marker = f"[{n}]"
        pieces += [sentence, " ", marker]
        at += len(sentence) + 1
        markers.append((at, at + len(marker), n))
        at += len(marker)
    return "".join(pieces), markers


def answer_content(answer: Answer) -> Content:
    """The answer's text with clickable citation markers and doses, durations, trials highlighted.

    The markers come from the answer's parts; only an answer without parts (one saved before
    answers carried them) has its markers found in the text. A marker click runs the ``cite(n)``
    action of the widget showing the content.
    """
    if not answer.answered:
        return Content(neutralise(answer.answer)).stylize(NOT_COVERED_STYLE)
    sentences: list[tuple[int, int]] | None = None
    if answer.parts:
        raw, markers = part_markers(answer.parts)
        text = neutralise(raw)
        ends = [start - 1 for start, _, _ in markers]  # each sentence ends before " [n]"
        sentences = [(e - len(t), e) for (t, _), e in zip(answer.parts, ends, strict=True)]
    else:
        text = neutralise(answer.answer)
        markers = citation_markers(text, {c.n for c in answer.citations})
    content = Content(text)
    at_marker = {start for start, _, _ in markers}
    for m in REFERENCE.finditer(text):
        if m.start() not in at_marker:
            content = content.stylize(REF_STYLE, m.start(), m.end())
    content = _highlight_doses(content, sentences)
    for start, end, n in markers:
        content = content.stylize(MARKER_STYLE, start, end)
        content = content.stylize(Style.from_meta({"@click": f"cite({n})"}), start, end)
    return content


def passage_content(
    text: str, terms: re.Pattern[str] | None = None, quote: str | None = None
) -> Content:
    """A passage with the question's terms, doses and (if given) the cited quote highlighted."""
    plain = neutralise(text)
    content = Content(plain)
    if quote:
        at = text.find(quote)
        if at >= 0:
            content = content.stylize(QUOTE_STYLE, at, at + len(quote))
    if terms is not None:
        content = content.highlight_regex(terms, style=TERM_STYLE)
    content = content.highlight_regex(REFERENCE, style=REF_STYLE)
    return _highlight_doses(content)


def marker_content(n: int) -> Content:
    """The app's citation marker ``[n]`` as shown (a badge)."""
    return Content.styled(f"[{n}]", MARKER_STYLE)


def location_label(
    section: str, page: int | None, lines: tuple[int, int], page_end: int | None = None
) -> str:
    """'Section, p. 3, lines 10-12' (no page for text files; across a page break 'p. 3 line 40
    to p. 4 line 2')."""
    return place_label(section, page, lines, page_end)


def citation_label(citation: Citation) -> str:
    """The location of a citation."""
    return location_label(citation.section, citation.page, citation.lines, citation.page_end)


def hit_label(hit: Hit) -> str:
    """The location of a retrieved passage."""
    c = hit.chunk
    return location_label(c.section, c.page, c.lines, c.location.page_end)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + " …"


# -- Markdown -------------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """``text`` on one line with Markdown's special characters escaped (for headings)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(neutralise(text).split()))


def _blockquote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


def turn_markdown(turn: Turn, source: Callable[[str], str] | None = None) -> str:
    """One question, its answer and its numbered sources as Markdown.

    ``source(chunk_id)`` names the document a passage comes from (omitted when not given).
    """
    name = source or (lambda chunk_id: "")
    out = [f"## {md_escape(turn.question)}", ""]
    ans = turn.answer
    if ans is None:
        out += [f"_No answer: {neutralise(turn.error or 'not answered yet')}_", ""]
        return "\n".join(out)
    if ans.answered:
        out += [neutralise(ans.answer), ""]
        if ans.citations:
            out += ["**Sources**", ""]
            for c in ans.citations:
                doc = name(c.chunk_id)
                where = f" ({neutralise(doc)})" if doc else ""
                out += [
                    f"[{c.n}] {neutralise(citation_label(c))}{where}",
                    "",
                    _blockquote(neutralise(c.quote)),
                    "",
                ]
    else:
        out += [f"_{neutralise(ans.answer)}_", ""]
        if ans.hits:
            out += ["**Closest passages**", ""]
            for hit in ans.hits:
                doc = name(hit.chunk.chunk_id)
                where = f" ({neutralise(doc)})" if doc else ""
                out += [
                    f"{hit.rank}. {neutralise(hit_label(hit))}{where}",
                    "",
                    _blockquote(neutralise(shorten(hit.chunk.display_text, 400))),
                    "",
                ]
    settings = f"retrieval: {turn.mode}, {turn.k} passages"
    if ans.note:
        settings += f"; {ans.note}"
    out += [f"_{neutralise(settings)}_", ""]
    return "\n".join(out)


def conversation_markdown(
    turns: Iterable[Turn], source: Callable[[str], str] | None = None, title: str = "Conversation"
) -> str:
    """The whole conversation as one Markdown document."""
    parts = [f"# {md_escape(title)}", ""]
    for turn in turns:
        parts.append(turn_markdown(turn, source))
    return "\n".join(parts).rstrip("\n") + "\n"
