"""PDF pages as positioned text.

pypdf's layout engine (the one behind ``extract_text(extraction_mode="layout")``) knows, for every
text run, its start and end x, its baseline and its effective font height; that is what page layout
needs. Rotated text (a table set sideways) is taken from the plain extraction instead. When the
layout engine cannot read a page, the page falls back to plain pypdf lines. Each run also keeps
its words as placed by their own text-showing operations (exact where the engine is not: wide
word spacing, text after an italic word); fill spaces the words do not show are dropped. The
rules a page draws (table borders: thin filled rectangles, stroked lines and boxes) are read
from its content stream with their transformation, in the same page space as the runs.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .base import IngestError
from .superscripts import bracket_superscripts, is_superscript


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
    #: The run's words as (text, x0, x1, glued) with x from the text-showing operations (exact
    #: for spaces however wide); empty when they could not be matched.
    words: tuple[tuple[str, float, float, bool], ...] = ()


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
    #: Horizontal and vertical rules drawn on the page, as (x0, y0, x1, y1) with x0 == x1 or
    #: y0 == y1 (table borders; see :mod:`.grid`).
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: Rectangles filled with a colour other than white, as (x0, y0, x1, y1), at least a few
    #: lines high and a column narrow wide: shaded panels (a "Research in context" box).
    shades: list[tuple[float, float, float, float]] = field(default_factory=list)


def join_runs(runs: list[Run]) -> str:
    """The text of runs on one line, left to right: a word split over two runs (``glued`` and
    touching) is joined without a space."""
    out = ""
    prev: Run | None = None
    for r in runs:
        touching = prev is not None and r.glued and r.x0 - prev.x1 < 0.1 * r.size
        out += r.text if not out or touching or out.endswith("/") else " " + r.text
        prev = r
    return out


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
            found, shown = fw.recurse_to_target_op(
                ops, state, b"ET" if op == b"BT" else b"Q", fonts, True
            )
            groups.extend(_with_words([dict(g) for g in found], shown))
        elif op == b"Tf":
            fw.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    return groups


def _words(shown: Any) -> list[tuple[str, float, float, bool, bool]]:
    """Words of one text-showing operation with their x extent: a space advances by the font's
    space width plus character and word spacing (``Tc``, ``Tw``: some PDFs place table cells
    with a word spacing of hundreds of points), other characters share the rest of the
    operation's width. Each word also says whether a space precedes and follows it."""
    text: str = shown.text
    total = float(shown.displaced_tx) - float(shown.tx)
    space = float(shown.space_tx) * float(shown.transform[0])
    spaces = text.count(" ")
    glyph = (total - spaces * space) / max(len(text) - spaces, 1)
    if glyph < 0 or space < 0:
        glyph = space = total / max(len(text), 1)
    out: list[tuple[str, float, float, bool, bool]] = []
    x = float(shown.tx)
    for m in re.finditer(r" +|[^ ]+", text):
        width = len(m.group()) * (space if m.group()[0] == " " else glyph)
        if m.group()[0] != " ":
            out.append((m.group(), x, x + width, m.start() > 0, m.end() < len(text)))
        x += width
    return out


