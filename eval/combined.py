"""Every gold question asked of one corpus holding all six documents (a folder of papers).

    python eval/combined.py [NAME=VALUE ...]   # settings overrides, e.g. subject_scope=false

The per-document rows of answer_report.py ask each document's questions of that document alone;
a user's folder holds many. Here the six documents share one index (eval/.indexes/combined),
so a question can be answered from the wrong document. A question counts for Hit@5 when a
passage of its own document holding an evidence span is in the top five of the whole corpus;
"wrong document" is the share of answered in-scope questions whose answer cites no passage of
the question's document.
Prints JSON (fit and test rows); writes reports/combined[-overrides].json.
"""

from __future__ import annotations

import json
import shutil
import sys
import time

from goldsets import INDEXES, ROOT, corpus_of, load_all

from assistant.evaluate import answer_words, fact_recall, first_relevant_rank
from assistant.records import Settings
from assistant.service import Assistant

CORPUS = INDEXES / "combined-corpus"


def _corpus(documents: list[str]) -> None:
    """Copies of the documents' files in one folder (PDFs and text; no READMEs)."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        for f in corpus_of(doc).iterdir():
            if f.suffix.lower() in (".pdf", ".txt") or (f.suffix == ".md" and f.stem != "README"):
                target = CORPUS / f.name
                if not target.exists() or target.stat().st_size != f.stat().st_size:
                    shutil.copyfile(f, target)


def main(overrides: list[str]) -> int:
    gold = [g for g in load_all() if g.source not in ("questions.jsonl", "holdout.jsonl")]
    documents = sorted({g.document for g in gold})
    _corpus(documents)
    a = Assistant(
        corpus=CORPUS,
        index=INDEXES / "combined",
        settings=Settings().with_overrides(overrides),
        notify=lambda m: print(f"[combined] {m}", file=sys.stderr),
    )
    a.load()
    names = {doc: {f.name for f in corpus_of(doc).iterdir()} for doc in documents}
    t0 = time.perf_counter()
    rows = []
    for i, g in enumerate(gold):
        q = g.q
        ans = a.ask(q.question)
        # the rank in the whole corpus of the first passage of the question's own document
        # that holds an evidence span (another document's passages count as misses)
        texts = [
            h.chunk.text if h.chunk.doc_id in names[g.document] else ""
            for h in a.search(q.question, k=10)
        ]
        rank = first_relevant_rank(texts, q.evidence) if q.evidence else None
        text = ans.answer if ans.answered else ""
        rows.append(
            {
                "id": q.id,
                "split": g.split,
                "in_scope": q.in_scope,
                "n_facts": len(q.answer_contains),
                "answered": ans.answered,
                "all_facts": fact_recall(text, q.answer_contains) == 1.0,
                "words": answer_words(ans.answer) if ans.answered else 0,
                "wrong_document": ans.answered
                and not any(c.doc_id in names[g.document] for c in ans.citations),
                "hit5": rank is not None and rank <= 5,
            }
        )
        if i % 100 == 99:
            print(f"{i + 1} questions ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    a.close()

    def summary(items: list[dict]) -> dict:
        ins = [r for r in items if r["in_scope"]]
        inf = [r for r in ins if r["n_facts"]]
        out = [r for r in items if not r["in_scope"]]
        answered = [r for r in ins if r["answered"]]

        def mean(xs: list) -> float | None:
            return round(sum(xs) / len(xs), 3) if xs else None

        return {
            "questions": len(items),
            "all_facts": mean([r["all_facts"] for r in inf]),
            "declined_in_scope": mean([not r["answered"] for r in ins]),
            "declined_out_of_scope": mean([not r["answered"] for r in out]),
            "wrong_document": mean([r["wrong_document"] for r in answered]),
            "hit@5": mean([r["hit5"] for r in ins]),
            "answer_words": mean([r["words"] for r in answered]),
        }

    report = {
        "settings": overrides,
        "documents": documents,
        "fit": summary([r for r in rows if r["split"] == "fit"]),
        "test": summary([r for r in rows if r["split"] == "test"]),
    }
    suffix = ("-" + "-".join(o.replace("=", "_") for o in overrides)) if overrides else ""
    out = ROOT / "eval" / "reports" / f"combined{suffix}.json"
    out.write_text(json.dumps({**report, "questions": rows}, indent=1) + "\n", "utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
