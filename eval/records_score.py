"""Doses and adverse effects against hand-written gold: precision and recall per document.

For each gold file eval/gold/records/<name>.json (written from the documents before the rules),
the document /work/shared/corpora/<name>/ (or ``--corpora DIR``) is cleaned and chunked exactly as
the index does (no model needed), :func:`assistant.domain.extract_regimens` and
:func:`assistant.domain.extract_adverse_effects` run on the chunks, and extracted records are
matched one-to-one to gold records (greedy, in gold order; each record matches at most once).

Matching rule
-------------
* **Regimen**: same drug (lower case; "" in gold matches any) and
  - gold ``kind`` "modification": the extracted record is a modification and at least half of the
    content words of the gold reaction (or population) occur in the extracted one's subject,
    population or sentence, and the grade numbers of the gold severity (if any) equal those of
    the extracted subject ("Hepatotoxicity (Grade 3)"; the action, "withhold until ≤Grade 1",
    is not a severity);
  - otherwise: same dose (spaces, case and µ/μ/mcg spellings ignored; "" must match "") and the
    same set of canonical schedules (:data:`assistant.domain.lexicon.SCHEDULE_CANON` wordings
    found in the schedule; "for 14 days, then twice daily" and "once daily, twice daily" both give
    {once daily, twice daily}).
* **Adverse effect**: same effect, same rate, same grade, same arm, where
  - effect: normalised names (lower case, hyphens and parentheses as spaces, plural "s" dropped)
    are equal, or the words of one are all among the words of the other;
  - rate: the first percentage of each is the same number ("99% (967)" = "967 (99%)"); without a
    percentage the first number; an empty gold rate matches only an empty one;
  - grade: "", "any grade", "all grades" are the same ("any"); "grade 3-4" = "3-4"; "1" = "1";
  - arm: a gold arm of "" or "both" matches any arm; otherwise equal (lower case).

Precision = matched extracted / extracted; recall = matched gold / gold; per document for
regimens, adverse effects and both together. Prints JSON and writes eval/reports/records.json.
Run: ``.venv/bin/python eval/records_score.py [--corpora DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.domain import lexicon  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "records"
CORPORA = ROOT.parent / "shared" / "corpora"
REPORT = ROOT / "eval" / "reports" / "records.json"
_STOP = {"and", "or", "of", "the", "in", "with", "to", "a", "an", "for", "at", "on", "by"}


def _words(text: str) -> list[str]:
    text = re.sub(r"[-/()\[\],;:]", " ", text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in text.split()]


def same_effect(a: str, b: str) -> bool:
    """Effect names match: equal normalised, or one's words all among the other's."""
    wa, wb = set(_words(a)) - _STOP, set(_words(b)) - _STOP
    return bool(wa and wb) and (wa == wb or wa <= wb or wb <= wa)


def rate_value(rate: str) -> float | None:
    """The first percentage of a rate, else its first number, else None."""
    rate = rate.replace("·", ".")
    m = re.search(r"(\d+(?:\.\d+)?)\s*%", rate) or re.search(r"\d+(?:\.\d+)?", rate)
    if not m:
        return None
    return float(m.group(1) if m.groups() else m.group(0))


def grade_value(grade: str) -> str:
    g = grade.lower().strip()
    if g in ("", "any", "any grade", "all grades"):
        return "any"
    return g.replace("grade", "").replace("–", "-").strip()


def schedules(text: str) -> frozenset[str]:
    """Canonical schedules named in ``text`` (longest wording first, no overlaps)."""
    low = text.lower()
    found: set[str] = set()
    for words in sorted(lexicon.SCHEDULE_CANON, key=len, reverse=True):
        pat = rf"(?<!\w){re.escape(words)}(?!\w)"
        if re.search(pat, low):
            found.add(lexicon.SCHEDULE_CANON[words])
            low = re.sub(pat, " ", low)
    return frozenset(found)


def dose_value(dose: str) -> str:
    return re.sub(r"\s+", "", dose.lower()).replace("μ", "µ").replace("mcg", "µg")


def effect_matches(gold: dict[str, Any], rec: dict[str, str]) -> bool:
    if not same_effect(gold["effect"], rec["effect"]):
        return False
    if rate_value(gold.get("rate", "")) != rate_value(rec["frequency"]):
        return False
    if grade_value(gold.get("grade", "")) != grade_value(rec["grade"]):
        return False
    arm = gold.get("arm", "").lower()
    return arm in ("", "both") or arm == rec["arm"].lower()


def _grades(text: str) -> set[str]:
    return set(re.findall(r"grade\s*([1-5])", text.lower()))


def regimen_matches(gold: dict[str, Any], rec: dict[str, str]) -> bool:
    if gold.get("drug") and gold["drug"].lower() != rec["drug"].lower():
        return False
    if gold.get("kind") == "modification":
        if rec["kind"] != "modification":
            return False
        about = gold.get("reaction") or gold.get("population", "")
        want = set(_words(about)) - _STOP
        have = set(_words(" ".join((rec["subject"], rec["population"], rec["sentence"]))))
        if not want or len(want & have) * 2 < len(want):
            return False
        want_grades = _grades(gold.get("severity", ""))
        return not want_grades or want_grades == _grades(rec["subject"])
    if dose_value(gold.get("dose", "")) != dose_value(rec["dose"]):
        return False
    return schedules(gold.get("schedule", "")) == schedules(rec["schedule"])


def match(gold: list[dict[str, Any]], found: list[dict[str, str]], same: Any) -> dict[str, Any]:
    """Greedy one-to-one matching in gold order; precision, recall and what was missed."""
    used: set[int] = set()
    missed = []
    for g in gold:
        hit = next((i for i, r in enumerate(found) if i not in used and same(g, r)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    extra = [r for i, r in enumerate(found) if i not in used]
    n = len(used)
    return {
        "gold": len(gold),
        "extracted": len(found),
        "matched": n,
        "precision": round(n / len(found), 3) if found else 0.0,
        "recall": round(n / len(gold), 3) if gold else 0.0,
        "missed": missed,
        "extra": extra,
    }


def records_of(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(regimens, effects) of the one document in ``folder``, as plain dicts."""
    from dataclasses import asdict

    from assistant.domain import extract_adverse_effects, extract_regimens
    from assistant.index.chunking import chunk_with
    from assistant.ingest import load_document
    from assistant.records import Settings

    docs = {}
    chunks = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".pdf", ".md", ".txt")):
        doc = load_document(path, folder)
        docs[doc.doc_id] = doc
        chunks.extend(chunk_with(doc, Settings()))
    regs = [asdict(r) for r in extract_regimens(chunks, docs)]
    effs = [asdict(e) for e in extract_adverse_effects(chunks, docs)]
    return regs, effs


