"""Grid over the answer's sentence-selection settings; prints all-facts share and mean words.

    .venv/bin/python eval/tune_answers.py [--index DIR]

Each row: word budget, max sentences, score margin, then for questions.jsonl and holdout.jsonl
the share of in-scope answers stating all their facts and the mean answer length in words.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import assistant.answer as A
from assistant.evaluate import answer_words, normalize
from assistant.service import Assistant

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    a = Assistant(corpus=ROOT / "corpus", index=args.index)
    a.load()
    sets = {
        name: [json.loads(line) for line in (ROOT / "eval" / name).read_text().splitlines()]
        for name in ("questions.jsonl", "holdout.jsonl")
    }
    for words, most, margin in itertools.product([110, 130], [3, 4], [0.12, 0.18, 0.25]):
        A.ANSWER_WORDS, A.MAX_SENTENCES, A.SCORE_MARGIN = words, most, margin
        cells = []
        for rows in sets.values():
            complete, lengths, n = 0, [], 0
            for q in rows:
                if q["category"] == "out_of_scope":
                    continue
                n += 1
                ans = a.ask(q["question"])
                text = normalize(ans.answer)
                complete += all(normalize(f) in text for f in q["answer_contains"])
                if ans.answered:
                    lengths.append(answer_words(ans.answer))
            cells.append(f"{complete / n:.3f}/{sum(lengths) / len(lengths):.0f}w")
        print(words, most, margin, " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
