"""Speed and memory benchmark; prints one JSON object.

    .venv/bin/python eval/bench.py [--queries eval/questions.jsonl] [--repeat 3]

Measures: model load and index build seconds (into a temporary index folder), warm query latency
p50/p95 per retrieval mode, warm `ask` latency, the bare query-embedding time (the floor hybrid
search cannot beat), and peak resident memory. Target (issue 2): warm hybrid p50 within 1.5x of the
bare query-embedding p50.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    i = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[i]


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(1000 * statistics.median(values), 2),
        "p95_ms": round(1000 * _pct(values, 0.95), 2),
        "n": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    questions = [
        json.loads(line)["question"]
        for line in args.queries.read_text().splitlines()
        if line.strip()
    ]
    from assistant.index.embed import Embedder
    from assistant.service import Assistant

    t0 = time.perf_counter()
    embedder = Embedder()
    model_load = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        a = Assistant(corpus=args.corpus, index=Path(tmp) / "index")
        a._embedder = embedder
        t0 = time.perf_counter()
        report = a.build()
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        a.load()
        index_load = time.perf_counter() - t0

        for q in questions[:5]:  # warm-up
            a.search(q, k=10)
            embedder.encode([q])

        floor: list[float] = []
        per_mode: dict[str, list[float]] = {"lexical": [], "dense": [], "hybrid": []}
        asks: list[float] = []
        for _ in range(args.repeat):
            for q in questions:
                t0 = time.perf_counter()
                embedder.encode([q])
                floor.append(time.perf_counter() - t0)
                for mode, times in per_mode.items():
                    # Each search embeds its question afresh (no vector reused across modes).
                    a.retriever.clear_cache()
                    t0 = time.perf_counter()
                    a.search(q, k=10, mode=mode)  # type: ignore[arg-type]
                    times.append(time.perf_counter() - t0)
        for q in questions:
            a.retriever.clear_cache()
            t0 = time.perf_counter()
            a.ask(q)
            asks.append(time.perf_counter() - t0)
        a.close()

    hybrid_p50 = statistics.median(per_mode["hybrid"])
    floor_p50 = statistics.median(floor)
    out = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "platform": platform.platform(),
        },
        "corpus": {"documents": report.documents, "chunks": report.chunks},
        "model_load_s": round(model_load, 2),
        "index_build_s": round(build, 2),
        "index_load_s": round(index_load, 3),
        "query_embedding": _ms(floor),
        "search": {mode: _ms(times) for mode, times in per_mode.items()},
        "ask": _ms(asks),
        "hybrid_p50_over_embedding_p50": round(hybrid_p50 / floor_p50, 2),
        "target_ratio": 1.5,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
