"""What the chat keeps across restarts: question history, conversations, theme and settings.

Files live in the user's folders as platformdirs names them (never the working directory):

- data folder (``$ASSISTANT_DATA_DIR`` overrides it): ``history.json`` (questions asked, oldest
  first) and ``conversations/<id>.json`` (one file per conversation: its questions and answers);
- config folder (``$ASSISTANT_CONFIG_DIR`` overrides it): ``settings.json`` (theme, retrieval mode,
  number of passages).

Every write goes to a temporary file in the same folder that then replaces the old file, so a crash
never leaves half a file. A file that cannot be read (damaged, edited by hand, from an incompatible
version) is renamed ``<name>.corrupt-<time>`` and a message says so; the chat starts without it.

Nothing here imports Textual: the store is plain Python, used by the chat and testable alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import tempfile
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..records import Answer

APP_NAME = "assistant"
#: Questions kept in the history file (the newest).
HISTORY_LIMIT = 1000
FORMAT = 1
NOT_RESTORED = "The saved answer could not be restored (saved by another version); ask again."


def data_dir() -> Path:
    """``$ASSISTANT_DATA_DIR`` or the user data folder for "assistant" (platformdirs)."""
    override = os.environ.get("ASSISTANT_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """``$ASSISTANT_CONFIG_DIR`` or the user config folder for "assistant" (platformdirs)."""
    override = os.environ.get("ASSISTANT_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- records to JSON and back ---------------------------------------------------------------------


def to_plain(value: object) -> object:
    """A record (frozen dataclasses, tuples) as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def from_plain(kind: Any, value: object) -> Any:
    """``value`` (from :func:`to_plain`) turned back into ``kind``.

    Unknown keys are dropped and missing ones take the field's default, so files written before a
    record gained or lost a field still load. ValueError when the shape does not fit at all.
    """
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            raise ValueError(f"expected an object for {kind.__name__}")
        hints = typing.get_type_hints(kind)
        values = {}
        for f in dataclasses.fields(kind):
            if f.name in value:
                values[f.name] = from_plain(hints[f.name], value[f.name])
        try:
            return kind(**values)
        except TypeError as exc:
            raise ValueError(str(exc)) from exc
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise ValueError("expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError("wrong tuple length")
        return tuple(from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(kind):
            return None
        for arg in typing.get_args(kind):
            if arg is type(None):
                continue
            try:
                return from_plain(arg, value)
            except ValueError:
                continue
        raise ValueError("no type of the union fits")
    if origin is typing.Literal:
        if value not in typing.get_args(kind):
            raise ValueError(f"{value!r} is not one of {typing.get_args(kind)}")
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and isinstance(value, kind):
        return value
    if kind is Any or kind is object:
        return value
    raise ValueError(f"{value!r} is not a {kind}")


# -- conversations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One question of a conversation, as saved and exported: the answer (or the error) and the
    settings it was asked with (``mode`` is kept as saved; the chat checks it on restoring)."""

    question: str
    mode: str
    k: int
    answer: Answer | None = None
    error: str = ""


@dataclass
class Conversation:
    """A saved conversation: its id (file name), title, times and questions."""

    id: str
    title: str
    created: str
    updated: str
    turns: list[Turn] = field(default_factory=list)


def new_conversation_id(now: datetime | None = None) -> str:
    """A sortable, file-name-safe id: 20261127-113715-123456."""
    return f"{now or datetime.now():%Y%m%d-%H%M%S-%f}"


_ID = re.compile(r"^[0-9A-Za-z_-]+$")


class SessionStore:
    """The chat's files in a data folder and a config folder (see the module docstring).

    Problems met while reading (a damaged file set aside) are collected in :attr:`problems` as
    sentences for the user; reading never raises for a bad file.
    """

    def __init__(self, data: Path, config: Path) -> None:
        self.data = Path(data)
        self.config = Path(config)
        self.problems: list[str] = []

    @classmethod
    def default(cls) -> SessionStore:
        """The store in the user's folders (or the ``$ASSISTANT_*_DIR`` overrides)."""
        return cls(data_dir(), config_dir())

    @property
    def history_path(self) -> Path:
        """The question history file."""
        return self.data / "history.json"

    @property
    def settings_path(self) -> Path:
        """The settings file."""
        return self.config / "settings.json"

    @property
    def conversations_dir(self) -> Path:
        """The folder of conversation files."""
        return self.data / "conversations"

    @property
    def exports_dir(self) -> Path:
        """Where exported conversations and copies that could not reach the clipboard go."""
        return self.data / "exports"

    # -- reading safely ---------------------------------------------------------------------------
    def set_aside(self, path: Path, why: str) -> Path | None:
        """Rename a damaged file out of the way (kept for inspection) and note it."""
        target = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
        try:
            os.replace(path, target)
        except OSError as exc:
            self.problems.append(
                f"{path} could not be read ({why}) nor set aside ({exc.strerror or exc}); "
                "it is ignored."
            )
            return None
        self.problems.append(f"{path} could not be read ({why}); it was set aside as {target}.")
        return target

    def _read(self, path: Path) -> object | None:
        """The JSON in ``path``; None when it does not exist or was set aside."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.problems.append(f"{path} could not be read: {exc.strerror or exc}.")
            return None
        except UnicodeDecodeError:
            self.set_aside(path, "not UTF-8 text")
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            self.set_aside(path, f"not valid JSON: {exc.msg} at line {exc.lineno}")
            return None

    # -- history ----------------------------------------------------------------------------------
    def load_history(self) -> list[str]:
        """The questions asked before, oldest first."""
        value = self._read(self.history_path)
        if value is None:
            return []
        items = value.get("questions") if isinstance(value, dict) else None
        if not isinstance(items, list) or not all(isinstance(q, str) for q in items):
            self.set_aside(self.history_path, "not a list of questions")
            return []
        return list(items)

    def save_history(self, questions: list[str]) -> None:
        """Keep the newest questions (atomic write)."""
        data = {"format": FORMAT, "questions": questions[-HISTORY_LIMIT:]}
        atomic_write(self.history_path, json.dumps(data, ensure_ascii=False, indent=1))

    # -- settings ---------------------------------------------------------------------------------
    def load_settings(self) -> dict[str, object]:
        """Theme, retrieval mode and number of passages as saved (empty when none)."""
        value = self._read(self.settings_path)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.set_aside(self.settings_path, "not a settings object")
            return {}
        return dict(value)

    def save_settings(self, settings: dict[str, object]) -> None:
        """Save the settings (atomic write)."""
        atomic_write(self.settings_path, json.dumps(settings, ensure_ascii=False, indent=1))

    # -- conversations ----------------------------------------------------------------------------
    def conversation_path(self, conversation_id: str) -> Path:
        """The file of a conversation."""
        if not _ID.match(conversation_id):
            raise ValueError(f"bad conversation id {conversation_id!r}")
        return self.conversations_dir / f"{conversation_id}.json"

    def save_conversation(self, conversation: Conversation) -> None:
        """Save a conversation (atomic write)."""
        data = {"format": FORMAT, **typing.cast(dict[str, object], to_plain(conversation))}
        atomic_write(self.conversation_path(conversation.id), json.dumps(data, ensure_ascii=False))

    def load_conversation(self, conversation_id: str) -> Conversation | None:
        """A saved conversation, or None (missing, or damaged and set aside)."""
        path = self.conversation_path(conversation_id)
        value = self._read(path)
        if value is None:
            return None
        try:
            if not isinstance(value, dict):
                raise ValueError("not an object")
            turns = []
            for raw in value.get("turns", []):
                if not isinstance(raw, dict) or not isinstance(raw.get("question"), str):
                    raise ValueError("a question is missing")
                answer = None
                error = str(raw.get("error", ""))
                if raw.get("answer") is not None:
                    try:
                        answer = from_plain(Answer, raw["answer"])
                    except ValueError:  # an answer saved by an incompatible version
                        error = error or NOT_RESTORED
                turns.append(
                    Turn(
                        raw["question"],
                        str(raw.get("mode", "hybrid")),
                        int(raw.get("k", 8)),
                        answer,
                        error,
                    )
                )
            return Conversation(
                str(value.get("id", conversation_id)),
                str(value.get("title", "")),
                str(value.get("created", "")),
                str(value.get("updated", "")),
                turns,
            )
        except (ValueError, TypeError) as exc:
            self.set_aside(path, str(exc))
            return None

    def list_conversations(self) -> list[Conversation]:
        """Saved conversations, the most recently updated first (their turns are not loaded)."""
        found: list[Conversation] = []
        try:
            paths = sorted(self.conversations_dir.glob("*.json"))
        except OSError:
            return []
        for path in paths:
            value = self._read(path)
            if not isinstance(value, dict):
                continue
            turns = value.get("turns")
            count = len(turns) if isinstance(turns, list) else 0
            found.append(
                Conversation(
                    path.stem,
                    str(value.get("title", "")),
                    str(value.get("created", "")),
                    str(value.get("updated", "")),
                    [Turn("", "hybrid", 0)] * count,
                )
            )
        found.sort(key=lambda c: (c.updated, c.id), reverse=True)
        return found

    def rename_conversation(self, conversation_id: str, title: str) -> bool:
        """Give a conversation a new title; False when it is not there."""
        conversation = self.load_conversation(conversation_id)
        if conversation is None:
            return False
        conversation.title = title
        self.save_conversation(conversation)
        return True

    def delete_conversation(self, conversation_id: str) -> bool:
        """Delete a conversation's file; False when it was not there."""
        try:
            self.conversation_path(conversation_id).unlink()
        except FileNotFoundError:
            return False
        return True
