"""Snapshots of the chat at 100x30 and 80x24: main screen with an answer, viewer (and find), help.

Regenerate after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs under tests/__snapshots__/ before committing them. Every frame is taken
after the workers have finished and with the cursor not blinking, so the output is deterministic.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from assistant.tui.app import ChatApp
from assistant.tui.screens.viewer import DocumentScreen
from assistant.tui.widgets.question import QuestionInput

pytestmark = pytest.mark.slow

SIZE = (100, 30)
QUESTION = "What doses of rapamycin were used in clinical trials?"


async def settle(pilot: Pilot) -> None:
    """Wait for loading and answering to finish, and stop the cursor blinking."""
    app = pilot.app
    assert isinstance(app, ChatApp)
    chat = app.chat
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if (chat.ready or chat.load_failed) and not chat.pending and chat.answering is None:
            break
        await pilot.pause(0.05)
    app.query_one(QuestionInput).cursor_blink = False
    await pilot.pause()


async def ask(pilot: Pilot, question: str) -> None:
    """Ask ``question`` through the question box and wait for the answer."""
    await settle(pilot)
    box = pilot.app.query_one(QuestionInput)
    box.value = question
    await pilot.press("enter")
    await settle(pilot)


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
        await settle(pilot)
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
