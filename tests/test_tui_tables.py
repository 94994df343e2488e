"""The Doses and Safety screens of the chat, driven with Pilot over the real Assistant.

Every test asserts widget state after real keys: the rows the table holds, the count in the status
line, the sentence the document viewer highlights, and where Escape leads.
"""

from __future__ import annotations

import re

import pytest
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Static
from tui_helpers import norm, run_async, running, settle

from assistant.domain import filter_effects, filter_regimens
from assistant.tui.app import ChatApp
from assistant.tui.screens.chat import ChatScreen
from assistant.tui.screens.help import KEYS
from assistant.tui.screens.tables import (
    DosesScreen,
    RecordDocumentScreen,
    RecordTableScreen,
    SafetyScreen,
    fit_widths,
)
from assistant.tui.widgets.render import PASSAGE_STYLE, TERM_STYLE

pytestmark = pytest.mark.slow

MOUSE = re.compile(r"mice|mouse|murine|UMHET3", re.IGNORECASE)


async def open_table(pilot, key: str, kind: type = RecordTableScreen) -> RecordTableScreen:
    """Press ``key``, wait for the table's records and return the table (a ``kind``)."""
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def type_filter(pilot, screen: RecordTableScreen, text: str) -> None:
    """Type ``text`` key by key into the (focused) filter box."""
    assert screen.focused is screen.filter_box
    await pilot.press(*text)
    await pilot.pause()


def column(screen: RecordTableScreen, key: str) -> list[str]:
    """The plain text of one column, top to bottom."""
    values = []
    for cell in screen.table.get_column(key):
        assert isinstance(cell, Text)  # never a str: a str would be parsed as markup
        values.append(cell.plain)
    return values


def status(screen: RecordTableScreen) -> str:
    return str(screen.query_one("#table-status", Static).visual)


