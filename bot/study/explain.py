"""The explanation under an item: a sentence or two from the knowledge, and its sources."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.compose import references
from bot.answer.model import Reference
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Citation
from bot.text import sentences

# An explanation sits under an answer button: the first sources an entry cites are its
# main ones, and more than two references would push the feedback off a phone screen.
MAX_CITATIONS = 2


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it has no sentence break)."""
    found = sentences(text)
    return found[0] if found else text.strip()


def cite(
    kb: KnowledgeBase, citations: Sequence[Citation], limit: int = MAX_CITATIONS
) -> tuple[Reference, ...]:
    """References, numbered and styled as answers show them, for the first ``limit``
    sources cited (every place cited in a source stays with it)."""
    kept: list[str] = list(dict.fromkeys(c.source for c in citations))[:limit]
    return references(kb, [c for c in citations if c.source in kept])
