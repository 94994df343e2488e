"""Answer and retrieval quality on every gold set, fit and test side by side.

    python eval/answer_report.py   # prints Markdown; writes reports/answers.json and answers.md

Runs the real pipeline (``Assistant.ask`` with the packaged judge; ``Assistant.search`` for
retrieval) on every gold question of every document. Rows: fit, test (never fitted on), the
review's original questions.jsonl (fit) and holdout.jsonl, then test per document and per register.
Baselines: the top-ranked passage printed alone, whole and cut to the answer's length.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

from goldsets import ROOT, assistant_for, load_all

from assistant.evaluate import answer_words, fact_recall, first_relevant_rank

OUT = ROOT / "eval" / "reports" / "answers.json"


def _row(items: list[dict]) -> dict:
    ins = [r for r in items if r["in_scope"]]
    inf = [r for r in ins if r["n_facts"]]
    out = [r for r in items if not r["in_scope"]]
    answered = [r for r in ins if r["answered"]]

    def mean(xs):
        xs = list(xs)
        return round(sum(xs) / len(xs), 3) if xs else None

    return {
        "questions": len(items),
        "in_scope": len(ins),
        "out_of_scope": len(out),
        "all_facts": mean(r["all_facts"] for r in inf),
        "fact_recall": mean(r["recall"] for r in inf),
        "declined_in_scope": mean(not r["answered"] for r in ins),
        "low_confidence_in_scope": mean(r["confidence"] == "low" for r in ins),
        "declined_out_of_scope": mean(not r["answered"] for r in out),
        "high_confidence_out_of_scope": mean(r["confidence"] == "high" for r in out),
        "answer_words": mean(r["words"] for r in answered),
        "top_passage_all_facts": mean(r["top_all"] for r in inf),
        "top_passage_words": mean(r["top_words"] for r in inf),
        "top_passage_cut_all_facts": mean(r["top_cut_all"] for r in inf),
        "hit@5": mean(r["rank"] is not None and r["rank"] <= 5 for r in ins),
        "mrr@10": mean((1 / r["rank"]) if r["rank"] else 0.0 for r in ins),
    }


def main() -> int:
    gold = load_all()
    by_doc: dict[str, list] = defaultdict(list)
    for g in gold:
        by_doc[g.document].append(g)
    results = []
    t0 = time.perf_counter()
    for doc, qs in sorted(by_doc.items()):
        a = assistant_for(doc)
        for g in qs:
            q = g.q
            ans = a.ask(q.question)
            hits = a.search(q.question, k=10)
            rank = (
                first_relevant_rank([h.chunk.text for h in hits], q.evidence)
                if q.evidence
                else None
            )
            words = answer_words(ans.answer) if ans.answered else 0
            top = hits[0].chunk.text if hits else ""
            cut = " ".join(top.split()[: max(words, 1)])
            facts = q.answer_contains
            text = ans.answer if ans.answered else ""
            results.append(
                {
                    "id": q.id,
                    "document": doc,
                    "split": g.split,
                    "source": g.source,
                    "register": q.register or "-",
                    "in_scope": q.in_scope,
                    "n_facts": len(facts),
                    "answered": ans.answered,
                    "confidence": ans.confidence,
                    "words": words,
                    "recall": fact_recall(text, facts),
                    "all_facts": fact_recall(text, facts) == 1.0,
                    "top_all": fact_recall(top, facts) == 1.0,
                    "top_words": len(top.split()),
                    "top_cut_all": fact_recall(cut, facts) == 1.0,
                    "rank": rank,
                }
            )
        a.close()
        print(f"{doc}: {len(qs)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    rows: dict[str, dict] = {}
    new = [r for r in results if r["source"] not in ("questions.jsonl", "holdout.jsonl")]
    rows["fit (new gold)"] = _row([r for r in new if r["split"] == "fit"])
    rows["test (new gold)"] = _row([r for r in new if r["split"] == "test"])
    rows["review questions.jsonl (fit)"] = _row(
        [r for r in results if r["source"] == "questions.jsonl"]
    )
    rows["review holdout.jsonl"] = _row([r for r in results if r["source"] == "holdout.jsonl"])
    for doc in sorted(by_doc):
        for split in ("fit", "test"):
            items = [r for r in new if r["document"] == doc and r["split"] == split]
            if items:
                rows[f"{split}: {doc}"] = _row(items)
    for reg in ("expert", "lay", "keyword", "multi"):
        rows[f"test register: {reg}"] = _row(
            [r for r in new if r["split"] == "test" and r["register"] == reg]
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"rows": rows, "questions": results}, indent=1) + "\n", "utf-8")
    cols = [
        "questions",
        "all_facts",
        "top_passage_all_facts",
        "top_passage_cut_all_facts",
        "answer_words",
        "declined_in_scope",
        "low_confidence_in_scope",
        "declined_out_of_scope",
        "hit@5",
        "mrr@10",
    ]
    lines = ["| set | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, row in rows.items():
        lines.append(
            f"| {name} | " + " | ".join("-" if row[c] is None else str(row[c]) for c in cols) + " |"
        )
    table = "\n".join(lines) + "\n"
    OUT.with_suffix(".md").write_text(table, "utf-8")  # the table eval/README.md quotes from
    print(table, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
