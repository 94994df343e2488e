"""Opening a table record's source: the document viewer at the record's sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.binding import Binding

from ...records import AdverseEffect, Regimen
from ..widgets.render import location_label
from .viewer import DocumentScreen

if TYPE_CHECKING:
    from .chat import ChatScreen


class RecordDocumentScreen(DocumentScreen):
    """The document viewer opened from a table: Escape goes back to the table."""

    BINDINGS = [Binding("escape", "close", "Back to table")]


def record_viewer(
    chat: ChatScreen, record: Regimen | AdverseEffect, terms: re.Pattern[str] | None
) -> RecordDocumentScreen | None:
    """The viewer at the record's sentence, highlighted (its whole passage when the sentence is
    not found in it); None when the passage is no longer in the index."""
    try:
        chunk = chat.assistant.index.chunk(record.chunk_id)
        document = next(d for d in chat.documents if d.doc_id == chunk.doc_id)
    except (KeyError, StopIteration):
        return None
    at = document.text.find(record.sentence, chunk.start, chunk.end) if record.sentence else -1
    passage = (at, at + len(record.sentence)) if at >= 0 else (chunk.start, chunk.end)
    return RecordDocumentScreen(
        document,
        chunk,
        terms=terms,
        passage=passage,
        location=location_label(record.section, record.page, record.lines),
    )
