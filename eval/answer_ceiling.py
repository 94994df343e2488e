"""How far sentence choice could go: the share of in-scope gold questions whose candidate
sentences hold every gold fact (the pool), whose best choice within the word budget does (a
greedy cover of the facts, fewest words first), and whose answer from the packaged judge does.

    python eval/answer_data.py && python eval/answer_ceiling.py

New gold questions only (not questions.jsonl/holdout.jsonl), fit and test split side by side.
"""

from __future__ import annotations

import json
import sys

from fit_judge import DATA, simulate

from assistant.answer import default_judge


def _cover_words(row: dict) -> int | None:
    """Words of a greedy cover of every gold fact by candidate sentences (None: no cover)."""
    need = set(range(row["n_facts"]))
    used = 0
    cands = row["candidates"]
    while need:
        gains = [(len(set(c["facts"]) & need) / c["words"], i) for i, c in enumerate(cands)]
        rate, best = max(gains, default=(0.0, -1))
        if rate <= 0:
            return None
        need -= set(cands[best]["facts"])
        used += cands[best]["words"]
    return used


def main() -> int:
    judge = default_judge()
    rows = json.loads(DATA.read_text(encoding="utf-8"))["rows"]
    out = {}
    for split in ("fit", "test"):
        qs = [
            r
            for r in rows
            if r["split"] == split
            and r["in_scope"]
            and r["n_facts"]
            and r["source"] not in ("questions.jsonl", "holdout.jsonl")
        ]
        pool = cover = chosen = 0
        for r in qs:
            facts = set().union(*(set(c["facts"]) for c in r["candidates"]))
            pool += len(facts) == r["n_facts"]
            words = _cover_words(r)
            cover += words is not None and words <= judge.words
            scores = [judge.sentence.probability(c["f"]) for c in r["candidates"]]
            got, _ = simulate(
                r, scores, judge.keep_ratio, judge.keep_floor, judge.words, judge.list_factor,
                judge.novelty,
            )  # fmt: skip
            chosen += len(got) == r["n_facts"]
        n = max(1, len(qs))
        out[split] = {
            "questions": len(qs),
            "pool_holds_all_facts": round(pool / n, 3),
            "best_choice_within_budget": round(cover / n, 3),
            "judge_choice": round(chosen / n, 3),
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
