"""The errors the program reports to people: one clear line each, never a traceback.

Everything a user can cause (a bad question, a missing file, a damaged index, a model that will not
load) raises a subclass of :class:`AssistantError`; the command line turns those into one line and
exit status 2. Any other exception is a bug and is shown as one, with its traceback.

``assistant.index.IndexProblem`` and ``assistant.questions.QuestionFileError`` are these classes
too (their older import locations).
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error that is the user's or the environment's, not the program's."""


class IngestError(AssistantError):
    """A document or the corpus folder cannot be read."""


class IndexProblem(AssistantError):
    """Base for index problems; messages are one clear line."""


class ModelError(AssistantError):
    """The embedding model could not be loaded; the message says what to do."""


class QueryError(AssistantError, ValueError):
    """The question or the search parameters are not usable; the message says why.

    Also a ValueError, as it always was, so ``except ValueError`` callers keep working.
    """


class QuestionFileError(AssistantError):
    """A question file cannot be used at all (missing, unreadable, unknown format)."""


class SettingsError(AssistantError, ValueError):
    """A setting or option the library rejects (e.g. an optional package is missing)."""
