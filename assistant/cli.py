"""Command line: thin commands over :class:`assistant.service.Assistant`.

Every command turns library errors into one clear line on stderr and a non-zero exit; progress bars
go to stderr so stdout stays clean for JSON.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from .records import MODES, Answer, Hit, Settings
from .render import hit_json

F = TypeVar("F", bound=Callable[..., Any])

EXIT_PARTIAL = 1  # some questions of a batch failed; the others were written
EXIT_ERROR = 2  # nothing could be done
EXIT_BUG = 70  # an unexpected exception: a bug (EX_SOFTWARE)

BUG_LINE = "error: this is a bug in assistant; please report it with the traceback above"

#: OSErrors about a named file that are the user's or the machine's doing, not a bug.
_USER_ERRNOS = frozenset(
    {
        errno.ENOENT,
        errno.EACCES,
        errno.EPERM,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.ENOSPC,
        errno.EROFS,
        errno.EDQUOT,
        errno.EEXIST,
        errno.ENAMETOOLONG,
        errno.ELOOP,
        errno.EIO,
    }
)


def show(text: object) -> str:
    """Outside text (file names, messages quoting them) made safe to print on a terminal."""
    from .textutil import neutralise

    return neutralise(str(text))


class CLIError(click.ClickException):
    """A clean one-line failure."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {show(self.format_message())}", err=True)


def _known_errors() -> tuple[type[BaseException], ...]:
    from .errors import AssistantError
    from .ingest import IngestError

    # The ingest package's IngestError predates AssistantError; listed until it derives from it.
    return (AssistantError, IngestError)


def report_bug() -> None:
    """Print the current exception's traceback and the line saying it is a bug."""
    traceback.print_exc()
    click.echo(BUG_LINE, err=True)


def clean_errors(fn: F) -> F:
    """Library errors (AssistantError) become one line and exit 2; anything else is a bug.

    An OSError naming a file (missing, no permission, disk full ...) is the user's or the
    machine's problem and is one line too; any other exception prints its traceback and
    :data:`BUG_LINE`, and exits with :data:`EXIT_BUG`.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`... | head`): stop quietly, as Unix tools do; point stdout at
            # /dev/null so the final flush at exit does not fail again.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.Abort):
            raise
        except _known_errors() as exc:
            raise CLIError(str(exc)) from exc
        except OSError as exc:
            if exc.errno in _USER_ERRNOS and exc.filename is not None:
                raise CLIError(f"{exc.filename}: {exc.strerror}") from exc
            report_bug()
            sys.exit(EXIT_BUG)
        except Exception:
            report_bug()
            sys.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def progress_bars(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback drawing rich progress bars on stderr (silent when not a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled:
        yield lambda stage, done, total: None
        return
    bars = Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=max(total, 1))
        bars.update(tasks[stage], completed=done if total else 1, total=max(total, 1))

    with bars:
        yield update


def notice(msg: str) -> None:
    """One line of information on stderr (control characters neutralised)."""
    click.echo(show(msg), err=True)


def make_assistant(ctx: click.Context, progress: Callable[[str, int, int], None]) -> Any:
    """The Assistant for the global options."""
    from .service import Assistant

    obj = ctx.find_root().obj or {}
    return Assistant(
        corpus=obj.get("corpus"),
        index=obj.get("index"),
        settings=obj.get("settings", Settings()),
        progress=progress,
        notify=notice,
    )


def print_hits(hits: list[Hit], width: int = 100) -> None:
    """Readable hits: rank, section, lines, passage (plain text, never markup)."""
    from .textutil import neutralise

    for hit in hits:
        c = hit.chunk
        click.echo(f"{hit.rank:>2}. {neutralise(c.label)}  [{c.chunk_id}]  score {hit.score:.4f}")
        body = neutralise(c.display_text)
        for para in body.split("\n"):
            click.echo(
                textwrap.fill(para, width=width, initial_indent="    ", subsequent_indent="    ")
            )
        click.echo()


# ------------------------------------------------------------------------------------------------


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


@cli.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even when the index is fresh.")
@click.pass_context
@clean_errors
def index(ctx: click.Context, rebuild: bool) -> None:
    """Build the index (only when missing, stale or corrupt, unless --rebuild)."""
    with progress_bars() as bar:
        a = make_assistant(ctx, bar)
        report = a.ensure_index(rebuild=rebuild)
    if report is None:
        click.echo(f"index is up to date ({a.status().chunks} passages)")
    else:
        click.echo(
            f"indexed {report.documents} document(s), {report.chunks} passages "
            f"({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f}s"
        )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
@clean_errors
def status(ctx: click.Context, as_json: bool) -> None:
    """Show what is indexed and whether it is fresh or stale."""
    a = make_assistant(ctx, lambda *_: None)
    st = a.status()
    if as_json:
        from dataclasses import asdict

        click.echo(_json_line(asdict(st)))
        return
    click.echo(f"index: {show(a.store.root)} ({st.state})")
    click.echo(f"corpus: {show(a.corpus)}")
    if st.model:
        click.echo(f"model: {show(st.model)}; passages: {st.chunks}; built: {show(st.built_at)}")
    builds = f" in {st.builds} build(s)" if st.builds else ""
    click.echo(f"disk: {_size(st.disk_bytes)}{builds}")
    for d in st.documents:
        click.echo(f"  - {show(d)}")
    for r in st.reasons:
        click.echo(f"  ! {show(r)}")
    if st.state != "fresh":
        click.echo("run `assistant index` to (re)build it")


def _size(n: int) -> str:
    """Bytes for people: 0 B, 812 KB, 3.4 MB."""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.0f} KB"
    if n < 1_000_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1_000_000_000:.2f} GB"


def _json_line(obj: Any) -> str:
    """One JSON line; text from outside that is not valid Unicode (surrogates) is replaced."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.encode("utf-8", "replace").decode("utf-8")


