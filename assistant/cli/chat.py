"""`assistant chat` (and `assistant` alone): the terminal chat."""

from __future__ import annotations

import click

from ..records import Settings
from .common import (
    CLIError,
    clean_errors,
)


@click.command()
@click.pass_context
@clean_errors
def chat(ctx: click.Context) -> None:
    """Open the chat (a terminal app). Also what `assistant` alone does."""
    try:
        from ..tui.app import run_chat
    except ImportError as exc:
        raise CLIError(f"the chat is not available ({exc})") from exc
    obj = ctx.find_root().obj or {}
    run_chat(
        corpus=obj.get("corpus"), index=obj.get("index"), settings=obj.get("settings", Settings())
    )
