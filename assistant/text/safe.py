"""Making document text safe to show: control characters become visible symbols."""

from __future__ import annotations

import re

#: C0/C1 controls and DEL; lone surrogates (undecodable file names) too: they cannot be printed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ud800-\udfff]")


def _picture(m: re.Match[str]) -> str:
    c = ord(m.group(0))
    if c < 0x20:
        return chr(0x2400 + c)  # ␛ for ESC, ␇ for BEL, ...
    if c == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise(text: str) -> str:
    """``text`` with terminal control characters (ESC, BEL, C1 ...) replaced by visible symbols.

    Newlines and tabs are kept; nothing else is changed, so bracketed text like "[55]" or
    "[bold]" stays literal when printed without markup.
    """
    return _CONTROLS.sub(_picture, text)