def _with_words(groups: list[dict[str, Any]], shown: list[Any]) -> list[dict[str, Any]]:
    """Each group with ``words``: (text, x0, x1, glued) of the text-showing operations it was
    built from (matched in order by their non-space characters); ``glued`` says no space
    separates the word from the one before it. ``text_height``: the font height of the first
    operation that shows a letter or digit."""
    ops = [
        t
        for t in shown
        if not t.rotated and getattr(t.font, "interpretable", True) and isinstance(t.text, str)
    ]
    k = 0
    end = start = top = float("nan")
    for g in groups:
        need = len(re.sub(r"\s", "", g["text"]))
        words: list[tuple[str, float, float, bool]] = []
        raised: set[int] = set()
        spaced = True
        base: Any = None  # the last operation in the line's own type size
        while need > 0 and k < len(ops):
            op = ops[k]
            if "text_height" not in g and re.search(r"\w", op.text):
                g["text_height"] = float(op.font_height)
            small = is_superscript(op, base)
            if not small and op.text.strip():
                base = op
            # The engine does not advance x after a text-showing operation that another one
            # follows with no positioning: the second starts where the first ended.
            shift = end - op.tx if abs(op.ty - top) < 0.01 and op.tx <= start + 0.01 else 0.0
            for word, x0, x1, before, after in _words(op):
                if small:
                    raised.add(len(words))
                words.append((word, x0 + shift, x1 + shift, not (spaced or before)))
                spaced = after
                need -= len(re.sub(r"\s", "", word))
            if not op.text.strip() or op.text.endswith(" "):
                spaced = True
            start, end, top = op.tx + shift, op.displaced_tx + shift, op.ty
            k += 1
        g["words"] = words if need == 0 else []
        if need == 0 and raised:
            g["text"], g["words"] = bracket_superscripts(g["text"], words, raised)
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
        # the height of the first letter or digit shown, not of a list item's bullet (often
        # set smaller than its text, which then passed for small print)
        size = float(g.get("text_height") or g["font_height"]) or 1.0
        width = (x1 - x0) / max(len(text), 1)
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = x0 + lead * width, x1 - trail * width
        prev = runs[-1] if runs else None
        if prev is not None and abs(prev.y - y) < 0.01 and start <= prev.x0 + 0.01:
            start, end = prev.x1 + (0.0 if lead == 0 else 0.25 * size), prev.x1 + (end - start)
        run = Run(text.strip(), start, end, y, size, glued=not spaced and lead == 0)
        run.words = tuple(g.get("words", ()))
        runs += _placed(run)
        spaced = trail > 0
    return runs


def _placed(run: Run) -> list[Run]:
    """The run without fill spaces its words do not have. After an italic word or a
    superscript the engine can lose track of x and fill the room to where it thinks the next
    text starts with spaces; the words, placed by their own text-showing operations, are
    closer than a font height there. Such fills become one space and the run ends where its
    last word ends (in a two-column page the fill had carried the rest of a line into the
    next column). Fills the words agree with (cells, two columns shown as one text object)
    stay."""
    tokens = _tokens(run.text, run.words)
    spurious = [
        k
        for k in range(1, len(tokens))
        if len(tokens[k][0]) >= 3 and tokens[k][2] - tokens[k - 1][3] <= 0.9 * run.size
    ]
    if not spurious:
        return [run]
    run.text = "".join(
        (" " if k in spurious else sep) + token for k, (sep, token, _, _) in enumerate(tokens)
    )
    run.x1 = max(run.x0 + 0.1, tokens[-1][3])
    return [run]


def _tokens(
    text: str, words: tuple[tuple[str, float, float, bool], ...]
) -> list[tuple[str, str, float, float]]:
    """The run's text as (spaces before, token, x0, x1): tokens split at the engine's spaces,
    placed by the words they are made of; [] when the two do not match."""
    out: list[tuple[str, str, float, float]] = []
    k = 0
    for m in re.finditer(r"( *)(\S+)", text):
        need = len(m.group(2))
        first = k
        while need > 0 and k < len(words):
            need -= len(words[k][0])
            k += 1
        if need != 0:
            return []
        out.append((m.group(1), m.group(2), words[first][1], words[k - 1][2]))
    return out if k == len(words) else []


Matrix = tuple[float, float, float, float, float, float]
_FILL = {b"f", b"F", b"f*"}
_STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
#: A filled rectangle at most this thick is a rule; shorter rules are ignored.
_THIN, _SHORT = 2.0, 3.0
#: A filled rectangle at least this wide and high is a shaded panel (when not white).
_PANEL_W, _PANEL_H = 100.0, 40.0


