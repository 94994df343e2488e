"""A list is read as one passage: the paragraph that opens it ("... evaluate:") and its items,
each item a sentence of its own; a paragraph after the list, or a list under a heading of its
own section, is not pulled in. Lines as the Augtyro label's sections 2.3 and 17 come out of its
PDF."""

from __future__ import annotations

from assistant.index.chunking import chunk_document
from assistant.ingest import RawLine, clean_lines
from assistant.text.sentences import sentence_spans

LINES = [
    "2.3 Recommended Evaluation and Testing Before Initiating AUGTYRO",
    "Prior to initiation of AUGTYRO, evaluate:",
    "\uf0b7 liver function tests including bilirubin [see Warnings and Precautions (5.3)]",
    "\uf0b7 uric acid level [see Warnings and Precautions (5.5)]",
    "2.4 Recommended Dosage",
    "The recommended dosage of AUGTYRO is 160 mg taken orally once daily with or without food",
    "for 14 days, then increase to 160 mg twice daily until disease progression.",
]


def _chunks():
    doc = clean_lines([RawLine(t, i + 1, 2) for i, t in enumerate(LINES)], "label.pdf", pdf=True)
    return doc, chunk_document(doc)


def test_a_list_and_the_line_that_opens_it_are_one_passage_of_item_sentences():
    doc, chunks = _chunks()
    first = chunks[0]
    assert first.section.startswith("2.3 Recommended Evaluation")
    assert first.text.startswith("Prior to initiation of AUGTYRO, evaluate:")
    assert first.text.endswith("• uric acid level [see Warnings and Precautions (5.5)]")
    assert doc.text[first.start : first.end] == first.text
    sentences = [first.text[a:b] for a, b in sentence_spans(first.text)]
    assert sentences == [
        "Prior to initiation of AUGTYRO, evaluate:",
        "• liver function tests including bilirubin [see Warnings and Precautions (5.3)]",
        "• uric acid level [see Warnings and Precautions (5.5)]",
    ]


def test_the_section_after_the_list_is_a_passage_of_its_own():
    _, chunks = _chunks()
    assert len(chunks) == 2
    assert chunks[1].section == "2.4 Recommended Dosage"
    assert chunks[1].text.startswith("The recommended dosage of AUGTYRO is 160 mg")
