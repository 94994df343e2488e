"""Reading corpus files: which files, their bytes, their lines (txt, md, pdf)."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from ..records import Document
from .base import SUPPORTED_SUFFIXES, IngestError, RawLine, split_lines


def _visible(path: Path, folder: Path) -> bool:
    rel = path.relative_to(folder)
    return (
        path.suffix.lower() in SUPPORTED_SUFFIXES
        and not path.name.lower().startswith("readme")
        and not any(part.startswith(".") for part in rel.parts)
    )


def scan_corpus(folder: Path, follow_links: bool = False) -> tuple[list[Path], list[str]]:
    """Supported documents under ``folder`` in a stable order, and one line per file left out
    (a symlink leading outside the folder, unless ``follow_links``)."""
    if not folder.is_dir():
        raise IngestError(f"corpus folder not found: {folder}")
    root = folder.resolve()
    files: list[Path] = []
    problems: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_links):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if not follow_links:
            for d in list(dirnames):
                if (base / d).is_symlink():
                    dirnames.remove(d)
                    problems.append(f"{base / d}: symbolic link to a folder; not followed")
        for name in sorted(filenames):
            path = base / name
            if not _visible(path, folder):
                continue
            if path.is_symlink() and not follow_links:
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(
                        f"{path}: symbolic link leading outside the corpus folder; not followed"
                    )
                    continue
            if path.is_file():
                files.append(path)
    files.sort()
    return files, problems


def corpus_files(folder: Path, follow_links: bool = False) -> list[Path]:
    """Every supported document under ``folder`` (README files excluded), in a stable order."""
    return scan_corpus(folder, follow_links)[0]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _decode(path: Path, raw: bytes) -> str:
    """Text of a .txt/.md file; IngestError when the bytes are not text (NUL bytes, or a high
    share of control characters after decoding)."""
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{path}: binary file (NUL bytes), not text; skipped")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ""
        except UnicodeDecodeError:
            text = ""
        text = text or raw.decode("latin-1")
    sample = text[:65536]
    if sample:
        bad = sum(
            1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0
        )
        if bad / len(sample) > 0.05:
            raise IngestError(f"{path}: binary file (non-printable characters), not text; skipped")
    return text


def read_lines(path: Path) -> list[RawLine]:
    """Source lines of a .txt, .md or .pdf file (PDF lines numbered within their page)."""
    if path.suffix.lower() == ".pdf":
        from .layout import pdf_lines

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        return pdf_lines(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc}); skipped") from exc
    text = _decode(path, raw)
    return [RawLine(t, i) for i, t in enumerate(split_lines(text), start=1)]


def load_document(path: Path, root: Path) -> Document:
    """Read and clean one file; ``doc_id`` is its path relative to ``root``."""
    from .clean import clean_lines

    lines = read_lines(path)
    doc_id = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    doc = clean_lines(lines, doc_id=doc_id, markdown=suffix == ".md", pdf=suffix == ".pdf")
    try:
        digest = sha256_file(path)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc}); skipped") from exc
    return Document(
        doc_id=doc.doc_id,
        path=str(path),
        sha256=digest,
        text=doc.text,
        blocks=doc.blocks,
        sections=doc.sections,
        line_runs=doc.line_runs,
        abbreviations=doc.abbreviations,
    )


def load_corpus(folder: Path, follow_links: bool = False) -> tuple[list[Document], list[str]]:
    """Load every document in ``folder``; files that cannot be read (permission, encryption,
    binary content, damage) are named in ``problems`` and the others still load."""
    docs: list[Document] = []
    files, problems = scan_corpus(folder, follow_links)
    for path in files:
        try:
            doc = load_document(path, folder)
        except IngestError as exc:
            problems.append(str(exc))
            continue
        except (OSError, ValueError, RecursionError) as exc:
            problems.append(f"{path}: cannot read ({type(exc).__name__}: {exc}); skipped")
            continue
        if not doc.text.strip():
            problems.append(f"{path}: no text could be extracted; skipped")
            continue
        docs.append(doc)
    return docs, problems