def score(name: str, corpora: Path) -> dict[str, Any]:
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    regs, effs = records_of(corpora / name)
    r = match(gold["regimens"], regs, regimen_matches)
    e = match(gold["adverse_effects"], effs, effect_matches)
    n_gold = r["gold"] + e["gold"]
    n_found = r["extracted"] + e["extracted"]
    n = r["matched"] + e["matched"]
    return {
        "document": name,
        "regimens": r,
        "adverse_effects": e,
        "all": {
            "gold": n_gold,
            "extracted": n_found,
            "matched": n,
            "precision": round(n / n_found, 3) if n_found else 0.0,
            "recall": round(n / n_gold, 3) if n_gold else 0.0,
        },
    }


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("gold", "extracted", "matched", "precision", "recall")
    return {
        part: {k: result[part][k] for k in keep} for part in ("regimens", "adverse_effects", "all")
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--out", type=Path, default=REPORT)
    ap.add_argument("--verbose", action="store_true", help="also print missed and extra records")
    args = ap.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora folder at {args.corpora}", file=sys.stderr)
        return 2
    results = [score(p.stem, args.corpora) for p in sorted(GOLD.glob("*.json"))]
    report = {r["document"]: _summary(r) for r in results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    shown = results if args.verbose else report
    print(json.dumps(shown, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
