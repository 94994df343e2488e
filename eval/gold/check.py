"""Check gold question files against the documents they are asked of.

    python eval/gold/check.py eval/gold/*.jsonl

For every record: the fields are valid (assistant.evaluate.load_questions), every evidence span is
found in the document's cleaned text after normalisation (NFKC, lower case, no whitespace, no
hyphens or dashes), and every fact lies in its evidence or within 300 normalised characters of it.
Prints one line per problem and a JSON summary; exits 1 when there is a problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.evaluate import load_questions, normalize  # noqa: E402
from assistant.ingest import load_corpus  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


def corpus_dir(document: str) -> Path:
    """The folder a gold record's ``document`` names ("" is the project's own corpus/)."""
    return ROOT / "corpus" if not document else SHARED / document


def main(paths: list[str]) -> int:
    problems: list[str] = []
    texts: dict[str, str] = {}
    counts: dict[str, int] = {}
    for p in paths:
        for q in load_questions(p):
            counts[q.document or "review"] = counts.get(q.document or "review", 0) + 1
            if q.document not in texts:
                docs, skipped = load_corpus(corpus_dir(q.document))
                texts[q.document] = normalize(" ".join(d.text for d in docs))
            text = texts[q.document]
            for span in q.evidence:
                n = normalize(span)
                hits = text.count(n)
                if hits == 0:
                    problems.append(f"{p}:{q.line}: {q.id}: evidence not found: {span!r}")
                    continue
                at = text.find(n)
                window = text[max(0, at - 300) : at + len(n) + 300]
                for fact in q.answer_contains:
                    if normalize(fact) not in window and not any(
                        normalize(fact) in normalize(e) for e in q.evidence
                    ):
                        problems.append(f"{p}:{q.line}: {q.id}: fact {fact!r} not near evidence")
    for line in problems:
        print(line)
    print(json.dumps({"questions": counts, "problems": len(problems)}))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
