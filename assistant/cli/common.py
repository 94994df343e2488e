"""What every command shares: errors as one line, progress bars, notices, the Assistant for
the global options, question and output-file checks."""

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
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from ..records import Hit, Settings

if TYPE_CHECKING:
    from ..batch import Summary, Writer
    from ..questions import Question

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

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
    from ..text.safe import neutralise

    return neutralise(str(text))


class CLIError(click.ClickException):
    """A clean one-line failure."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {show(self.format_message())}", err=True)


def _known_errors() -> tuple[type[BaseException], ...]:
    from ..errors import AssistantError
    from ..ingest import IngestError

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
    from ..service import Assistant

    obj = ctx.find_root().obj or {}
    return Assistant(
        corpus=obj.get("corpus"),
        index=obj.get("index"),
        settings=obj.get("settings", Settings()),
        progress=progress,
        notify=notice,
    )


def loaded_assistant(ctx: click.Context) -> Any:
    """The Assistant for the global options, loaded (index built first when needed) with
    progress bars on stderr."""
    with progress_bars() as bar:
        a = make_assistant(ctx, bar)
        a.load()
    return a


def print_hits(hits: list[Hit], width: int = 100) -> None:
    """Readable hits: rank, section, lines, passage (plain text, never markup)."""
    from ..text.safe import neutralise

    for hit in hits:
        c = hit.chunk
        click.echo(f"{hit.rank:>2}. {neutralise(c.label)}  [{c.chunk_id}]  score {hit.score:.4f}")
        body = neutralise(c.display_text)
        for para in body.split("\n"):
            click.echo(
                textwrap.fill(para, width=width, initial_indent="    ", subsequent_indent="    ")
            )
        click.echo()


def json_line(obj: Any) -> str:
    """One JSON line; text from outside that is not valid Unicode (surrogates) is replaced."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.encode("utf-8", "replace").decode("utf-8")


def argument_question(question: str, k: int) -> str:
    """A command-line question cleaned like every other (notes on stderr), or a clear error."""
    from ..questions import clean_question
    from ..search.retrieve import check_query

    cleaned = clean_question(question)
    for note in cleaned.notes:
        notice(f"note: {note}")
    return check_query(cleaned.text, k)


def document_option(help: str, multiple: bool = False) -> Callable[[F], F]:
    """``--document NAME``: one value (parameter ``document``) or, with ``multiple``, a repeatable
    option (parameter ``documents``, a tuple)."""
    return click.option(
        "--document",
        "documents" if multiple else "document",
        multiple=multiple,
        default=None,
        metavar="NAME",
        help=help,
    )


#: Help of ``--document`` where it limits the passages searched (ask, search).
DOCUMENTS_HELP = (
    "Only passages of this document: its file name (with or without the suffix), its title, or "
    "a part of either; case-insensitive. Repeat for several."
)


def check_k(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value < 1:
        raise CLIError(f"--k must be at least 1 (got {value})")
    return value


def line_reporter(qfile: Path) -> Callable[[int, str], None]:
    """report(line, message): '<file>:<line>: <message>; skipped' on stderr, neutralised."""

    def report(line: int, message: str) -> None:
        click.echo(f"{show(qfile)}:{line}: {show(message)}; skipped", err=True)

    return report


def run_question_file(
    ctx: click.Context,
    qfile: Path,
    run: Callable[[Any, str], R],
    make_writer: Callable[[IO[str]], Writer[R]],
    closing: Callable[[Summary], str | None],
    out: Path | None = None,
    documents: tuple[str, ...] = (),
    covered: Callable[[R], bool] = lambda result: True,
) -> None:
    """The batch of ``ask --file`` and ``search --file``: ``run(assistant, question)`` for each
    question of ``qfile``, each result written at once (to ``out``, else stdout).

    A bad line or a failed question is reported on stderr with its line and the rest go on;
    progress and notes go to stderr; ``closing(summary)`` is the last line (None: none). Exits
    with :data:`EXIT_PARTIAL` when some question failed.
    """
    from ..batch import run_batch
    from ..questions import read_questions

    items = list(read_questions(qfile))

    def note(item: Question) -> None:
        notice(f"{show(qfile)}:{item.line}: note: {item.note}")

    with progress_bars() as bar:
        a = make_assistant(ctx, bar)
        a.load()
        a.retriever.within(documents)  # an unknown document name ends the run before it starts
        try:
            stream = out.open("w", encoding="utf-8", newline="") if out is not None else sys.stdout
        except OSError as exc:
            raise CLIError(f"cannot write {out}: {exc.strerror or exc}") from exc
        try:
            summary = run_batch(
                items,
                lambda question: run(a, question),
                make_writer(stream),
                report=line_reporter(qfile),
                progress=lambda n: bar("questions", n, len(items)),
                note=note,
                covered=covered,
            )
        finally:
            if out is not None:
                stream.close()
        bar("questions", len(items), len(items))
    line = closing(summary)
    if line:
        click.echo(line, err=True)
    if summary.failed:
        ctx.exit(EXIT_PARTIAL)


def check_out(qfile: Path, out: Path, force: bool) -> None:
    """Refuse an --out that is the question file, or an existing file without --force."""
    with contextlib.suppress(OSError):
        if out.resolve() == qfile.resolve() or (out.exists() and out.samefile(qfile)):
            raise CLIError(f"--out {out} is the question file itself; choose another name")
    if out.is_dir():
        raise CLIError(f"--out {out} is a folder; give a file name")
    if out.exists() and not force:
        raise CLIError(f"--out {out} already exists; use --force to replace it")
