"""The chat for daily use (issue 12): focus, paste, cards, resize, contrast, find, sessions.

Driven with Pilot over the real Assistant. Files the chat keeps go to a temporary folder: the
platformdirs locations are pointed there through XDG_* and ASSISTANT_*_DIR, never the real home.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual import events
from textual.color import Color
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Input
from tui_helpers import RecordingApp, ask, finish_workers, run_async, running, settle

from assistant.records import Answer, Citation
from assistant.service import Assistant
from assistant.tui.app import ChatApp
from assistant.tui.contrast import MINIMUM, backgrounds, contrast
from assistant.tui.persist import SessionStore, data_dir
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.viewer import DocumentScreen
from assistant.tui.widgets.exchange import ECHO_CHARS, AnswerBody
from assistant.tui.widgets.question import QuestionInput, clean_paste
from assistant.tui.widgets.render import (
    FIND_CURRENT_STYLE,
    FIND_STYLE,
    MARKER_STYLE,
    REF_STYLE,
    md_escape,
    turn_markdown,
)
from assistant.tui.widgets.sources import SourcesPanel
from assistant.tui.widgets.status import StatusBar

pytestmark = pytest.mark.slow

INSULIN = "why does rapamycin cause insulin resistance and high blood sugar?"
DOSES = "What doses of rapamycin were used in clinical trials?"
STEM = "How does rapamycin affect stem cells?"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch) -> Path:
    """Every user folder the chat could write to points into tmp_path."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def in_view(widget, container) -> bool:
    """True when some of ``widget`` is visible in the scrolling ``container``."""
    visible = container.scrollable_content_region
    return widget.region.intersection(visible).height > 0


def card_text(card) -> str:
    """What the terminal shows of a card (every line of it, without the border glyphs)."""
    width, height = card.outer_size
    lines = [s.text for s in card.render_lines(Region(0, 0, width, height))]
    return re.sub(r"[█▌▐▊─]", " ", " ".join(lines))


# -- 1: focus ------------------------------------------------------------------------------------


@run_async
async def test_escape_from_viewer_gives_typing_back_to_the_question_box(assistant):
    app = ChatApp(assistant)
    async with running(app, question=STEM) as pilot:
        panel = app.query_one(SourcesPanel)
        await pilot.click(panel.cards[0])  # a click on a card opens the viewer
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        box = app.query_one(QuestionInput)
        assert app.focused is box
        await pilot.press(*"what 2 doses")
        assert box.value == "what 2 doses"
        await pilot.press("enter")  # asks; does not open a passage
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert app.chat.exchanges[-1].question == "what 2 doses"


@run_async
async def test_printable_keys_outside_a_text_box_go_to_the_question_box(assistant):
    app = ChatApp(assistant)
    async with running(app, question=STEM) as pilot:
        panel = app.query_one(SourcesPanel)
        panel.focus()
        await pilot.pause()
        await pilot.press("1", "m")  # digits no longer open citations
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        box = app.query_one(QuestionInput)
        assert app.focused is box and box.value == "1m"


# -- 4: paste ------------------------------------------------------------------------------------


@run_async
async def test_multi_line_and_control_character_paste(assistant):
    app = RecordingApp(assistant)
    async with running(app) as pilot:
        box = app.query_one(QuestionInput)
        box.focus()
        box.post_message(events.Paste("first line\r\nsecond \x1b[31mREDX\x07 line"))
        await pilot.pause()
        assert box.value == "first line\nsecond [31mREDX line"
        assert app.focused is box
        assert any("control character" in n for n in app.notices)
        # a paste while the sources panel has focus lands in the box too
        app.query_one(SourcesPanel).focus()
        await pilot.pause()
        app.screen.post_message(events.Paste("\nthird"))
        await pilot.pause()
        await pilot.pause()
        assert app.focused is box
        assert box.value.endswith("line\nthird")
        # Shift+Enter and Ctrl+J add lines; Enter asks the whole question
        await pilot.press("shift+enter", "x", "ctrl+j", "y")
        assert box.value.endswith("third\nx\ny")
        await pilot.press("enter")
        await settle(pilot)
        view = app.chat.exchanges[-1]
        assert view.question == "first line\nsecond [31mREDX line\nthird\nx\ny"
        assert isinstance(app.screen, ChatScreen)


