"""Snapshots of the chat at 100x30 and 80x24: main screen with an answer, viewer (and find), help.

Regenerate after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs under tests/__snapshots__/ before committing them. Every frame is taken
after the workers have finished and with the cursor not blinking, so the output is deterministic.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE, put_question, settle

from assistant.tui.app import ChatApp
from assistant.tui.screens.viewer import DocumentScreen

pytestmark = pytest.mark.slow

QUESTION = "What doses of rapamycin were used in clinical trials?"


async def ask(pilot: Pilot, question: str) -> None:
    """Ask ``question`` through the question box and wait for the answer, cursor still."""
    await settle(pilot, blink=False)
    await put_question(pilot, question)
    await settle(pilot, blink=False)


def test_main_screen_with_an_answer(snap_compare, assistant):
    async def run_before(pilot: Pilot) -> None:
        await ask(pilot, QUESTION)

    assert snap_compare(ChatApp(assistant), terminal_size=SIZE, run_before=run_before)


def test_document_viewer_at_the_cited_passage(snap_compare, assistant):
    async def run_before(pilot: Pilot) -> None:
        await ask(pilot, QUESTION)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DocumentScreen)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(ChatApp(assistant), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, assistant):
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, blink=False)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(ChatApp(assistant), terminal_size=SIZE, run_before=run_before)


def test_main_screen_with_an_answer_at_80x24(snap_compare, assistant):
    async def run_before(pilot: Pilot) -> None:
        await ask(pilot, QUESTION)

    assert snap_compare(ChatApp(assistant), terminal_size=(80, 24), run_before=run_before)


def test_find_in_the_document_viewer(snap_compare, assistant):
    async def run_before(pilot: Pilot) -> None:
        await ask(pilot, QUESTION)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("slash", *"mg/day")
        await pilot.pause()
        pilot.app.screen.query_one("#find").cursor_blink = False
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(ChatApp(assistant), terminal_size=SIZE, run_before=run_before)
