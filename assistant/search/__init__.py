"""Search over a loaded index: :mod:`.lexical` (BM25 in SQLite FTS5), :mod:`.fuse` (rank fusion)
and :mod:`.retrieve` (``Retriever.search(question, k)``, shared by CLI, chat and evaluation)."""