@run_async
async def test_doses_table_lists_regimens_and_filters_by_subject(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        screen = await open_table(pilot, "f3", DosesScreen)
        regimens = assistant.regimens()
        assert screen.table.row_count == len(regimens) > 25
        assert "2 mg/kg" in column(screen, "dose")
        assert status(screen).startswith(f"{len(regimens)} dosing statements")
        # the highlighted row is shown in full under the table
        detail = str(screen.query_one("#table-detail", Static).visual)
        assert norm(regimens[0].sentence)[:60] in norm(detail)

        await type_filter(pilot, screen, "mice")
        subjects = column(screen, "subject")
        assert 0 < len(subjects) < len(regimens)
        assert len(subjects) == len(filter_regimens(regimens, "mice"))
        assert all(MOUSE.search(s) for s in subjects), subjects
        assert all(MOUSE.search(r.subject) for r in screen.shown)
        assert f"{len(subjects)} of {len(regimens)}" in status(screen)

        await type_filter(pilot, screen, "zz")
        assert screen.table.row_count == 0
        assert "No dosing statement matches" in status(screen)


@run_async
async def test_safety_filter_ulcers_then_open_the_sentence_and_come_back(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        screen = await open_table(pilot, "f4", SafetyScreen)
        effects = assistant.adverse_effects()
        assert screen.table.row_count == len(effects)

        await type_filter(pilot, screen, "ulcers")
        wordings = column(screen, "effect")
        assert len(wordings) == len(filter_effects(effects, "ulcers"))
        assert any("mouth sores" in w for w in wordings)
        assert any("aphthous ulcers" in w for w in wordings)

        # Enter in the filter moves to the table; Down walks to the mouth-sores row; Enter opens.
        await pilot.press("enter")
        assert screen.focused is screen.table
        target = next(i for i, w in enumerate(wordings) if "mouth sores" in w)
        for _ in range(target):
            await pilot.press("down")
        record = screen.current
        assert record is not None and record.effect == "mouth sores"
        await pilot.press("enter")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, RecordDocumentScreen)
        await pilot.pause()
        assert viewer.highlighted_text() == record.sentence
        # the effect's wording is underlined inside the highlighted sentence
        underlined = [
            block.visual.plain[s.start : s.end].lower()
            for block in viewer.view.cited_blocks()
            for s in block.visual.spans
            if s.style == TERM_STYLE
        ]
        assert "mouth sores" in underlined
        # the view is scrolled so that the sentence is on screen
        line = viewer.view.passage_line
        assert line is not None
        assert viewer.view.scroll_y <= line < viewer.view.scroll_y + viewer.view.size.height
        assert "lines" in str(viewer.query_one("#viewer-title", Static).visual)

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.filter_box.value == "ulcers" and screen.current is record

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        # the table keeps its filter when it is opened again
        assert await open_table(pilot, "f4") is screen
        assert screen.filter_box.value == "ulcers"


@run_async
async def test_doses_row_opens_its_sentence_and_keys_switch_tables(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        doses = await open_table(pilot, "f3")
        await type_filter(pilot, doses, "mice")
        row = next(i for i, r in enumerate(doses.shown) if r.dose == "2 mg/kg")
        await pilot.press("down")  # from the filter box to the table
        assert doses.focused is doses.table
        doses.table.move_cursor(row=row)
        await pilot.pause()
        record = doses.current
        assert record is not None and record.dose == "2 mg/kg"
        await pilot.press("ctrl+o")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, RecordDocumentScreen)
        assert viewer.highlighted_text() == record.sentence
        spans = [
            s
            for b in viewer.view.cited_blocks()
            for s in b.visual.spans
            if s.style == PASSAGE_STYLE
        ]
        assert len(spans) == 1  # the sentence only, not the whole passage

        # F4 from the viewer goes to Safety right above the chat; F3 comes back to Doses.
        safety = await open_table(pilot, "f4", SafetyScreen)
        assert app.screen_stack == [app.chat, safety]
        assert await open_table(pilot, "f3") is doses
        assert app.screen_stack == [app.chat, doses]
        assert doses.filter_box.value == "mice"
        # F3 on Doses puts the cursor back in the filter box
        doses.table.focus()
        await pilot.press("f3")
        assert doses.focused is doses.filter_box
        assert isinstance(doses.focused, Input)


@run_async
async def test_tables_wait_for_loading_and_recover_after_a_failure(assistant):
    app = ChatApp(assistant)
    async with running(app) as pilot:
        chat = app.chat
        # Still loading: the table waits for the chat's loading instead of starting its own.
        chat.ready = False
        await pilot.press("f3")
        await pilot.pause(0.2)
        doses = app.screen
        assert isinstance(doses, DosesScreen) and doses.records is None
        assert status(doses).startswith("Waiting for the model and the index")
        await pilot.pause(0.3)  # nothing polls: still waiting
        assert doses.records is None
        # The chat's Loaded message (what its loading worker posts) is what the table waits for.
        chat.post_message(ChatScreen.Loaded(chat.documents, chat.passages))
        await settle(pilot)
        assert doses.table.row_count == len(assistant.regimens())
        await pilot.press("escape")

        # Pretend loading failed: the table says so instead of loading on its own.
        chat.ready, chat.load_failed = False, True
        screen = await open_table(pilot, "f4")
        assert screen.failed and screen.records is None
        assert "Ctrl+R" in status(screen)
        assert screen.query_one("#table-status").has_class("-error")

        await pilot.press("escape")
        chat.ready, chat.load_failed = True, False  # "Ctrl+R worked"
        assert await open_table(pilot, "f4") is screen
        assert not screen.failed
        assert screen.table.row_count == len(assistant.adverse_effects())
        assert not screen.query_one("#table-status").has_class("-error")


@run_async
async def test_keys_are_in_footer_help_and_palette(assistant):
    app = ChatApp(assistant)
    async with running(app):
        footer = {
            b.key: b.description for (_, b, enabled, _) in app.screen.active_bindings.values()
        }
        assert footer["f3"] == "Doses" and footer["f4"] == "Safety"
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Doses table" in commands and "Safety table" in commands
        keys = {k for _, rows in KEYS for k, _ in rows}
        assert {"F3", "F4"} <= keys


@run_async
async def test_columns_fit_the_width_at_80_columns(assistant):
    app = ChatApp(assistant)
    async with running(app, (80, 24)) as pilot:
        for key in ("f3", "f4"):
            screen = await open_table(pilot, key)
            table = screen.table
            widths = [c.get_render_width(table) for c in table.ordered_columns]
            assert sum(widths) <= table.scrollable_content_region.width
            assert all(c.width >= len(c.label.plain) for c in table.ordered_columns)
            # the highlighted record's sentence is cut to the box, never clipped mid-line
            detail = screen.query_one("#table-detail", Static)
            assert detail.display
            content = detail.visual
            assert isinstance(content, Content)
            assert content.plain.endswith("”")
            assert len(content.wrap(detail.size.width)) <= detail.size.height


def test_fit_widths_shrinks_the_widest_columns_for_their_weight_first():
    same = [1.0, 1.0, 1.0]
    assert fit_widths([10, 30, 5], [4, 8, 5], same, 100) == [10, 30, 5]
    assert fit_widths([10, 30, 5], [4, 8, 5], same, 35) == [10, 20, 5]
    assert fit_widths([10, 30, 5], [4, 8, 5], same, 10) == [4, 8, 5]  # the table scrolls
    assert fit_widths([30, 30], [5, 5], [2.0, 1.0], 30) == [20, 10]


# -- issue 12: nothing cut, outcome column, last row in view, sort, export ------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
@run_async
async def test_cells_wrap_instead_of_being_cut_and_the_last_row_shows(assistant, size):
    app = ChatApp(assistant)
    async with running(app, size) as pilot:
        screen = await open_table(pilot, "f3")
        assert "effect" in [c.key for c in screen.COLUMNS]  # the outcome of each regimen
        outcomes = column(screen, "effect")
        assert any(outcomes)
        table = screen.table
        for key in ("subject", "effect"):
            for value in table.get_column(key):
                assert not value.no_wrap and value.overflow != "ellipsis"
        # a long outcome takes several lines instead of being cut
        assert max(row.height for row in table.rows.values()) > 1
        table.focus()
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        await pilot.pause()
        region = table._get_row_region(table.cursor_row)
        visible = table.scrollable_content_region.height
        assert table.scroll_y <= region.y and region.bottom <= table.scroll_y + visible


@run_async
async def test_sort_by_any_column_and_export_the_filtered_table(assistant, tmp_path):
    app = ChatApp(assistant, export_dir=tmp_path)
    async with running(app) as pilot:
        screen = await open_table(pilot, "f4")
        await type_filter(pilot, screen, "ulcers")
        wanted = len(screen.shown)
        assert 0 < wanted < len(screen.records)
        screen.sort_by("population")
        await pilot.pause()
        values = [" ".join(r.population.split()).casefold() for r in screen.shown]
        filled = [v for v in values if v]
        assert filled == sorted(filled) and values[: len(filled)] == filled
        assert column(screen, "population")[0] == screen.shown[0].population.strip()
        assert "▲" in screen.table.ordered_columns[3].label.plain
        await pilot.press("shift+f6")
        assert screen.sort_descending
        await pilot.press("f6")  # next column
        assert screen.sort_column == "frequency"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [csv_file] = list(tmp_path.glob("safety-*.csv"))
        [md_file] = list(tmp_path.glob("safety-*.md"))
        lines = csv_file.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("Effect,Canonical,Regimen,Population,Frequency,Source")
        assert len(lines) - 1 == wanted
        md = md_file.read_text(encoding="utf-8")
        assert md.startswith("# Safety · effect: ulcers")
        assert md.count("\n| ") == wanted + 1
