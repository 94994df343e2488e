"""`assistant index` and `assistant status`: build the index, say what is indexed."""

from __future__ import annotations

from pathlib import Path

import click

from . import common
from .common import (
    clean_errors,
    json_line,
    progress_bars,
    show,
)


@click.command()
@click.option("--rebuild", is_flag=True, help="Rebuild even when the index is fresh.")
@click.pass_context
@clean_errors
def index(ctx: click.Context, rebuild: bool) -> None:
    """Build the index (only when missing, stale or corrupt, unless --rebuild)."""
    with progress_bars() as bar:
        a = common.make_assistant(ctx, bar)
        report = a.ensure_index(rebuild=rebuild)
    if report is None:
        click.echo(f"index is up to date ({a.status().chunks} passages)")
    else:
        click.echo(
            f"indexed {report.documents} document(s), {report.chunks} passages "
            f"({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f}s"
        )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
@clean_errors
def status(ctx: click.Context, as_json: bool) -> None:
    """Show what is indexed and whether it is fresh or stale.

    Exits 2 when the corpus folder does not exist, since nothing can be indexed from it.
    """
    a = common.make_assistant(ctx, lambda *_: None)
    st = a.status()
    missing = not a.corpus.is_dir()
    if as_json:
        from dataclasses import asdict

        click.echo(json_line(asdict(st)))
        if missing:
            _no_corpus(ctx, a.corpus)
        return
    click.echo(f"index: {show(a.store.root)} ({st.state})")
    click.echo(f"corpus: {show(a.corpus)}")
    if st.model:
        click.echo(f"model: {show(st.model)}; passages: {st.chunks}; built: {show(st.built_at)}")
    builds = f" in {st.builds} build(s)" if st.builds else ""
    click.echo(f"disk: {_size(st.disk_bytes)}{builds}")
    for d in st.documents:
        click.echo(f"  - {show(d)}")
    for s in st.skipped:
        click.echo(f"  x not indexed: {show(s)}")
    for r in st.reasons:
        click.echo(f"  ! {show(r)}")
    if missing:
        _no_corpus(ctx, a.corpus)
    if st.state != "fresh":
        click.echo("run `assistant index` to (re)build it")


def _no_corpus(ctx: click.Context, corpus: Path) -> None:
    """Say why the corpus folder cannot be read and what to do (the message a build gives),
    then exit 2."""
    from ..index import CorpusError, IndexStore

    try:
        IndexStore.check_corpus(corpus)
    except CorpusError as exc:
        click.echo(show(str(exc)), err=True)
    ctx.exit(2)


def _size(n: int) -> str:
    """Bytes for people: 0 B, 812 KB, 3.4 MB."""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.0f} KB"
    if n < 1_000_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1_000_000_000:.2f} GB"
