"""Widgets of the chat and the literal-text rendering they share."""
