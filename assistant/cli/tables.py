"""``assistant doses`` and ``assistant safety``: the regimen and adverse-effect tables on the CLI.

Both are plain click commands (registered on the main group by :mod:`assistant.cli`). They read
the indexed passages, extract the records with :mod:`assistant.domain`, and print an aligned
plain-text table (each row followed by its citation), JSON or CSV. Document text is never
interpreted as markup and control characters are made visible.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from . import common
from .common import clean_errors

F = TypeVar("F", bound=Callable[..., Any])

EXIT_NO_MATCH = 1

#: (column, header, width) of the readable tables; cells wrap within their width.
_DOSE_TABLE = (
    ("dose", "DOSE", 14),
    ("schedule", "SCHEDULE", 20),
    ("duration", "DURATION", 16),
    ("route", "ROUTE", 15),
    ("subject", "SUBJECT", 24),
    ("trial", "TRIAL", 11),
)
_SAFETY_TABLE = (
    ("effect", "EFFECT", 24),
    ("canonical", "NORMALISED AS", 24),
    ("frequency", "FREQUENCY", 13),
    ("regimen", "REGIMEN", 22),
    ("population", "POPULATION", 26),
)
#: Columns shown only when some row has a value (grade, arm, kind) or, for the document, when
#: the rows come from several documents.
_OPTIONAL = {
    "doses": (
        ("drug", "DRUG", 14),
        ("kind", "KIND", 12),
        ("arm", "ARM", 12),
        # Whom a dose modification applies to ("patients with moderate hepatic impairment").
        ("population", "POPULATION", 24),
    ),
    "safety": (("grade", "GRADE", 7), ("arm", "ARM", 12)),
}
_DOCUMENT_COLUMN = ("document", "DOCUMENT", 24)

_DOCUMENT_OPTION = common.document_option(
    "Only records of this document: its file name, title, or a part of either."
)
_DRUG_OPTION = click.option(
    "--drug",
    default=None,
    metavar="NAME[,NAME]",
    help="Read doses and effects of these drugs instead of the ones each document names most.",
)


def _table_options(fn: F) -> F:
    """The options and error handling both tables share (--document, --drug, --json, --csv)."""
    for deco in reversed(
        (
            _DOCUMENT_OPTION,
            _DRUG_OPTION,
            click.option(
                "--json", "as_json", is_flag=True, help="Print the rows as one JSON object."
            ),
            click.option("--csv", "as_csv", is_flag=True, help="Print the rows as CSV."),
            click.pass_context,
            clean_errors,
        )
    ):
        fn = deco(fn)
    return fn


def _records(method: Callable[..., list[Any]], drug: str | None) -> list[Any]:
    """``method()``, or ``method(drug=drug)`` when ``--drug`` was given."""
    return method(drug=drug) if drug else method()


def _columns(
    base: tuple[tuple[str, str, int], ...], rows: Sequence[dict[str, str]]
) -> tuple[tuple[str, str, int], ...]:
    """``base`` plus the optional columns some row fills, plus DOCUMENT when several documents."""
    key = "doses" if base is _DOSE_TABLE else "safety"
    extra = tuple(c for c in _OPTIONAL[key] if any(r.get(c[0]) for r in rows))
    several = len({r.get("document", "") for r in rows}) > 1
    return base + extra + ((_DOCUMENT_COLUMN,) if several else ())


def _load(ctx: click.Context) -> Any:
    """The Assistant with its index loaded (built first when needed)."""
    with common.progress_bars() as bar:
        a = common.make_assistant(ctx, bar)
        _ = a.index
        return a


def _check_format(as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")


def _cell_lines(value: str, width: int) -> list[str]:
    from ..text.safe import neutralise

    text = " ".join(neutralise(value).split()) or "-"
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or ["-"]


def print_table(
    rows: Sequence[dict[str, str]],
    columns: Sequence[tuple[str, str, int]],
    extra: Callable[[dict[str, str]], list[str]],
) -> None:
    """An aligned plain-text table; ``extra(row)`` gives indented lines printed under each row."""
    from ..text.safe import neutralise

    widths = [min(w, max([len(h), *(len(r[c]) for r in rows)])) for c, h, w in columns]
    click.echo("  ".join(h.ljust(w) for (_, h, _), w in zip(columns, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [_cell_lines(row[c], w) for (c, _, _), w in zip(columns, widths, strict=True)]
        for i in range(max(len(cell) for cell in cells)):
            parts = [
                (cell[i] if i < len(cell) else "").ljust(w)
                for cell, w in zip(cells, widths, strict=True)
            ]
            click.echo("  ".join(parts).rstrip())
        for line in extra(row):
            # Ids and section titles must stay whole to be copied, so no breaks inside words.
            click.echo(
                textwrap.fill(
                    neutralise(line),
                    width=100,
                    initial_indent="    ",
                    subsequent_indent="      ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        click.echo()


def _citation(row: dict[str, str]) -> str:
    page = f", p. {row['page']}" if row["page"] else ""
    return f"source: {row['section']}{page}, lines {row['lines']}  [{row['chunk_id']}]"


def _emit(
    records: list[Any],
    rows: list[dict[str, str]],
    columns: Sequence[str],
    options: dict[str, Any],
    key: str,
    query: dict[str, str | None],
) -> bool:
    """JSON or CSV output of ``records`` (as ``rows``), as ``options`` ask; False when neither
    was asked for.

    The JSON object starts with ``query`` and the --document and --drug options; its pages
    and lines are numbers, as in ``ask --json``.
    """
    from ..domain.filters import json_row
    from ..text.safe import neutralise

    if options["as_json"]:
        query = {**query, "document": options["document"], "drug": options["drug"]}
        typed = [json_row(r, row) for r, row in zip(records, rows, strict=True)]
        click.echo(json.dumps({**query, "count": len(typed), key: typed}, ensure_ascii=False))
        return True
    if options["as_csv"]:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
        click.echo(buf.getvalue(), nl=False)
        return True
    return False


def _no_match(ctx: click.Context, what: str, known: Sequence[str]) -> None:
    from ..text.safe import neutralise

    hint = f" (try one of: {', '.join(known)})" if known else ""
    click.echo(neutralise(f"{what}{hint}"), err=True)
    ctx.exit(EXIT_NO_MATCH)


@dataclass(frozen=True)
class _Kind:
    """What a table command lists: the records, how they are filtered, printed and counted."""

    method: str  # the Assistant method giving the records
    noun: str  # one record, in messages ("dosing regimen")
    asked: str  # what the filter asked, with {} for the value ("for subject {}")
    keep: Callable[[list[Any]], list[Any]]  # the records the filter keeps
    known: Callable[[list[Any]], list[str]]  # what could have been asked instead
    rows: Callable[[list[Any]], list[dict[str, str]]]
    columns: Sequence[str]  # of the JSON and CSV rows
    key: str  # of the rows in the JSON object
    table: tuple[tuple[str, str, int], ...]  # of the readable table
    extra: Callable[[dict[str, str]], list[str]]  # lines under each row
    count: str  # the records counted ("regimen(s)")


def _list(
    ctx: click.Context, options: dict[str, Any], kind: _Kind, option: str, value: str | None
) -> None:
    """The records of ``kind`` (for ``--drug``) in ``--document`` that its filter keeps, as
    JSON, CSV or a readable table with a count; ``option`` is the filter's name, ``value`` what
    was asked of it.

    Exits 1 with a message when there are none, naming what could have been asked instead.
    """
    from ..search.retrieve import select_documents

    _check_format(options["as_json"], options["as_csv"])
    if options["drug"] is not None and not options["drug"].replace(",", " ").split():
        raise click.UsageError("--drug needs a drug name (or several, separated by commas)")
    document = options["document"]
    a = _load(ctx)
    every = _records(getattr(a, kind.method), options["drug"])
    if document is not None and document.strip():
        # the same names as ask/search --document; an unknown one lists the documents (exit 2)
        chosen = select_documents([document], {d.doc_id: d for d in a.documents()})
        every = [r for r in every if r.doc_id in chosen]
    if not every and options["drug"]:
        # name the drugs the documents do have records of, so the user can pick one
        named = sorted({r.drug for r in getattr(a, kind.method)() if r.drug})
        where = f" in document {document.strip()!r}" if document else ""
        _no_match(ctx, f"no {kind.noun} of {options['drug'].strip()!r} found{where}", named)
    if not every and document:
        _no_match(ctx, f"no {kind.noun} found in document {document.strip()!r}", [])
    why = kind.asked.format(repr(value.strip())) if value else ""
    found = kind.keep(every)
    if not found:
        if why:
            _no_match(ctx, f"no {kind.noun} found {why}", kind.known(every))
        _no_match(ctx, f"no {kind.noun} found in the corpus", [])
    rows = kind.rows(found)
    if _emit(found, rows, kind.columns, options, kind.key, {option: value}):
        return
    print_table(rows, _columns(kind.table, rows), kind.extra)
    click.echo(f"{len(rows)} {kind.count}" + (f" {why}" if why else ""))


def _dose_lines(row: dict[str, str]) -> list[str]:
    lines = [f"effect: {row['effect']}"] if row["effect"] else []
    return [*lines, _citation(row)]


@click.command()
@click.option(
    "--subject",
    default=None,
    metavar="TEXT",
    help='Only regimens in this species or population, e.g. "mice", "rats", "humans", '
    '"older adults", "TSC" (synonyms such as mouse/mice/murine match each other).',
)
@_table_options
def doses(ctx: click.Context, subject: str | None, **options: Any) -> None:
    """List every dosing regimen of the corpus (dose, schedule, duration, route, subject, trial).

    Each row cites its source: section, lines and passage id. Exits 1 when nothing matches.
    """
    from ..domain import REGIMEN_COLUMNS, filter_regimens, regimen_rows, subject_kinds

    kind = _Kind(
        "regimens",
        "dosing regimen",
        "for subject {}",
        lambda every: filter_regimens(every, subject),
        lambda every: sorted({k for r in every for k in subject_kinds(r.subject)}),
        regimen_rows,
        REGIMEN_COLUMNS,
        "regimens",
        _DOSE_TABLE,
        _dose_lines,
        "regimen(s)",
    )
    _list(ctx, options, kind, "subject", subject)


@click.command()
@click.option(
    "--effect",
    default=None,
    metavar="TEXT",
    help='Only this adverse effect under any wording, e.g. "ulcers" also finds '
    '"mouth sores", "stomatitis" and "aphthous ulcers".',
)
@_table_options
def safety(ctx: click.Context, effect: str | None, **options: Any) -> None:
    """List the adverse effects reported in the corpus, with regimen, population and frequency.

    Each row cites its source: section, lines and passage id. Exits 1 when nothing matches.
    """
    from ..domain import EFFECT_COLUMNS, effect_rows, filter_effects

    kind = _Kind(
        "adverse_effects",
        "adverse effect",
        "matching {}",
        lambda every: filter_effects(every, effect),
        lambda every: sorted({e.canonical for e in every}),
        effect_rows,
        EFFECT_COLUMNS,
        "effects",
        _SAFETY_TABLE,
        lambda row: [_citation(row)],
        "adverse-effect mention(s)",
    )
    _list(ctx, options, kind, "effect", effect)
