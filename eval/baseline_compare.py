"""Retrieval per document against the plain fixed-window baseline (issue 10).

    python eval/baseline_compare.py     # prints JSON, writes eval/reports/baseline-compare.json

The baseline is the usual LangChain-style pipeline: 1000-character windows with 200 characters of
overlap (``chunker=fixed``), same model and hybrid search. Each document's in-scope gold questions
(fit and test together: nothing here is chosen) are scored by Hit@5, MRR@10 and recall within the
first 300 words read.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

from goldsets import INDEXES, ROOT, corpus_of, load_all

from assistant.evaluate import first_relevant_rank, recall_within_words
from assistant.records import Settings
from assistant.service import Assistant

OUT = ROOT / "eval" / "reports" / "baseline-compare.json"
SYSTEMS = {
    "default": ("", Settings()),
    "fixed1000": ("-fixed1000", Settings(chunker="fixed", window_chars=1000, window_overlap=200)),
}


def main() -> int:
    gold = [g for g in load_all() if g.q.in_scope and g.source not in ("questions.jsonl",)]
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g.document].append(g)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for doc, qs in sorted(by_doc.items()):
        out[doc] = {}
        for name, (suffix, settings) in SYSTEMS.items():
            index = INDEXES / f"{doc}{suffix}"
            a = Assistant(corpus=corpus_of(doc), index=index, settings=settings)
            a.load()
            hit = mrr = rec = 0.0
            for g in qs:
                texts = [h.chunk.text for h in a.search(g.q.question, k=50)]
                rank = first_relevant_rank(texts[:10], g.q.evidence)
                hit += float(rank is not None and rank <= 5)
                mrr += 1 / rank if rank else 0.0
                rec += recall_within_words(texts, g.q.evidence, 300)
            n = len(qs)
            out[doc][name] = {
                "questions": n,
                "hit@5": round(hit / n, 3),
                "mrr@10": round(mrr / n, 3),
                "recall@300w": round(rec / n, 3),
            }
            a.close()
            print(doc, name, out[doc][name], file=sys.stderr)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
