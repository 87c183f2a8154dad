"""The on-disk snapshot cache: its key follows every input, and a bad folder only means
no cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import snapshot_cache
from bot.snapshot_cache import fingerprint


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A knowledge folder with one file and a package folder shaped like ``bot/``."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "a.yaml").write_text("id: a\n", encoding="utf-8")
    package = tmp_path / "bot"
    for folder in ("knowledge", "language", "matching"):
        (package / folder).mkdir(parents=True)
        (package / folder / "code.py").write_text("X = 1\n", encoding="utf-8")
    (package / "matching" / "weights.json").write_text('{"t": 0.25}', encoding="utf-8")
    return knowledge, package


def test_an_edited_knowledge_file_changes_the_key(tree: tuple[Path, Path]) -> None:
    knowledge, package = tree
    before = fingerprint(knowledge, package)
    (knowledge / "a.yaml").write_text("id: a\ntitle: A\n", encoding="utf-8")
    assert fingerprint(knowledge, package) != before


def test_rewritten_weights_change_the_key_even_with_the_same_size_and_time(
    tree: tuple[Path, Path],
) -> None:
    # A snapshot holds a matcher built with the weights of its day: reusing it after a
    # refit answered with the old values (seen: a reverted weights.json still scored as
    # the refit one).
    knowledge, package = tree
    weights = package / "matching" / "weights.json"
    stat = weights.stat()
    before = fingerprint(knowledge, package)
    weights.write_text('{"t": 0.35}', encoding="utf-8")
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert weights.stat().st_size == stat.st_size
    assert fingerprint(knowledge, package) != before


def test_the_key_is_stable_when_nothing_changes(tree: tuple[Path, Path]) -> None:
    knowledge, package = tree
    assert fingerprint(knowledge, package) == fingerprint(knowledge, package)


def test_a_written_snapshot_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYBOT_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "knowledge"
    root.mkdir()
    snapshot_cache.write(root, {"entries": ["a"]})
    assert snapshot_cache.read(root) == {"entries": ["a"]}


def test_an_unwritable_cache_folder_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("STUDYBOT_CACHE", str(blocker / "cache"))
    root = tmp_path / "knowledge"
    root.mkdir()
    snapshot_cache.write(root, {"entries": ["a"]})  # no error
    assert snapshot_cache.read(root) is None
