"""Helpers shared by the Textual tests (test_tui*.py): run an async test, wait, ask, read widgets.

A plain module rather than fixtures: the helpers are coroutines and a decorator, which pytest
fixtures cannot stand for. The test files import it by name (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import AsyncIterator

from textual.geometry import Region
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from assistant.tui.app import ChatApp
from assistant.tui.screens.tables import RecordTableScreen
from assistant.tui.widgets.question import QuestionInput

SIZE = (100, 30)


def run_async(test):
    """Run an ``async def`` test in its own event loop (no asyncio plugin is needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


class RecordingApp(ChatApp):
    """The chat app, remembering every notification it shows."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

    def notify(self, message: str, **kwargs) -> None:  # type: ignore[override]
        self.notices.append(message)
        super().notify(message, **kwargs)


def _idle(app) -> bool:
    """Loading is over, every question is answered and every open table has its records."""
    chat = app.chat
    if not (chat.ready or chat.load_failed) or chat.pending or chat.answering is not None:
        return False
    tables = [s for s in app.screen_stack if isinstance(s, RecordTableScreen)]
    return all(t.records is not None or t.failed for t in tables)


async def finish_workers(app) -> None:
    """Wait for the app's workers; an exclusive worker marks the one it replaced as cancelled."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


async def settle(pilot: Pilot, timeout: float = 30.0, *, blink: bool = True) -> None:
    """Wait until the app is idle (see ``_idle``); ``blink=False`` stops the cursor blinking."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await finish_workers(app)
        await pilot.pause()
        if _idle(app):
            break
        await pilot.pause(0.05)
    if not blink:
        app.query_one(QuestionInput).cursor_blink = False
    await pilot.pause()


async def put_question(pilot: Pilot, text: str) -> None:
    """Put ``text`` in the question box and press Enter (quicker than typing every key)."""
    box = pilot.app.query_one(QuestionInput)
    box.focus()
    box.value = text
    await pilot.press("enter")


async def ask(pilot: Pilot, text: str) -> None:
    """Ask ``text`` through the question box and wait for the answer."""
    await put_question(pilot, text)
    await settle(pilot)


@contextlib.asynccontextmanager
async def running(
    app: ChatApp, size: tuple[int, int] = SIZE, question: str | None = None
) -> AsyncIterator[Pilot]:
    """Run ``app`` under Pilot, loaded (and with ``question`` answered when one is given)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if question is not None:
            await ask(pilot, question)
        yield pilot


def norm(text: str) -> str:
    """Whitespace-insensitive form (the viewer shows paragraphs as separate blocks)."""
    return " ".join(text.split())


def rendered_lines(widget) -> list[str]:
    """The text of the widget's rendered lines (what the terminal shows)."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]
