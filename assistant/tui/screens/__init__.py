"""Screens of the chat: the conversation, the document viewer, settings and help."""
