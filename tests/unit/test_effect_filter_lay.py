"""``safety --effect`` in everyday words finds a label's clinical terms."""

from __future__ import annotations

import pytest

from assistant.domain.filters import filter_effects
from assistant.records import AdverseEffect


def _effect(name: str) -> AdverseEffect:
    return AdverseEffect(name, name.lower(), "", "", "2%", "c", "6.1", (1, 1), f"{name} 2 1")


ROWS = [_effect(n) for n in ("Epistaxis", "Contusion", "Hematuria", "Gingival bleeding", "Nausea")]


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("bruising", "Contusion"),
        ("bruises", "Contusion"),
        ("nosebleeds", "Epistaxis"),
        ("blood in urine", "Hematuria"),
        ("bleeding gums", "Gingival bleeding"),
    ],
)
def test_everyday_words_find_the_clinical_term(asked, found):
    assert [e.effect for e in filter_effects(ROWS, asked)] == [found]
