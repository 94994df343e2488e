"""Cleaning scorecard: what damage survives in the text the product indexes and cites.

For every document of the shared corpora (../shared/corpora, or the folders given) and the
rapamycin review, it cleans the document with ``assistant.ingest`` and counts, over the indexed
passages (``chunk_document``) and the content blocks:

- ``furniture``: passages holding page furniture: a running header/footer (a line of the raw
  pypdf text that recurs on several pages), a page-number-only line, a DOI/copyright/download/
  "Reference ID"/FDA-banner line;
- ``split_words``: "word -word" and "word- word" whose joined form is in the document's own
  vocabulary, soft hyphens, and split glyphs ("f irst", "benef it": two pieces that are not words
  of the document while the joined form is);
- ``reference_text``: passages that read as reference-list entries (author lists with a year);
- ``table_in_sentence``: paragraph sentences made mostly of numbers (table cells poured into
  running text) or holding a "Table N" caption in mid-sentence;
- ``front_matter``: passages holding a paper's front matter or back-matter boilerplate: an
  e-mail address, "Correspondence"/"Tel.:"/ORCID, an equal-contribution note, a received/
  accepted date, an affiliation (an institution with a postal code and country, or a name
  with a degree in brackets), an author list with affiliation markers, or a passage of an
  Acknowledgements / Author contributions / Contributors / Data availability section. A
  funding or competing-interests statement is content (readers ask who paid; the gold sets
  ask it too) and is counted apart as ``funding_passages``, never as damage;
- ``fragment_rows``: table-row passages that are pieces of wrapped cells ("weeks", "Type,",
  "2017 [48] (Europe) CG: ET +") in a table whose rows cannot be recovered
  (:func:`assistant.ingest.tables.word_soup`: few rows with column fields, a third or more of
  them fragments). Such a table should be one ``table_text`` block, not rows (issue 10);
  ``table_text`` counts those blocks;
- ``uncaptioned_rows``: table rows whose context names no "Table N" caption (a row such as
  "1 918 (94%) 430 (87%) 55 (100%) 20 (83%)" then says nothing of what it counts), and
  ``continuation_rows``: rows that only say a table goes on ("(Continued from previous
  column)"), page furniture.

Prints JSON per document and writes eval/reports/cleaning.json. Run:
``.venv/bin/python eval/cleaning.py [--out FILE] [DOC_OR_FOLDER ...]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.records import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
REVIEW = ROOT / "corpus" / "rapamycin-aging-review.txt"

FURNITURE_PATTERNS = [
    re.compile(r"\bdoi\s*:|dx\.doi\.org|doi\.org/|\b10\.\d{4,9}/\S+", re.I),
    re.compile(r"©|\bcopyright\b", re.I),
    re.compile(r"\bdownloaded from\b|\bdownload(ed)? (the|this) article", re.I),
    re.compile(r"Reference ID:\s*\d+"),
    re.compile(r"may not be the latest approved by FDA", re.I),
    re.compile(r"www\.thelancet\.com"),
    re.compile(r"\bPage \d+ of \d+\b|\b\d+ of \d+\s*$"),
]
_WORD = re.compile(r"[A-Za-z]+")
_SPACE_HYPHEN = re.compile(r"\b([A-Za-z]{2,}) -([a-z]{2,})\b")
_HYPHEN_SPACE = re.compile(r"\b([A-Za-z]{2,})- ([a-z]{2,})\b")
_PAIR = re.compile(r"\b([A-Za-z]+) ([a-z]+)\b")
_AUTHOR = re.compile(r"\b[A-Z][a-zA-Z'’-]+,? (?:[A-Z]\.?){1,3}[,.;]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMERIC = re.compile(r"^[(\[]?[-–−+]?[\d·.,]+%?[)\],;]?$|^[<>≤≥]$|^\d+/\d+$")
_MID_CAPTION = re.compile(r"[a-z,] (?:Table|Figure) \d+[.:]? [A-Z]")
FRONT_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"\bcorrespondence\b|\bTel\s*[.:]|\borcid\b", re.I),
    re.compile(r"^key ?words\s*:", re.I),
    re.compile(r"\bcontributed equally\b|\bequally contributed\b", re.I),
    re.compile(r"\b(?:Received|Accepted|Published)\s*:\s*\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d"),
    re.compile(
        r"\b(?:Department|University|Institute|Hospital|School|College|Cent(?:er|re))\b"
        r"[^.;]{0,120}\b\d{4,6},\s+[A-Z][a-z]+"
    ),
    re.compile(r"\((?:[A-Z] ){1,3}[A-Z][a-z'’-]+ (?:MD|PhD|MPH|MSc|BSc)\b"),
    re.compile(r"(?:\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+ \d(?:,\d)*,?[*†‡]?\s*,?\s*){2}"),
]
_BOILERPLATE_SECTION = re.compile(
    r"acknowledg|author contributions?|contributors|data availability|data sharing", re.I
)
_FUNDING_TEXT = re.compile(
    r"\bfund(?:ed|ing)\b|\bgrants?\b|\bcompeting interests?\b|\bconflicts? of interests?\b"
    r"|declaration of interests?",
    re.I,
)


def raw_page_lines(path: Path) -> list[list[str]]:
    """Lines of each page as plain pypdf extracts them (the reference for furniture)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [(p.extract_text() or "").splitlines() for p in reader.pages]


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def recurring_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits ignored) found on at least 3 pages and a quarter of them: page furniture."""
    seen: Counter[str] = Counter()
    original: dict[str, str] = {}
    for lines in pages:
        keys = set()
        # Running headers and footers sit at the top or bottom of the page.
        for ln in lines[:4] + lines[-4:]:
            n = _norm(ln)
            if len(n) < 20:
                continue
            key = re.sub(r"\d+", "#", n)
            keys.add(key)
            original.setdefault(key, n)
        seen.update(keys)
    need = max(3, len(pages) // 4)
    return {original[k] for k, c in seen.items() if c >= need}


def furniture_hits(text: str, headers: set[str]) -> list[str]:
    flat = _norm(text)
    found = [p.pattern for p in FURNITURE_PATTERNS if p.search(flat)]
    found += [h for h in headers if re.sub(r"\d+", "#", h) in re.sub(r"\d+", "#", flat)]
    if re.fullmatch(r"\d{1,4}", flat):
        found.append("page-number-only")
    return found


def split_words(text: str, vocab: set[str]) -> list[str]:
    found = [c for c in ("\u00ad",) if c in text]
    for rx in (_SPACE_HYPHEN, _HYPHEN_SPACE):
        for m in rx.finditer(text):
            if (m.group(1) + m.group(2)).lower() in vocab:
                found.append(m.group(0))
    for m in _PAIR.finditer(text):
        a, b = m.group(1), m.group(2)
        joined = (a + b).lower()
        if len(joined) < 5 or joined not in vocab:
            continue
        if a.lower() not in vocab or b.lower() not in vocab:
            found.append(m.group(0))
    return found


def reference_like(text: str) -> bool:
    return len(_AUTHOR.findall(text)) >= 3 and bool(_YEAR.search(text))


def tables_in_sentences(text: str) -> int:
    count = 0
    for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z])", text):
        tokens = sentence.split()
        numeric = sum(1 for t in tokens if _NUMERIC.match(t))
        if len(tokens) >= 12 and numeric / len(tokens) > 0.5 or _MID_CAPTION.search(sentence):
            count += 1
    return count


def front_matter_hits(text: str, section: str = "") -> list[str]:
    """What marks a passage as front matter or back-matter boilerplate ([] when it is content;
    a funding or interests statement is content wherever it stands)."""
    flat = _norm(text)
    if _FUNDING_TEXT.search(flat) or _FUNDING_TEXT.search(section):
        return []
    found = [m.group(0) for p in FRONT_PATTERNS for m in [p.search(flat)] if m]
    if _BOILERPLATE_SECTION.search(section):
        found.append(f"section: {section}")
    return found


def funding_statement(text: str, section: str = "") -> bool:
    """A passage stating who funded the work or what interests the authors declare."""
    return bool(_FUNDING_TEXT.search(_norm(text)) or _FUNDING_TEXT.search(section))


def fragment_rows(doc: Document) -> int:
    """Table-row blocks (one passage each) that are fragments of a word-soup table."""
    from assistant.ingest.tables import fragment_row, table_runs, word_soup
    from assistant.records import GROUP_MARK

    count = 0
    # a table's rows, whatever group of rows they are in
    for start, end in table_runs([(b.kind, b.context.split(GROUP_MARK)[0]) for b in doc.blocks]):
        rows = [b for b in doc.blocks[start:end] if b.kind == "table_row"]
        texts = [(doc.text[b.start : b.end], bool(b.fields)) for b in rows]
        if word_soup(texts):
            count += sum(1 for text, _ in texts if fragment_row(text))
    return count


_CAPTIONED = re.compile(r"^Table\s*(?:\d+|[IVXLC]+)[.:]")
_CONTINUES = re.compile(r"^\(?(?:Table\s*\w+\s+)?(?:continues|continued)\b", re.I)


def uncaptioned_rows(doc: Document) -> int:
    """Table-row blocks whose context (before any row group) is not a "Table N" caption."""
    from assistant.records import GROUP_MARK

    return sum(
        1
        for b in doc.blocks
        if b.kind == "table_row" and not _CAPTIONED.match(b.context.split(GROUP_MARK)[0])
    )


def score(path: Path) -> dict[str, object]:
    from assistant.index.chunking import chunk_document
    from assistant.ingest import load_document

    doc = load_document(path, path.parent)
    headers = recurring_lines(raw_page_lines(path)) if path.suffix.lower() == ".pdf" else set()
    vocab = {w.lower() for w in _WORD.findall(doc.text)}
    vocab_count = Counter(w.lower() for w in _WORD.findall(doc.text))
    # A word seen once may be the very split being counted; the vocabulary needs it twice.
    vocab = {w for w in vocab if vocab_count[w] >= 2}
    chunks = chunk_document(doc)
    content = [b for b in doc.blocks if b.kind != "heading"]
    furniture = [c for c in chunks if furniture_hits(c.text, headers)]
    splits = [s for c in chunks for s in split_words(c.text, vocab)]
    refs = [c for c in chunks if reference_like(c.text)]
    front = [c for c in chunks if front_matter_hits(c.text, c.section)]
    tables = sum(
        tables_in_sentences(doc.text[b.start : b.end]) for b in content if b.kind == "paragraph"
    )
    return {
        "document": path.name,
        "passages": len(chunks),
        "blocks": len(doc.blocks),
        "furniture_passages": len(furniture),
        "split_words": len(splits),
        "split_word_passages": sum(1 for c in chunks if split_words(c.text, vocab)),
        "reference_passages": len(refs),
        "tables_in_sentences": tables,
        "front_matter_passages": len(front),
        "funding_passages": sum(1 for c in chunks if funding_statement(c.text, c.section)),
        "table_rows": sum(1 for b in doc.blocks if b.kind == "table_row"),
        "fragment_rows": fragment_rows(doc),
        "table_text": sum(1 for b in doc.blocks if b.kind == "table_text"),
        "uncaptioned_rows": uncaptioned_rows(doc),
        "continuation_rows": sum(
            1
            for b in doc.blocks
            if b.kind == "table_row" and _CONTINUES.match(doc.text[b.start : b.end].strip())
        ),
        "examples": {
            "furniture": [furniture_hits(c.text, headers)[0][:60] for c in furniture[:3]],
            "split_words": splits[:5],
            "reference": [c.text[:80] for c in refs[:2]],
            "front_matter": [front_matter_hits(c.text, c.section)[0][:60] for c in front[:3]],
        },
    }


def documents(args: list[str]) -> list[Path]:
    targets = [Path(a) for a in args] or [SHARED, REVIEW]
    out: list[Path] = []
    for t in targets:
        if t.is_dir():
            out += sorted(
                p
                for p in t.rglob("*")
                if p.suffix.lower() in (".pdf", ".txt", ".md") and p.name != "SOURCES.md"
            )
        elif t.exists():
            out.append(t)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="documents or folders (default: shared corpora)")
    parser.add_argument("--out", default=str(ROOT / "eval" / "reports" / "cleaning.json"))
    ns = parser.parse_args(argv)
    results = []
    for path in documents(ns.paths):
        row = score(path)
        results.append(row)
        print(json.dumps(row, ensure_ascii=False))
    totals = {
        k: sum(int(r[k]) for r in results)  # type: ignore[call-overload]
        for k in (
            "furniture_passages",
            "split_words",
            "reference_passages",
            "tables_in_sentences",
            "front_matter_passages",
            "fragment_rows",
        )
    }
    print(json.dumps({"total": totals}))
    if ns.out:
        Path(ns.out).parent.mkdir(parents=True, exist_ok=True)
        Path(ns.out).write_text(
            json.dumps({"documents": results, "total": totals}, indent=2, ensure_ascii=False) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
