"""Heavy libraries stay out of modules that do not need them (fast CLI start, no UI in the core)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("torch", "faiss", "sentence_transformers", "transformers", "textual", "numpy")

LIGHT_MODULES = [
    "assistant",
    "assistant.records",
    "assistant.text",
    "assistant.text.sentences",
    "assistant.text.references",
    "assistant.text.terms",
    "assistant.text.abbreviations",
    "assistant.text.safe",
    "assistant.ingest",
    "assistant.index",
    "assistant.index.chunking",
    "assistant.index.embed",
    "assistant.search",
    "assistant.search.lexical",
    "assistant.search.fuse",
    "assistant.search.retrieve",
    "assistant.service",
    "assistant.answer",
    "assistant.questions",
    "assistant.cli",
    "assistant.evaluate",
    "assistant.domain",
    "assistant.batch",
    "assistant.cli.eval",
    "assistant.cli.tables",
]


def _loaded_after_import(module: str) -> list[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_importing_core_modules_loads_no_heavy_library(module):
    assert _loaded_after_import(module) == []


def test_the_ui_is_not_imported_by_the_core():
    code = (
        "import sys, assistant.service, assistant.cli, assistant.answer; "
        "print(any(m.startswith('assistant.tui') or m == 'textual' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