def _argument_question(question: str, k: int) -> str:
    """A command-line question cleaned like every other (notes on stderr), or a clear error."""
    from .questions import clean_question
    from .retrieve import check_query

    cleaned = clean_question(question)
    for note in cleaned.notes:
        notice(f"note: {note}")
    return check_query(cleaned.text, k)


def _check_k(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < 1:
        raise CLIError(f"--k must be at least 1 (got {value})")
    return value


@cli.command()
@click.argument("question", required=False)
@click.option(
    "--k", "-k", default=10, show_default=True, callback=_check_k, help="Number of passages."
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
    ctx: click.Context, question: str | None, k: int, mode: str, as_json: bool, qfile: Path | None
) -> None:
    """Show the passages that best match QUESTION."""
    if qfile is None:
        if question is None:
            raise CLIError('give a question, e.g. assistant search "what senses arginine?"')
        question = _argument_question(question, k)
        with progress_bars() as bar:
            a = make_assistant(ctx, bar)
            a.load()
        hits = a.search(question, k=k, mode=mode)
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
        lambda a, q: {"hits": [hit_json(h) for h in a.search(q, k=k, mode=mode)]},
        as_json,
    )


def _batch(
    ctx: click.Context, qfile: Path, run: Callable[[Any, str], dict[str, Any]], as_json: bool
) -> None:
    """Run ``run`` for every question of ``qfile``, writing one JSON line each as it is done."""
    from .batch import question_failed
    from .questions import BadLine, read_questions

    items = list(read_questions(qfile))
    report = _line_reporter(qfile)
    with progress_bars() as bar:
        a = make_assistant(ctx, bar)
        a.load()
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
            click.echo(_json_line(row))
            sys.stdout.flush()
            done += 1
        bar("questions", len(items), len(items))
    if failed:
        click.echo(f"{done} done, {failed} failed", err=True)
        ctx.exit(EXIT_PARTIAL)


