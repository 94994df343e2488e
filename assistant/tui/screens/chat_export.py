"""The chat's copy and export: an answer with its sources, the conversation as Markdown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..persist import atomic_write
from ..widgets.render import Turn, conversation_markdown, turn_markdown
from .chat_state import ChatState


class ChatExportMixin(ChatState):
    """Copy (Ctrl+Y) and export (Ctrl+S) of :class:`.chat.ChatScreen`."""

    def _source_name(self, chunk_id: str) -> str:
        try:
            doc_id = self.assistant.index.chunk(chunk_id).doc_id
        except KeyError:
            return ""
        return doc_id

    def action_copy_answer(self) -> None:
        """Copy the selected answer with its sources, as Markdown, to the clipboard (with the
        sources panel focused: only the highlighted citation)."""
        view = self.selected
        if view is None or not view.done:
            self.notify("No answer to copy yet.", markup=False)
            return
        source = self.sources.current if self.sources.has_focus else None
        if source is not None:
            self.copy_text(source.text, f"citation {source.n or ''} of Q{view.number}".strip())
            return
        self.copy_text(
            turn_markdown(view.turn, self._source_name),
            f"Q{view.number} with its sources (Markdown)",
        )

    def copy_text(self, text: str, what: str) -> None:
        """Send ``text`` to the terminal clipboard and, when there is an export folder, to
        ``copied-answer.md`` there; say honestly what happened."""
        # OSC 52 has no reply: the terminal may silently refuse it. So the text also goes to a
        # file, and the message says both.
        self.app.copy_to_clipboard(text)
        message = f"Sent {what} to the terminal clipboard; some terminals refuse this silently."
        folder = self.export_dir
        if folder is not None:
            path = folder / "copied-answer.md"
            try:
                atomic_write(path, text)
            except OSError as exc:
                message += f" Could not also save it to {path}: {exc.strerror or exc}."
            else:
                message += f" Also saved to {path.resolve()}"
        else:
            message += " If it did not arrive, Ctrl+S saves the conversation to a file."
        self.notify(message, title="Copy", markup=False, timeout=8)

    def export_path(self) -> Path:
        """A new file name for an export: conversation-YYYYmmdd-HHMMSS.md in the export folder."""
        folder = self.export_dir if self.export_dir is not None else Path.cwd()
        stem = f"conversation-{datetime.now():%Y%m%d-%H%M%S}"
        path = folder / f"{stem}.md"
        counter = 2
        while path.exists():  # two exports within a second must not overwrite each other
            path = folder / f"{stem}-{counter}.md"
            counter += 1
        return path

    def action_export(self) -> Path | None:
        """Write the conversation to a Markdown file and say where it went."""
        turns: list[Turn] = [v.turn for v in self.exchanges if v.done]
        if not turns:
            self.notify("Nothing to export yet: ask a question first.", markup=False)
            return None
        names = ", ".join(d.doc_id for d in self.documents) or "the documents"
        text = conversation_markdown(turns, self._source_name, title=f"Questions on {names}")
        path = self.export_path()
        try:
            atomic_write(path, text)
        except OSError as exc:
            self.notify(
                f"Could not save the conversation to {path}: {exc.strerror or exc}. "
                "Check that the folder exists and is writable.",
                title="Export failed",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved the conversation to {path.resolve()}", title="Exported", markup=False)
        return path
