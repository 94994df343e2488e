"""The chat app, driven with Textual's Pilot over the real Assistant (real model, real index).

Every test asserts widget state: what the conversation, the sources panel and the document viewer
hold after real keys and clicks.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from textual.content import Content
from textual.geometry import Region
from tui_helpers import (
    SIZE,
    RecordingApp,
    ask,
    norm,
    put_question,
    rendered_lines,
    run_async,
    running,
    settle,
)

from assistant.records import Answer
from assistant.service import Assistant
from assistant.tui.app import ChatApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.settings import SettingsScreen
from assistant.tui.screens.viewer import DocumentScreen
from assistant.tui.widgets.exchange import AnswerBody, ExchangeView
from assistant.tui.widgets.question import QuestionInput
from assistant.tui.widgets.render import (
    MARKER_STYLE,
    PASSAGE_STYLE,
    QUOTE_STYLE,
    TERM_STYLE,
    citation_markers,
)
from assistant.tui.widgets.sources import SourcesPanel

pytestmark = pytest.mark.slow

DOSE_QUESTION = "What doses of rapamycin were used in clinical trials?"
TYPED_QUESTION = "What doses did trials use?"  # typed key by key, so kept short
TINY_TEXT = (
    "Zebrafish fin regeneration\n\n"
    "Zebrafish regrow their tail fins within two weeks after amputation. The marker line reads "
    "[bold] literally and \x1b[31m must stay visible as text. Sirolimus at 5 mg/kg slowed the "
    "regrowth in this assay.\n\n"
    "Temperature matters too: fins kept at 33 degrees regrew faster than fins kept at 25 degrees.\n"
)
TINY_QUESTION = "How fast do zebrafish regrow their tail fins?"
STEM_QUESTION = "How does rapamycin affect stem cells?"


async def type_question(pilot, text: str) -> None:
    """Type ``text`` into the question box key by key and press Enter."""
    await pilot.click("#question")
    await pilot.press(*text)
    await pilot.press("enter")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    """A one-file corpus whose text holds '[bold]' and an ANSI escape sequence."""
    folder = tmp_path_factory.mktemp("tiny-corpus")
    (folder / "fins.txt").write_text(TINY_TEXT, encoding="utf-8")
    return folder


# -- asking ---------------------------------------------------------------------------------------


@run_async
async def test_question_gets_cited_answer_and_numbered_sources(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        await type_question(pilot, TYPED_QUESTION)
        await settle(pilot)

        views = list(app.query(ExchangeView))
        assert len(views) == 1
        view = views[0]
        answer = view.answer
        assert isinstance(answer, Answer) and answer.answered and answer.citations
        assert view.has_class("-selected") and view.has_class("-done")

        body = view.query_one(AnswerBody).visual
        assert isinstance(body, Content)
        assert body.plain == answer.answer
        markers = [body.plain[s.start : s.end] for s in body.spans if s.style == MARKER_STYLE]
        assert markers and set(markers) == {f"[{c.n}]" for c in answer.citations}
        assert "mg/day" in body.plain  # a dose, highlighted
        assert any(body.plain[s.start : s.end].endswith("mg/day") for s in body.spans)

        panel = app.query_one(SourcesPanel)
        assert [s.n for s in panel.sources] == [c.n for c in answer.citations]
        assert len(panel.cards) == len(answer.citations)
        first = panel.cards[0].visual
        assert isinstance(first, Content)
        assert first.plain.startswith("[1] " + answer.citations[0].section)
        assert answer.citations[0].quote in first.plain
        # the question's terms are highlighted in the cited text
        terms = {first.plain[s.start : s.end].lower() for s in first.spans if s.style == TERM_STYLE}
        assert {"doses", "rapamycin"} & terms
        assert app.query_one(QuestionInput).value == ""


@run_async
async def test_not_addressed_shows_closest_passages(assistant):
    app = ChatApp(assistant)
    async with running(app, question="What is the capital of France?"):
        view = app.query_one(ExchangeView)
        assert view.answer is not None and not view.answer.answered
        assert view.has_class("-declined")
        assert str(view.query_one(AnswerBody).visual) == view.answer.answer
        label = view.query_one(".closest-label")
        assert label.display and str(label.visual) == "closest passages"
        closest = str(view.query_one(".closest").visual)
        assert view.answer.hits[0].chunk.section in closest
        panel = app.query_one(SourcesPanel)
        assert len(panel.sources) == len(view.answer.hits)
        assert all(s.n is None for s in panel.sources)


@run_async
async def test_empty_question_does_nothing(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        await pilot.press("enter")
        await ask(pilot, "   ")
        assert not app.query(ExchangeView)
        assert app.query_one(QuestionInput).asked == []


@run_async
async def test_up_and_down_walk_earlier_questions(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        box = app.query_one(QuestionInput)
        await type_question(pilot, "mTORC1?")
        await type_question(pilot, "mTORC2?")
        await settle(pilot)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert box.value == "mTORC2?"
        await pilot.press("up")
        assert box.value == "mTORC1?"
        await pilot.press("up")  # stays at the oldest
        assert box.value == "mTORC1?"
        await pilot.press("down")
        assert box.value == "mTORC2?"
        await pilot.press("down")  # back to what was being typed
        assert box.value == "draft"
        assert box.cursor_position == len("draft")


class SlowAssistant(Assistant):
    """The real Assistant whose loading waits until the test lets it go on."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.go = threading.Event()

    def load(self) -> None:
        self.go.wait(timeout=30)
        super().load()


