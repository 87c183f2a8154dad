"""The four rings of cooperative security and the organisations placed in them.

Cohen and Mihalka's model (2001) has four concentric rings; each organisation entry says in
its ``rings`` field which of them it serves, with a basis and a citation. Answers, the
export and the four-rings picture all read the placement from here.
"""

from __future__ import annotations

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import RING_IDS, Organization, RingRole

# Longest title drawn as is (it fits a ring's band in the picture twice over); a longer
# one gives way to its initials when students know those as an alias.
SHORT_LABEL = 12


def members(kb: KnowledgeBase, ring: str) -> list[tuple[Organization, RingRole]]:
    """The organisations that serve ``ring``, with their stated basis, in title order."""
    found = [
        (org, role)
        for org in kb.by_kind("organization")
        if isinstance(org, Organization)
        for role in org.rings
        if role.ring == ring
    ]
    return sorted(found, key=lambda pair: pair[0].title.lower())


def placements(kb: KnowledgeBase) -> dict[str, list[Organization]]:
    """Each ring, inside out, with the organisations placed in it."""
    return {ring: [org for org, _ in members(kb, ring)] for ring in RING_IDS}


def label(org: Organization) -> str:
    """A short name for a crowded place (a picture, a list of names): the title, or for a
    long one the alias made of its initials ("UN General Assembly" -> "UNGA"), so that
    neither "P5" nor the French "SDN" stands in for an English title."""
    if len(org.title) <= SHORT_LABEL:
        return org.title
    words = [w for w in org.title.replace("(", " ").replace(")", " ").split() if w[0].isupper()]
    initials = "".join(w if w.isupper() else w[0] for w in words)
    return initials if initials in org.aliases else org.title