def test_clean_paste_keeps_lines_and_drops_controls():
    assert clean_paste("a\tb\r\nc\rd\x1b[0m\x9b") == "a b\nc\nd[0m"


@run_async
async def test_huge_paste_is_echoed_short_with_show_all(assistant):
    app = ChatApp(assistant)
    question = "rapamycin dose " * 400  # 6,000 characters
    async with running(app) as pilot:
        box = app.query_one(QuestionInput)
        box.focus()
        box.post_message(events.Paste(question))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        view = app.chat.exchanges[-1]
        echo = view.query_one(".question")
        assert view.long and len(str(echo.visual)) < ECHO_CHARS + 120
        assert "more characters" in str(echo.visual)
        assert echo.size.height <= 8  # not ~120 lines
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert question.strip() in str(echo.visual)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "more characters" in str(echo.visual)


# -- 3: cards ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
@run_async
async def test_source_cards_are_never_clipped(assistant, size):
    app = ChatApp(assistant)
    async with running(app, size, question=INSULIN) as pilot:
        await pilot.pause()
        panel = app.query_one(SourcesPanel)
        answer = app.chat.selected.answer
        assert answer is not None and panel.cards
        longest = max(answer.citations, key=lambda c: len(c.quote), default=None)
        for card, source in zip(panel.cards, panel.sources, strict=True):
            content = card.visual
            assert isinstance(content, Content)
            shown = " ".join(card_text(card).split())
            assert " ".join(content.plain.split()) in shown
            if source.quote:
                assert " ".join(source.quote.split()) in shown
        if longest is not None:
            assert any(longest.quote.split()[-1] in card_text(c) for c in panel.cards)
        # the panel's width never changes under the cards when a scrollbar appears
        assert panel.styles.scrollbar_gutter == "stable"


# -- 2: resize and screen switches keep the place ------------------------------------------------


