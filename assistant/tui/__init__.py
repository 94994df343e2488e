"""The terminal chat: a Textual app over :class:`assistant.service.Assistant`.

Start it with :func:`assistant.tui.app.run_chat` (what ``assistant chat`` does). Nothing in this
package retrieves or answers by itself: every question goes through the ``Assistant``. This
``__init__`` stays empty on purpose so that importing ``assistant.tui`` does not pull in Textual
until the app module is imported.
"""
