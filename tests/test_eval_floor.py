"""CI floor: hybrid retrieval on eval/questions.jsonl must not fall below eval/floors.json.

The floors are the measured numbers minus a small margin; raise them when retrieval improves, so a
regression cannot land silently.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evaluate import load_questions, run_eval

EVAL = Path(__file__).resolve().parent.parent / "eval"


def test_hybrid_retrieval_stays_above_the_recorded_floors(assistant):
    floors = json.loads((EVAL / "floors.json").read_text(encoding="utf-8"))["hybrid"]
    report = run_eval(
        assistant, load_questions(EVAL / "questions.jsonl"), modes=("hybrid",), k=10, answers=False
    )
    m = report.modes["hybrid"]
    measured = {"hit@5": m.overall.hit_at_5, "mrr@10": m.overall.mrr_at_10}
    below = {
        name: (round(measured[name], 3), floor)
        for name, floor in floors.items()
        if measured[name] < floor
    }
    assert below == {}, f"hybrid below its floor (measured, floor): {below}; misses: {m.misses}"
