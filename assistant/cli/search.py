"""`assistant search`: the ranked passages for one question or a file of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..records import MODES
from ..render import hit_json
from . import common
from .common import (
    EXIT_PARTIAL,
    CLIError,
    argument_question,
    check_k,
    clean_errors,
    json_line,
    line_reporter,
    notice,
    print_hits,
    progress_bars,
    show,
)


@click.command()
@click.argument("question", required=False)
@click.option(
    "--k", "-k", default=10, show_default=True, callback=check_k, help="Number of passages."
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="hybrid",
    show_default=True,
    help="Retrieval: hybrid (BM25 + embeddings, fused), dense or lexical.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object (one line per question with --file)."
)
@common.document_option(common.DOCUMENTS_HELP, multiple=True)
@click.option(
    "--file",
    "qfile",
    type=click.Path(path_type=Path),
    help="Batch: a .txt (one question per line), .jsonl or .csv question file; writes one "
    "JSON line per question, in order, as each is done.",
)
@click.pass_context
@clean_errors
def search(
    ctx: click.Context,
    question: str | None,
    k: int,
    mode: str,
    as_json: bool,
    documents: tuple[str, ...],
    qfile: Path | None,
) -> None:
    """Show the passages that best match QUESTION."""
    if qfile is None:
        if question is None:
            raise CLIError('give a question, e.g. assistant search "what senses arginine?"')
        question = argument_question(question, k)
        a = common.loaded_assistant(ctx)
        hits = a.search(question, k=k, mode=mode, documents=documents)
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "question": question.strip(),
                        "mode": mode,
                        "hits": [hit_json(h) for h in hits],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print_hits(hits)
        return
    if question is not None:
        raise CLIError("give either a question or --file, not both")
    _batch(
        ctx,
        qfile,
        lambda a, q: {
            "hits": [hit_json(h) for h in a.search(q, k=k, mode=mode, documents=documents)]
        },
        documents,
    )


def _batch(
    ctx: click.Context,
    qfile: Path,
    run: Callable[[Any, str], dict[str, Any]],
    documents: tuple[str, ...],
) -> None:
    """Run ``run`` for every question of ``qfile``, writing one JSON line each as it is done."""
    from ..batch import question_failed
    from ..questions import BadLine, read_questions

    items = list(read_questions(qfile))
    report = line_reporter(qfile)
    with progress_bars() as bar:
        a = common.make_assistant(ctx, bar)
        a.load()
        a.retriever.within(documents)  # an unknown document name ends the run before it starts
        failed = 0
        done = 0
        for item in items:
            bar("questions", done + failed, len(items))
            if isinstance(item, BadLine):
                failed += 1
                report(item.line, item.message)
                continue
            if item.note:
                notice(f"{show(qfile)}:{item.line}: note: {item.note}")
            try:
                result = run(a, item.question)
            except Exception as exc:  # noqa: BLE001 (one question's failure must not end the batch)
                question_failed(exc, item.line, report)
                failed += 1
                continue
            row: dict[str, Any] = {"question": item.question}
            if item.id is not None:
                row["id"] = item.id
            row.update(result)
            click.echo(json_line(row))
            sys.stdout.flush()
            done += 1
        bar("questions", len(items), len(items))
    if failed:
        click.echo(f"{done} done, {failed} failed", err=True)
        ctx.exit(EXIT_PARTIAL)