@run_async
async def test_question_asked_while_loading_is_answered_when_ready(assistant):
    slow = SlowAssistant(corpus=assistant.corpus, index=assistant.store.root)
    app = ChatApp(slow)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.chat.ready
            await put_question(pilot, DOSE_QUESTION)
            await pilot.pause(0.2)
            view = app.query_one(ExchangeView)
            assert view.answer is None and not view.done
            assert "waiting for the model" in str(view.query_one(".meta").visual)
            assert "Loading" in str(app.query_one("#status-text").visual)
            slow.go.set()
            await settle(pilot)
            assert app.chat.ready
            assert view.answer is not None and view.answer.answered
            assert view.answer.question == DOSE_QUESTION
    finally:
        slow.go.set()
        slow.close()


class GatedAssistant(Assistant):
    """The real Assistant whose answers wait until the test opens the gate."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()

    def ask(self, *args, **kwargs) -> Answer:
        self.gate.wait(timeout=30)
        return super().ask(*args, **kwargs)


@run_async
async def test_second_question_waits_visibly_for_the_first(assistant):
    gated = GatedAssistant(corpus=assistant.corpus, index=assistant.store.root)
    app = ChatApp(gated)
    try:
        async with running(app) as pilot:
            first = app.chat.ask("What is the role of AMPK?")
            second = app.chat.ask(STEM_QUESTION)
            await pilot.pause()
            assert app.chat.answering is first
            assert str(first.query_one(".meta").visual) == "answering…"
            assert str(second.query_one(".meta").visual) == "queued: 1 question ahead"
            gated.gate.set()
            await settle(pilot)
            assert first.answer is not None and second.answer is not None
            assert first.answer.question == "What is the role of AMPK?"
            assert app.chat.selected is second
    finally:
        gated.gate.set()
        gated.close()


# -- sources and viewer ---------------------------------------------------------------------------


@run_async
async def test_citation_opens_viewer_at_the_cited_passage(assistant):
    app = ChatApp(assistant)
    async with running(app, question=DOSE_QUESTION) as pilot:
        answer = app.query_one(ExchangeView).answer
        assert answer is not None
        citation = answer.citations[0]
        chunk = assistant.index.chunk(citation.chunk_id)

        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert screen.chunk.chunk_id == citation.chunk_id
        assert norm(screen.highlighted_text()) == norm(chunk.text)
        assert norm(citation.quote) in norm(screen.highlighted_text())
        # the quote is emphasised inside the highlighted passage
        quoted = [
            str(b.visual)[s.start : s.end]
            for b in screen.view.cited_blocks()
            for s in b.visual.spans
            if s.style == QUOTE_STYLE
        ]
        assert norm(citation.quote) == norm(" ".join(quoted))
        # scrolled so that the passage is in view
        view = screen.view
        assert view.passage_line is not None and view.scroll_y > 0
        window = view.scrollable_content_region.height
        assert view.scroll_y <= view.passage_line < view.scroll_y + window
        # the outline shows the section of the passage
        outline = screen.query_one("#outline")
        assert str(outline.highlighted_option.prompt) == chunk.section

        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


@run_async
async def test_clicking_a_marker_opens_that_citation(assistant):
    app = ChatApp(assistant)
    async with running(app, question=STEM_QUESTION) as pilot:
        view = app.query_one(ExchangeView)
        assert view.answer is not None
        last = view.answer.citations[-1]
        body = view.query_one(AnswerBody)
        where = [(line.find(f"[{last.n}]"), y) for y, line in enumerate(rendered_lines(body))]
        x, y = next((x, y) for x, y in where if x >= 0)
        await pilot.click(body, offset=(x + 1, y))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.chunk.chunk_id == last.chunk_id
        assert app.screen.n == last.n


@run_async
async def test_keys_move_between_citations(assistant):
    app = ChatApp(assistant)
    async with running(app, question=STEM_QUESTION) as pilot:
        answer = app.query_one(ExchangeView).answer
        assert answer is not None and len(answer.citations) >= 2
        panel = app.query_one(SourcesPanel)
        assert panel.current is not None and panel.current.n == 1
        await pilot.press("ctrl+down")
        assert panel.current is not None and panel.current.n == 2
        await pilot.press("ctrl+up")
        assert panel.current is not None and panel.current.n == 1
        await pilot.press("tab")  # into the sources list
        assert panel.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.chunk.chunk_id == answer.citations[1].chunk_id


# -- settings, copy, export -----------------------------------------------------------------------


@run_async
async def test_mode_switch_changes_the_results(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        hits: dict[str, list[str]] = {}
        for mode in ("lexical", "dense"):
            await pilot.press("f2")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
            await pilot.click(f"#mode-{mode}")
            await pilot.click("#save")
            await pilot.pause()
            assert isinstance(app.screen, ChatScreen) and app.chat.mode == mode
            assert f"{mode}, k=8" in str(app.query_one("#status-text").visual)
            await ask(pilot, DOSE_QUESTION)
            view = app.chat.exchanges[-1]
            assert view.mode == mode and view.answer is not None
            hits[mode] = [h.chunk.chunk_id for h in view.answer.hits]
        assert hits["lexical"] != hits["dense"]
        assert hits["lexical"] == [
            h.chunk.chunk_id for h in assistant.search(DOSE_QUESTION, k=8, mode="lexical")
        ]


@run_async
async def test_settings_reject_a_bad_number_of_passages(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.click("#k")
        await pilot.press("ctrl+a", "ctrl+k", "0", "enter")  # clear the box, then 0
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "1 to 50" in str(app.screen.query_one("#settings-error").visual)
        await pilot.press("backspace", "3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.chat.k == 3
        await ask(pilot, DOSE_QUESTION)
        answer = app.chat.exchanges[-1].answer
        assert answer is not None and len(answer.hits) == 3


@run_async
async def test_export_writes_markdown_with_answer_and_sources(assistant, tmp_path):
    app = RecordingApp(assistant, export_dir=tmp_path)
    async with running(app, question=DOSE_QUESTION) as pilot:
        answer = app.chat.exchanges[-1].answer
        assert answer is not None

        await pilot.press("ctrl+y")
        assert app.clipboard.startswith(f"## {DOSE_QUESTION}")
        assert answer.answer in app.clipboard and "**Sources**" in app.clipboard

        await pilot.press("ctrl+s")
        await pilot.pause()
        files = list(tmp_path.glob("conversation-*.md"))
        assert len(files) == 1
        assert re.fullmatch(r"conversation-\d{8}-\d{6}\.md", files[0].name)
        text = files[0].read_text(encoding="utf-8")
        assert f"## {DOSE_QUESTION}" in text
        assert answer.answer in text
        for c in answer.citations:
            assert f"[{c.n}] {c.section}" in text
            assert "> " + c.quote.splitlines()[0] in text
        # the path is shown to the user
        assert any(str(files[0]) in notice for notice in app.notices)


# -- safety, loading, errors, layout --------------------------------------------------------------


@run_async
async def test_document_text_is_shown_literally(tiny_corpus, tmp_path):
    """Built in the app (no index yet), asked for, opened: '[bold]' and escapes stay plain text."""
    tiny = Assistant(corpus=tiny_corpus, index=tmp_path / "index")
    stages: list[str] = []
    app = ChatApp(tiny)
    shown = tiny.progress  # the app's callback; record the stages it receives
    tiny.progress = lambda stage, done, total: (stages.append(stage), shown(stage, done, total))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, TINY_QUESTION)
        assert "embedding" in stages  # the missing index was built inside the app
        assert app.chat.ready and tiny.status().state == "fresh"
        # open the passage holding the line (cited, or listed among the closest passages)
        panel = app.query_one(SourcesPanel)
        index = next(
            i
            for i, source in enumerate(panel.sources)
            if "[bold]" in tiny.index.chunk(source.chunk_id).text
        )
        panel.highlighted = index
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        block = screen.view.cited_blocks()[0]
        content = block.visual
        assert isinstance(content, Content)
        # ingestion already drops the ESC byte; what is left must not become markup either
        assert "[bold] literally and [31m must" in content.plain
        assert {s.style for s in content.spans} <= {PASSAGE_STYLE, QUOTE_STYLE, TERM_STYLE}
        shown_text = " ".join(rendered_lines(block))
        assert "[bold]" in shown_text and "[31m" in shown_text
    tiny.close()


@run_async
async def test_control_characters_are_shown_as_symbols(tiny_corpus, tmp_path, assistant):
    """Whatever reaches the viewer: ESC and BEL appear as visible symbols, brackets as text."""
    tiny = Assistant(corpus=tiny_corpus, index=tmp_path / "index")
    tiny.load()
    doc = tiny.documents()[0]
    chunk = tiny.index.chunks[0]
    at = doc.text.index(" [31m")
    # same length, so every offset (sections, chunks) stays valid
    text = doc.text[:at] + "\x1b" + doc.text[at + 1 :]
    text = text.replace("[bold] ", "[bold]\x07", 1)
    doc = replace(doc, text=text)
    app = ChatApp(tiny)
    async with running(app) as pilot:
        app.push_screen(DocumentScreen(doc, chunk))
        await pilot.pause()
        await pilot.pause()
        block = app.screen.view.cited_blocks()[0]
        assert "[bold]\u2407literally and\u241b[31m must" in block.visual.plain
        lines = rendered_lines(block)
        shown = " ".join(lines)
        assert "\u241b[31m" in shown and "[bold]\u2407" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        # no style came from the text: every character of that line has the same colour
        y = next(i for i, line in enumerate(lines) if "[bold]" in line)
        strip = block.render_lines(Region(0, y, block.size.width, 1))[0]
        colors = {seg.style.color for seg in strip if seg.text.strip() and seg.style}
        assert len(colors) == 1
        assert not any(seg.style.bold for seg in strip if "[bold]" in seg.text and seg.style)
    tiny.close()


@run_async
async def test_loading_error_is_a_readable_notice(tmp_path):
    broken = Assistant(corpus=tmp_path / "no-such-folder", index=tmp_path / "index")
    app = ChatApp(broken)
    async with running(app) as pilot:
        await put_question(pilot, DOSE_QUESTION)
        await pilot.pause()
        assert app.chat.load_failed and not app.chat.ready
        status = app.query_one("#status")
        assert status.has_class("-error")
        text = str(app.query_one("#status-text").visual)
        assert "no-such-folder" in text and "Ctrl+R" in text
        # the app keeps running and keeps the question
        view = app.query_one(ExchangeView)
        assert not view.done and "loading failed" in str(view.query_one(".meta").visual)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize(
    ("size", "beside"), [((80, 24), False), ((100, 30), True), ((160, 48), True)]
)
@run_async
async def test_sources_panel_below_when_narrow_beside_when_wide(assistant, size, beside):
    app = ChatApp(assistant)
    async with running(app, size):
        chat = app.query_one("#chat-column").region
        panel = app.query_one(SourcesPanel).region
        question = app.query_one(QuestionInput).region
        if beside:
            assert panel.x >= chat.right and panel.y == chat.y
        else:
            assert panel.y >= chat.bottom and panel.x == chat.x
        assert question.bottom <= app.size.height - 1  # above the footer, always visible
        assert chat.height >= 10


@run_async
async def test_footer_keys_work(assistant, tmp_path):
    app = RecordingApp(assistant, export_dir=tmp_path)
    async with running(app, (80, 24)) as pilot:
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert {"f1", "f2", "ctrl+o", "ctrl+y", "ctrl+s", "ctrl+q"} <= shown
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f2")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)
        await pilot.press("ctrl+o", "ctrl+y", "ctrl+s")  # nothing asked yet: a notice each
        await pilot.pause()
        assert not list(tmp_path.iterdir())
        assert len(app.notices) == 3
        await pilot.press("ctrl+q")
    assert app.return_code == 0


def test_markers_are_told_apart_from_review_references():
    text = "AMPK hinders mTORC1 [32]. [1] Rapamycin was given [55] daily. [2] Dose 2 mg [3]"
    assert [n for _, _, n in citation_markers(text, {1, 2, 3})] == [1, 2, 3]
    assert citation_markers("as shown [1] in mice. [1]", {1}) == [(22, 25, 1)]


def test_non_ui_modules_do_not_import_textual():
    """Only assistant.tui may use Textual: the CLI, the library and evaluation stay light."""
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, sys\n"
        "import assistant\n"
        "names = [m.name for m in pkgutil.walk_packages(assistant.__path__, 'assistant.')\n"
        "         if not m.name.startswith('assistant.tui')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(names), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
