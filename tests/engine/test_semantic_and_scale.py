"""The semantic signal's file reader, its candidate lists, and the lookups that keep a big
knowledge base fast: tiny literal cases and the real wheel."""

from __future__ import annotations

import json
import platform
import struct
from array import array
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.engine import Engine
from bot.language.tokens import root
from bot.matching import semantic
from bot.matching.index import FIELD_WEIGHTS, Index, _pack, build_index
from bot.matching.matcher import Matcher
from bot.matching.semantic import (
    INT8_MAX,
    Embedder,
    Similarities,
    bundled_embedder,
    mapped_tensor,
    quantised,
)
from bot.runtime.memory import release_free_memory
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The real knowledge base."""
    return Engine.load(KNOWLEDGE)


def write_safetensors(path: Path, array: np.ndarray, claimed_bytes: int | None = None) -> None:
    """A one-tensor safetensors file ("w", float16), optionally with a wrong byte range."""
    data = array.astype("<f2").tobytes()
    size = len(data) if claimed_bytes is None else claimed_bytes
    header = {"w": {"dtype": "F16", "shape": list(array.shape), "data_offsets": [0, size]}}
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + data)


def test_a_mapped_tensor_reads_the_stored_values(tmp_path: Path) -> None:
    values = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=np.float32)
    write_safetensors(tmp_path / "t.safetensors", values)
    mapped = mapped_tensor(tmp_path / "t.safetensors", "w")
    assert mapped.shape == (2, 3) and mapped.dtype == np.float16
    assert np.array_equal(mapped.astype(np.float32), values)


def test_a_tensor_whose_bytes_do_not_fit_its_shape_is_refused(tmp_path: Path) -> None:
    write_safetensors(tmp_path / "t.safetensors", np.ones((2, 3)), claimed_bytes=10)
    with pytest.raises(ValueError, match="has 10 bytes"):
        mapped_tensor(tmp_path / "t.safetensors", "w")


def test_the_wheels_weights_map_as_the_safetensors_library_loads_them() -> None:
    pytest.importorskip("safetensors")
    from safetensors.numpy import load_file

    embedder = bundled_embedder()
    assert embedder is not None
    import wordllama

    path = Path(wordllama.__file__).parent / "weights" / "l2_supercat_256.safetensors"
    assert np.array_equal(np.asarray(embedder._matrix), load_file(str(path))["embedding.weight"])


def test_similarities_list_the_best_and_look_up_the_rest() -> None:
    ids = ["a", "b", "c", "d"]
    cosines = np.array([0.1, 0.9, 0.5, 0.7], dtype=np.float32)
    found = Similarities(ids, {e: i for i, e in enumerate(ids)}, cosines, limit=2)
    assert set(found.top) == {"b", "d"}
    assert found.get("a") == pytest.approx(0.1) and found.get("missing") == 0.0
    assert found.best() == pytest.approx(0.9)


def test_candidate_limits_change_no_answer_on_the_real_knowledge_base(engine: Engine) -> None:
    # The limits only keep a 10,000-entry base fast; with every entry a candidate, each
    # of these questions gets the same answer and the same suggestions.
    unlimited = Matcher(
        engine.kb,
        tuning=replace(engine.matcher.tuning, semantic_candidates=10**6, lexical_candidates=10**6),
    )
    questions = [
        "what is collective security",
        "difference between peacekeeping and peacebuilding",
        "why did the league fail in abyssinia",
        "which treaty limited missile defences in 1972",
        "how does deterrence work",
        "what is the best pizza in town",
    ]
    for question in questions:
        limited, full = engine.matcher.match(question), unlimited.match(question)
        assert (limited.kind, limited.entries, limited.suggestions) == (
            full.kind,
            full.entries,
            full.suggestions,
        ), question


def test_packed_postings_hold_every_entry_of_a_root(engine: Engine) -> None:
    index = build_index(engine.kb)
    posting = index.posting(root("security"))
    assert posting is not None
    rows, weights = posting
    holders = {index.ids[r] for r in rows.tolist()}
    assert {"collective-security", "human-security"} <= holders
    assert len(rows) == len(weights) and list(rows) == sorted(rows)
    assert all(0.0 < w <= 1.0 for w in weights.tolist())
    assert index.posting("zzxqv") is None
    # The slices of all roots together are every (root, entry) pair exactly once.
    assert index.field_weight(root("security"), "collective-security") > 0.0
    assert index.field_weight(root("security"), "abyssinia-1935") in (0.0, *weights.tolist())


def test_the_knowledge_base_lists_who_cites_a_source(engine: Engine) -> None:
    kb = engine.kb
    source = next(e for e in kb.by_kind("source"))
    expected = [
        e.id
        for e in kb.entries.values()
        if any(c.source == source.id for c in getattr(e, "sources", ()))
    ]
    assert [e.id for e in kb.citing(source.id)] == expected and expected
    titles = [e.title for e in kb.by_kind("concept")]
    assert titles == sorted(titles) and len(titles) == sum(
        e.kind == "concept" for e in kb.entries.values()
    )


@pytest.mark.parametrize(("entries", "dtype"), [(65_536, np.uint16), (65_537, np.int32)])
def test_posting_rows_are_16_bit_while_every_row_fits(entries: int, dtype) -> None:
    index = Index(ids=[f"e{n}" for n in range(entries)])
    last = entries - 1
    rows = {"a": array("i", [0, last]), "b": array("i", [last])}
    codes = {"a": array("B", [0, 2]), "b": array("B", [3])}
    _pack(index, rows, codes)
    a_rows, a_weights = index.posting("a")
    assert a_rows.dtype == dtype and a_rows.tolist() == [0, last]
    assert a_weights.tolist() == pytest.approx([FIELD_WEIGHTS[0], FIELD_WEIGHTS[2]])
    assert index.posting("b")[0].tolist() == [last]
    assert index.posting("c") is None


def test_rows_read_from_the_file_give_the_mapped_vectors() -> None:
    embedder = bundled_embedder()
    assert embedder is not None
    # Shared tokens, a text with none, and ids in runs and apart.
    texts = ["collective security", "the veto of the permanent members", "", "security"]
    mapped = embedder.embed(texts)
    assert np.array_equal(embedder.embed_many(texts), mapped)
    assert not mapped[2].any() and mapped[0].any()
    assert embedder.embed_many([]).shape == (0, embedder.dimensions)
    embedder._forget_pages()  # the mapped pages dropped: read again, the same vectors
    assert np.array_equal(embedder.embed(texts), mapped)


def test_rows_are_read_a_block_at_a_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(semantic, "READ_BLOCK_ROWS", 3)  # blocks 0-2, 3-5, 6-7 (short)
    values = np.arange(24, dtype=np.float16).reshape(8, 3)
    write_safetensors(tmp_path / "t.safetensors", values)
    embedder = object.__new__(Embedder)  # only the weights: no tokenizer needed
    embedder._weights = tmp_path / "t.safetensors"
    embedder._mapping = mapped_tensor(embedder._weights, "w")
    ids = np.array([0, 1, 2, 5, 7])
    assert np.array_equal(embedder._read_rows(ids), values[ids])
    assert embedder._read_rows(np.array([], dtype=np.int64)).shape == (0, 3)


def test_free_memory_is_released_where_the_c_library_can() -> None:
    # glibc has malloc_trim; musl, macOS and Windows do not, and nothing breaks there.
    assert release_free_memory() is (platform.libc_ver()[0] == "glibc")


def test_int8_codes_keep_cosines_within_two_thousandths() -> None:
    embedder = bundled_embedder()
    assert embedder is not None
    entries = embedder.embed(["collective security", "the veto of the permanent members", ""])
    codes, scales = quantised(entries)
    assert codes.dtype == np.int8 and np.abs(codes).max() == INT8_MAX
    assert not codes[2].any()  # a text without tokens stays a zero vector
    question = embedder.embed(["who can block a council decision"])[0]
    decoded = codes.astype(np.float32) * scales[:, None]
    assert np.abs(decoded @ question - entries @ question).max() < 0.002


def test_similarities_of_many_entries_match_one_at_a_time() -> None:
    cosines = np.array([0.5, 0.25, -0.125], dtype=np.float32)
    similarities = Similarities(["a", "b", "c"], {"a": 0, "b": 1, "c": 2}, cosines, 2)
    assert similarities.of(["b", "unknown", "a", "c"]) == [0.25, 0.0, 0.5, -0.125]
    assert similarities.of(["c"]) == [similarities.get("c")]
    assert Similarities([], {}, np.zeros(0, dtype=np.float32), 0).of(["a"]) == [0.0]
