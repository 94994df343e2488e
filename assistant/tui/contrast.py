"""Readable colours for every theme: the chat's own colour variables, kept at WCAG AA contrast.

Themes pick accent and warning colours for buttons and borders, not for text: orange on the light
grey of textual-light is about 1.3:1. The chat writes citation markers, doses, headings and muted
text in colours computed here from the theme's own colours, moved towards black or white just as
far as needed for a contrast of at least 4.5:1 against every background they appear on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.color import Color

#: WCAG AA for normal text.
MINIMUM = 4.5


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def readable(color: Color, backgrounds: Iterable[Color], minimum: float = MINIMUM) -> Color:
    """``color`` moved towards black or white until it has ``minimum`` contrast on each background.

    The direction is the one that reaches the minimum with the smaller change (towards black on
    light backgrounds, towards white on dark ones).
    """
    grounds = list(backgrounds)
    color = color.with_alpha(1.0)

    def worst(c: Color) -> float:
        return min(contrast(c, g) for g in grounds)

    if worst(color) >= minimum:
        return color
    candidates: list[tuple[float, Color]] = []
    for target in (Color(0, 0, 0), Color(255, 255, 255)):
        for step in range(1, 101):
            moved = color.blend(target, step / 100)
            if worst(moved) >= minimum:
                candidates.append((step, moved))
                break
    if not candidates:  # backgrounds on both sides of the scale: the best one can do
        return max((color.blend(t, 1.0) for t in (Color(0, 0, 0), Color(255, 255, 255))), key=worst)
    return min(candidates, key=lambda c: c[0])[1]


def _color(variables: Mapping[str, str], name: str, fallback: Color) -> Color:
    value = variables.get(name)
    if not value:
        return fallback
    try:
        return Color.parse(value)
    except Exception:  # a variable that is not a plain colour (e.g. "auto 87%")
        return fallback


def backgrounds(variables: Mapping[str, str]) -> list[Color]:
    """Every background the chat writes coloured text on: screen, surface, panel, and a selected
    exchange (the boost tint over the screen and the surface)."""
    base = _color(variables, "background", Color(0, 0, 0)).with_alpha(1.0)
    surface = _color(variables, "surface", base).with_alpha(1.0)
    panel = _color(variables, "panel", surface).with_alpha(1.0)
    boost = _color(variables, "boost", Color(0, 0, 0, 0))
    grounds = [base, surface, panel, base + boost, surface + boost]
    return [g.with_alpha(1.0) for g in grounds]


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The chat's colour variables for a theme's variables (``App.get_css_variables``).

    ``cite`` (marker badges, with ``cite-ink`` for their text), ``heading``, ``dose``, ``muted``,
    ``ok`` and ``bad`` have at least 4.5:1 on every background of :func:`backgrounds`;
    ``passage`` is a tint for highlighted passages on which the foreground keeps 4.5:1.
    """
    if _color(variables, "background", Color(0, 0, 0)).ansi is not None:
        # An ANSI theme: the terminal's own palette decides the colours, which cannot be known
        # here. Use the theme's names for them, as the theme itself does.
        plain = {
            "cite": "accent",
            "cite-ink": "background",
            "heading": "accent",
            "dose": "warning",
            "muted": "foreground",
            "ok": "success",
            "bad": "error",
            "passage": "background",
            "readable-text": "foreground",
        }
        return {name: variables.get(source, "ansi_default") for name, source in plain.items()}
    grounds = backgrounds(variables)
    base = grounds[0]
    foreground = _color(variables, "foreground", Color(224, 224, 224)).with_alpha(1.0)
    if contrast(foreground, base) < MINIMUM:
        foreground = readable(foreground, [base])
    accent = _color(variables, "accent", foreground)
    warning = _color(variables, "warning", accent)
    success = _color(variables, "success", foreground)
    error = _color(variables, "error", foreground)
    cite = readable(accent, grounds)
    # A tint of the accent behind passages, as strong as it can be while text stays readable.
    passage = base
    for percent in (20, 16, 12, 8, 5):
        tint = base.blend(accent.with_alpha(1.0), percent / 100)
        if contrast(foreground, tint) >= MINIMUM:
            passage = tint
            break
    out = {
        "cite": cite,
        "cite-ink": base if contrast(base, cite) >= MINIMUM else readable(base, [cite]),
        "heading": cite,
        "dose": readable(warning, grounds),
        "muted": readable(foreground.blend(base, 0.35), grounds),
        "ok": readable(success, grounds),
        "bad": readable(error, grounds),
        "passage": passage,
        "readable-text": readable(foreground, grounds),
    }
    return {name: color.hex for name, color in out.items()}
