"""Locks of the index folder: writers' ``flock``, readers' share-locks, cleanup of own builds."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..errors import IndexProblem
from .layout import CURRENT, LOCK, MARKER, IndexBusy

#: Names of the index folder that belong to the index itself (besides marked build folders).
_OWN_FILES = frozenset({CURRENT, "README.md", LOCK})
#: How long a builder waits for another one before giving up (``$ASSISTANT_LOCK_TIMEOUT``, s).
LOCK_TIMEOUT = 900.0
_OWN_PARTIAL = re.compile(r"^\.build-\d{8}-\d{6}-[0-9a-f]{6}\.partial$")


def _open_shared(build: Path) -> int | None:
    """The build folder opened and share-locked, or None when it no longer exists."""
    try:
        fd = os.open(build, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a cleanup is removing this very folder
        if os.fstat(fd).st_nlink == 0:
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        raise
    return fd


def _lock_timeout() -> float:
    raw = os.environ.get("ASSISTANT_LOCK_TIMEOUT", "")
    try:
        return max(0.0, float(raw)) if raw.strip() else LOCK_TIMEOUT
    except ValueError:
        return LOCK_TIMEOUT


def _try_lock(f: IO[str], root: Path) -> bool:
    """Take the exclusive lock on ``f`` if it is free (without waiting); False when it is held."""
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise IndexProblem(f"cannot lock the index folder {root}: {exc.strerror}") from exc
        return False


def _acquire(f: IO[str], timeout: float, root: Path, notify: Callable[[str], None]) -> bool:
    """Take the exclusive lock on ``f``; True when another process held it first."""
    if _try_lock(f, root):
        return False
    holder = _lock_holder(root)
    notify(
        f"another process{holder} is building the index in {root}; waiting for it "
        f"(up to {timeout:.0f}s)"
    )
    deadline = time.monotonic() + timeout
    while not _try_lock(f, root):
        if time.monotonic() >= deadline:
            raise IndexBusy(
                f"another process{holder} has been building the index in {root} for over "
                f"{timeout:.0f}s; try again when it has finished (or set ASSISTANT_LOCK_TIMEOUT)"
            )
        time.sleep(0.1)
    return True


def _lock_holder(root: Path) -> str:
    """' (pid N)' for the process holding the lock, when it wrote its pid."""
    try:
        text = (root / LOCK).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""


def _mark(folder: Path, name: str) -> None:
    """Write the marker that says this folder is a build of ours (see :data:`MARKER`)."""
    data = {"created_by": "assistant", "build": name, "pid": os.getpid()}
    (folder / MARKER).write_text(json.dumps(data) + "\n", encoding="utf-8")


def _is_own_build(path: Path) -> bool:
    """Whether ``path`` is a build folder this program created (it holds the marker file).

    A name alone ("build-*", "*.partial") proves nothing: users have folders called that.
    """
    if path.is_symlink() or not path.is_dir():
        return False
    if not (path.name.startswith("build-") or path.name.endswith(".partial")):
        return False
    try:
        if _OWN_PARTIAL.match(path.name) and not any(path.iterdir()):
            return True  # killed between creating the folder and marking it: nothing to lose
    except OSError:
        return False  # gone meanwhile (another process finished or cleaned up its build)
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("created_by") == "assistant"


def remove_unlocked_builds(root: Path, keep: set[str]) -> list[str]:
    """Remove our build folders not named in ``keep`` that can be locked exclusively at once.

    Also removes pointer files left by an interrupted swap. Returns the names removed.
    """
    removed: list[str] = []
    for p in sorted(root.iterdir()):
        if p.name.startswith(f".{CURRENT}.") and p.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                p.unlink()  # a pointer swap interrupted by a kill
            continue
        if p.name in keep or not _is_own_build(p):
            continue
        try:
            fd = os.open(p, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # open in another process (or this one): keep it
        try:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
        finally:
            os.close(fd)
    return removed