def _line_reporter(qfile: Path) -> Callable[[int, str], None]:
    """report(line, message): '<file>:<line>: <message>; skipped' on stderr, neutralised."""

    def report(line: int, message: str) -> None:
        click.echo(f"{show(qfile)}:{line}: {show(message)}; skipped", err=True)

    return report


def _check_out(qfile: Path, out: Path, force: bool) -> None:
    """Refuse an --out that is the question file, or an existing file without --force."""
    with contextlib.suppress(OSError):
        if out.resolve() == qfile.resolve() or (out.exists() and out.samefile(qfile)):
            raise CLIError(f"--out {out} is the question file itself; choose another name")
    if out.is_dir():
        raise CLIError(f"--out {out} is a folder; give a file name")
    if out.exists() and not force:
        raise CLIError(f"--out {out} already exists; use --force to replace it")


def print_answer(answer: Answer, passages: bool = False, width: int = 100) -> None:
    """The answer (doses, durations and trial numbers highlighted on a terminal), then sources."""
    from rich.console import Console
    from rich.text import Text

    from .answer import DOSE
    from .render import LOW_LABEL, closest_passages, several_documents, source_line
    from .textutil import neutralise

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


@cli.command()
@click.argument("question", required=False)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="hybrid",
    show_default=True,
    help="Retrieval mode used to find the passages the answer quotes.",
)
@click.option(
    "--k", "-k", default=8, show_default=True, callback=_check_k, help="Passages to read."
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--passages", is_flag=True, help="Also print the retrieved passages.")
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
        question = _argument_question(question, k)
        with progress_bars() as bar:
            a = make_assistant(ctx, bar)
            a.load()
        answer = a.ask(question, mode=mode, k=k)
        if as_json:
            from .render import answer_json

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
        _check_out(qfile, out, force)
    _ask_batch(ctx, qfile, out, fmt, mode, k)


def _ask_batch(
    ctx: click.Context, qfile: Path, out: Path | None, fmt: str | None, mode: str, k: int
) -> None:
    from .batch import WRITERS, run_batch
    from .questions import Question, read_questions

    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else "jsonl"
        if suffix not in WRITERS:
            raise CLIError(f"cannot tell the format of {out}; use .jsonl, .md or .csv or --format")
        fmt = suffix
    items = list(read_questions(qfile))
    report = _line_reporter(qfile)
    for item in items:
        if isinstance(item, Question) and item.note:
            notice(f"{show(qfile)}:{item.line}: note: {item.note}")
    with progress_bars() as bar:
        a = make_assistant(ctx, bar)
        a.load()
        try:
            stream = out.open("w", encoding="utf-8", newline="") if out is not None else sys.stdout
        except OSError as exc:
            raise CLIError(f"cannot write {out}: {exc.strerror or exc}") from exc
        try:
            writer = WRITERS[fmt](stream)
            summary = run_batch(
                items,
                lambda q: a.ask(q, mode=mode, k=k),
                writer,
                report=report,
                progress=lambda n: bar("questions", n, len(items)),
            )
        finally:
            if out is not None:
                stream.close()
    click.echo(summary.line + (f"; written to {show(out)}" if out else ""), err=True)
    if summary.failed:
        ctx.exit(EXIT_PARTIAL)


@cli.command()
@click.pass_context
@clean_errors
def chat(ctx: click.Context) -> None:
    """Open the chat (a terminal app). Also what `assistant` alone does."""
    try:
        from .tui.app import run_chat
    except ImportError as exc:
        raise CLIError(f"the chat is not available ({exc})") from exc
    obj = ctx.find_root().obj or {}
    run_chat(
        corpus=obj.get("corpus"), index=obj.get("index"), settings=obj.get("settings", Settings())
    )


def main() -> None:
    """Console script entry point."""
    cli(prog_name="assistant")


def _register() -> None:
    """Commands that live in their own modules (evaluation, dose and safety tables)."""
    from .eval_cli import eval_command
    from .tables_cli import doses, safety

    cli.add_command(eval_command)
    cli.add_command(doses)
    cli.add_command(safety)


_register()
