"""Dump the answer stage's raw material for every gold question (input to eval/fit_judge.py).

    python eval/answer_data.py            # writes eval/.cache/answer-data.json

For each question: the question-level features, and for each candidate sentence its features,
words, which gold facts it states, whether it holds an evidence span, and the same for the
sentence it refers back to (if any). Needs no fitted model: the sentence scores are left to the
fit script.
"""

from __future__ import annotations

import json
import sys
import time

from goldsets import ROOT, assistant_for, load_all

from assistant.answer import Candidate, default_judge
from assistant.answer.candidates import featurise, gather
from assistant.answer.compose import term_sets, with_antecedents
from assistant.answer.decide import anchored, local_coverage
from assistant.answer.query import analyse
from assistant.evaluate import normalize

OUT = ROOT / "eval" / ".cache" / "answer-data.json"


def _facts(text: str, facts: tuple[str, ...]) -> list[int]:
    hay = normalize(text)
    return [i for i, f in enumerate(facts) if normalize(f) and normalize(f) in hay]


def _cand(
    c: Candidate,
    facts: tuple[str, ...],
    evidence: tuple[str, ...],
    terms: frozenset[str],
    passage_before,  # noqa: ANN001 (Retriever.passage_before)
) -> dict:
    hay = normalize(c.text)
    ev = any(normalize(e) in hay or hay in normalize(e) for e in evidence if normalize(e))
    ante = [x for x in with_antecedents([c], passage_before) if x is not c]
    return {
        "f": [round(v, 5) for v in c.features],
        "words": c.words,
        "facts": _facts(c.text, facts),
        "evidence": ev,
        "terms": sorted(terms),
        "doc": c.doc_id,
        "span": [c.start, c.end],
        "ante": (
            {
                "words": ante[0].words,
                "facts": _facts(ante[0].text, facts),
                "span": [ante[0].start, ante[0].end],
            }
            if ante
            else None
        ),
    }


def main() -> int:
    # --set NAME=VALUE overrides a setting (e.g. answer_passages=8) for an experiment.
    overrides = [a for a in sys.argv[1:] if "=" in a]
    gold = load_all()
    by_doc: dict[str, list] = {}
    for g in gold:
        by_doc.setdefault(g.document, []).append(g)
    rows = []
    t0 = time.perf_counter()
    for doc, qs in sorted(by_doc.items()):
        a = assistant_for(doc, overrides)
        r = a.retriever
        for g in qs:
            q = g.q
            hits = r.search(q.question, k=max(8, r.settings.answer_passages))
            query = analyse(r, q.question)
            cands = featurise(r, query, gather(hits, r.settings.answer_passages))
            words = term_sets(query, [c.text for c in cands])
            passages = [h.chunk.text for h in hits[:3]]
            anchors = [anchored(query, c.text, r.term_df()) for c in cands]
            top_passage = hits[0].chunk.text if hits else ""
            rows.append(
                {
                    "id": q.id,
                    "document": doc,
                    "split": g.split,
                    "source": g.source,
                    "register": q.register,
                    "category": q.category,
                    "in_scope": q.in_scope,
                    "n_facts": len(q.answer_contains),
                    "coverage": query.coverage,
                    "absent": list(query.absent),
                    "absent_named": list(query.absent_named),
                    "absent_weight": query.absent_weight,
                    "kept_meaning": query.kept_meaning,
                    "absent_specific": query.absent_specific,
                    "absent_common": query.absent_common,
                    "local_coverage": local_coverage(query, passages),
                    "list": "list" in query.kinds,
                    "anchors": anchors,
                    "top_passage": {
                        "words": len(top_passage.split()),
                        "facts": _facts(top_passage, q.answer_contains),
                    },
                    "top_passage_text": top_passage,
                    "idf": query.idf,
                    "candidates": [
                        _cand(c, q.answer_contains, q.evidence, t, r.passage_before)
                        for c, t in zip(cands, words, strict=True)
                    ],
                }
            )
        a.close()
        print(f"{doc}: {len(qs)} questions ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    print(json.dumps({"questions": len(rows), "out": str(OUT.relative_to(ROOT))}))
    _ = default_judge  # the packaged judge is not used here
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
