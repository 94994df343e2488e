"""Choose the hybrid fusion weights on the fit split (retrieval only; the index is unchanged).

    python eval/retrieval_fit.py fusion   # fusion weights (measured before lay terms existed)
    python eval/retrieval_fit.py fusion-now  # the same weights with lay terms as today
    python eval/retrieval_fit.py lay      # lay-phrase expansion off / BM25 only / both
    python eval/retrieval_fit.py rows     # rows of one table allowed ahead of other passages

Each setting is scored on the fit questions of every document, then on the test questions, so
the choice (made on fit) can be checked on questions nobody chose it on.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

from goldsets import assistant_for, load_all

from assistant.evaluate import first_relevant_rank, recall_within_words

FUSION = {
    "default": {"lay_terms": "off"},
    "sentences 0.5": {"sentence_weight": 0.5, "lay_terms": "off"},
    "sentences 1": {"sentence_weight": 1.0, "lay_terms": "off"},
    "dense 1.5": {"dense_weight": 1.5, "lay_terms": "off"},
    "lexical 1.5": {"lexical_weight": 1.5, "lay_terms": "off"},
    "dense 1.5 + sentences 0.5": {"dense_weight": 1.5, "sentence_weight": 0.5, "lay_terms": "off"},
    "rrf + sentences 1": {"fusion": "rrf", "sentence_weight": 1.0, "lay_terms": "off"},
}
#: The same weights with today's defaults (lay terms searched by BM25), re-checked 2026-11-28.
FUSION_NOW = {k: {n: v for n, v in w.items() if n != "lay_terms"} for k, w in FUSION.items()}
#: Clinical terms for lay phrases (assistant/domain/lay_vocabulary.py): off, BM25 only, both.
LAY = {
    "lay off": {"lay_terms": "off"},
    "lay lexical": {"lay_terms": "lexical"},
    "lay both": {"lay_terms": "both"},
}
#: Rows of one table ahead of the other passages (0: no limit; later rows follow the rest).
ROWS = {f"rows {n}": {"rows_per_table": n} for n in (0, 1, 2, 3)}
GROUPS = {"fusion": FUSION, "fusion-now": FUSION_NOW, "lay": LAY, "rows": ROWS}


def main() -> int:
    settings = GROUPS[sys.argv[1] if len(sys.argv) > 1 else "lay"]
    gold = [g for g in load_all() if g.q.in_scope]
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g.document].append(g)
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for doc, qs in sorted(by_doc.items()):
        base = assistant_for(doc)
        for name, changes in settings.items():
            a = base.with_settings(**changes)
            for g in qs:
                hits = a.search(g.q.question, k=50)
                texts = [h.chunk.text for h in hits]
                rank = first_relevant_rank(texts[:10], g.q.evidence)
                split = "fit" if g.split == "fit" else "test"
                scores[name][split].append(
                    (
                        float(rank is not None and rank <= 5),
                        1 / rank if rank else 0.0,
                        recall_within_words(texts, g.q.evidence, 300),
                    )
                )
        print(doc, file=sys.stderr)
    out = {
        name: {
            split: {
                k: round(sum(v[i] for v in vals) / len(vals), 3)
                for i, k in enumerate(("hit@5", "mrr@10", "recall@300w"))
            }
            for split, vals in per.items()
        }
        for name, per in scores.items()
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
