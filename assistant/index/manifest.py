"""The manifest of a build: writing it, file digests, and the schema check of reading it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

from ..ingest import corpus_files, sha256_file
from .layout import (
    FORMAT_VERSION,
    INDEX_FILES,
    MAX_MANIFEST_BYTES,
    MAX_MANIFEST_DEPTH,
    IndexCorrupt,
)


def corpus_fingerprint(corpus: Path) -> dict[str, str]:
    """sha256 of each corpus file, by path relative to the corpus folder."""
    return {p.relative_to(corpus).as_posix(): sha256_file(p) for p in corpus_files(corpus)}


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def file_digest(path: Path) -> dict[str, Any]:
    """Size and sha256 of a file, as the manifest records them."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
            size += len(block)
    return {"size": size, "sha256": h.hexdigest()}


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, stopping (iteratively) once it exceeds ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((v, d + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _manifest_problem(data: Any) -> str | None:
    """Why a parsed manifest is not one this version wrote (None when it is sound)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("format_version") != FORMAT_VERSION:
        return "unknown format"
    if _depth(data, MAX_MANIFEST_DEPTH) > MAX_MANIFEST_DEPTH:
        return "nested too deeply"
    model = data.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("name"), str):
        return "model is not an object with a name"
    if not _is_count(model.get("dimension")) or not 0 < model["dimension"] <= 65536:
        return "model dimension is not a positive integer"
    if not isinstance(data.get("settings"), dict):
        return "settings is not an object"
    for key in ("corpus", "skipped_files"):
        table = data.get(key)
        if not isinstance(table, dict) or not all(
            isinstance(v, str) and _HEX64.match(v) for v in table.values()
        ):
            return f"{key} is not an object of file sha256s"
    skipped = data.get("skipped")
    if not isinstance(skipped, list) or not all(isinstance(x, str) for x in skipped):
        return "skipped is not a list of strings"
    for key in ("chunks", "sentences", "cleaning_version"):
        if not _is_count(data.get(key)):
            return f"{key} is not a non-negative integer"
    for key in ("built_at", "package_version"):
        if not isinstance(data.get(key), str):
            return f"{key} is not a string"
    files = data.get("files")
    if not isinstance(files, dict) or set(files) != set(INDEX_FILES):
        return "files does not list the index files"
    for name, rec in files.items():
        if (
            not isinstance(rec, dict)
            or not _is_count(rec.get("size"))
            or not isinstance(rec.get("sha256"), str)
            or not _HEX64.match(rec["sha256"])
        ):
            return f"files.{name} is not a size and sha256"
    for key, count in (("vectors", "chunks"), ("sentence_vectors", "sentences")):
        rec = data.get(key)
        if (
            not isinstance(rec, dict)
            or rec.get("metric") != "inner_product"
            or rec.get("dimension") != model["dimension"]
            or not _is_count(rec.get("count"))
            or rec["count"] != data[count]
        ):
            return f"{key} does not record inner product, dimension and count"
    return None


def parse_manifest(raw: bytes, where: Path) -> dict[str, Any]:
    """The manifest from its bytes: a schema check, never a traceback (IndexCorrupt when bad)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise IndexCorrupt(f"index manifest in {where} is damaged (too large); rebuild it")
    try:
        text = raw.decode("utf-8")
        # parse_constant: NaN/Infinity are not JSON; the depth guard keeps recursion bounded.
        data = json.loads(text, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else "not valid JSON"
        if isinstance(exc, RecursionError):
            reason = "nested too deeply"
        raise IndexCorrupt(f"index manifest in {where} is damaged ({reason}); rebuild it") from None
    problem = _manifest_problem(data)
    if problem == "unknown format":
        raise IndexCorrupt(f"index in {where} has an unknown format; rebuild it")
    if problem is not None:
        raise IndexCorrupt(f"index manifest in {where} is damaged ({problem}); rebuild it")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
