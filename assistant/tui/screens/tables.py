"""The Doses and Safety screens: the regimen and adverse-effect tables, filterable and cited.

Both screens show records the :class:`assistant.service.Assistant` extracted from the corpus (its
``regimens()`` and ``adverse_effects()``) in a table under a filter box. Filtering goes through
:func:`assistant.domain.filter_regimens` and :func:`assistant.domain.filter_effects`, so "mice"
finds UMHET3 and murine studies and "ulcers" finds mouth sores and stomatitis. Enter (or a click)
on a row opens the document viewer at the record's sentence, highlighted; Escape comes back.

The records are read in a thread worker once the chat's own loading of the model and index has
finished (the app forwards the chat's Loaded message), so opening a table early never starts a
second load and nothing polls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from textual.content import Content

from ...domain import effect_rows, filter_effects, filter_regimens, regimen_rows
from ...records import AdverseEffect, Regimen
from ..widgets.render import DOSE_STYLE, MUTED_STYLE, literal
from .record_source import RecordDocumentScreen as RecordDocumentScreen
from .record_table import NARROW as NARROW
from .record_table import RecordKind, RecordTableScreen
from .table_format import Column
from .table_format import cell as cell
from .table_format import fit_sentence as fit_sentence
from .table_format import fit_widths as fit_widths
from .table_format import sort_key as sort_key
from .table_format import table_csv as table_csv
from .table_format import table_markdown as table_markdown
from .table_format import typical_length as typical_length


def _pattern(*words: str) -> re.Pattern[str] | None:
    words = tuple(w for w in words if w.strip())
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _then(head: Content, parts: Sequence[str]) -> Content:
    """``head``, then ``parts`` joined by " · " (plain text, never markup)."""
    if not parts:
        return head
    return Content.assemble(head, (" · ", MUTED_STYLE), literal(" · ".join(parts)))


class DosesScreen(RecordTableScreen[Regimen]):
    """The regimen table: every dosing statement, filterable by subject."""

    TITLE_TEXT = "Doses"
    DESCRIPTION = "every dosing statement in the documents, with its source"
    PLACEHOLDER = "Filter by subject: mice, rats, humans, older adults, TSC…"
    FILTER_NAME = "subject"
    NOUNS = ("dosing statement", "dosing statements")
    COLUMNS = (
        Column("dose", "Dose", 6, 20, 1.5, "bold"),
        Column("schedule", "Schedule", 8, 24, 1.5),
        Column("duration", "Duration", 8, 16, 1.2),
        Column("route", "Route", 5, 15, 0.8),
        Column("subject", "Subject", 7, 32, 1.5),
        Column("effect", "Outcome", 7, 40, 1.5),
        Column("trial", "Trial", 11, 11),  # NCT + 8 digits, on one line
        Column("source", "Source", 6, 40),
    )
    #: Regimens whose subject matches the query.
    KIND = RecordKind("regimens", filter_regimens, regimen_rows)

    def summary(self, record: Regimen) -> Content:
        """Dose (highlighted), schedule, duration, route, subject and trial."""
        parts = [
            p
            for p in (record.schedule, record.duration, record.route, record.subject, record.trial)
            if p
        ]
        # the outcome, if any, is in the sentence shown below
        return _then(literal(record.dose or "(no amount)", DOSE_STYLE), parts)

    def terms(self, record: Regimen) -> re.Pattern[str] | None:
        """The dose."""
        return _pattern(record.dose)


class SafetyScreen(RecordTableScreen[AdverseEffect]):
    """The adverse-effect table: every mention of a harm, filterable by effect under any wording."""

    TITLE_TEXT = "Safety"
    DESCRIPTION = "every adverse-effect mention in the documents, with its source"
    PLACEHOLDER = "Filter by effect: ulcers, stomatitis, lipids, infection, anemia…"
    FILTER_NAME = "effect"
    NOUNS = ("adverse-effect mention", "adverse-effect mentions")
    COLUMNS = (
        Column("effect", "Effect", 10, 30, 1.6, "bold"),
        Column("canonical", "Canonical", 10, 30, 1.5),
        Column("regimen", "Regimen", 8, 24, 1.5),
        Column("population", "Population", 10, 32, 1.5),
        Column("frequency", "Frequency", 6, 16),
        Column("source", "Source", 10, 40),
    )
    #: Adverse effects matching the query under any of their wordings.
    KIND = RecordKind("adverse_effects", filter_effects, effect_rows)

    def summary(self, record: AdverseEffect) -> Content:
        """Effect (highlighted), its canonical name, regimen, population and frequency."""
        head = literal(record.effect, DOSE_STYLE)
        if record.canonical and record.canonical != record.effect:
            head = Content.assemble(head, literal(f" ({record.canonical})", MUTED_STYLE))
        parts = [p for p in (record.regimen, record.population, record.frequency) if p]
        return _then(head, parts)

    def terms(self, record: AdverseEffect) -> re.Pattern[str] | None:
        """The effect as printed."""
        return _pattern(record.effect)
