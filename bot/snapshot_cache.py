"""A validated snapshot (knowledge base + matcher) cached on disk by the knowledge version.

Every `studybot ask` would otherwise parse and validate every YAML file and rebuild the
index: most of a cold start. The cache key is a fingerprint of the tree (each file's path,
size and modification time) and of the code that builds the snapshot, so an edited file or
an upgraded studybot never sees a stale snapshot. The cache is the user's own folder
($STUDYBOT_CACHE, else $XDG_CACHE_HOME/studybot, else ~/.cache/studybot); a folder that
cannot be written (a read-only container) only means no cache. Only snapshots this code
wrote are read back (pickle), from a folder only the user writes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_FORMAT = 1  # bump when the pickled classes change shape
_CODE_DIRS = ("knowledge", "language", "matching")  # the code a snapshot is built by
PACKAGE = Path(__file__).resolve().parent  # the bot package, whose code builds snapshots


def cache_dir() -> Path:
    """Where snapshots are kept."""
    explicit = os.environ.get("STUDYBOT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "studybot"


def fingerprint(root: Path, package: Path = PACKAGE) -> str:
    """A key that changes with any knowledge file under ``root`` or any snapshot-building
    code (or fitted weight) of ``package``."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    for path in sorted(root.rglob("*.yaml")):
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    # The code and the fitted weights are few small files: their contents are hashed, so
    # a rewritten weights.json (same size, a coarse clock) can never reuse a snapshot
    # whose matcher was built with the old values.
    code = [p for d in _CODE_DIRS for p in sorted((package / d).rglob("*.py"))]
    for path in [*code, *sorted((package / "matching").glob("*.json"))]:
        digest.update(f"{path}|".encode() + path.read_bytes())
    return digest.hexdigest()[:20]


def read(root: Path) -> Any | None:
    """The cached snapshot for ``root``, or None (absent, stale or unreadable)."""
    try:
        path = cache_dir() / f"snapshot-{fingerprint(root.resolve())}.pickle"
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def write(root: Path, snapshot: Any) -> None:
    """Store ``snapshot`` for ``root``; any failure only means no cache."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"snapshot-{fingerprint(root.resolve())}.pickle"
        for old in folder.glob("snapshot-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)  # one tree, one snapshot: keep the folder small
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
            pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except (OSError, pickle.PicklingError, TypeError) as error:
        log.debug("snapshot not cached: %s", error)
