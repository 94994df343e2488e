"""The index folder (old import location): everything now lives in :mod:`assistant.index`.

``from assistant.store import IndexStore`` and the rest keep working; new code imports from
``assistant.index``.
"""

from __future__ import annotations

from .index import *  # noqa: F403
from .index import __all__ as _names
from .index import _noop  # noqa: F401  (kept importable from here for service.py)

__all__ = list(_names)
