"""`assistant ask`: a cited, extractive answer for one question or a file of them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..records import MODES, Answer
from . import common
from .common import (
    CLIError,
    argument_question,
    check_k,
    check_out,
    clean_errors,
    print_hits,
    show,
)


def print_answer(answer: Answer, passages: bool = False, width: int = 100) -> None:
    """The answer (doses, durations and trial numbers highlighted on a terminal), then sources."""
    from rich.console import Console
    from rich.text import Text

    from ..answer import DOSE
    from ..render import LOW_LABEL, closest_passages, several_documents, source_line
    from ..text.safe import neutralise

    console = Console(highlight=False, soft_wrap=False)
    if answer.confidence == "low":
        console.print(Text(LOW_LABEL, style="bold yellow"))
    text = Text(neutralise(answer.answer), style="italic" if not answer.answered else "")
    if answer.answered:
        text.highlight_regex(DOSE, "bold cyan")
        text.highlight_regex(r"\[\d+\]", "bold magenta")
    console.print(text)
    console.print()
    if answer.answered:
        console.print(Text("Sources", style="bold"))
        many = several_documents(answer)
        for c in answer.citations:
            console.print(Text(neutralise(source_line(c, many))))
    if not answer.answered or answer.confidence == "low":
        if answer.answered:
            console.print()
        console.print(Text("Closest passages", style="bold"))
        for line in closest_passages(answer):
            console.print(Text(f"- {neutralise(line)}"))
    if passages:
        console.print()
        print_hits(list(answer.hits), width=width)


@click.command()
@click.argument("question", required=False)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="hybrid",
    show_default=True,
    help="Retrieval mode used to find the passages the answer quotes.",
)
@click.option("--k", "-k", default=8, show_default=True, callback=check_k, help="Passages to read.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--passages", is_flag=True, help="Also print the retrieved passages.")
@common.document_option(common.DOCUMENTS_HELP, multiple=True)
@click.option(
    "--file",
    "qfile",
    type=click.Path(path_type=Path),
    help="Batch: a .txt (one question per line), .jsonl or .csv question file.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Batch output file (.jsonl, .md or .csv); default: jsonl on stdout.",
)
@click.option(
    "--force", is_flag=True, help="Let --out replace an existing file (never the question file)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "md", "csv"]),
    default=None,
    help="Batch output format [default: from --out's suffix, else jsonl].",
)
@click.pass_context
@clean_errors
def ask(
    ctx: click.Context,
    question: str | None,
    mode: str,
    k: int,
    as_json: bool,
    passages: bool,
    documents: tuple[str, ...],
    qfile: Path | None,
    out: Path | None,
    force: bool,
    fmt: str | None,
) -> None:
    """Answer QUESTION with sentences quoted from the corpus, each cited.

    When the corpus does not cover the question the answer says so and lists the closest
    passages instead. Answers carry `answered: true|false` in JSON.
    """
    if qfile is None:
        if question is None:
            raise CLIError(
                'give a question, e.g. assistant ask "what schedule avoided glucose '
                'intolerance in mice?"'
            )
        if out is not None or fmt is not None or force:
            raise CLIError("--out, --force and --format are for batch runs with --file")
        question = argument_question(question, k)
        a = common.loaded_assistant(ctx)
        answer = a.ask(question, mode=mode, k=k, documents=documents)
        if as_json:
            from ..render import answer_json

            click.echo(json.dumps(answer_json(answer), ensure_ascii=False))
        else:
            print_answer(answer, passages=passages)
        return
    if question is not None:
        raise CLIError("give either a question or --file, not both")
    if as_json or passages:
        raise CLIError(
            "--json and --passages are for one question; with --file choose the output "
            "with --out/--format"
        )
    if out is not None:
        check_out(qfile, out, force)
    _ask_batch(ctx, qfile, out, fmt, mode, k, documents)


def _ask_batch(
    ctx: click.Context,
    qfile: Path,
    out: Path | None,
    fmt: str | None,
    mode: str,
    k: int,
    documents: tuple[str, ...],
) -> None:
    from ..batch import WRITERS

    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else "jsonl"
        if suffix not in WRITERS:
            raise CLIError(f"cannot tell the format of {out}; use .jsonl, .md or .csv or --format")
        fmt = suffix
    common.run_question_file(
        ctx,
        qfile,
        lambda a, q: a.ask(q, mode=mode, k=k, documents=documents),
        WRITERS[fmt],
        lambda summary: summary.line + (f"; written to {show(out)}" if out else ""),
        out=out,
        documents=documents,
        covered=lambda answer: answer.answered,
    )
