"""A semantic signal: static word embeddings shipped inside the ``wordllama`` wheel.

WordLlama's 256-dimension weights and its tokenizer lie in the package's own folder; they
are read from there directly (tokenizers + safetensors + numpy), without importing the
``wordllama`` module, whose import pulls in far more than an average of token vectors
needs, and whose loader looks for the tokenizer in the wrong folder. Nothing is downloaded.
A question's vector is the mean of its token vectors, normalised; an entry's is built from
its title, aliases and summary. Cosine similarity is one dot product per entry.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.language.normalise import fold
from bot.language.tokens import tokens

log = logging.getLogger(__name__)

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"  # the 256-dimension model in the wheel
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR_KEY = "embedding.weight"
ALIASES_EMBEDDED = 6  # enough aliases to carry an entry's other names, not its misspellings


class Embedder:
    """Mean-pooled, normalised token vectors of the bundled WordLlama model."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._np = np
        # Kept as stored (float16, 16 MB); the few rows a text uses are averaged in float32.
        self._matrix = load_file(str(folder / WEIGHTS_FILE))[TENSOR_KEY]
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def embed(self, texts: list[str]):
        """One unit vector per text (a zero vector for a text with no tokens)."""
        np = self._np
        out = np.zeros((len(texts), self._matrix.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(
            self._tokenizer.encode_batch(texts, add_special_tokens=False)
        ):
            ids = [i for i in encoding.ids if i < self._matrix.shape[0]]
            if ids:
                vector = self._matrix[ids].astype(np.float32).mean(axis=0)
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    out[row] = vector / norm
        return out


_EMBEDDER: Embedder | None = None


def bundled_embedder() -> Embedder | None:
    """The embedder over the wheel's files, loaded once; None when wordllama is absent."""
    global _EMBEDDER
    if _EMBEDDER is None:
        spec = importlib.util.find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        try:
            _EMBEDDER = Embedder(folder)
        except (OSError, ImportError, KeyError, ValueError) as error:
            log.warning("semantic signal unavailable: %s", error)
            return None
    return _EMBEDDER


def vector_text(kb: KnowledgeBase, entry_id: str) -> str:
    """What an entry's vector is built from: its names and its summary."""
    entry = kb.entries[entry_id]
    return ". ".join([entry.title, ", ".join(entry.aliases[:ALIASES_EMBEDDED]), entry.summary])


class SemanticIndex:
    """Entry vectors for one knowledge base; ``similarities`` scores a question."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder) -> None:
        self.ids = list(kb.entries)
        self._embedder = embedder
        # Entries are read as tokens, like the questions the matcher passes in.
        self._vectors = embedder.embed([" ".join(tokens(vector_text(kb, i))) for i in self.ids])

    def __getstate__(self) -> dict:
        # The model is not pickled with a cached snapshot: it is read from the wheel again.
        return {"ids": self.ids, "_vectors": self._vectors}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        embedder = bundled_embedder()
        if embedder is None:
            raise ImportError("wordllama is not installed")
        self._embedder = embedder

    def similarities(self, question: str) -> dict[str, float]:
        """Cosine similarity of ``question`` with every entry."""
        # Folded on both sides: "WHAT IS NATO" and "what is nato" must score alike.
        vector = self._embedder.embed([fold(question)])[0]
        scores = self._vectors @ vector
        return dict(zip(self.ids, scores.tolist(), strict=True))
