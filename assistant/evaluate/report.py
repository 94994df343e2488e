"""Rendering an evaluation report: plain JSON, a terminal table, Markdown, and a comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from .gold import CATEGORIES
from .runner import EvalReport


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON data (tuples become lists)."""
    return asdict(report)


# -- rendering ------------------------------------------------------------------------------------

#: (JSON key, label, format) of the retrieval rows, in display order.
RETRIEVAL_ROWS: tuple[tuple[str, str, str], ...] = (
    ("hit_at_1", "Hit@1", "{:.3f}"),
    ("hit_at_3", "Hit@3", "{:.3f}"),
    ("hit_at_5", "Hit@5", "{:.3f}"),
    ("hit_at_10", "Hit@10", "{:.3f}"),
    ("mrr_at_10", "MRR@10", "{:.3f}"),
    ("ndcg_at_10", "nDCG@10", "{:.3f}"),
    ("recall_300_words", "recall@300w", "{:.3f}"),
    ("recall_600_words", "recall@600w", "{:.3f}"),
    ("mean_passage_words", "passage words", "{:.1f}"),
)
ANSWER_ROWS: tuple[tuple[str, str, str], ...] = (
    ("all_facts", "all facts", "{:.3f}"),
    ("fact_recall", "fact recall", "{:.3f}"),
    ("answered_in_scope", "answered (in)", "{:.3f}"),
    ("declined_out_of_scope", "declined (out)", "{:.3f}"),
    ("mean_answer_words", "answer words", "{:.1f}"),
)


def _header(report: EvalReport) -> str:
    return (
        f"{report.questions} questions ({report.in_scope} in scope, {report.out_of_scope} out "
        f"of scope), k={report.k}" + (f", {report.source}" if report.source else "")
    )


def _grid(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _metric_rows(report: EvalReport) -> list[list[str]]:
    """Header + retrieval rows + answer rows (when measured), one column per mode."""
    modes = list(report.modes.values())
    rows = [["metric", *(m.mode for m in modes)]]
    for key, label, fmt in RETRIEVAL_ROWS:
        rows.append([label, *(fmt.format(getattr(m.overall, key)) for m in modes)])
    if any(m.answers is not None for m in modes):
        for key, label, fmt in ANSWER_ROWS:
            rows.append(
                [
                    label,
                    *(
                        "-" if m.answers is None else fmt.format(getattr(m.answers, key))
                        for m in modes
                    ),
                ]
            )
    return rows


def _category_rows(report: EvalReport) -> list[list[str]]:
    """Per category: Hit@5 / MRR@10 / recall@300w, one column per mode."""
    modes = list(report.modes.values())
    rows = [["category (n)", *(m.mode for m in modes)]]
    cats = [c for c in CATEGORIES if any(c in m.by_category for m in modes)]
    for cat in cats:
        n = max(m.by_category[cat].questions for m in modes if cat in m.by_category)
        cells = []
        for m in modes:
            g = m.by_category.get(cat)
            cells.append(
                "-"
                if g is None
                else f"{g.hit_at_5:.2f} / {g.mrr_at_10:.2f} / {g.recall_300_words:.2f}"
            )
        rows.append([f"{cat} ({n})", *cells])
    return rows


def render_table(report: EvalReport) -> str:
    """Plain-text report for the terminal: modes side by side, then categories and misses."""
    out = [_header(report), ""]
    out += _grid(_metric_rows(report))
    out += ["", "by category: Hit@5 / MRR@10 / recall@300w"]
    out += _grid(_category_rows(report))
    out += ["", f"misses (no relevant passage in the top {report.k}):"]
    for m in report.modes.values():
        out.append(f"  {m.mode}: {', '.join(m.misses) or 'none'}")
    answered = [m for m in report.modes.values() if m.answers is not None]
    if answered:
        out += ["", "answers missing a fact / out-of-scope questions answered:"]
        for m in answered:
            assert m.answers is not None
            out.append(
                f"  {m.mode}: {', '.join(m.answers.missing_facts) or 'none'} / "
                f"{', '.join(m.answers.answered_out_of_scope) or 'none'}"
            )
    return "\n".join(out)


def _md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    head, *body = rows
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return lines


def render_markdown(report: EvalReport) -> str:
    """The report as Markdown (the same content as :func:`render_table`)."""
    out = ["# Evaluation report", "", _header(report), ""]
    if report.settings:
        out += ["Settings: " + ", ".join(f"`{k}={v}`" for k, v in report.settings.items()), ""]
    out += ["## Metrics", ""] + _md_table(_metric_rows(report))
    out += ["", "## By category (Hit@5 / MRR@10 / recall@300w)", ""]
    out += _md_table(_category_rows(report))
    out += ["", f"## Misses (no relevant passage in the top {report.k})", ""]
    for m in report.modes.values():
        out.append(f"- **{m.mode}**: {', '.join(m.misses) or 'none'}")
    answered = [m for m in report.modes.values() if m.answers is not None]
    if answered:
        out += ["", "## Answers missing a fact / out-of-scope questions answered", ""]
        for m in answered:
            assert m.answers is not None
            out.append(
                f"- **{m.mode}**: {', '.join(m.answers.missing_facts) or 'none'} / "
                f"{', '.join(m.answers.answered_out_of_scope) or 'none'}"
            )
    return "\n".join(out) + "\n"


def _section_values(mode: Mapping[str, Any]) -> dict[str, float]:
    """label -> value for every metric of one mode of a JSON report."""
    values: dict[str, float] = {}
    overall = mode.get("overall") or {}
    for key, label, _ in RETRIEVAL_ROWS:
        if isinstance(overall.get(key), int | float):
            values[label] = float(overall[key])
    answers = mode.get("answers") or {}
    for key, label, _ in ANSWER_ROWS:
        if isinstance(answers.get(key), int | float):
            values[label] = float(answers[key])
    return values


def compare(report_json: Mapping[str, Any], other_json: Mapping[str, Any]) -> str:
    """Deltas per metric per mode: ``report_json`` minus ``other_json`` (the baseline).

    Only modes and metrics present in both are compared; the questions that became misses or
    stopped being misses are listed too, since an average can hide a swap.
    """
    mine, theirs = report_json.get("modes") or {}, other_json.get("modes") or {}
    modes = [m for m in mine if m in theirs]
    if not modes:
        return "nothing to compare: the two reports share no retrieval mode"
    cur = {m: _section_values(mine[m]) for m in modes}
    base = {m: _section_values(theirs[m]) for m in modes}
    fmt = {label: f for _, label, f in RETRIEVAL_ROWS + ANSWER_ROWS}
    labels = [lab for lab in fmt if any(lab in cur[m] and lab in base[m] for m in modes)]
    rows = [["metric (now, delta)", *modes]]
    for lab in labels:
        cells = []
        for m in modes:
            if lab in cur[m] and lab in base[m]:
                d = cur[m][lab] - base[m][lab]
                delta = fmt[lab].replace("{:", "{:+").format(d)
                cells.append(f"{fmt[lab].format(cur[m][lab])} ({delta})")
            else:
                cells.append("-")
        rows.append([lab, *cells])
    out = ["compared with the other report (delta = this - other):", *_grid(rows)]
    changes = []
    for m in modes:
        now, before = set(mine[m].get("misses") or ()), set(theirs[m].get("misses") or ())
        new, fixed = sorted(now - before), sorted(before - now)
        if new or fixed:
            changes.append(
                f"  {m}: new misses {', '.join(new) or 'none'}; fixed {', '.join(fixed) or 'none'}"
            )
    if changes:
        out += ["", "miss changes:", *changes]
    return "\n".join(out)
