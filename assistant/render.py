"""The one place records become text for people, Markdown or JSON.

CLI, batch files and the chat's export all use these, so a citation reads the same everywhere:
``[n] document: section, p. X, lines a-b (chunk id)``; the document is named when the corpus
holds several.
"""

from __future__ import annotations

from typing import Any

from .records import Answer, Citation, Hit, place_label

LOW_LABEL = "May not answer this directly."


def source_line(c: Citation, with_document: bool = False) -> str:
    """'[n] section, p. X, lines a-b (chunk id)', prefixed by the document when asked."""
    doc = f"{c.doc_id}: " if with_document and c.doc_id else ""
    return f"[{c.n}] {doc}{place_label(c.section, c.page, c.lines, c.page_end)} ({c.chunk_id})"


def several_documents(answer: Answer) -> bool:
    """Whether the answer's citations or passages come from more than one document."""
    docs = {c.doc_id for c in answer.citations} | {h.chunk.doc_id for h in answer.hits}
    return len(docs) > 1


def hit_json(hit: Hit) -> dict[str, Any]:
    """The JSON form of a retrieved passage."""
    c = hit.chunk
    return {
        "rank": hit.rank,
        "score": hit.score,
        "chunk_id": c.chunk_id,
        "document": c.doc_id,
        "section": c.section,
        "page": c.page,
        "page_end": c.location.page_end,
        "lines": list(c.lines),
        "text": c.display_text,
    }


def answer_json(answer: Answer, qid: str | None = None) -> dict[str, Any]:
    """The JSON form of an answer: question, answered, confidence, answer, parts, citations,
    hits (+ id). ``answered`` is the contract; ``confidence`` is high, low or none."""
    out: dict[str, Any] = {}
    if qid is not None:
        out["id"] = qid
    out.update(
        {
            "question": answer.question,
            "answered": answer.answered,
            "confidence": answer.confidence,
            "answer": answer.answer,
            "note": answer.note,
            "parts": [{"text": t, "citation": n} for t, n in answer.parts],
            "citations": [
                {
                    "n": c.n,
                    "chunk_id": c.chunk_id,
                    "document": c.doc_id,
                    "section": c.section,
                    "page": c.page,
                    "page_end": c.page_end,
                    "lines": list(c.lines),
                    "quote": c.quote,
                }
                for c in answer.citations
            ],
            "hits": [hit_json(h) for h in answer.hits],
        }
    )
    return out


def closest_passages(answer: Answer, n: int = 3) -> list[str]:
    """'label (chunk id)' of the closest passages (for declined and low-confidence answers)."""
    many = several_documents(answer)
    out = []
    for h in answer.hits[:n]:
        doc = f"{h.chunk.doc_id}: " if many else ""
        out.append(f"{doc}{h.chunk.label} ({h.chunk.chunk_id})")
    return out


def answer_markdown(answer: Answer, heading: str = "##") -> str:
    """An answer for people in Markdown: the question, the answer with markers, its sources.

    Document text is never interpreted: the question goes into the heading with Markdown's
    special characters escaped.
    """
    lines = [f"{heading} {escape_markdown(answer.question)}", ""]
    many = several_documents(answer)
    if answer.answered:
        if answer.confidence == "low":
            lines += [f"*{LOW_LABEL}*", ""]
        lines += [answer.answer, "", "Sources:", ""]
        lines += [f"- {source_line(c, many)}" for c in answer.citations]
    else:
        lines += [f"*{answer.answer}*", "", "Closest passages:", ""]
        for h in answer.hits[:3]:
            c = h.chunk
            doc = f"{c.doc_id}: " if many else ""
            lines.append(f"- {doc}{c.label} ({c.chunk_id}): {c.display_text[:200]}")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|<>"})


def escape_markdown(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped and newlines as spaces."""
    return " ".join(text.split()).translate(_MD_SPECIAL)
