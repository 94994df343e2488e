"""Doses and adverse effects: kept as the import path of :mod:`assistant.domain` (see there)."""

from __future__ import annotations

from .domain import *  # noqa: F403
from .domain import __all__ as _names

__all__ = list(_names)
