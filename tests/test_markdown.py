"""Markdown read as structure: '#' headings are sections, pipe tables are table_row blocks
(no '|' or '---' left), HTML entities are unescaped, <!-- comments --> removed, and every
character still maps back to its source line."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest import load_document
from assistant.records import Document

NOTE = """\
# Dosing of drug X

<!-- image -->
Drug X was given at 5 mg &gt; baseline &amp; titrated weekly.

## Adverse events

| Event | Drug X | Placebo |
|---|:---:|---:|
| Nausea | 12 (10%) | 3 (3%) |
| Rash &lt;grade 2&gt; | 4 (3%) | 1 (1%) |

<!-- a comment
over two lines -->
Nausea resolved without treatment in all patients.
"""


def _doc(tmp_path: Path, text: str = NOTE) -> Document:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path)


def _blocks(doc: Document, kind: str) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if b.kind == kind]


def test_headings_are_sections(tmp_path):
    doc = _doc(tmp_path)
    assert _blocks(doc, "heading") == ["Dosing of drug X", "Adverse events"]
    assert [s.title for s in doc.sections] == ["Dosing of drug X", "Adverse events"]
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert rows and all(b.section == "Adverse events" for b in rows)


def test_pipe_tables_become_rows_without_pipes_or_rules(tmp_path):
    doc = _doc(tmp_path)
    rows = _blocks(doc, "table_row")
    assert rows == [
        "Event Drug X Placebo",
        "Nausea 12 (10%) 3 (3%)",
        "Rash <grade 2> 4 (3%) 1 (1%)",
    ]
    assert "|" not in doc.text and "---" not in doc.text
    nausea = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("Nausea 12"))
    assert dict(nausea.fields) == {"Event": "Nausea", "Drug X": "12 (10%)", "Placebo": "3 (3%)"}


def test_entities_unescaped_and_comments_removed(tmp_path):
    doc = _doc(tmp_path)
    assert "Drug X was given at 5 mg > baseline & titrated weekly." in doc.text
    assert "&gt;" not in doc.text and "&amp;" not in doc.text and "&lt;" not in doc.text
    assert "<!--" not in doc.text and "-->" not in doc.text
    assert "image" not in doc.text and "comment" not in doc.text
    assert "Nausea resolved without treatment in all patients." in _blocks(doc, "paragraph")


def test_every_character_maps_to_its_source_line(tmp_path):
    doc = _doc(tmp_path)
    source = NOTE.splitlines()
    for i, ch in enumerate(doc.text):
        if not ch.isalnum():
            continue
        loc = doc.location(i, i + 1)
        assert ch in source[loc.line_start - 1], (i, ch, loc)


def test_a_comment_left_open_hides_the_rest_but_not_the_text_before(tmp_path):
    doc = _doc(tmp_path, "# Title\n\nVisible text here.\n<!-- never closed\nhidden text\n")
    assert "Visible text here." in doc.text
    assert "hidden" not in doc.text


GUIDE = """\
# Installing the tool

The **recommended** way is the [automatic installer](https://example.org/install#auto)
described in `INSTALL.md`; ~~manual builds~~ are not supported.

> Note: the installer needs network access once.

The main features are:

* Dose tables read from *any* label
- Adverse events with their grades
1. Citations to the exact line

   ```sh
   # install it
   tool install --all
   ```

After the list the text goes on with a sentence of its own.
"""


def test_inline_markup_is_read_as_the_reader_sees_it(tmp_path):
    doc = _doc(tmp_path, GUIDE)
    paragraphs = _blocks(doc, "paragraph")
    assert paragraphs[0] == (
        "The recommended way is the automatic installer described in INSTALL.md; manual "
        "builds are not supported."
    )
    assert "Note: the installer needs network access once." in paragraphs
    for mark in ("**", "](", "`", "~~", "https://", "> "):
        assert mark not in doc.text


def test_list_items_are_paragraphs_and_code_is_not_text_or_a_heading(tmp_path):
    doc = _doc(tmp_path, GUIDE)
    paragraphs = _blocks(doc, "paragraph")
    assert "* Dose tables read from any label" in paragraphs
    assert "- Adverse events with their grades" in paragraphs
    assert "1. Citations to the exact line" in paragraphs
    assert paragraphs[-1] == "After the list the text goes on with a sentence of its own."
    assert "install it" not in [s.title for s in doc.sections]  # a comment in code
    code = _blocks(doc, "figure_text")
    assert any("tool install --all" in c for c in code)
    assert "```" not in doc.text


def test_markdown_reading_leaves_comparisons_code_addresses_and_citations_alone():
    from assistant.ingest.clean import markdown_inline

    assert markdown_inline("| ALT | <ULN | >3 x ULN |") == "| ALT | <ULN | >3 x ULN |"
    assert markdown_inline("eGFR <Stage 3 and >60 mL/min") == "eGFR <Stage 3 and >60 mL/min"
    assert markdown_inline("10<sup>9</sup>/L in m<sup>2</sup>") == "10^9/L in m^2"
    assert markdown_inline("`__init__.py` and https://e.org/__a__/b") == (
        "__init__.py and https://e.org/__a__/b"
    )
    assert markdown_inline("\\*not emphasis\\*, 5 * 3 * 2") == "*not emphasis*, 5 * 3 * 2"
    assert markdown_inline("values [1][2] and [3](#ref3)") == "values [1][2] and [3]"
    assert markdown_inline("see <https://example.org>") == "see https://example.org"
