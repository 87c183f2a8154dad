"""A semantic signal: static word embeddings shipped inside the ``wordllama`` wheel.

WordLlama's 256-dimension weights and its tokenizer lie in the package's own folder; they
are read from there directly (tokenizers, and numpy mapping the safetensors file), without
importing the ``wordllama`` module, whose import pulls in far more than an average of token
vectors needs, and whose loader looks for the tokenizer in the wrong folder. Nothing is
downloaded. A question's vector is the mean of its token vectors, normalised; an entry's is
built from its title, aliases and summary. Cosine similarity is one dot product per entry.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import mmap
import struct
from pathlib import Path

import numpy as np

from bot.knowledge.base import KnowledgeBase
from bot.language.normalise import fold
from bot.language.tokens import tokens

log = logging.getLogger(__name__)

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"  # the 256-dimension model in the wheel
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR_KEY = "embedding.weight"
SAFETENSORS_DTYPES = {"F16": "f2", "F32": "f4"}  # the stored types this reader knows
# Entries embedded per tokenizer call: all 10,000 at once held every encoding in memory
# together (some 50 MB at the peak).
EMBED_BATCH = 256
ALIASES_EMBEDDED = 6  # enough aliases to carry an entry's other names, not its misspellings
INT8_MAX = 127  # the largest code of a signed byte
# Rows decoded to float32 per step of a question: a 1 MB buffer, and within 0.1 ms of one
# step at 10,000 entries.
DECODE_BLOCK = 1024
# Questions embedded between two drops of the weights' mapped pages: every token maps a
# 4 KB page, so 64 questions held 3-4 MB at the peak (150 MB at 10,000 entries, the
# target's line) and 16 hold about 1 MB (147 MB); a drop costs about one question's
# embedding, a sixteenth of one per question, within bench_ask's noise.
FORGET_EVERY = 16
# Rows of the weights read at once while a knowledge base is embedded: 1 MB of float16
# rows at 256 dimensions, the whole of that step's extra memory.
READ_BLOCK_ROWS = 2048


class Embedder:
    """Mean-pooled, normalised token vectors of the bundled WordLlama model."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self._weights = folder / WEIGHTS_FILE
        self._mapping = mapped_tensor(self._weights, TENSOR_KEY)
        # A plain array over the same pages: indexing a memmap goes through its Python-level
        # __getitem__, a tenth of a question's embedding time.
        self._matrix = self._mapping.view(np.ndarray)
        self._embedded = 0  # texts embedded from the mapping (``embed``)
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    @property
    def dimensions(self) -> int:
        """The length of every vector."""
        return int(self._matrix.shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text (a zero vector for a text with no tokens), from the
        mapped weights: for a question, which reads a few dozen rows."""
        encoded = self._token_ids(texts)
        vectors = _pooled(encoded, lambda ids: self._matrix[ids], self.dimensions)
        self._embedded += 1
        if self._embedded % FORGET_EVERY == 0:
            self._forget_pages()
        return vectors

    def _forget_pages(self) -> None:
        """Drop the mapped pages from the process's memory (they stay in the page cache,
        a minor fault away): every question maps the rows of its words, and over a day
        of questions those would add up to the whole 16 MB."""
        mapping = getattr(self._mapping, "_mmap", None)  # numpy's own mapping object
        if mapping is not None and hasattr(mmap, "MADV_DONTNEED"):  # not on Windows
            mapping.madvise(mmap.MADV_DONTNEED)

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """``embed`` for many texts at once, reading their rows from the file instead of
        the mapping: 256 entries touch nearly every page of the 16 MB weights, which a
        mapping counts in the process's memory (the peak of a 10,000-entry build) and
        the page cache does not."""
        encoded = self._token_ids(texts)
        every = [np.asarray(ids, dtype=np.int64) for ids in encoded]
        used = np.unique(np.concatenate(every)) if every else np.zeros(0, dtype=np.int64)
        rows = self._read_rows(used)
        return _pooled(encoded, lambda ids: rows[np.searchsorted(used, ids)], self.dimensions)

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        vocabulary = self._matrix.shape[0]
        return [
            [i for i in encoding.ids if i < vocabulary]
            for encoding in self._tokenizer.encode_batch(texts, add_special_tokens=False)
        ]

    def _read_rows(self, ids: np.ndarray) -> np.ndarray:
        """Rows ``ids`` (ascending) of the weights, read from the file a block of rows at
        a time (only the blocks that hold one): one read per block, not per row."""
        matrix = self._mapping
        row_bytes = matrix.dtype.itemsize * matrix.shape[1]
        out = np.empty((len(ids), matrix.shape[1]), dtype=matrix.dtype)
        blocks = ids // READ_BLOCK_ROWS
        with self._weights.open("rb") as handle:
            for block in np.unique(blocks):
                first = int(block) * READ_BLOCK_ROWS
                count = min(READ_BLOCK_ROWS, matrix.shape[0] - first)
                handle.seek(matrix.offset + first * row_bytes)
                rows = np.frombuffer(handle.read(count * row_bytes), dtype=matrix.dtype)
                inside = blocks == block
                out[inside] = rows.reshape(count, -1)[ids[inside] - first]
        return out


def _pooled(encoded: list[list[int]], rows_of, dimensions: int) -> np.ndarray:
    """The normalised mean of each text's token rows; ``rows_of(ids)`` gives the rows."""
    out = np.zeros((len(encoded), dimensions), dtype=np.float32)
    for row, ids in enumerate(encoded):
        if ids:
            vector = rows_of(ids).astype(np.float32).mean(axis=0)
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
    return out


