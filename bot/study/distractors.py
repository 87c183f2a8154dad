"""Choose the wrong options: related entries first, in a seeded order.

The generators decide which options are wrong (see :mod:`bot.study.conflicts`); this
module only decides which of them a given seed offers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.knowledge.base import KnowledgeBase

# Of the three wrong options, up to this many come from the answer's related entries and
# curated comparisons: close enough to make the student think, yet never also right.
RELATED_SHARE = 2


def related_ids(kb: KnowledgeBase, entry_id: str) -> frozenset[str]:
    """Entries linked to ``entry_id`` either way: its related list, the lists that name it,
    and its curated comparison partners."""
    entry = kb.entries[entry_id]
    linked = set(entry.related) | set(kb.comparisons_of(entry_id))
    linked |= {other.id for other in kb.entries.values() if entry_id in other.related}
    return frozenset(linked)


def choose(
    rng: random.Random, candidates: Sequence[str], *, related: frozenset[str], count: int
) -> list[str]:
    """``count`` of ``candidates`` (all of them when fewer), at most :data:`RELATED_SHARE`
    from ``related`` first, the rest from the others, in a seeded order."""
    near = [c for c in candidates if c in related]
    far = [c for c in candidates if c not in related]
    picked = rng.sample(near, min(RELATED_SHARE, len(near), count))
    left = [c for c in near if c not in picked] if len(far) < count - len(picked) else []
    rest = far + left
    return picked + rng.sample(rest, min(count - len(picked), len(rest)))
