"""Grid over the thresholds that decide "the review does not address this".

    .venv/bin/python eval/tune_decline.py [--index DIR]

Collects each question's decision signals (with declining switched off), then searches the four
thresholds maximising the declined share of out-of-scope questions in questions.jsonl subject to
answering >= 95% of its in-scope ones, and reports the same rule on holdout.jsonl.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import assistant.answer as A
from assistant.service import Assistant

ROOT = Path(__file__).resolve().parent.parent


def signals(a: Assistant, path: Path) -> list[tuple[bool, float, float, float, bool, str]]:
    """(out_of_scope, confidence, coverage, gap, anchored, id) per question."""
    rows = []
    for line in path.read_text().splitlines():
        q = json.loads(line)
        ans = a.ask(q["question"])
        sig = dict(part.split(" ", 1) for part in ans.diagnostics.split(", "))
        rows.append(
            (
                q["category"] == "out_of_scope",
                float(sig["confidence"]),
                float(sig["coverage"]),
                float(sig["gap"]),
                sig["anchor"] != "-",
                q["id"],
            )
        )
    return rows


def rates(rows, t1, t2, low, gap):  # type: ignore[no-untyped-def]
    def declined(r):  # type: ignore[no-untyped-def]
        return not r[4] and (r[1] < t1 or (r[2] < low and r[1] < t2) or r[3] > gap)

    ins = [r for r in rows if not r[0]]
    oos = [r for r in rows if r[0]]
    return (sum(not declined(r) for r in ins) / len(ins), sum(declined(r) for r in oos) / len(oos))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    a = Assistant(corpus=ROOT / "corpus", index=args.index)
    a.load()
    # Collect the signals with declining switched off.
    A.MIN_CONFIDENCE, A.MIN_CONFIDENCE_LOW_COVERAGE, A.MAX_FOCUS_GAP = -1.0, -1.0, 9.0
    train = signals(a, ROOT / "eval" / "questions.jsonl")
    hold = signals(a, ROOT / "eval" / "holdout.jsonl")
    best = []
    for t1, t2, low, gap in itertools.product(
        [x / 100 for x in range(20, 50, 2)],
        [x / 100 for x in range(20, 80, 2)],
        [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.01],
        [0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.2],
    ):
        answered, declined = rates(train, t1, t2, low, gap)
        if answered >= 0.95:
            best.append((declined, answered, -t1, -t2, -low, gap))
    best.sort(reverse=True)
    for declined, answered, t1, t2, low, gap in best[:10]:
        h_ans, h_dec = rates(hold, -t1, -t2, -low, gap)
        print(
            f"min_conf={-t1} min_conf_low_cov={-t2} low_cov={-low} max_gap={gap} "
            f"questions: answered {answered:.3f} declined {declined:.2f} | "
            f"holdout: answered {h_ans:.3f} declined {h_dec:.2f}"
        )


if __name__ == "__main__":
    main()
