"""PDF pages as positioned text.

pypdf's layout engine (the one behind ``extract_text(extraction_mode="layout")``) knows, for every
text run, its start and end x, its baseline and its effective font height; that is what page layout
needs. Rotated text (a table set sideways) is taken from the plain extraction instead. When the
layout engine cannot read a page, the page falls back to plain pypdf lines.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import IngestError


@dataclass
class Run:
    """Text on one baseline between two x positions, with its font height and boldness."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False
    #: Neither this run nor the one before it had a space at the join (a word split in two).
    glued: bool = False


@dataclass
class Page:
    number: int
    width: float
    height: float
    runs: list[Run]
    #: Text set at an angle (rotated tables), in pypdf's reading order; never running text.
    rotated: list[str]
    #: False when positions were unavailable and ``runs`` are plain lines in pypdf's order.
    positioned: bool = True


_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


def open_pdf(path: Path) -> Any:
    """A decrypted PdfReader, or IngestError naming the file and why it cannot be read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported ciphers
                raise IngestError(
                    f"{path}: encrypted PDF, cannot decrypt ({exc}); skipped"
                ) from exc
            if not ok:
                raise IngestError(f"{path}: encrypted PDF (password required); skipped")
        # Touch the first page: some ciphers only fail when content is decrypted.
        if len(reader.pages):
            reader.pages[0].extract_text()
        return reader
    except IngestError:
        raise
    except Exception as exc:  # a damaged or unsupported file can fail anywhere inside pypdf
        message = str(exc)
        if "crypt" in message.lower() or "AES" in message:
            raise IngestError(f"{path}: encrypted PDF, cannot decrypt ({exc}); skipped") from exc
        raise IngestError(f"{path}: unreadable PDF ({type(exc).__name__}: {exc}); skipped") from exc


def _bold_rows(page: Any) -> tuple[dict[tuple[int, str], bool], list[str]]:
    """Boldness of text runs keyed by (baseline, first characters), and the rotated text."""
    bold: dict[tuple[int, str], bool] = {}
    rotated: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if abs(tm[1]) > abs(tm[0]) + 1e-6 or abs(cm[1]) > abs(cm[0]) + 1e-6:
            rotated.append(text)
            return
        name = str(font.get("/BaseFont", "")) if font else ""
        key = (round(y), text.strip()[:8])
        bold[key] = bool(_BOLD.search(name))

    page.extract_text(visitor_text=visit)
    return bold, rotated


def _text_groups(page: Any) -> list[dict[str, Any]]:
    """The layout engine's text groups (a line of a text object each) in content-stream order.

    The engine ignores a ``cm`` set outside any ``q``/``Q`` pair (Word and DailyMed PDFs scale
    and flip the whole page that way), so the content stream is wrapped in one ``q ... Q``: the
    coordinates then come out in page space. Rotated text is left out.
    """
    from itertools import chain

    from pypdf._text_extraction._layout_mode import _fixed_width_page as fw
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    if not isinstance(contents, ArrayObject | StreamObject):
        return []
    fonts = page._layout_mode_fonts()
    if not isinstance(contents, ContentStream):
        contents = ContentStream(contents, page.pdf, "bytes")
    stream = contents.operations
    ops = chain([([], b"q")], stream, [([], b"Q")])
    state = TextStateManager()
    groups: list[dict[str, Any]] = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            found, _ = fw.recurse_to_target_op(
                ops, state, b"ET" if op == b"BT" else b"Q", fonts, True
            )
            groups.extend(dict(g) for g in found)
        elif op == b"Tf":
            fw.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    return groups


def _layout_runs(page: Any) -> list[Run]:
    """Runs of a page, in content-stream order, with their positions.

    The engine does not advance x across some text-positioning operators (text after an
    italic word, a superscript, a second Tj): such text is reported at or before the start of
    the text shown just before it on the same baseline. It follows that text instead. (Text
    led by fill spaces is placed by them.)
    """
    height = float(page.mediabox.height)
    runs: list[Run] = []
    spaced = True
    for g in _text_groups(page):
        text: str = g["text"]
        if not text.strip():
            continue
        x0, x1 = float(g["tx"]), float(g["displaced_tx"])
        y = float(g["ty"]) if g["flip_sort"] == 1 else height - float(g["ty"])
        size = float(g["font_height"]) or 1.0
        width = (x1 - x0) / max(len(text), 1)
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = x0 + lead * width, x1 - trail * width
        prev = runs[-1] if runs else None
        if prev is not None and abs(prev.y - y) < 0.01 and start <= prev.x0 + 0.01:
            start, end = prev.x1 + (0.0 if lead == 0 else 0.25 * size), prev.x1 + (end - start)
        runs.append(Run(text.strip(), start, end, y, size, glued=not spaced and lead == 0))
        spaced = trail > 0
    return runs


def _parse_once(page: Any) -> None:
    """Parse the page's content stream once for both passes over it (the visitor pass and the
    layout pass): pypdf reuses a ContentStream it finds as the page's contents."""
    from pypdf.generic import ArrayObject, ContentStream, NameObject, StreamObject

    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    if isinstance(contents, ArrayObject | StreamObject) and not isinstance(contents, ContentStream):
        page[NameObject("/Contents")] = ContentStream(contents, page.pdf, "bytes")


def _page(number: int, page: Any) -> Page:
    box = page.mediabox
    with contextlib.suppress(Exception):  # a damaged stream fails again, with its error, below
        _parse_once(page)
    bold, rotated = _bold_rows(page)
    try:
        runs = _layout_runs(page)
        positioned = True
    except Exception:  # the private layout engine failed: plain lines, pypdf's own order
        text = page.extract_text() or ""
        runs = [Run(t, 0.0, 1.0, -i, 1.0) for i, t in enumerate(text.splitlines())]
        positioned = False
    for run in runs:
        run.bold = bold.get((round(run.y), run.text[:8]), False)
    return Page(number, float(box.width), float(box.height), runs, rotated, positioned)


def read_pages(path: Path) -> list[Page]:
    """Every page of a PDF as positioned runs (IngestError when it cannot be read)."""
    reader = open_pdf(path)
    try:
        return [_page(n, page) for n, page in enumerate(reader.pages, start=1)]
    except IngestError:
        raise
    except Exception as exc:  # damaged content streams
        raise IngestError(f"{path}: unreadable PDF ({type(exc).__name__}: {exc}); skipped") from exc
