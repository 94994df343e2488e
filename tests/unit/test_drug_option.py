"""``--drug``: the records of the drugs asked for, never another drug's under their name."""

from __future__ import annotations

from assistant.records import AdverseEffect, Document, Regimen
from assistant.service import _of_drugs

LABEL = (
    "ELIQUIS (apixaban) tablets. ELIQUIS is a factor Xa inhibitor. "
    * 3
    + "In ARISTOTLE, ELIQUIS was compared with warfarin; major bleeding occurred in 3.09% per "
    "year with warfarin. No dose adjustment is recommended for patients with renal impairment."
)
DOCS = {"label.md": Document("label.md", "label.md", "", LABEL, (), ())}


def _effect(sentence: str, drug: str, arm: str = "") -> AdverseEffect:
    return AdverseEffect(
        sentence, sentence.lower(), "", "", "", "c", "6.1", (1, 1), sentence, drug=drug, arm=arm,
        doc_id="label.md",
    )  # fmt: skip


def _dose(sentence: str, drug: str) -> Regimen:
    return Regimen(
        "", "", "", "", "", "", "", "", "", "c", "8.6", (1, 1), sentence, drug=drug,
        doc_id="label.md",
    )  # fmt: skip


def test_a_drug_the_document_is_about_keeps_its_records():
    records = [_effect("Epistaxis 3.1 1.4", "apixaban", "apixaban"), _effect("x", "")]
    assert _of_drugs(records, {"apixaban"}, DOCS) == records[:1]  # not the placebo arm


def test_a_drug_named_only_in_passing_gets_only_the_sentences_that_name_it():
    unnamed = _dose("No dose adjustment is recommended for patients with renal impairment.", "")
    named = _effect("major bleeding occurred in 3.09% per year with warfarin.", "warfarin")
    # read with --drug warfarin, the label's unnamed dose advice would be given to warfarin
    as_warfarin = _dose(unnamed.sentence, "warfarin")
    assert _of_drugs([as_warfarin, named], {"warfarin"}, DOCS) == [named]


def test_a_drug_the_documents_never_name_gets_nothing():
    rows = [_effect("Epistaxis 3.1 1.4", "rivaroxaban"), _dose("2.5 mg twice daily", "rivaroxaban")]
    assert _of_drugs(rows, {"rivaroxaban"}, DOCS) == []


def test_a_brand_given_to_drug_is_read_as_its_generic_name():
    from assistant.service import _generic_names

    assert _generic_names("Eliquis, warfarin", DOCS) == "apixaban,warfarin"
    records = [_effect("Epistaxis 3.1 1.4", "apixaban", "apixaban")]
    wanted = set(_generic_names("ELIQUIS", DOCS).split(","))
    assert _of_drugs(records, wanted, DOCS) == records
