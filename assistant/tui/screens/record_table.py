"""The record table screen shared by Doses and Safety: filter box, table, detail, count.

:class:`RecordTableScreen` does the work (loading in a worker, filtering, sorting, fitting the
columns, export through :mod:`.record_export`, opening the source through :mod:`.record_source`);
:mod:`.tables` says which records and columns it shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.scalar import Unit
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from ...records import AdverseEffect, Regimen
from ..widgets.render import HEADER_STYLE, MUTED_STYLE, literal, location_label
from .record_export import export_paths, row_text, write_table
from .record_source import record_viewer
from .table_format import (
    Column,
    cell,
    fit_sentence,
    fit_widths,
    sort_key,
    typical_length,
    with_source,
)

if TYPE_CHECKING:
    from .chat import ChatScreen

R = TypeVar("R", Regimen, AdverseEffect)

#: Below this width the Source column is left out (the line under the table shows it).
NARROW = 120
#: Room kept for the table's vertical scrollbar.
_SCROLLBAR = 2


@dataclass(frozen=True)
class RecordKind:
    """The records of a table: the Assistant method that gives them (called in the worker thread),
    the domain function that filters them by the query and the one that prints them as rows."""

    method: str
    filter: Callable[[Sequence[Any], str], list[Any]]
    rows: Callable[[Sequence[Any]], list[dict[str, str]]]


class RecordTableScreen(Screen[None], Generic[R]):
    """A filter box, a table of records, the highlighted record in full and a count.

    Subclasses say which records, how they are filtered and which columns are shown.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("escape", "close", "Back to chat"),
        Binding("ctrl+o", "open_selected", "Open source"),
        Binding("f6", "sort_next", "Sort"),
        Binding("shift+f6", "sort_reverse", "Reverse sort", show=False),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+y", "copy_row", "Copy row", show=False),
        Binding("ctrl+f", "focus_filter", "Filter", show=False),
        Binding("down", "focus_table", "Table", show=False),
    ]

    #: Shown in the title line.
    TITLE_TEXT: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    #: Placeholder of the filter box, and what the filter matches (for the status line).
    PLACEHOLDER: ClassVar[str] = ""
    FILTER_NAME: ClassVar[str] = ""
    #: Singular and plural name of a record.
    NOUNS: ClassVar[tuple[str, str]] = ("record", "records")
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    #: Which records, how they are filtered and printed.
    KIND: ClassVar[RecordKind]

    class Loaded(Message):
        """The records arrived from the worker."""

        def __init__(self, records: Sequence[Regimen | AdverseEffect]) -> None:
            super().__init__()
            self.records = records

    class ChatLoaded(Message):
        """The chat finished loading the model and index: the records can be read now."""

    class ChatLoadFailed(Message):
        """The chat could not load the model and index."""

    class LoadFailed(Message):
        """The records could not be read; ``text`` says why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, chat: ChatScreen) -> None:
        super().__init__()
        #: The chat screen: its Assistant, documents and loading state are shared.
        self.chat = chat
        #: Every record (None until loaded) and the ones the filter keeps, in table order.
        self.records: list[R] | None = None
        self.shown: list[R] = []
        self.failed = False
        self._widths: list[int] = []
        #: The column the rows are sorted by (None: document order) and the direction.
        self.sort_column: str | None = None
        self.sort_descending = False

    # -- the records, from what subclasses declare ------------------------------------------------
    def fetch(self) -> list[R]:
        """Every record (runs in the worker thread)."""
        records: list[R] = getattr(self.chat.assistant, self.KIND.method)()
        return records

    def filter(self, records: Sequence[R], query: str) -> list[R]:
        """The records matching ``query``."""
        return self.KIND.filter(records, query)

    def rows(self, records: Sequence[R]) -> list[dict[str, str]]:
        """Display rows of ``records``, keyed by column key (with the "source" column)."""
        return with_source(self.KIND.rows(records))

    # -- what subclasses provide ------------------------------------------------------------------
    def summary(self, record: R) -> Content:
        """One line saying what the record says (above its sentence, under the table)."""
        raise NotImplementedError

    def terms(self, record: R) -> re.Pattern[str] | None:
        """Words to underline in the viewer's highlighted sentence."""
        return None

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Title line, filter box, table, the highlighted record, count, footer."""
        yield Static(
            Content.assemble(
                literal(self.TITLE_TEXT, HEADER_STYLE),
                (" · ", MUTED_STYLE),
                literal(self.DESCRIPTION),
            ),
            id="table-title",
        )
        yield Input(placeholder=self.PLACEHOLDER, id="table-filter")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="table")
        yield table
        detail = Static(Content(""), id="table-detail")
        detail.display = False  # until there is a row to show
        yield detail
        yield Static(Content("Waiting for the model and the index to load…"), id="table-status")
        yield Footer()

    @property
    def filter_box(self) -> Input:
        """The filter input."""
        return self.query_one("#table-filter", Input)

    @property
    def table(self) -> DataTable[Text]:
        """The table widget."""
        return self.query_one("#table", DataTable)

    @property
    def query_text(self) -> str:
        """The filter as typed."""
        return self.filter_box.value

    def on_mount(self) -> None:
        """Focus the filter and read the records (now, or when the chat says it is loaded)."""
        self.filter_box.focus()
        self._start()

    def _start(self) -> None:
        if self.chat.ready:
            self._load_records()
        elif self.chat.load_failed:
            self.on_record_table_screen_chat_load_failed()
        # else: wait for ChatLoaded

    def on_record_table_screen_chat_loaded(self) -> None:
        """The chat is ready: read the records if they are not there yet."""
        if self.records is None:
            self.failed = False
            self._load_records()

    def on_record_table_screen_chat_load_failed(self) -> None:
        """Say that the model and index are not there (the chat says why)."""
        self.failed = True
        self._status(
            "The model and index could not be loaded. Escape goes back to the chat, which says "
            "why; Ctrl+R there tries again.",
            error=True,
        )

    def on_screen_resume(self) -> None:
        """Try again when coming back after the records could not be read."""
        if self.failed and self.records is None:
            self.failed = False
            self._status("Waiting for the model and the index to load…")
            self._start()

    def on_resize(self) -> None:
        """Fit the columns and the highlighted record to the new width."""
        self.call_after_refresh(self._fill, keep_cursor=True)
        self.call_after_refresh(self._show_detail)

    # -- loading ----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="records", exit_on_error=False)
    def _load_records(self) -> None:
        """Read the records (the chat has loaded the model and index)."""
        try:
            records = self.fetch()
        except Exception as exc:  # shown in the status line; the app keeps running
            detail = str(exc) or type(exc).__name__
            self.post_message(self.LoadFailed(f"The {self.NOUNS[1]} could not be read: {detail}."))
            return
        self.post_message(self.Loaded(records))

    def on_record_table_screen_loaded(self, event: Loaded) -> None:
        """Show the records, filtered by what is already typed."""
        self.records = list(event.records)  # type: ignore[arg-type]
        self._widths = []
        self.refilter()

    def on_record_table_screen_load_failed(self, event: LoadFailed) -> None:
        """Say why there is nothing to show."""
        self.failed = True
        self._status(event.text, error=True)

    # -- filtering and filling --------------------------------------------------------------------
    @on(Input.Changed, "#table-filter")
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#table-filter")
    def _filter_submitted(self) -> None:
        self.action_focus_table()

    def refilter(self) -> None:
        """Show the records the filter keeps."""
        if self.records is None:
            return
        shown = self.filter(self.records, self.query_text)
        if self.sort_column is not None:
            values = self.rows(shown)
            order = sorted(
                range(len(shown)),
                key=lambda i: sort_key(values[i][self.sort_column or ""]),
                reverse=self.sort_descending,
            )
            shown = [shown[i] for i in order]
        self.shown = shown
        self._fill(keep_cursor=False)

    # -- sorting and export -----------------------------------------------------------------------
    def sort_by(self, key: str | None, descending: bool = False) -> None:
        """Sort the rows by column ``key`` (None: document order)."""
        self.sort_column = key
        self.sort_descending = descending
        self._widths = []
        self.refilter()

    def action_sort_next(self) -> None:
        """Sort by the next column (after the last one: document order again)."""
        keys = [c.key for c in self.COLUMNS]
        if self.sort_column is None:
            self.sort_by(keys[0])
        elif self.sort_column == keys[-1]:
            self.sort_by(None)
        else:
            self.sort_by(keys[keys.index(self.sort_column) + 1])

    def action_sort_reverse(self) -> None:
        """Reverse the sort order."""
        self.sort_by(self.sort_column or self.COLUMNS[0].key, not self.sort_descending)

    @on(DataTable.HeaderSelected, "#table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        self.sort_by(key, descending=self.sort_column == key and not self.sort_descending)

    def action_copy_row(self) -> None:
        """Copy the highlighted row: its cells (tab-separated) and its sentence."""
        record = self.current
        if record is None:
            self.notify(f"No {self.NOUNS[0]} to copy.", markup=False)
            return
        self.app.copy_to_clipboard(row_text(self.COLUMNS, self.rows([record])[0], record.sentence))
        self.notify(
            "Sent the row to the terminal clipboard; some terminals refuse this silently "
            "(Ctrl+S exports the table to a file).",
            markup=False,
        )

    def action_export(self) -> list[Path]:
        """Write the rows shown (filtered and sorted) as CSV and Markdown; say where."""
        if self.records is None or not self.shown:
            self.notify(f"No {self.NOUNS[0]} to export.", markup=False)
            return []
        rows = self.rows(self.shown)
        folder = self.chat.export_dir if self.chat.export_dir is not None else Path.cwd()
        paths = export_paths(folder, self.TITLE_TEXT)
        query = " ".join(self.query_text.split())
        title = f"{self.TITLE_TEXT}" + (f" · {self.FILTER_NAME}: {query}" if query else "")
        try:
            write_table(paths, title, self.COLUMNS, rows)
        except OSError as exc:
            self.notify(
                f"Could not export to {folder}: {exc.strerror or exc}.",
                severity="error",
                markup=False,
            )
            return []
        self.notify(
            f"Saved {len(rows)} rows to {paths[0].resolve()} and {paths[1].name}",
            title="Exported",
            markup=False,
        )
        return paths

    def _fill(self, keep_cursor: bool = True) -> None:
        """(Re)build the table for the shown records, with columns fitted to the width."""
        if self.records is None:
            return
        table = self.table
        columns = self.shown_columns(table.size.width)
        widths = self._column_widths(table.size.width, columns)
        row = table.cursor_row if keep_cursor else 0
        if keep_cursor and widths == self._widths and table.row_count == len(self.shown):
            return
        self._widths = widths
        table.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            label = column.label
            if column.key == self.sort_column:
                label += " ▼" if self.sort_descending else " ▲"
            table.add_column(Text(label), width=width, key=column.key)
        for index, values in enumerate(self.rows(self.shown)):
            # height None: as many lines as the longest wrapped cell needs (nothing is cut)
            table.add_row(
                *(cell(values[c.key], c.style) for c in columns), key=str(index), height=None
            )
        if self.shown:
            table.move_cursor(row=max(0, min(row, len(self.shown) - 1)), animate=False)
        self._show_detail()
        self._show_count()

    def shown_columns(self, width: int) -> tuple[Column, ...]:
        """The columns shown at ``width``: below :data:`NARROW` cells the Source column is left
        out (the line under the table names the source of the highlighted row)."""
        if width < NARROW:
            return tuple(c for c in self.COLUMNS if c.key != "source")
        return self.COLUMNS

    def _column_widths(self, width: int, columns: Sequence[Column] | None = None) -> list[int]:
        assert self.records is not None
        if columns is None:
            columns = self.shown_columns(width)
        rows = self.rows(self.records)  # all records, so the layout stays put while filtering
        naturals = [
            min(c.maximum, max(len(c.label), typical_length(r[c.key] for r in rows)))
            for c in columns
        ]
        padding = 2 * self.table.cell_padding * len(columns)
        available = max(0, width - padding - _SCROLLBAR)
        minimums = [max(c.minimum, len(c.label)) for c in columns]  # headings stay whole
        return fit_widths(naturals, minimums, [c.weight for c in columns], available)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#table-status", Static)
        status.set_class(error, "-error")
        status.update(literal(text))

    def _show_count(self) -> None:
        assert self.records is not None
        total = len(self.records)
        count = len(self.shown)
        query = " ".join(self.query_text.split())
        if not query:
            text = f"{total} {self.NOUNS[1] if total != 1 else self.NOUNS[0]}"
        elif count:
            text = f"{count} of {total} {self.NOUNS[1]} · {self.FILTER_NAME}: “{query}”"
        else:
            text = f"No {self.NOUNS[0]} matches {self.FILTER_NAME} “{query}” ({total} in all)"
        if count:
            text += " · Enter opens the source"
        self._status(text)

    def _show_detail(self) -> None:
        """Show the highlighted record in full: what it says, where, and its sentence.

        The sentence is cut (at a word, with an ellipsis) to the lines the box has left; the
        viewer shows it whole.
        """
        detail = self.query_one("#table-detail", Static)
        record = self.current
        if record is None:
            detail.update(Content(""))
            detail.display = False
            return
        detail.display = True
        where = location_label(record.section, record.page, record.lines)
        head = Content.assemble(
            self.summary(record), (" — ", MUTED_STYLE), literal(where, MUTED_STYLE)
        )
        width = detail.content_region.width or max(20, self.size.width - 2)
        height = detail.styles.max_height
        lines = int(height.value) - 1 if height is not None and height.unit == Unit.CELLS else 6
        left = max(1, lines - len(head.wrap(width)))
        detail.update(
            Content("\n").join([head, literal(fit_sentence(record.sentence, width, left))])
        )

    @on(DataTable.RowHighlighted, "#table")
    def _row_highlighted(self) -> None:
        self._show_detail()

    # -- opening the source -----------------------------------------------------------------------
    @property
    def current(self) -> R | None:
        """The record under the table's cursor, if any."""
        row = self.table.cursor_row
        if not self.shown or not 0 <= row < len(self.shown):
            return None
        return self.shown[row]

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.shown):
            self.open_record(self.shown[event.cursor_row])

    def action_open_selected(self) -> None:
        """Open the source of the highlighted row."""
        record = self.current
        if record is None:
            self.notify(f"No {self.NOUNS[0]} to open.", markup=False)
            return
        self.open_record(record)

    def open_record(self, record: R) -> None:
        """Open the document viewer at the record's sentence, highlighted."""
        viewer = record_viewer(self.chat, record, self.terms(record))
        if viewer is None:
            self.notify(
                "That passage is no longer in the index (it was rebuilt since).",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(viewer)

    # -- actions ----------------------------------------------------------------------------------
    def action_close(self) -> None:
        """Back to the chat."""
        self.dismiss()

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.filter_box.focus()

    def action_focus_table(self) -> None:
        """Move from the filter box to the table."""
        if self.focused is self.filter_box and self.shown:
            self.table.focus()
