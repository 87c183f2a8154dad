"""The loaded, validated knowledge base: entries by id and curated comparisons by pair."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.knowledge.schema import ENTRY_KINDS, Comparison, Entry, Quiz


@dataclass(eq=False)
class KnowledgeBase:
    """A snapshot of the knowledge tree, never changed after loading; reloads build a new one."""

    root: Path
    entries: dict[str, Entry]
    comparisons: list[Comparison]
    loaded_at: datetime
    version: str
    paths: dict[str, str] = field(default_factory=dict)
    # Hand-written quiz files (knowledge/quizzes/): practice items, never answers.
    quizzes: list[Quiz] = field(default_factory=list)
    _pairs: dict[frozenset[str], Comparison] = field(init=False, repr=False)
    # Lookups an answer makes, built once: scanning 10,000 entries for every answer about
    # a source or a ring cost more than the whole match.
    _by_kind: dict[str, tuple[Entry, ...]] = field(init=False, repr=False)
    _citing: dict[str, tuple[Entry, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pairs = {frozenset(c.entries): c for c in self.comparisons}
        by_kind: dict[str, list[Entry]] = {}
        citing: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            by_kind.setdefault(entry.kind, []).append(entry)
            for source in dict.fromkeys(c.source for c in getattr(entry, "sources", ())):
                citing.setdefault(source, []).append(entry)
        self._by_kind = {k: tuple(sorted(v, key=lambda e: e.title)) for k, v in by_kind.items()}
        self._citing = {k: tuple(v) for k, v in citing.items()}

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self.entries.get(entry_id)

    def comparison(self, first: str, second: str) -> Comparison | None:
        """The curated comparison of the two ids, in either order, or None."""
        return self._pairs.get(frozenset((first, second)))

    def comparisons_of(self, entry_id: str) -> list[str]:
        """Ids of the entries that have a curated comparison with ``entry_id``."""
        partners = []
        for comparison in self.comparisons:
            if entry_id in comparison.entries:
                a, b = comparison.entries
                partners.append(b if a == entry_id else a)
        return partners

    def by_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind, sorted by title."""
        return list(self._by_kind.get(kind, ()))

    def citing(self, source_id: str) -> list[Entry]:
        """The entries that cite the source ``source_id``, in knowledge-base order."""
        return list(self._citing.get(source_id, ()))

    def counts_text(self) -> str:
        """ "22 concepts, 7 organizations, ..." for summaries."""
        return ", ".join(f"{n} {kind}s" for kind, n in self.counts().items())

    def counts(self) -> dict[str, int]:
        """Number of entries per kind, plus comparisons."""
        counter = Counter(e.kind for e in self.entries.values())
        counts = {kind: counter.get(kind, 0) for kind in ENTRY_KINDS}
        counts["comparison"] = len(self.comparisons)
        return counts
