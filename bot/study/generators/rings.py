"""The four rings of cooperative security, from the organisations' curated ``rings``:
"Which institution serves collective defense?" and "Which ring does the CSTO serve?".

Only organisations that list their rings take part: an organisation without the field is
unclassified, so it could not be proven a wrong option.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.schema import RING_IDS, Organization, RingRole
from bot.study.context import StudyContext
from bot.study.explain import cite
from bot.study.item import Template

MODEL = "the four rings of cooperative security"


def _placed(ctx: StudyContext) -> list[Organization]:
    orgs = (ctx.kb.entries[i] for i in ctx.ids("organization"))
    return [org for org in orgs if isinstance(org, Organization) and org.rings]


def _explanation(ctx: StudyContext, org: Organization, role: RingRole) -> str:
    return f"**{org.title}** serves {ctx.kb.entries[role.ring].title}: {role.basis}"


def ring_to_institution(ctx: StudyContext) -> Iterator[Template]:
    """ "In the four rings, which institution serves <ring>?" for each org and its rings."""
    placed = _placed(ctx)
    for ring in (r for r in RING_IDS if r in ctx.kb.entries):
        wrong = tuple((o.id, o.title) for o in placed if all(r.ring != ring for r in o.rings))
        for org in placed:
            role = next((r for r in org.rings if r.ring == ring), None)
            if role is None:
                continue
            yield Template(
                id=f"ring-institution:{ring}:{org.id}",
                kind="ring-institution",
                question=f"In {MODEL}, which institution serves **{ctx.kb.entries[ring].title}**?",
                right=(org.id, org.title),
                explanation=_explanation(ctx, org, role),
                citations=cite(ctx.kb, [role]),
                entries=(org.id, ring),
                candidates=wrong,
                related=ctx.related(org.id),
            )


def institution_to_ring(ctx: StudyContext) -> Iterator[Template]:
    """ "In the four rings, which ring does <org> serve?" for orgs that serve exactly one
    (an org serving two would make a second option right)."""
    if not all(ring in ctx.kb.entries for ring in RING_IDS):
        return
    for org in _placed(ctx):
        if len(org.rings) != 1:
            continue
        role = org.rings[0]
        yield Template(
            id=f"institution-ring:{org.id}",
            kind="institution-ring",
            question=f"In {MODEL}, which ring does **{org.title}** serve?",
            right=(role.ring, ctx.kb.entries[role.ring].title),
            explanation=_explanation(ctx, org, role),
            citations=cite(ctx.kb, [role]),
            entries=(org.id, role.ring),
            fixed=tuple((r, ctx.kb.entries[r].title) for r in RING_IDS if r != role.ring),
        )
