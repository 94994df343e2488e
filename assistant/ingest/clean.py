"""From raw lines to a Document: drop furniture and boilerplate, build blocks, repair text.

:func:`clean_lines` is the one entry point; readers hand it :class:`~.base.RawLine` s (text files
line by line; PDFs with what the layout step found out about each line).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from ..records import Document
from .base import RawLine
from .blocks import _bare_title, _Raw, _raw_blocks, _title_like
from .captions import caption_tables
from .front import author_list, drop_front_matter
from .linemap import _assemble
from .lists import list_columns
from .tables import (
    _table_rows,
    collapse_soups,
    is_pipe_row,
    is_pipe_rule,
    layout_rows,
    pipe_cells,
)
from .text import (
    _TABLE_CAPTION,
    _append_line,
    _Line,
    _normalise,
    _Para,
    _stray_fragment,
    _terminal,
    _Vocab,
    bracket_references,
    repair_words,
    space_references,
)

_REFERENCES = re.compile(
    r"^(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited)$", re.I
)
#: Sections that are not content: their text is not indexed, except paragraphs that say who
#: paid for the work or what interests the authors declare (a reader's question; a journal
#: often puts "X funded this study" under Acknowledgments).
_BOILERPLATE_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:acknowledg(?:e)?ments?|author contributions?|"
    r"contributors|data sharing|data availability(?: statement)?|"
    r"availability of data(?: and materials?)?|ethics approval.*|abbreviations|"
    r"supplementary materials?)\.?$",
    re.I,
)
#: Paragraphs that are boilerplate wherever they stand (licence notes, run-in labels). Common
#: words ("Published clinical studies report...") are labels only with a colon.
_BOILERPLATE_PARA = re.compile(
    r"^(?:acknowledg(?:e)?ments?|author contributions|contributors|data sharing|"
    r"data availability(?: statement)?|ethics approval)\b[:.]?"
    r"|^(?:key ?words|correspondence|received|accepted|published)\s*:"
    r"|©|\bcopyright\b|creative commons|open access article|license which permits"
    r"|\ball rights reserved\b|licensee \w+",
    re.I,
)
#: Funding and declared interests: kept as content even inside a boilerplate section.
_FUNDING = re.compile(
    r"\bfunded\b|\bfunding\b|\bgrants?\b|\bcompeting interests?\b|"
    r"\bconflicts? of interests?\b",
    re.I,
)
#: Where a funding or interests statement starts in first-page small print (a sidebar).
_FUNDING_LABEL = re.compile(
    r"^(?:funding(?: information| sources?)?|conflicts? of interests?|competing interests?|"
    r"declaration of (?:competing )?interests?)\b",
    re.I,
)
#: The first entry of a reference list: "1. Huang, H.", "[1] ...", "1 Remme JHF, ..." or an
#: author-year entry ("Smith, J. A., ... 2015").
_REFERENCE_ENTRY = re.compile(
    r"^\s*(?:\[1\]|1\.?)\s+\S"
    r"|^[A-Z][\w'’-]+,? (?:[A-Z]\.?\s?){1,3}[,.;].{0,200}\b(?:19|20)\d\d\b"
)


#: HTML tags a Markdown file may hold (only these: "<ULN" or "<Stage 3 and >" are text).
_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|figcaption|"
    r"figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|s|small|source|span|strike|"
    r"strong|sub|summary|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|video)(?:\s[^<>]*)?/?>",
    re.I,
)
#: A link's target: no spaces, balanced parentheses, an optional title.
_TARGET = r"\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"
_NUMERIC = re.compile(r"^[\d,–\- ]+$")


def _link_text(m: re.Match[str]) -> str:
    """A link by its text; a citation link ("[12](#ref12)") keeps its brackets."""
    text = m.group(1)
    return f"[{text}]" if _NUMERIC.match(text) else text


#: Inline Markdown and HTML as the reader sees it, in this order: a block quote's markers
#: dropped, a superscript as "^" and its content ("10^9/L",
#: "m^2": never run into the number before it), other known tags dropped, an image by its alt
#: text, a link by its text, emphasis and strike-through by their content (not inside a word:
#: "snake__case__name" stays).
_MD_INLINE: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"^\s*(?:>\s?)+"), ""),
    (re.compile(r"<sup>\s*([^<>]*?)\s*</sup>", re.I), r"^\1"),
    (_TAG, ""),
    (re.compile(r"!\[([^\]]*)\]" + _TARGET), r"\1"),
    (re.compile(r"\[([^\]]+)\]" + _TARGET), _link_text),
    (re.compile(r"\[(?![\d,–\- ]+\])([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<!\w)~~(?=\S)(.+?)(?<=\S)~~(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
)
#: An autolink ("<https://example.org>") and a bare web address.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_URL = re.compile(r"https?://[^\s<>()\[\]]+")
#: A code span, read verbatim: no markup inside it is read.
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
#: A backslash escape ("\\*" is a literal "*").
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


#: A fenced code block's opening or closing line.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


def markdown_inline(text: str) -> str:
    """``text`` with its inline Markdown read: "[pyenv local](https://...#pyenv-local)" ->
    "pyenv local", "**Note**" -> "Note", "`__init__.py`" -> "__init__.py" (code spans and
    backslash escapes are kept from the rest), "<sup>9</sup>" -> "^9"."""
    kept: list[str] = []

    def keep(piece: str) -> str:
        kept.append(piece)
        return f"\ue000{len(kept) - 1}\ue001"

    text = _CODE_SPAN.sub(lambda m: keep(m.group(2).strip()), text)
    text = _ESCAPE.sub(lambda m: keep(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: keep(m.group(1)), text)  # "<https://...>": its address
    text = _URL.sub(lambda m: keep(m.group(0)), text)  # an address is no emphasis
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], text)


def _markdown_lines(lines: list[RawLine]) -> list[RawLine]:
    """Markdown as structure: comments removed, inline markup read (links by their text,
    emphasis and code by their content, HTML tags dropped), entities unescaped, pipe tables as
    rows, fenced code blocks as blocks of their own lines."""
    out: list[RawLine] = []
    in_comment = False
    fence = ""  # the open code fence ("```", "~~~"), if any
    for raw in lines:
        text = raw.text
        mark = _FENCE.match(text)
        closes = (
            mark is not None
            and fence != ""
            and mark.group(1)[0] == fence[0]
            and len(mark.group(1)) >= len(fence)
            and not mark.group(2).strip()
        )
        if not in_comment and (mark or fence):
            if mark and (not fence or closes):
                # a code block stands apart from the text around it; its fences are not text
                fence = "" if fence else mark.group(1)
                out.append(RawLine("", raw.line, raw.page))
            else:
                # code, verbatim: figure-like lines ("# comment" is no heading), never sentences
                out.append(RawLine(text, raw.line, raw.page, "figure"))
            continue
        if in_comment:
            end = text.find("-->")
            if end < 0:
                continue
            text, in_comment = text[end + 3 :], False
        text = re.sub(r"<!--.*?-->", "", text)
        if "<!--" in text:
            text, in_comment = text[: text.index("<!--")], True
        text = html.unescape(markdown_inline(text))
        if is_pipe_rule(text):
            continue
        if is_pipe_row(text):
            cells = pipe_cells(text)
            out.append(RawLine(" ".join(c for c in cells if c), raw.line, raw.page, "table", cells))
        else:
            out.append(RawLine(text, raw.line, raw.page, raw.kind, raw.cells))
    return out


def _revive_funding(lines: list[RawLine]) -> list[RawLine]:
    """A funding or interests statement in first-page small print (skipped with the
    affiliations around it) is content: its label becomes a heading, its lines text."""
    out: list[RawLine] = []
    reviving = False
    for raw in lines:
        if raw.kind != "skip":
            reviving = False
        elif _FUNDING_LABEL.match(raw.text.strip()):
            reviving = True
            label = len(raw.text.split()) <= 4
            out.append(RawLine(raw.text, raw.line, raw.page, "heading" if label else ""))
            continue
        elif reviving:
            out.append(RawLine(raw.text, raw.line, raw.page, ""))
            continue
        out.append(raw)
    return out


def _prepare(
    raw_lines: Iterable[RawLine], markdown: bool, pdf: bool = False
) -> tuple[list[_Line], _Vocab]:
    raw = list(raw_lines)
    if markdown:
        raw = _markdown_lines(raw)
    # After the revival: a funding statement in the sidebar stays; the rest of it goes.
    raw = drop_front_matter(_revive_funding(raw))
    lines = [_normalise(r) for r in raw if r.kind not in ("furniture", "skip")]
    if pdf:
        lines = list_columns(lines)
    vocab = _Vocab.from_lines(lines)
    counts: dict[str, int] = {}
    for ln in lines:
        for tok in ln.text.split():
            counts[tok] = counts.get(tok, 0) + 1
    for i, ln in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        # Stray fragments ("m6A-containing Sy" / " mRNA"): drop the lone token.
        if _stray_fragment(ln, following, counts):
            ln.text = ln.text.rsplit(" ", 1)[0]
        ln.text = repair_words(ln.text, vocab)
        if pdf:
            ln.text = space_references(ln.text)
        if pdf and ln.kind in ("", "text", "box"):
            ln.text = bracket_references(ln.text)
    return lines, vocab


class _Cleaner:
    """The block loop: prose joins across page/column breaks; inserts met inside an open
    sentence (captions, tables, figure text) wait until the sentence ends. A shaded panel
    (its headings and paragraphs) waits until the next heading: it becomes a section of its
    own there and never cuts the running text or takes over the section of the text after it."""

    def __init__(self, blocks: list[_Raw], vocab: _Vocab, markdown: bool = False) -> None:
        self.blocks = blocks
        self.vocab = vocab
        self.markdown = markdown
        #: The open paragraph is a list item.
        self.open_item = False
        self.out: list[_Para] = []
        self.pending: list[_Para] = []
        self.open_para: _Para | None = None
        #: The heading of the boilerplate section being skipped.
        self.skipping: _Raw | None = None
        #: Shaded panels' headings and paragraphs waiting for the next heading.
        self.panels: list[_Para] = []

    def flush_panels(self) -> None:
        self.close()
        self.out.extend(self.panels)
        self.panels.clear()

    def close(self) -> None:
        self.open_item = False
        if self.open_para is not None:
            self.out.append(self.open_para)
            self.open_para = None
        self.out.extend(self.pending)
        self.pending.clear()

    def is_open(self) -> bool:
        return self.open_para is not None and not _terminal(self.open_para.text)

    def insert_target(self) -> list[_Para]:
        return self.pending if self.is_open() else self.out

    def para(self, kind: str, lines: list[_Line], context: str = "") -> _Para:
        p = _Para(kind, context=context)  # type: ignore[arg-type]
        for ln in lines:
            _append_line(p, ln, self.vocab)
        return p

    def run(self) -> list[_Para]:
        i = 0
        while i < len(self.blocks):
            blk = self.blocks[i]
            nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            if self.reference_list(blk, nxt):
                break  # a reference list is not content
            if self.heading(blk, nxt):
                i += 1
                continue
            if self.skipping is not None:
                if blk.kind not in ("text", "figure") or not _FUNDING.search(blk.text):
                    i += 1
                    continue
                # "X funded this study" under Acknowledgments (small print or not): keep it,
                # as prose under its heading, up to where the thanks begin.
                self.close()
                self.out.append(self.para("heading", self.skipping.lines))
                kept = _until_thanks(self.para("paragraph", blk.lines))
                if kept is not None:
                    self.out.append(kept)
                    i += 1
                    continue
                self.skipping = None
                blk = _Raw(blk.lines, "text")
            i = self.step(i, blk, nxt)
        self.flush_panels()
        # a table whose rows cannot be recovered becomes one block (issue 10)
        # then every table its caption, and grouped rows their group (issue 10)
        return caption_tables(
            collapse_soups([p for p in self.out if p.kind == "heading" or not _boilerplate(p.text)])
        )

    @staticmethod
    def reference_list(blk: _Raw, nxt: _Raw | None) -> bool:
        """A "References" heading followed by a first reference entry (a table column named
        "References" is not the start of the list)."""
        if len(blk.lines) > 2 or not _REFERENCES.match(blk.text.strip()):
            return False
        return nxt is None or bool(_REFERENCE_ENTRY.match(nxt.text))

    def heading(self, blk: _Raw, nxt: _Raw | None) -> bool:
        heading = (
            blk.kind == "heading"
            or (
                blk.kind == "text"
                and _title_like(blk.text)
                and len(blk.lines) <= 2
                and nxt is not None
                # a title over a paragraph or over a finished sentence of its own ("Elimination"
                # over "Repotrectinib elimination is time-dependent ..."), but a value line is
                # no title ("Tablets: 500 mg and 850 mg" / "Take them with meals."); a title
                # over a bulleted list was tried as well and cost fit answers (eval/README,
                # CLEANING_VERSION 47)
                and nxt.kind == "text"
                and (nxt.long or _terminal(nxt.text) and _bare_title(blk.text))
                and nxt.text[:1].isupper()
                and not self.is_open()
            )
        )
        if not heading:
            return False
        self.skipping = blk if _BOILERPLATE_HEADING.match(blk.text.strip()) else None
        if self.skipping is None:
            self.flush_panels()
            self.out.append(self.para("heading", blk.lines))
        return True

    def step(self, i: int, blk: _Raw, nxt: _Raw | None) -> int:
        if blk.kind in ("box", "box_heading"):
            kind = "heading" if blk.kind == "box_heading" else "paragraph"
            self.panels.append(self.para(kind, blk.lines))
            return i + 1
        if blk.kind == "caption":
            return self.caption(i, blk)
        if blk.kind == "item":
            # a list item is a paragraph of its own, whether the text before it finished a
            # sentence or not; in a PDF its last sentence may go on after a page or column
            # break, in Markdown a blank line ends it
            self.close()
            self.open_para = self.para("paragraph", blk.lines)
            self.open_item = True
            if self.markdown:
                self.close()
            return i + 1
        if blk.kind == "table":
            self.insert_target().extend(layout_rows(blk, self.last_caption(), self.vocab))
            return i + 1
        if blk.kind == "figure" or (
            blk.short
            and (
                self.is_open()
                # a short lead-in before a list ("The main features are:") is prose
                or not (nxt is not None and (nxt.kind == "item" or nxt.kind == "text" and nxt.long))
            )
        ):
            self.figure_text(blk)
            return i + 1
        # Prose (text going on from a list item starts in lower case: "Patients with ..."
        # after "• Hepatic function" is a paragraph of its own).
        if (
            self.is_open()
            and self.open_para is not None
            and not (self.open_item and blk.text[:1].isupper())
        ):
            for ln in blk.lines:
                _append_line(self.open_para, ln, self.vocab)
        else:
            self.close()
            self.open_para = self.para("paragraph", blk.lines)
        return i + 1

    def last_caption(self) -> str:
        for p in reversed(self.pending or self.out):
            if p.kind == "caption":
                return p.text
            if p.kind not in ("table_row", "figure_text"):
                break
        return ""

    def caption(self, i: int, blk: _Raw) -> int:
        cap = self.para("caption", blk.lines)
        if not _TABLE_CAPTION.match(blk.text) or (
            i + 1 < len(self.blocks) and self.blocks[i + 1].kind == "table"
        ):
            self.insert_target().append(cap)
            return i + 1
        # A flattened table: following blocks up to a note ending in '.' or a lowercase
        # continuation of the interrupted sentence.
        region: list[_Raw] = []
        note: _Raw | None = None
        j = i + 1
        while j < len(self.blocks) and self.blocks[j].kind == "text" and len(region) < 80:
            cand = self.blocks[j]
            if cand.text[:1].islower() and cand.long:
                break
            j += 1
            if _terminal(cand.text):
                note = cand
                break
            region.append(cand)
        target = self.insert_target()
        if not self.is_open():
            self.close()
        target.append(cap)
        target.extend(_table_rows(region, cap.text, self.vocab))
        if note is not None:
            target.append(self.para("table_note", note.lines, cap.text))
        return j

    def figure_text(self, blk: _Raw) -> None:
        """Figure label text (a run of short blocks): one block, one label per line."""
        target = self.insert_target()
        if target and target[-1].kind == "figure_text":
            fig = target[-1]
        else:
            fig = _Para("figure_text")
            target.append(fig)
        label = self.para("figure_text", blk.lines)
        if fig.pieces:
            text, line, page = label.pieces[0]
            label.pieces[0] = ("\n" + text, line, page)
        fig.pieces.extend(label.pieces)


#: A sentence (after the first) that thanks people: where a funding paragraph turns into a
#: list of names ("... this manuscript. For advice during study conduct we thank M M ...").
_THANKS = re.compile(r"(?<=[.!?])\s+(?=[A-Z][^.!?]*\b(?:thank|grateful)\b)")


def _until_thanks(para: _Para) -> _Para | None:
    """The paragraph cut before its first sentence of thanks (its pieces keep their source
    lines; the last one is shortened), or None when it thanks nobody after the first
    sentence."""
    m = _THANKS.search(para.text)
    if m is None:
        return None
    cut = m.start()
    pieces: list[tuple[str, int, int | None]] = []
    at = 0
    for text, line, page in para.pieces:
        if at + len(text) >= cut:
            pieces.append((text[: cut - at], line, page))
            break
        pieces.append((text, line, page))
        at += len(text)
    return _Para(para.kind, [p for p in pieces if p[0].strip()])


def _boilerplate(text: str) -> bool:
    flat = " ".join(text.split())
    if author_list(flat):
        return True
    label = _BOILERPLATE_PARA.search(flat[:400])
    return (
        bool(label)
        and len(flat) < 1500
        and not (label and label.start() == 0 and _FUNDING.search(flat))
    )


def clean_lines(
    raw_lines: Iterable[RawLine], doc_id: str, markdown: bool = False, pdf: bool = False
) -> Document:
    """Clean extracted lines into a Document (sha256 and path are left for the caller)."""
    lines, vocab = _prepare(raw_lines, markdown, pdf)
    blocks = _raw_blocks(lines, markdown, pdf)
    return _assemble(doc_id, _Cleaner(blocks, vocab, markdown).run())
