"""Autocomplete over titles and aliases (engine-side, no discord import)."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge.base import KnowledgeBase
from bot.language.normalise import normalise


@lru_cache(maxsize=8)
def _choices(kb: KnowledgeBase, kinds: tuple[str, ...]) -> tuple[list[str], list[tuple[str, str]]]:
    keys: list[str] = []
    targets: list[tuple[str, str]] = []
    for entry in kb.entries.values():
        if kinds and entry.kind not in kinds:
            continue
        for name in (entry.title, *entry.aliases):
            keys.append(normalise(name))
            targets.append((entry.title, entry.id))
    return keys, targets


def complete(
    kb: KnowledgeBase, text: str, kinds: tuple[str, ...] = (), limit: int = 25, cutoff: float = 50
) -> list[tuple[str, str]]:
    """(title, id) pairs whose title or alias best matches ``text``, best first, unique."""
    keys, targets = _choices(kb, kinds)
    query = normalise(text)
    if not query:
        ranked = sorted(set(targets))
    else:
        found = process.extract(
            query, keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=cutoff
        )
        ranked = [targets[index] for _, _, index in found]
    out: list[tuple[str, str]] = []
    for title, entry_id in ranked:
        if (title, entry_id) not in out:
            out.append((title, entry_id))
        if len(out) == limit:
            break
    return out