def mapped_tensor(path: Path, key: str) -> np.memmap:
    """The tensor ``key`` of a safetensors file, memory-mapped read-only as stored (float16
    here): only the rows a text uses are ever read into memory, where loading it whole cost
    16 MB in every process. The format is an 8-byte little-endian header length, a JSON
    header giving each tensor's dtype, shape and byte range, then the data."""
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    spec = header[key]
    start, end = spec["data_offsets"]
    dtype = np.dtype(SAFETENSORS_DTYPES[spec["dtype"]]).newbyteorder("<")
    shape = tuple(spec["shape"])
    if end - start != dtype.itemsize * math.prod(shape):
        raise ValueError(f"{path.name}: {key} has {end - start} bytes, not {shape} x {dtype}")
    return np.memmap(path, dtype=dtype, mode="r", offset=8 + length + start, shape=shape)


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
        except (OSError, ImportError, KeyError, ValueError) as error:  # a damaged wheel
            log.warning("semantic signal unavailable: %s", error)
            return None
    return _EMBEDDER


def vector_text(kb: KnowledgeBase, entry_id: str) -> str:
    """What an entry's vector is built from: its names and its summary."""
    entry = kb.entries[entry_id]
    return ". ".join([entry.title, ", ".join(entry.aliases[:ALIASES_EMBEDDED]), entry.summary])


class Similarities:
    """A question's cosine similarity with every entry: the ``top`` ones as a dict (what the
    matcher ranks), any other one by ``get``. Building a dict of every entry cost more than
    the rest of a match at 10,000 entries."""

    def __init__(self, ids: list[str], rows: dict[str, int], cosines, limit: int) -> None:
        self._rows = rows
        self._cosines = cosines
        best = cosines.argpartition(-limit)[-limit:] if len(ids) > limit else range(len(ids))
        self.top: dict[str, float] = {ids[i]: float(cosines[i]) for i in best}

    def of(self, entry_ids: list[str]) -> list[float]:
        """The cosines of many entries at once (0.0 for an unknown id): one array step
        instead of a lookup per entry, some hundred per question."""
        rows = [self._rows.get(entry_id, -1) for entry_id in entry_ids]
        if not len(self._cosines):
            return [0.0] * len(rows)
        found = np.asarray(rows, dtype=np.int64)
        values = np.where(found >= 0, self._cosines[np.maximum(found, 0)], 0.0)
        return values.tolist()

    def get(self, entry_id: str, default: float = 0.0) -> float:
        """The cosine of one entry (``default`` for an unknown id)."""
        row = self._rows.get(entry_id)
        return default if row is None else float(self._cosines[row])

    def best(self) -> float:
        """The highest cosine of any entry (0.0 with no entries)."""
        return float(self._cosines.max()) if len(self._cosines) else 0.0


NO_SIMILARITIES = Similarities([], {}, [], 0)  # without the semantic signal


class SemanticIndex:
    """Entry vectors for one knowledge base; ``similarities`` scores a question.

    Each unit vector is stored as 8-bit codes and one scale (its largest component over
    127): a quarter of float32's memory, 7.8 MB less at 10,000 entries, with cosines within
    0.002 of float32's; on the tune and dev questions every answer is the same."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: Embedder,
        rows: tuple[list[str], dict[str, int]] | None = None,
    ) -> None:
        """``rows``: the (ids, id -> row) of an index over the same entries in the same
        order, shared rather than built again (0.5 MB at 10,000 entries)."""
        if rows is None:
            ids = list(kb.entries)
            rows = (ids, {entry_id: row for row, entry_id in enumerate(ids)})
        self.ids, self.rows = rows
        self._embedder = embedder
        self._codes = np.zeros((len(self.ids), embedder.dimensions), dtype=np.int8)
        self._scales = np.zeros(len(self.ids), dtype=np.float32)
        for start in range(0, len(self.ids), EMBED_BATCH):
            batch = self.ids[start : start + EMBED_BATCH]
            # Entries are read as tokens, like the questions the matcher passes in.
            texts = [" ".join(tokens(vector_text(kb, i))) for i in batch]
            codes, scales = quantised(embedder.embed_many(texts))
            self._codes[start : start + len(batch)] = codes
            self._scales[start : start + len(batch)] = scales

    def __getstate__(self) -> dict:
        # The model is not pickled with a cached snapshot: it is read from the wheel again.
        return {k: v for k, v in self.__dict__.items() if k != "_embedder"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        embedder = bundled_embedder()
        if embedder is None:
            raise ImportError("wordllama is not installed")
        self._embedder = embedder

    def similarities(self, question: str, limit: int) -> Similarities:
        """Cosine similarity of ``question`` with every entry, the best ``limit`` listed."""
        # Folded on both sides: "WHAT IS NATO" and "what is nato" must score alike.
        vector = self._embedder.embed([fold(question)])[0]
        cosines = np.empty(len(self.ids), dtype=np.float32)
        # Decoded a block at a time: all at once would be a 10 MB float32 copy per question.
        for start in range(0, len(self.ids), DECODE_BLOCK):
            codes = self._codes[start : start + DECODE_BLOCK]
            cosines[start : start + len(codes)] = codes.astype(np.float32) @ vector
        cosines *= self._scales
        return Similarities(self.ids, self.rows, cosines, limit)


def quantised(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 codes, float32 scales) of unit row vectors: code = round(x / scale), with
    scale = max |x| / 127 per row, so the largest component uses the whole range."""
    scales = np.abs(vectors).max(axis=1) / INT8_MAX
    scales[scales == 0] = 1.0  # a zero vector (no tokens) stays zero
    codes = np.round(vectors / scales[:, None]).astype(np.int8)
    return codes, scales.astype(np.float32)