def _white(op: bytes, operands: list[Any]) -> bool | None:
    """Whether a fill-colour operator sets white (None when the colour space is not known)."""
    try:
        values = [float(v) for v in operands]
    except (TypeError, ValueError):
        return None
    if op in (b"g", b"rg") and values:
        return min(values) >= 0.97
    if op == b"k" and values:
        return max(values) <= 0.03
    return None


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix product m x n (PDF order: m applied first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _point(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def _rule(
    a: tuple[float, float], b: tuple[float, float], filled_box: bool = False
) -> tuple[float, float, float, float] | None:
    """An axis-aligned segment (or a thin filled box as its centre line), else None."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    w, h = x1 - x0, y1 - y0
    if filled_box and min(w, h) > _THIN:
        return None
    if w <= _THIN and h >= _SHORT:
        return ((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)
    if h <= _THIN and w >= _SHORT:
        return (x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
    return None


def _rules(
    page: Any, shades: list[tuple[float, float, float, float]] | None = None
) -> list[tuple[float, float, float, float]]:
    """Rules the page content draws: thin filled rectangles, stroked lines, stroked boxes
    (one rule per edge). Curves, images and form XObjects are not read. Large rectangles
    filled with a known colour other than white are added to ``shades``."""
    from pypdf.generic import ContentStream

    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    if not isinstance(contents, ContentStream):
        contents = ContentStream(contents, page.pdf, "bytes")
    ctm: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[tuple[Matrix, bool | None]] = []
    white: bool | None = False  # the fill colour: black until set
    boxes: list[tuple[tuple[float, float], ...]] = []
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    start = here = (0.0, 0.0)
    out: list[tuple[float, float, float, float]] = []
    for operands, op in contents.operations:
        if op == b"q":
            stack.append((ctm, white))
        elif op == b"Q":
            ctm, white = stack.pop() if stack else (ctm, white)
        elif op in (b"g", b"rg", b"k", b"sc", b"scn", b"cs"):
            white = _white(op, operands)
        elif op == b"cm" and len(operands) == 6:
            ctm = _times(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            corners = [_point(ctm, x, y), _point(ctm, x + w, y), _point(ctm, x + w, y + h)]
            boxes.append((*corners, _point(ctm, x, y + h)))
        elif op == b"m" and len(operands) == 2:
            start = here = _point(ctm, float(operands[0]), float(operands[1]))
        elif op == b"l" and len(operands) == 2:
            nxt = _point(ctm, float(operands[0]), float(operands[1]))
            lines.append((here, nxt))
            here = nxt
        elif op in (b"c", b"v", b"y") and len(operands) >= 2:
            here = _point(ctm, float(operands[-2]), float(operands[-1]))
        elif op == b"h":
            lines.append((here, start))
            here = start
        elif op in _FILL or op in _STROKE or op == b"n":
            if op != b"n":
                for a, b in lines:
                    r = _rule(a, b)
                    if r:
                        out.append(r)
                for box in boxes:
                    if op in _FILL and shades is not None and white is False:
                        xs, ys = [p[0] for p in box], [p[1] for p in box]
                        if min(max(xs) - min(xs), max(ys) - min(ys)) >= _PANEL_H and (
                            max(xs) - min(xs) >= _PANEL_W
                        ):
                            shades.append((min(xs), min(ys), max(xs), max(ys)))
                    edges = (
                        [(box[0], box[2])]
                        if op in _FILL
                        else list(zip(box, box[1:] + box[:1], strict=True))
                    )
                    for a, b in edges:
                        r = _rule(a, b, filled_box=op in _FILL)
                        if r:
                            out.append(r)
            boxes, lines = [], []
    return out


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
    rules: list[tuple[float, float, float, float]] = []
    shades: list[tuple[float, float, float, float]] = []
    if positioned:
        with contextlib.suppress(Exception):  # rules are a help for tables, never required
            rules = _rules(page, shades)
    return Page(
        number, float(box.width), float(box.height), runs, rotated, positioned, rules, shades
    )


def read_pages(path: Path) -> list[Page]:
    """Every page of a PDF as positioned runs (IngestError when it cannot be read)."""
    reader = open_pdf(path)
    try:
        return [_page(n, page) for n, page in enumerate(reader.pages, start=1)]
    except IngestError:
        raise
    except Exception as exc:  # damaged content streams
        raise IngestError(f"{path}: unreadable PDF ({type(exc).__name__}: {exc}); skipped") from exc