@run_async
async def test_resize_and_screen_switch_keep_the_selected_answer_in_view(assistant):
    app = ChatApp(assistant)
    async with running(app, (160, 50)) as pilot:
        for question in (DOSES, STEM, INSULIN, DOSES, STEM, INSULIN, DOSES):
            await ask(pilot, question)
        conversation = app.query_one("#conversation")
        await pilot.press("alt+up", "alt+up", "alt+up")
        await pilot.pause()
        selected = app.chat.selected
        assert selected is app.chat.exchanges[-4]
        assert in_view(selected, conversation)
        for size in ((100, 30), (80, 24), (160, 50), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert app.chat.selected is selected
            assert in_view(selected, conversation), size
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert in_view(selected, conversation)
        app.action_show_help_panel()  # Ctrl+P -> Keys: a panel narrows the conversation
        await pilot.pause()
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        assert in_view(selected, conversation)


# -- 9: loading ----------------------------------------------------------------------------------


@run_async
async def test_loading_the_model_shows_an_indeterminate_bar_and_seconds(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        status = app.query_one(StatusBar)
        status.show_progress("loading model", 0, 1)
        await pilot.pause()
        bar = status.query_one("#status-progress")
        assert bar.display and bar.total is None  # indeterminate, no frozen "0%"
        text = str(app.query_one("#status-text").visual)
        assert "language model" in text and text.endswith(" s")
        status._since -= 3  # as if three seconds had passed
        status._tick()
        assert str(app.query_one("#status-text").visual).endswith("3 s")
        status.show_progress("embedding", 40, 100)
        assert bar.total == 100 and bar.progress == 40


# -- 5 and 7: contrast, markers ------------------------------------------------------------------


@run_async
async def test_every_theme_keeps_text_contrast_of_4_5(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        checked = 0
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()
            variables = app.get_css_variables()
            if Color.parse(variables["background"]).ansi is not None:
                continue  # ANSI themes: the terminal's palette decides, nothing to compute
            grounds = backgrounds(variables)
            for var in ("cite", "dose", "muted", "heading", "ok", "bad"):
                color = Color.parse(variables[var])
                worst = min(contrast(color, g) for g in grounds)
                assert worst >= MINIMUM, (name, var, worst)
            cite, ink = Color.parse(variables["cite"]), Color.parse(variables["cite-ink"])
            assert contrast(cite, ink) >= MINIMUM, (name, "marker badge")
            fg = Color.parse(variables["foreground"]).with_alpha(1.0)
            passage = Color.parse(variables["passage"])
            assert contrast(fg, passage) >= MINIMUM, (name, "passage")
            checked += 1
        assert checked >= 10 and "textual-light" in app.available_themes


@run_async
async def test_markers_look_different_from_the_documents_reference_numbers(assistant):
    app = ChatApp(assistant)
    async with running(app, question=INSULIN):
        answer = app.chat.selected.answer
        body = app.chat.selected.query_one(AnswerBody).visual
        assert isinstance(body, Content)
        markers = {body.plain[s.start : s.end] for s in body.spans if s.style == MARKER_STYLE}
        refs = {body.plain[s.start : s.end] for s in body.spans if s.style == REF_STYLE}
        assert markers == {f"[{c.n}]" for c in answer.citations}
        assert refs and not refs & markers  # e.g. "[13]" is muted, not a badge


# -- 8: copy and export --------------------------------------------------------------------------


def test_questions_are_escaped_in_markdown_headings():
    from assistant.tui.widgets.render import Turn

    turn = Turn("# [x](y) *bold*\nnext", "hybrid", 8, None, "")
    heading = turn_markdown(turn).splitlines()[0]
    assert heading == r"## \# \[x\]\(y\) \*bold\* next"
    assert md_escape("a_b") == r"a\_b"


@run_async
async def test_copy_says_it_cannot_confirm_and_saves_a_file(assistant, tmp_path):
    app = RecordingApp(assistant, export_dir=tmp_path / "exports")
    async with running(app, question=DOSES) as pilot:
        await pilot.press("ctrl+y")
        await pilot.pause()
        copied = tmp_path / "exports" / "copied-answer.md"
        assert copied.read_text(encoding="utf-8") == app.clipboard
        notice = app.notices[-1]
        assert "refuse" in notice and str(copied) in notice


# -- find ----------------------------------------------------------------------------------------


@run_async
async def test_find_in_the_viewer(assistant):
    app = ChatApp(assistant)
    async with running(app, question=DOSES) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "find"
        await pilot.press(*"glucose")
        await pilot.pause()
        view = screen.view
        expected = screen.document.text.casefold().count("glucose")
        assert len(view.matches) == expected > 2
        first = view.current_match
        count = str(screen.query_one("#find-count").visual)
        assert count.endswith(f"of {expected}")
        styled = [
            (b.start + s.start, b.start + s.end, s.style)
            for b in view.blocks()
            for s in b.visual.spans
            if s.style in (FIND_STYLE, FIND_CURRENT_STYLE)
        ]
        assert len(styled) == expected
        assert [(a, b) for a, b, st in styled if st == FIND_CURRENT_STYLE] == [first]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        second = view.current_match
        assert second != first
        line = view.match_line(second[0])
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("up")
        assert view.current_match == first
        await pilot.press("escape")  # closes the find bar
        assert isinstance(app.screen, DocumentScreen)
        assert not screen.query_one("#find-bar").display
        await pilot.press("n")  # next match from the text
        assert view.current_match == second
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


@run_async
async def test_find_in_the_conversation(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        for question in (DOSES, STEM, INSULIN):
            await ask(pilot, question)
        await pilot.press("ctrl+f")
        await pilot.press(*"stem cells")
        await pilot.pause()
        assert app.chat.selected is app.chat.exchanges[1]
        assert "1 of" in str(app.query_one("#chat-find-count").visual)
        question = app.chat.exchanges[1].query_one(".question").visual
        found = [question.plain[x.start : x.end] for x in question.spans if x.style == FIND_STYLE]
        assert found == ["stem cells"]
        await pilot.press("escape")
        assert app.focused is app.query_one(QuestionInput)
        question = app.chat.exchanges[1].query_one(".question").visual
        assert not [x for x in question.spans if x.style == FIND_STYLE]


# -- persistence ---------------------------------------------------------------------------------


def test_default_store_lives_in_the_user_folders(private_dirs, monkeypatch):
    monkeypatch.delenv("ASSISTANT_DATA_DIR")
    assert data_dir().is_relative_to(private_dirs)
    assert not data_dir().is_relative_to(Path.cwd())


@run_async
async def test_history_conversation_and_theme_survive_a_restart(assistant, private_dirs):
    store = SessionStore.default()
    assert store.data.is_relative_to(private_dirs)
    app = ChatApp(assistant, store=store)
    async with running(app, question=DOSES) as pilot:
        await ask(pilot, STEM)
        app.theme = "textual-light"
        await pilot.pause()
        await finish_workers(app)
    assert json.loads(store.history_path.read_text())["questions"] == [DOSES, STEM]
    assert json.loads(store.settings_path.read_text())["theme"] == "textual-light"
    [saved] = list(store.conversations_dir.glob("*.json"))
    assert not list(store.conversations_dir.glob("*.tmp"))

    again = ChatApp(assistant, store=SessionStore.default())
    async with running(again) as pilot:
        assert again.theme == "textual-light"
        views = again.chat.exchanges
        assert [v.question for v in views] == [DOSES, STEM]
        assert views[1].answer is not None and views[1].answer.answered
        assert again.chat.selected is views[1]
        assert again.query_one(SourcesPanel).cards  # sources of the restored answer
        box = again.query_one(QuestionInput)
        await pilot.press("up")
        assert box.value == STEM
        # the conversation continues in the same file
        box.value = ""
        await ask(pilot, INSULIN)
        await finish_workers(again)
    data = json.loads(saved.read_text())
    assert [t["question"] for t in data["turns"]] == [DOSES, STEM, INSULIN]


@run_async
async def test_corrupt_history_is_set_aside_with_a_message(assistant, private_dirs):
    store = SessionStore.default()
    store.history_path.parent.mkdir(parents=True, exist_ok=True)
    store.history_path.write_text('{"questions": ["a", ', encoding="utf-8")
    store.settings_path.parent.mkdir(parents=True, exist_ok=True)
    store.settings_path.write_bytes(b"\xff\xfe not json")
    app = RecordingApp(assistant, store=store)
    async with running(app) as pilot:
        assert app.query_one(QuestionInput).asked == []
        assert any("set aside" in n and "history.json" in n for n in app.notices)
        await ask(pilot, DOSES)
        await finish_workers(app)
    aside = list(store.data.glob("history.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"questions": ["a", '
    assert list(store.config.glob("settings.json.corrupt-*"))
    # a new, good history replaced it
    assert json.loads(store.history_path.read_text())["questions"] == [DOSES]


@run_async
async def test_conversations_can_be_reopened_renamed_and_deleted(assistant):
    store = SessionStore.default()
    app = ChatApp(assistant, store=store)
    async with running(app, question=DOSES) as pilot:
        first_id = app.chat.conversation.id
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not app.chat.exchanges
        await ask(pilot, STEM)
        await finish_workers(app)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConversationsScreen)
        assert [c.title for c in screen.conversations] == [STEM, DOSES]
        await pilot.press("down", "r")
        rename = screen.query_one("#rename", Input)
        rename.value = "Doses in trials"
        await pilot.press("enter")
        await settle(pilot)
        assert [c.title for c in screen.conversations] == [STEM, "Doses in trials"]
        await pilot.press("enter")  # opens it
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert app.chat.conversation.id == first_id
        assert [v.question for v in app.chat.exchanges] == [DOSES]
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("d", "d")  # the first: the other conversation
        await settle(pilot)
        assert [c.title for c in app.screen.conversations] == ["Doses in trials"]
        await pilot.press("escape")


# -- records: low confidence, documents on cards -------------------------------------------------


class CraftedAssistant(Assistant):
    """The real Assistant (real index and search) whose answer quotes its best passage with the
    confidence the test asks for, so the display does not depend on the answer layer's tuning."""

    confidence = "low"

    def ask(self, question, mode=None, k=8):  # type: ignore[override]
        hits = tuple(self.search(question, k=3, mode=mode))
        chunk = hits[0].chunk
        quote = chunk.text.split("\n")[0].strip()
        citation = Citation(
            1, chunk.chunk_id, chunk.section, chunk.page, chunk.lines, quote, chunk.doc_id
        )
        return Answer(question, True, f"{quote} [1]", (citation,), hits, confidence=self.confidence)


TWO_DOCS = {
    "fins.txt": "Zebrafish fins\n\nZebrafish regrow their tail fins within two weeks.\n",
    "axolotl.txt": "Axolotl limbs\n\nAxolotls regrow whole limbs within a few months.\n",
}


@run_async
async def test_low_confidence_answers_are_labelled_and_cards_name_their_document(tmp_path):
    corpus = tmp_path / "two"
    corpus.mkdir()
    for name, text in TWO_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    crafted = CraftedAssistant(corpus=corpus, index=tmp_path / "index")
    app = ChatApp(crafted)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, timeout=120)
            assert len(app.chat.documents) == 2
            await ask(pilot, "How fast do axolotls regrow limbs?")
            view = app.chat.selected
            assert view.answer is not None and view.answer.confidence == "low"
            label = view.query_one(".confidence")
            assert label.display and str(label.visual) == "May not answer this directly"
            assert view.query_one(".closest").display  # its closest passages are listed
            panel = app.query_one(SourcesPanel)
            assert "May not answer this directly" in str(panel.query_one("#sources-title").visual)
            head = panel.cards[0].visual.plain.splitlines()[0]
            assert head.startswith(f"[1] {view.answer.citations[0].doc_id} · ")
            # a confident answer has no label
            crafted.confidence = "high"
            await ask(pilot, "How fast do zebrafish regrow fins?")
            assert not app.chat.selected.query_one(".confidence").display
    finally:
        crafted.close()


@run_async
async def test_copy_one_citation_from_the_sources_panel(assistant, tmp_path):
    app = RecordingApp(assistant, export_dir=tmp_path)
    async with running(app, question=STEM) as pilot:
        panel = app.query_one(SourcesPanel)
        panel.focus()
        await pilot.press("down")
        await pilot.press("ctrl+y")
        await pilot.pause()
        citation = app.chat.selected.answer.citations[1]
        assert app.clipboard.startswith(f"[{citation.n}] ")
        assert app.clipboard.endswith(citation.quote)
        assert "citation 2 of Q1" in app.notices[-1]


# -- 10: set-up ------------------------------------------------------------------------------------


def test_make_chat_installs_the_runtime_only_with_visible_progress():
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parent.parent

    def dry_run(target: str) -> str:
        out = subprocess.run(
            ["make", "-n", "-B", target], cwd=root, capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    chat = dry_run("chat")
    installs = [line for line in chat.splitlines() if "pip install" in line]
    assert installs and all("[test]" not in line and "--quiet" not in line for line in installs)
    assert any(line.rstrip().endswith("-e .") for line in installs)
    test = dry_run("test")
    assert any("[test]" in line for line in test.splitlines() if "pip install" in line)


def test_store_round_trip_tolerates_new_fields_and_sets_aside_damaged_conversations(tmp_path):
    from assistant.records import Chunk, Hit, Location
    from assistant.tui.persist import Conversation, Turn

    store = SessionStore(tmp_path / "data", tmp_path / "config")
    chunk = Chunk("c1", "a.txt", 0, "Intro", "paragraph", "Text [3].", 0, 9, Location(1, 2), (3,))
    citation = Citation(1, "c1", "Intro", None, (1, 2), "Text [3].", "a.txt")
    answer = Answer("q?", True, "Text [3]. [1]", (citation,), (Hit(1, 0.5, chunk),))
    saved = Conversation(
        "20260101-000000-000000", "q?", "t0", "t1", [Turn("q?", "dense", 5, answer)]
    )
    store.save_conversation(saved)
    loaded = store.load_conversation(saved.id)
    assert loaded is not None and loaded.turns[0].answer == answer and loaded.turns[0].k == 5
    # a field the records no longer have is ignored; one they gained takes its default
    path = store.conversation_path(saved.id)
    data = json.loads(path.read_text())
    data["turns"][0]["answer"]["removed_field"] = 1
    del data["turns"][0]["answer"]["confidence"]
    path.write_text(json.dumps(data))
    again = store.load_conversation(saved.id)
    assert again is not None and again.turns[0].answer == answer
    # an answer that no longer fits at all keeps the question, with a note
    data["turns"][0]["answer"]["citations"] = "nonsense"
    path.write_text(json.dumps(data))
    odd = store.load_conversation(saved.id)
    assert odd is not None and odd.turns[0].answer is None and "ask again" in odd.turns[0].error
    # a damaged file is set aside, with a message, and the listing goes on
    path.write_text('{"turns": [', encoding="utf-8")
    assert store.list_conversations() == []
    assert not path.exists() and list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert any("set aside" in p for p in store.problems)
    assert not list(path.parent.glob("*.tmp"))
