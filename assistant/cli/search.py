"""`assistant search`: the ranked passages for one question or a file of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..batch import Writer
from ..questions import Question
from ..records import MODES, Hit
from ..render import hit_json
from . import common
from .common import (
    CLIError,
    argument_question,
    check_k,
    clean_errors,
    json_line,
    print_hits,
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
    common.run_question_file(
        ctx,
        qfile,
        lambda a, q: a.search(q, k=k, mode=mode, documents=documents),
        HitsWriter,
        lambda summary: f"{summary.done} done, {summary.failed} failed" if summary.failed else None,
        documents=documents,
    )


class HitsWriter(Writer[list[Hit]]):
    """One JSON line per question: its text, id (if any) and hits."""

    def write(self, result: list[Hit], item: Question) -> None:
        row: dict[str, Any] = {"question": item.question}
        if item.id is not None:
            row["id"] = item.id
        row["hits"] = [hit_json(h) for h in result]
        self.out.write(json_line(row) + "\n")
        self._flush()
