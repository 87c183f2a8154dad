"""Every quiz item of a knowledge base, and a session of N of them on a topic."""

from __future__ import annotations

import random
import weakref
from collections import defaultdict

from bot.knowledge.base import KnowledgeBase
from bot.language.normalise import normalise
from bot.study.context import context_for
from bot.study.generators import GENERATORS
from bot.study.item import QuizItem, Template
from bot.study.names import names_of

DEFAULT_QUESTIONS = 5  # a short personal round: a minute or two of practice
MAX_QUESTIONS = 25  # Discord's ephemeral follow-ups stay usable for 15 minutes


class UnknownTopic(ValueError):
    """A topic that names no entry of the knowledge base."""


# The templates of each loaded knowledge base (snapshots never change; a reload builds a
# new KnowledgeBase, and its old templates go with the old one).
_TEMPLATES: weakref.WeakKeyDictionary[KnowledgeBase, tuple[Template, ...]] = (
    weakref.WeakKeyDictionary()
)


def templates(kb: KnowledgeBase) -> tuple[Template, ...]:
    """Every question the knowledge base supports with a full set of wrong options, in
    generator order; worked out once per knowledge base."""
    found = _TEMPLATES.get(kb)
    if found is None:
        ctx = context_for(kb)
        every = (t for generate in GENERATORS for t in generate(ctx))
        found = _TEMPLATES[kb] = tuple(t for t in every if t.complete)
    return found


def items(kb: KnowledgeBase, seed: int = 0) -> list[QuizItem]:
    """Every item, drawn for ``seed``: the same seed gives the same wrong options in the
    same order."""
    return [template.draw(seed) for template in templates(kb)]


def resolve_topic(kb: KnowledgeBase, topic: str) -> str:
    """The id of the entry ``topic`` names (its id, title or an alias, any case), else
    UnknownTopic with up to three titles that start alike."""
    wanted = normalise(topic)
    for entry in kb.entries.values():
        if entry.kind != "source" and (
            wanted == entry.id or wanted in {normalise(n) for n in names_of(entry)}
        ):
            return entry.id
    close = sorted(
        e.title
        for e in kb.entries.values()
        if e.kind != "source" and normalise(e.title).startswith(wanted[:4])
    )[:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownTopic(f"no entry is called {topic!r}{hint}")


def session(
    kb: KnowledgeBase, *, topic: str | None = None, n: int = DEFAULT_QUESTIONS, seed: int = 0
) -> list[QuizItem]:
    """Up to ``n`` items (on ``topic`` when given), kinds taken in turn so a round mixes
    definitions, cases, documents and facets; the same seed gives the same round."""
    pool = list(templates(kb))
    if topic is not None:
        entry_id = resolve_topic(kb, topic)
        pool = [found for found in pool if entry_id in found.entries]
    rng = random.Random(seed)
    by_kind: dict[str, list[Template]] = defaultdict(list)
    for found in pool:
        by_kind[found.kind].append(found)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for group in by_kind.values():
        rng.shuffle(group)
    picked: list[Template] = []
    while len(picked) < n and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(picked) < n:
                picked.append(by_kind[kind].pop())
    return [template.draw(seed) for template in picked]
