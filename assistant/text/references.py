"""Bracketed reference numbers of the documents ("[55]", "[67–69]", "[1, 2]"): one pattern for
finding, counting and removing them."""

from __future__ import annotations

import re

#: A bracketed group of reference numbers; group 1 is its inside ("67–69", "1, 2").
REFERENCE = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
#: The same with the space before it, for removal.
_STRIP = re.compile(r"\s*" + REFERENCE.pattern)


def reference_numbers(text: str) -> tuple[int, ...]:
    """In-text citation numbers: "[55]" -> 55, "[67–69]" -> 67, 68, 69, "[1, 2]" -> 1, 2."""
    refs: set[int] = set()
    for group in REFERENCE.findall(text):
        for part in re.split(r"\s*,\s*", group):
            bounds = re.split(r"\s*[–-]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                lo, hi = int(bounds[0]), int(bounds[1])
                if 0 < hi - lo <= 200:
                    refs.update(range(lo, hi + 1))
                    continue
            refs.update(int(b) for b in bounds if b.isdigit())
    return tuple(sorted(refs))


def strip_references(text: str) -> str:
    """Text without its bracketed reference numbers (they only add noise to search)."""
    return _STRIP.sub("", text)
