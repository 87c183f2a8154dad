"""What every generator needs about one knowledge base, computed once per snapshot."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cache

from bot.knowledge.base import KnowledgeBase
from bot.study.conflicts import Conflicts
from bot.study.distractors import related_ids
from bot.study.names import Names


@dataclass(eq=False)
class StudyContext:
    """The knowledge base with its name lookups, clash relation and related sets."""

    kb: KnowledgeBase
    names: Names = field(init=False)
    conflicts: Conflicts = field(init=False)

    def __post_init__(self) -> None:
        self.names = Names(self.kb)
        self.conflicts = Conflicts(self.kb, self.names)
        self.related = cache(lambda entry_id: related_ids(self.kb, entry_id))

    def ids(self, kind: str) -> list[str]:
        """Ids of the entries of ``kind``, sorted (a stable order for seeded draws)."""
        return sorted(e.id for e in self.kb.entries.values() if e.kind == kind)


# Knowledge bases never change after loading, so one context per snapshot is reused; a
# reload builds a new KnowledgeBase and the old context goes with it.
_CONTEXTS: weakref.WeakKeyDictionary[KnowledgeBase, StudyContext] = weakref.WeakKeyDictionary()


def context_for(kb: KnowledgeBase) -> StudyContext:
    """The study context of ``kb``, built on first use."""
    found = _CONTEXTS.get(kb)
    if found is None:
        found = _CONTEXTS[kb] = StudyContext(kb)
    return found
