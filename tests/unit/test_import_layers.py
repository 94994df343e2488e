"""The import graph of the package: layers point one way and there are no cycles.

Every ``import`` of ``assistant`` modules is read with ``ast`` (function-level imports too, since
a deferred import is still a dependency). Layers, bottom to top (a part imports only its own
modules and parts of lower layers):

    records, errors, text       plain values and pure text helpers
    ingest, render              documents read; records made into text
    index, domain, questions    passages and the index folder; biomedical records; question files
    search, evaluate, batch     retrieval; metrics and the runner; batch writers
    answer                      answers from retrieved passages
    service                     the facade
    cli, tui                    the two front ends (the CLI may open the chat)
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


#: Top-level parts of the package by layer, bottom first ("" is ``assistant/__init__``).
LAYERS: list[set[str]] = [
    {"", "records", "errors", "text"},
    {"ingest", "render"},
    {"index", "domain", "questions"},
    {"search", "evaluate", "batch"},
    {"answer"},
    {"service"},
    {"cli", "tui"},
]
#: Imports allowed between parts of one layer.
PEERS = {("cli", "tui")}


def _layer(part: str) -> int:
    return next(i for i, parts in enumerate(LAYERS) if part in parts)


def test_every_part_has_a_layer():
    parts = {_top(m) for m in _modules()}
    placed = set().union(*LAYERS)
    assert parts - placed == set(), "place new parts of the package in LAYERS"


def test_parts_import_only_lower_layers():
    graph = _graph()
    problems = []
    for mod, targets in graph.items():
        part = _top(mod)
        for t in targets:
            other = _top(t)
            if other == part or (part, other) in PEERS:
                continue
            if _layer(other) >= _layer(part):
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
