"""The import graph of the package: layers point one way and there are no cycles.

Every ``import`` of ``assistant`` modules is read with ``ast`` (function-level imports too, since
a deferred import is still a dependency). Layers, bottom to top:

    records, errors, textutil              plain values and helpers
    ingest, chunking, text helpers, embed  documents and their pieces
    store / search (retrieve, lexical, fuse) / answer / domain / evaluate
    service                                 the facade
    cli, tui                                the two front ends
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "assistant"


def _modules() -> dict[str, Path]:
    mods = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = p
    return mods


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, path in mods.items():
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = mod.split(".")
                    if not is_pkg:
                        base = base[:-1]
                    if node.level > 1:
                        base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in mods]
                targets = subs if len(subs) == len(node.names) else [target, *subs]
            for t in targets:
                if t in mods and t != mod:
                    graph[mod].add(t)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(_modules()):
        if v not in index:
            visit(v)
    return out


def _top(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_there_are_no_import_cycles():
    assert _cycles(_graph()) == []


#: Which top-level parts of the package a part may import (itself always allowed).
ALLOWED_BELOW = {
    "records": set(),
    "errors": set(),
    "textutil": set(),
    "ingest": {"records", "errors", "textutil", "abbrev"},
    "chunking": {"records", "errors", "textutil"},
    "abbrev": {"records", "errors", "textutil"},
    # answer sits above search: it is handed a Retriever (its type only is imported).
    "answer": {
        "records",
        "errors",
        "textutil",
        "chunking",
        "lexical",
        "domain",
        "embed",
        "abbrev",
        "retrieve",
    },
    "service": {"cli", "tui"},  # (inverted: service must not import these)
}


def test_low_layers_import_only_lower_layers():
    graph = _graph()
    problems = []
    for mod, targets in graph.items():
        part = _top(mod)
        for t in targets:
            other = _top(t)
            if other == part:
                continue
            if part == "service":
                if other in ALLOWED_BELOW["service"]:
                    problems.append(f"{mod} -> {t}")
            elif part in ALLOWED_BELOW and other not in ALLOWED_BELOW[part]:
                problems.append(f"{mod} -> {t}")
    assert problems == []


def test_front_ends_are_on_top():
    graph = _graph()
    for mod, targets in graph.items():
        part = _top(mod)
        for t in targets:
            if _top(t) == "cli":
                assert part == "cli", f"{mod} imports the CLI ({t})"
            if _top(t) == "tui":
                assert part in ("tui", "cli"), f"{mod} imports the chat ({t})"
