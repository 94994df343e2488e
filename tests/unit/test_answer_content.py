"""The chat's answer text: markers come from the answer's parts, not from its text."""

from __future__ import annotations

from textual.content import Content

from assistant.records import Answer, Citation
from assistant.tui.widgets.render import MARKER_STYLE, REF_STYLE, answer_content, part_markers


def _answer(parts: tuple[tuple[str, int], ...], with_parts: bool = True) -> Answer:
    body = " ".join(f"{t} [{n}]" for t, n in parts)
    numbers = sorted({n for _, n in parts})
    citations = tuple(Citation(n, f"c{n}", "Intro", None, (1, 1), "q") for n in numbers)
    return Answer("q?", True, body, citations, parts=parts if with_parts else ())


def _styled(content: Content, style: str) -> list[str]:
    return [content.plain[s.start : s.end] for s in content.spans if str(s.style) == style]


def _clicks(content: Content) -> list[tuple[int, int, str]]:
    found = []
    for s in content.spans:
        meta = getattr(s.style, "meta", None) if not isinstance(s.style, str) else None
        if meta and "@click" in meta:
            found.append((s.start, s.end, meta["@click"]))
    return found


def test_part_markers_give_the_answer_text_and_marker_places():
    parts = (("Rapamycin was given [55] daily.", 1), ("Dose 2 mg", 2))
    text, markers = part_markers(parts)
    assert text == _answer(parts).answer
    assert [text[s:e] for s, e, _ in markers] == ["[1]", "[2]"]
    assert [n for _, _, n in markers] == [1, 2]


def test_a_review_reference_that_looks_like_a_marker_stays_a_reference():
    # "lifespan. [1] In" inside one quoted sentence: the text heuristic would take "[1]" for the
    # marker of citation 1; the parts say the marker is the one after the sentence.
    parts = (("Mice lived longer than controls did over their lifespan. [1] In flies too.", 1),)
    content = answer_content(_answer(parts))
    assert content.plain == _answer(parts).answer
    end = len(content.plain)
    assert [(s, e) for s, e, _ in _clicks(content)] == [(end - 3, end)]
    assert _styled(content, REF_STYLE) == ["[1]"]
    guessed = answer_content(_answer(parts, with_parts=False))
    assert guessed.plain == content.plain
    assert len(_clicks(guessed)) == 2  # what the fallback does with such text


def test_answers_without_parts_still_find_their_markers():
    parts = (("AMPK hinders mTORC1 [32].", 1), ("Rapamycin was given [55] daily.", 2))
    with_parts = answer_content(_answer(parts))
    without = answer_content(_answer(parts, with_parts=False))
    assert with_parts.plain == without.plain
    assert _clicks(with_parts) == _clicks(without)
    assert [c for _, _, c in _clicks(with_parts)] == ["cite(1)", "cite(2)"]
    assert _styled(with_parts, MARKER_STYLE) == _styled(without, MARKER_STYLE) == ["[1]", "[2]"]
    assert _styled(with_parts, REF_STYLE) == ["[32]", "[55]"]
