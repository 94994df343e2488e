"""Command line: thin commands over :class:`assistant.service.Assistant`, one module per command.

Every command turns library errors into one clear line on stderr and a non-zero exit (see
:mod:`.common`); progress bars go to stderr so stdout stays clean for JSON. This module holds the
group and its global options and registers the commands; no command module imports it, so the
imports form no cycle.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ..records import Settings
from .ask import ask
from .chat import chat
from .common import EXIT_BUG, CLIError, make_assistant, notice
from .eval import eval_command
from .index import index, status
from .search import search
from .tables import doses, safety

__all__ = ["EXIT_BUG", "CLIError", "cli", "main", "make_assistant", "notice"]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of .txt/.md/.pdf documents [default: ./corpus or $ASSISTANT_CORPUS].",
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index folder [default: ./index or $ASSISTANT_INDEX].",
)
@click.option(
    "--model",
    default=None,
    help="Sentence-transformers model: a local folder, or the packaged "
    "all-MiniLM-L6-v2 (default). Changing it rebuilds the index.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a setting for this run, e.g. --set chunk_words=60 --set fusion=weighted "
    "(used for ablations; index settings rebuild the index).",
)
@click.version_option(package_name="assistant")
@click.pass_context
def cli(
    ctx: click.Context,
    corpus: Path | None,
    index_dir: Path | None,
    model: str | None,
    overrides: tuple[str, ...],
) -> None:
    """Ask questions of a folder of reviews and papers; every answer cites its passages.

    Run with no command to open the chat. The index is built on first use and rebuilt when the
    corpus, the model or the chunking settings change.
    """
    settings = Settings() if model is None else replace(Settings(), model=model)
    try:
        settings = settings.with_overrides(list(overrides))
    except ValueError as exc:
        raise CLIError(str(exc)) from exc
    ctx.obj = {"corpus": corpus, "index": index_dir, "settings": settings}
    if ctx.invoked_subcommand is None:
        ctx.invoke(chat)


for _command in (index, status, search, ask, chat, eval_command, doses, safety):
    cli.add_command(_command)


def main() -> None:
    """Console script entry point."""
    cli(prog_name="assistant")
