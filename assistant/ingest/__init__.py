"""Reading and cleaning documents: the only package that opens corpus files.

``readers`` finds and reads files (txt, md, pdf); ``pdf`` and ``layout`` turn PDF pages into lines
in reading order with page furniture, headings, tables and figure text marked (``segments`` joins
runs into segments split at column gutters, ``xycut`` orders them, ``grid`` reads tables drawn
with rules cell by cell); ``text`` repairs
line text (hyphenation, split words and glyphs) against the document's own vocabulary; ``blocks``,
``tables`` and ``clean`` build the blocks (``front`` drops a paper's author list, affiliations
and correspondence); ``linemap`` keeps every cleaned character's source line
and page.
"""

from __future__ import annotations

from .base import CLEANING_VERSION, SUPPORTED_SUFFIXES, IngestError, RawLine, split_lines
from .clean import clean_lines
from .readers import (
    corpus_files,
    load_corpus,
    load_document,
    read_lines,
    scan_corpus,
    sha256_file,
)

__all__ = [
    "CLEANING_VERSION",
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "RawLine",
    "clean_lines",
    "corpus_files",
    "load_corpus",
    "load_document",
    "read_lines",
    "scan_corpus",
    "sha256_file",
    "split_lines",
]
