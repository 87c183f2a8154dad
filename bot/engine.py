"""The engine: a loaded knowledge base plus its matcher, answering questions.

Reloads are validate-first: a tree with any error leaves the current snapshot in place.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from bot import snapshot_cache
from bot.answer.compose import compose
from bot.answer.model import Answer
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import LoadResult, load_knowledge
from bot.knowledge.problems import KnowledgeError
from bot.matching.matcher import Match, Matcher
from bot.runtime.memory import release_free_memory

MAX_QUESTION_CHARS = 300  # Discord refuses longer questions politely
# The CLI accepts any length; matching looks at this much of it (keeps the cost bounded).
MATCH_CHAR_LIMIT = 2 * MAX_QUESTION_CHARS


@dataclass(frozen=True)
class Snapshot:
    """A knowledge base and the matcher built for it, swapped together on reload."""

    kb: KnowledgeBase
    matcher: Matcher


class Engine:
    """Answers questions from one knowledge snapshot; ``reload`` swaps it atomically."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._lock = threading.Lock()

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> Engine:
        """Load ``root``; raise KnowledgeError with every problem when it has errors.

        A snapshot validated earlier for exactly this tree comes from the cache.
        """
        path = Path(root)
        cached = snapshot_cache.read(path)
        if isinstance(cached, Snapshot):
            return cls(cached)
        result = load_knowledge(root)
        if result.kb is None:
            raise KnowledgeError(result.problems)
        snapshot = Snapshot(result.kb, Matcher(result.kb))
        release_free_memory()  # what the index build freed
        snapshot_cache.write(path, snapshot)
        return cls(snapshot)

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base currently answering."""
        return self._snapshot.kb

    @property
    def matcher(self) -> Matcher:
        """The matcher for the current knowledge base."""
        return self._snapshot.matcher

    def match(self, question: str) -> Match:
        """The matcher's decision for ``question`` (no composing)."""
        return self._snapshot.matcher.match(question[:MATCH_CHAR_LIMIT])

    def ask(self, question: str) -> Answer:
        """Answer ``question`` from the current snapshot."""
        snapshot = self._snapshot  # one snapshot for the whole answer, even during a reload
        match = snapshot.matcher.match(question[:MATCH_CHAR_LIMIT])
        return compose(snapshot.kb, match, question)

    def reload(self, root: str | os.PathLike[str] | None = None) -> LoadResult:
        """Validate and load ``root`` (default: the current root); swap only when clean."""
        # One reload at a time: a slow load must not land after a newer one.
        with self._lock:
            result = load_knowledge(root or self.kb.root)
            if result.kb is not None:
                self._snapshot = Snapshot(result.kb, Matcher(result.kb))
                release_free_memory()  # the old snapshot and what the build freed
        return result
