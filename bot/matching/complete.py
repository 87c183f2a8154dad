"""Autocomplete over titles and aliases (engine-side, no discord import)."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.knowledge.base import KnowledgeBase
from bot.language.normalise import normalise


@lru_cache(maxsize=8)
def _choices(
    kb: KnowledgeBase, kinds: tuple[str, ...]
) -> tuple[list[str], list[tuple[str, str]], frozenset[str]]:
    """Normalised names, their (title, id), and which names are titles: once per
    knowledge base and kinds, not at every keystroke."""
    keys: list[str] = []
    targets: list[tuple[str, str]] = []
    for entry in kb.entries.values():
        if kinds and entry.kind not in kinds:
            continue
        for name in (entry.title, *entry.aliases):
            keys.append(normalise(name))
            targets.append((entry.title, entry.id))
    return keys, targets, frozenset(normalise(title) for title, _ in targets)


# Discord shows up to 25 choices; ten good ones read better than 25 padded with weak ones.
LIMIT = 10
# Once some name starts with what was typed, a fuzzy match must be this close (0-100) to
# be offered too: weaker ones are padding.
PADDING_CUTOFF = 90


def _prefix_ratio(query: str, key: str, **_: object) -> float:
    """How well ``query`` matches the beginning of ``key`` (0-100), ties broken by the
    whole name's similarity (adds up to 10): "uited nat" is United Nations first."""
    return fuzz.ratio(query, key[: len(query)]) + fuzz.ratio(query, key) / 10


def _tier(query: str, key: str, is_title: bool) -> int | None:
    """0: the title starts with the text; 1: an alias does; 2: one of their words does."""
    if key.startswith(query):
        return 0 if is_title else 1
    if any(word.startswith(query) for word in key.split()):
        return 2
    return None


def complete(
    kb: KnowledgeBase,
    text: str,
    kinds: tuple[str, ...] = (),
    limit: int = LIMIT,
    cutoff: float = 65,
) -> list[tuple[str, str]]:
    """(title, id) pairs whose title or alias best matches ``text``, best first, unique:
    names that start with the text first (titles, then aliases, then any word), shorter
    names first among them, then close fuzzy matches."""
    keys, targets, titles = _choices(kb, kinds)
    query = normalise(text)
    if not query:
        ranked = sorted(set(targets))
    else:
        prefixed = []
        for index, key in enumerate(keys):
            tier = _tier(query, key, key in titles)
            if tier is not None:
                prefixed.append((tier, len(key), key, index))
        ranked = [targets[index] for *_, index in sorted(prefixed)]
        if len(ranked) < limit:
            # Typos ("uited nat"): how well the text matches the start of each name.
            found = process.extract(
                query,
                keys,
                scorer=_prefix_ratio,
                limit=limit * 4,
                score_cutoff=max(cutoff, PADDING_CUTOFF) if ranked else cutoff,
            )
            ranked += [targets[index] for _, _, index in found]
    out: list[tuple[str, str]] = []
    for title, entry_id in ranked:
        if (title, entry_id) not in out:
            out.append((title, entry_id))
        if len(out) == limit:
            break
    return out
