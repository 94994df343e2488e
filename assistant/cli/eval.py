"""``assistant eval``: the retrieval/answer evaluation as a command (register with
``cli.add_command(eval_command)``).

A thin layer over :mod:`assistant.evaluate`: read and check the inputs first (so a bad file fails in
a second, not after the model loaded), run, print, write.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..evaluate import (
    DEFAULT_MODES,
    compare,
    load_questions,
    render_markdown,
    render_table,
    report_to_json,
    run_eval,
)
from ..records import MODES
from . import common
from .common import CLIError, clean_errors


def _parse_modes(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    modes = tuple(m.strip() for m in value.split(",") if m.strip())
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise click.BadParameter(
            f"unknown mode(s) {', '.join(unknown) or repr(value)}; use a "
            f"comma-separated list of {', '.join(MODES)}"
        )
    return tuple(dict.fromkeys(modes))  # keep the order given, drop repeats


def _read_other(path: Path) -> dict[str, Any]:

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CLIError(f"{path}: no such report") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CLIError(f"{path}: cannot read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise CLIError(f"{path}: not a JSON report ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("modes"), dict):
        raise CLIError(f'{path}: not an evaluation report (no "modes")')
    return data


def _out_base(out: Path) -> Path:
    # --out eval/reports/NAME, NAME.json or NAME.md all mean the same pair of files.
    return out.with_suffix("") if out.suffix in (".json", ".md") else out


@click.command("eval")
@click.option(
    "--questions",
    "qpath",
    type=click.Path(path_type=Path),
    default=Path("eval/questions.jsonl"),
    show_default=True,
    help="Gold question file (.jsonl with id, category, question, evidence, answer_contains).",
)
@click.option(
    "--modes",
    default=",".join(DEFAULT_MODES),
    show_default=True,
    callback=_parse_modes,
    help="Retrieval modes to compare, comma-separated.",
)
@click.option(
    "--k",
    "-k",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Passages retrieved per question for the rank metrics.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the report as JSON (deltas from --compare go to stderr).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write NAME.json and NAME.md, e.g. --out eval/reports/baseline.",
)
@click.option(
    "--compare",
    "other",
    type=click.Path(path_type=Path),
    default=None,
    help="A report .json to show the deltas against (this run minus that one).",
)
@click.option(
    "--no-answers",
    is_flag=True,
    help="Retrieval metrics only (skip asking every question; faster).",
)
@click.pass_context
@clean_errors
def eval_command(
    ctx: click.Context,
    qpath: Path,
    modes: tuple[str, ...],
    k: int,
    as_json: bool,
    out: Path | None,
    other: Path | None,
    no_answers: bool,
) -> None:
    """Measure retrieval (and answers) on a gold question set, each mode side by side.

    Hit@1/3/5/10, MRR@10, nDCG@10, recall within 300 and 600 words of context, mean passage
    length, per category, the misses by id; with answers, fact recall and out-of-scope refusal.
    See eval/README.md for the definitions.
    """
    questions = load_questions(qpath)
    baseline = _read_other(other) if other is not None else None
    with common.progress_bars() as bar:
        a = common.make_assistant(ctx, bar)
        a.load()
        report = run_eval(
            a, questions, modes=modes, k=k, answers=not no_answers, progress=bar, source=str(qpath)
        )
    data = report_to_json(report)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(render_table(report))
    if out is not None:
        base = _out_base(out)
        base.parent.mkdir(parents=True, exist_ok=True)
        json_path, md_path = base.with_name(base.name + ".json"), base.with_name(base.name + ".md")
        json_path.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        md_path.write_text(render_markdown(report), encoding="utf-8")
        click.echo(f"wrote {json_path} and {md_path}", err=True)
    if baseline is not None:
        text = compare(data, baseline)
        # stdout stays pure JSON with --json.
        click.echo(("" if as_json else "\n") + text, err=as_json)
