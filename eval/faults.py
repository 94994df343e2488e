"""Fault suite (issue 13): kills, damaged files, concurrent processes, hostile questions.

    .venv/bin/python eval/faults.py [--out eval/reports/faults.json]

Prints one JSON object of counts and writes it to ``--out``. The same scenario functions are run,
smaller, by ``tests/test_faults.py``. Everything uses the deterministic ``FakeEmbedder`` and a tiny
corpus: the real model is not what is under test, and the suite must stay fast. Child processes
run the real command line (``assistant index``) with the fake embedder patched in.

A child: ``python eval/faults.py --child KILLPOINT -- ARGS...`` runs ``assistant ARGS`` and, at
KILLPOINT (see :data:`KILL_POINTS`; ``none`` for none, ``slow`` to widen every step), sends
itself SIGKILL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Where a build is killed: before reading, embedding, writing SQLite, writing each FAISS file,
#: writing the manifest, renaming the finished folder, swapping CURRENT, and cleaning up after.
KILL_POINTS = (
    "reading",
    "embedding",
    "sqlite",
    "vectors",
    "sentences",
    "manifest",
    "publish",
    "pointer",
    "cleanup",
)

DOCS = {
    "autophagy.txt": (
        "Autophagy\n\nAutophagy recycles damaged organelles and misfolded proteins inside the "
        "cell. Rapamycin switches autophagy on by blocking mTORC1, which otherwise "
        "phosphorylates ULK1 and ATG13.\n"
    ),
    "dosing.md": (
        "# Dosing\n\nMice received 2 mg/kg of rapamycin every 5 days, which did not disturb "
        "glucose homeostasis. Rats fed rapamycin for six months showed less lipofuscin in their "
        "heart muscle cells.\n"
    ),
    "safety.txt": (
        "Safety\n\nMouth ulcers were the most common side effect in people taking sirolimus. "
        "Hyperlipidaemia and thrombocytopenia were seen at higher doses.\n"
    ),
}
QUERIES = (
    "what does rapamycin do to autophagy",
    "dose in mice every 5 days",
    "mouth ulcers side effect",
    "lipofuscin in rat hearts",
    "ULK1 ATG13 phosphorylation",
)


# -- child process --------------------------------------------------------------------------------
def _die(*_: Any, **__: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _install(point: str) -> None:
    """Patch the fake embedder in, and a SIGKILL at ``point``."""
    import faiss

    import assistant.index.build as store
    import assistant.index.embed as embed

    embed.load_embedder = lambda model=embed.DEFAULT_MODEL: embed.FakeEmbedder()  # type: ignore[assignment,return-value]
    slow = point == "slow"

    def wrap(obj: Any, name: str, when: Any = lambda *a, **k: True, nth: int = 1) -> None:
        orig = getattr(obj, name)
        calls = [0]

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if slow:
                time.sleep(0.05)
            elif when(*args, **kwargs):
                calls[0] += 1
                if calls[0] == nth:
                    _die()
            return orig(*args, **kwargs)

        setattr(obj, name, wrapper)

    if point in ("reading", "slow"):
        wrap(store, "load_corpus")
    if point in ("embedding", "slow"):
        wrap(embed.FakeEmbedder, "encode")
    if point in ("sqlite", "slow"):
        wrap(store, "_doc_row")
    if point in ("vectors", "sentences", "slow"):
        wrap(faiss, "write_index", nth=1 if point == "vectors" else 2)
    if point in ("manifest", "slow"):
        wrap(store, "_write_json_atomic")
    if point in ("publish", "pointer", "slow"):
        if point == "publish":
            when = lambda src, dst: str(src).endswith(".partial")  # noqa: E731
        else:
            when = lambda src, dst: Path(dst).name == "CURRENT"  # noqa: E731
        wrap(os, "replace", when)
    if point == "cleanup":
        wrap(store.IndexStore, "remove_stale_builds", nth=2)


def child_main(argv: list[str]) -> None:
    point = argv[0]
    args = argv[argv.index("--") + 1 :]
    if point != "none":
        _install(point)
    else:
        _install("nothing")
    from assistant.cli import cli

    cli.main(args, prog_name="assistant")


def run_child(point: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``assistant ARGS`` in a child process with the fake embedder (and a kill point)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", point, "--", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


def start_child(point: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", point, "--", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


# -- helpers --------------------------------------------------------------------------------------
def make_corpus(folder: Path, docs: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (docs or DOCS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def fake_assistant(corpus: Path, index: Path, messages: list[str] | None = None) -> Any:
    from assistant.index.embed import FakeEmbedder
    from assistant.service import Assistant

    a = Assistant(corpus=corpus, index=index, notify=print if messages is None else messages.append)
    a._embedder = FakeEmbedder()  # type: ignore[assignment]
    return a


def results(a: Any, k: int = 3) -> list[list[tuple[str, float]]]:
    """Top-k (chunk id, rounded score) per query: what 'the same answer' means here."""
    return [[(h.chunk.chunk_id, round(h.score, 5)) for h in a.search(q, k=k)] for q in QUERIES]


def leftovers(index: Path) -> list[str]:
    """Partial folders and interrupted pointer swaps left in an index folder."""
    return sorted(
        p.name for p in index.iterdir() if p.name.endswith(".partial") or p.name.endswith(".tmp")
    )


def _has_traceback(text: str) -> bool:
    return "Traceback (most recent call last)" in text


# -- scenarios ------------------------------------------------------------------------------------
def kill_scenarios(work: Path, points: tuple[str, ...] = KILL_POINTS) -> dict[str, Any]:
    """For each kill point: kill -9 a rebuild there; then search must work, and the next build
    must leave no partial folder and no orphan build."""
    from assistant.index import IndexStore

    out: dict[str, Any] = {"points": 0, "killed": 0, "searches_ok": 0, "served_wrong": 0}
    out.update({"tracebacks": 0, "partial_after_next_build": 0, "orphan_builds": 0})
    out["failures"] = []
    for point in points:
        out["points"] += 1
        case = work / f"kill-{point}"
        corpus = make_corpus(case / "corpus")
        index = case / "index"
        a = fake_assistant(corpus, index, [])
        a.ensure_index()
        a.close()
        (corpus / "autophagy.txt").write_text(DOCS["autophagy.txt"] + "TFEB moves to the nucleus.")
        r = run_child(point, "--corpus", str(corpus), "--index", str(index), "index")
        if r.returncode == -signal.SIGKILL:
            out["killed"] += 1
        else:
            out["failures"].append(f"{point}: not killed (rc {r.returncode}) {r.stderr[-300:]}")
        if _has_traceback(r.stderr):
            out["tracebacks"] += 1
        # The published index still opens as it was (or as the new one, killed after the swap).
        store = IndexStore(index)
        try:
            loaded = store.load()
            loaded.close()
            messages: list[str] = []
            b = fake_assistant(corpus, index, messages)
            got = results(b)
            b.close()
            expected = fake_assistant(corpus, case / "reference", [])
            if got != results(expected):
                out["served_wrong"] += 1
                out["failures"].append(f"{point}: results differ from a clean build")
            expected.close()
            out["searches_ok"] += 1
        except Exception as exc:  # noqa: BLE001 (counted)
            out["failures"].append(f"{point}: {type(exc).__name__}: {exc}")
        c = fake_assistant(corpus, index, [])
        c.ensure_index(rebuild=True)
        c.close()
        if leftovers(index):
            out["partial_after_next_build"] += 1
            out["failures"].append(f"{point}: left {leftovers(index)}")
        builds = [p.name for p in index.iterdir() if p.name.startswith("build-")]
        if len(builds) > 2:
            out["orphan_builds"] += 1
            out["failures"].append(f"{point}: {len(builds)} builds kept")
    return out


def _other_build(work: Path) -> Path:
    """A build of a different corpus, whose files replace ours in the 'replaced' cases."""
    corpus = make_corpus(work / "other-corpus", {"x.txt": "Metformin and AMPK in the liver.\n"})
    a = fake_assistant(corpus, work / "other-index", [])
    a.ensure_index()
    a.close()
    build = a.store.current()
    assert build is not None
    return build


DAMAGES = ("truncate", "zero", "overwrite", "delete", "replace")
FILES = ("CURRENT", "manifest.json", "chunks.sqlite", "vectors.faiss", "sentences.faiss", "MARKER")


def _damage(index: Path, name: str, how: str, other: Path, rng: random.Random) -> None:
    from assistant.index import MARKER, IndexStore

    build = IndexStore(index).current()
    assert build is not None
    path = (
        index / "CURRENT" if name == "CURRENT" else build / (MARKER if name == "MARKER" else name)
    )
    src = (
        other.parent / "CURRENT"
        if name == "CURRENT"
        else other / (MARKER if name == "MARKER" else name)
    )
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "zero":
        path.write_bytes(b"")
    elif how == "overwrite":
        pos = rng.randrange(max(1, len(data) - 64))
        noise = bytes(rng.randrange(256) for _ in range(64))
        path.write_bytes(data[:pos] + noise + data[pos + 64 :])
    elif how == "delete":
        path.unlink()
    elif how == "replace":
        if name == "CURRENT":
            # Point at a build folder that is not ours to read (another corpus' index).
            shutil.copytree(other, index / other.name)
            path.write_text(other.name + "\n", encoding="utf-8")
        else:
            shutil.copyfile(src, path)


def damage_scenarios(work: Path, seed: int = 13) -> dict[str, Any]:
    """Every index file damaged every way: search must give the clean results (after a rebuild)
    or one clear line; never a traceback, never a different result."""
    from assistant.errors import AssistantError

    rng = random.Random(seed)
    other = _other_build(work)
    corpus = make_corpus(work / "dmg-corpus")
    base_index = work / "dmg-base"
    a = fake_assistant(corpus, base_index, [])
    a.ensure_index()
    expected = results(a)
    a.close()
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    cases = [(f, d) for f in FILES for d in DAMAGES] + [
        ("vectors.faiss", "l2-metric"),
        ("manifest.json", "hostile"),
    ]
    for name, how in cases:
        index = work / f"dmg-{name}-{how}"
        shutil.copytree(base_index, index)
        if how == "l2-metric":
            _switch_to_l2(index)
        elif how == "hostile":
            _hostile_manifests(index, outcomes, failures, corpus, expected)
            continue
        else:
            _damage(index, name, how, other, rng)
        outcomes[_search_outcome(corpus, index, expected, failures, f"{name}/{how}")] += 1
    mid = _damage_mid_query(work, corpus, expected, failures)
    outcomes[mid] += 1
    del AssistantError
    return {"cases": sum(outcomes.values()), **dict(outcomes), "failures": failures}


def _search_outcome(
    corpus: Path, index: Path, expected: Any, failures: list[str], label: str
) -> str:
    from assistant.errors import AssistantError

    messages: list[str] = []
    a = fake_assistant(corpus, index, messages)
    try:
        got = results(a)
    except AssistantError as exc:
        failures.append(f"{label}: clear line: {exc}")
        return "clear_line"
    except Exception as exc:  # noqa: BLE001 (counted as a traceback)
        failures.append(f"{label}: {type(exc).__name__}: {exc}")
        return "traceback"
    finally:
        a.close()
    if got != expected:
        failures.append(f"{label}: wrong results served")
        return "wrong"
    return "rebuilt" if any("build" in m for m in messages) else "unaffected"


def _switch_to_l2(index: Path) -> None:
    """The vectors file rewritten with the same vectors under the L2 metric (manifest untouched)."""
    import faiss

    from assistant.index import IndexStore

    build = IndexStore(index).current()
    assert build is not None
    ip = faiss.read_index(str(build / "vectors.faiss"))
    l2 = faiss.IndexFlatL2(ip.d)
    l2.add(ip.reconstruct_n(0, ip.ntotal))
    faiss.write_index(l2, str(build / "vectors.faiss"))


HOSTILE_MANIFESTS = {
    "skipped_files-list": lambda m: {**m, "skipped_files": ["a.pdf"]},
    "deep-nesting": None,  # raw text, below
    "chunks-string": lambda m: {**m, "chunks": "12"},
    "chunks-float": lambda m: {**m, "chunks": 3.5},
    "chunks-negative": lambda m: {**m, "chunks": -1},
    "chunks-bool": lambda m: {**m, "chunks": True},
    "model-list": lambda m: {**m, "model": ["x"]},
    "corpus-nested": lambda m: {**m, "corpus": {"a.txt": {"sha": 1}}},
    "files-missing": lambda m: {k: v for k, v in m.items() if k != "files"},
    "metric-l2": lambda m: {**m, "vectors": {**m["vectors"], "metric": "l2"}},
    "count-wrong": lambda m: {**m, "vectors": {**m["vectors"], "count": 999}},
    "dimension-huge": lambda m: {**m, "model": {**m["model"], "dimension": 10**30}},
    "utf16": None,
    "nan": None,
    "huge": None,
    "array": lambda m: [m],
}


def _hostile_manifests(
    index: Path, outcomes: Counter[str], failures: list[str], corpus: Path, expected: Any
) -> None:
    from assistant.index import IndexStore

    build = IndexStore(index).current()
    assert build is not None
    path = build / "manifest.json"
    original = path.read_text(encoding="utf-8")
    for label, change in HOSTILE_MANIFESTS.items():
        case = index.parent / f"{index.name}-{label}"
        shutil.copytree(index, case)
        target = case / build.name / "manifest.json"
        if change is not None:
            target.write_text(json.dumps(change(json.loads(original))), encoding="utf-8")
        elif label == "deep-nesting":
            target.write_text('{"a":' * 100000 + "1" + "}" * 100000, encoding="utf-8")
        elif label == "utf16":
            target.write_bytes(original.encode("utf-16"))
        elif label == "nan":
            target.write_text(original.replace('"chunks": ', '"chunks": NaN, "x": '), "utf-8")
        elif label == "huge":
            target.write_text('{"pad": "' + "x" * (40 * 1024 * 1024) + '"}', encoding="utf-8")
        outcomes[_search_outcome(corpus, case, expected, failures, f"manifest/{label}")] += 1
        shutil.rmtree(case)


def _damage_mid_query(work: Path, corpus: Path, expected: Any, failures: list[str]) -> str:
    """The database damaged after the index was loaded: the first FTS5 query meets it."""
    from assistant.errors import AssistantError

    index = work / "dmg-midquery"
    shutil.copytree(work / "dmg-base", index)
    messages: list[str] = []
    a = fake_assistant(corpus, index, messages)
    a.load()
    db = a.index.path / "chunks.sqlite"
    data = db.read_bytes()
    db.write_bytes(data[:4096] + bytes([0xA5]) * (len(data) - 4096))
    try:
        got = results(a)
    except AssistantError as exc:
        failures.append(f"mid-query: clear line: {exc}")
        return "clear_line"
    except Exception as exc:  # noqa: BLE001 (counted)
        failures.append(f"mid-query: {type(exc).__name__}: {exc}")
        return "traceback"
    finally:
        a.close()
    if got != expected:
        failures.append("mid-query: wrong results served")
        return "wrong"
    return "rebuilt" if any("build" in m for m in messages) else "unaffected"


def concurrent_builders(work: Path, n: int = 5, rebuild: bool = False) -> dict[str, Any]:
    """``n`` processes run ``assistant index`` at once on a missing (or, with ``rebuild``, a
    fresh) index: every one must succeed and the corpus must be embedded once."""
    tag = "rebuild" if rebuild else "first"
    corpus = make_corpus(work / f"conc-{tag}-{n}" / "corpus")
    index = work / f"conc-{tag}-{n}" / "index"
    if rebuild:
        a = fake_assistant(corpus, index, [])
        a.ensure_index()
        a.close()
    args = ["--corpus", str(corpus), "--index", str(index), "index"]
    if rebuild:
        args.append("--rebuild")
    procs = [start_child("none", *args) for _ in range(n)]
    outs = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    built = sum(1 for _, stdout, _ in outs if stdout.startswith("indexed "))
    fresh = sum(1 for _, stdout, _ in outs if "up to date" in stdout)
    return {
        "processes": n,
        "exit_0": sum(1 for rc, _, _ in outs if rc == 0),
        "built": built,
        "found_fresh": fresh,
        "waited_with_message": sum(1 for _, _, err in outs if "waiting for it" in err),
        "tracebacks": sum(1 for _, out, err in outs if _has_traceback(out + err)),
        "os_or_sqlite_errors": sum(
            1 for _, _, err in outs if "OperationalError" in err or "I/O error" in err
        ),
        "leftovers": leftovers(index),
    }


def search_during_builds(work: Path, rebuilds: int = 4) -> dict[str, Any]:
    """Searches (new processes' worth of opening and searching) while another process rebuilds
    again and again; a reader holding a build open keeps it through every cleanup."""
    from assistant.errors import AssistantError

    corpus = make_corpus(work / "during" / "corpus")
    index = work / "during" / "index"
    a = fake_assistant(corpus, index, [])
    a.ensure_index()
    expected = results(a)
    held = a.index  # this reader keeps its build open through all the rebuilds
    held_build = held.path
    out: dict[str, Any] = {"rebuilds": rebuilds, "searches": 0, "wrong": 0, "errors": 0}
    out.update({"reader_rebuilt": 0, "manifest_missing": 0, "held_build_deleted": 0})
    args = ["--corpus", str(corpus), "--index", str(index)]
    procs = []
    deadline = time.monotonic() + 120
    for _ in range(rebuilds):
        procs.append(start_child("slow", *args, "index", "--rebuild"))
        while procs[-1].poll() is None and time.monotonic() < deadline:
            messages: list[str] = []
            b = fake_assistant(corpus, index, messages)
            try:
                got = results(b)
                out["searches"] += 1
                out["wrong"] += got != expected
            except AssistantError as exc:
                out["errors"] += 1
                out["manifest_missing"] += "manifest missing" in str(exc)
            finally:
                b.close()
            out["reader_rebuilt"] += any("build" in m for m in messages)
            out["manifest_missing"] += any("manifest missing" in m for m in messages)
        procs[-1].communicate()
    out["builder_failures"] = sum(1 for p in procs if p.returncode != 0)
    out["held_build_deleted"] = int(not held_build.is_dir())
    out["held_reader_still_searches"] = results(a) == expected
    a.close()
    c = fake_assistant(corpus, index, [])
    c.ensure_index(rebuild=True)
    c.close()
    out["held_build_removed_after_close"] = not held_build.exists()
    return out


# -- hostile questions through the batch commands -------------------------------------------------
HOSTILE_PIECES = [
    '"',
    "*",
    "NEAR(a b)",
    "AND",
    "OR NOT",
    "^",
    "body:",
    "chunks_fts",
    "(",
    ")",
    "\x00",
    "\x1b]0;title\x07",
    "\x1b[31m",
    "\ud800",
    "\udfff",
    "\u202e",
    "\ufeff",
    "\r",
    "\t",
    "rapamycin",
    "mTORC1",
    "ulcers",
    "2 mg/kg",
    "\u00e9\u0301",
    "🧬",
    "x" * 5000,
]


def hostile_questions(rng: random.Random, n: int) -> list[Any]:
    """``n`` JSONL values: hostile strings, wrong JSON types, huge and empty questions."""
    out: list[Any] = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.8:
            text = " ".join(rng.choice(HOSTILE_PIECES) for _ in range(rng.randint(1, 6)))
            out.append({"question": text, "id": i})
        elif kind < 0.9:
            out.append(rng.choice([{"question": 5}, {"question": None}, ["q"], "q", 3, {"q": "x"}]))
        else:
            out.append({"question": rng.choice(["", "   ", "\x00\x01", "x" * 300000])})
    return out


def batch_fuzz(work: Path, n: int = 200, seed: int = 13) -> dict[str, Any]:
    """Hostile questions through ``search --file`` and ``ask --file`` (in process, CliRunner):
    every line is answered or reported with its line number; nothing is lost; no traceback."""
    from click.testing import CliRunner

    import assistant.cli as cli_mod
    import assistant.cli.common as cli_common

    rng = random.Random(seed)
    corpus = make_corpus(work / "fuzz" / "corpus")
    a = fake_assistant(corpus, work / "fuzz" / "index", [])
    a.load()
    values = hostile_questions(rng, n)
    qfile = work / "fuzz" / "q.jsonl"
    # Half the lines spell non-ASCII as JSON escapes; lone surrogates always are ("\ud800" is
    # valid JSON, while raw surrogate bytes would make the file invalid UTF-8: refused whole).
    lines = []
    for v in values:
        raw = json.dumps(v, ensure_ascii=False)
        surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in raw)
        lines.append(json.dumps(v) if surrogate or rng.random() < 0.5 else raw)
    qfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = cli_common.make_assistant
    cli_common.make_assistant = lambda ctx, progress: a
    out: dict[str, Any] = {"questions": n}
    try:
        runner = CliRunner()
        for command in ("search", "ask"):
            args = [command, "--file", str(qfile)]
            if command == "search":
                args += ["--json", "--k", "2"]
            r = runner.invoke(cli_mod.cli, args)
            rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
            reported = sum(1 for x in r.stderr.splitlines() if f"{qfile}:" in x and "skipped" in x)
            out[command] = {
                "exit_code": r.exit_code,
                "written": len(rows),
                "reported": reported,
                "lost": n - len(rows) - reported,
                "tracebacks": int(
                    _has_traceback(r.stderr)
                    or (r.exception is not None and not isinstance(r.exception, SystemExit))
                ),
                "bugs": r.stderr.count("this is a bug"),
            }
    finally:
        cli_common.make_assistant = original
        a.close()
    return out


def load_check_cost(work: Path, repeat: int = 20) -> dict[str, Any]:
    """What the self-checks cost on an index the size of the real one (the project corpus with
    384-dimensional vectors, the real model's size): sha256 of every file, a whole load, and
    ``PRAGMA quick_check`` (measured, not used: the checksums already cover every byte)."""
    import sqlite3
    import statistics

    from assistant.index import INDEX_FILES, IndexStore
    from assistant.index.embed import FakeEmbedder
    from assistant.records import Settings

    corpus = work / "cost-corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "rapamycin-aging-review.txt", corpus)
    store = IndexStore(work / "cost-index")
    store.build(corpus, Settings(), FakeEmbedder(dim=384))
    build = store.current()
    assert build is not None
    man = store.manifest()

    def timed(fn: Any) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return round(1000 * statistics.median(times), 2)

    def quick_check() -> None:
        db = sqlite3.connect(f"file:{build / 'chunks.sqlite'}?mode=ro", uri=True)
        db.execute("PRAGMA quick_check").fetchall()
        db.close()

    return {
        "index_bytes": sum((build / f).stat().st_size for f in INDEX_FILES),
        "passages": man["chunks"],
        "sha256_all_files_ms": timed(lambda: store.verify_files(build, man)),
        "load_with_checks_ms": timed(lambda: store.load().close()),
        "sqlite_quick_check_ms": timed(quick_check),
    }


def run_all(work: Path, quick: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    report: dict[str, Any] = {}
    points = KILL_POINTS[::3] if quick else KILL_POINTS
    report["kill9"] = kill_scenarios(work, points)
    report["damaged_files"] = damage_scenarios(work)
    report["concurrent_first_use"] = concurrent_builders(work, 3 if quick else 5)
    report["concurrent_rebuild"] = concurrent_builders(work, 2, rebuild=True)
    report["search_during_build"] = search_during_builds(work, 2 if quick else 4)
    report["batch_fuzz"] = batch_fuzz(work, 100 if quick else 500)
    report["load_check_cost"] = load_check_cost(work)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    return report


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "faults.json")
    parser.add_argument("--quick", action="store_true", help="fewer kill points and questions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        report = run_all(Path(tmp), quick=args.quick)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
