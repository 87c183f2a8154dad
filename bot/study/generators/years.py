"""Years, only where the knowledge states them as data: an organisation's ``founded``
when it is a plain year, a document's ``date``.

Wrong years are years other entries of the same kind state, never one that appears in
the answer's own summary (a treaty "signed 1919, in force 1920" must not offer 1920).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.knowledge.schema import Document, Organization
from bot.study.context import StudyContext
from bot.study.generators.definitions import citations
from bot.study.item import Template

_PLAIN_YEAR = re.compile(r"^\d{4}$")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def _year_templates(
    ctx: StudyContext, kind: str, years: dict[str, tuple[str, str]], question: str
) -> Iterator[Template]:
    """``years`` maps an entry id to (its year, the field's full text)."""
    for entry_id, (year, stated_as) in years.items():
        entry = ctx.kb.entries[entry_id]
        if year in entry.title:  # "NPT, 1968" would give the answer away
            continue
        stated = set(_YEAR.findall(entry.summary)) | {year}
        pool = sorted({y for y, _ in years.values() if y not in stated})
        yield Template(
            id=f"{kind}:{entry_id}",
            kind=kind,
            question=question.format(title=entry.title),
            right=(year, year),
            explanation=f"**{entry.title}**: {kind} {stated_as}.",
            citations=citations(ctx, entry_id),
            entries=(entry_id,),
            candidates=tuple((y, y) for y in pool),
        )


def founding_years(ctx: StudyContext) -> Iterator[Template]:
    """ "In which year was NATO founded?" for organisations founded in a plain year."""
    years = {}
    for entry_id in ctx.ids("organization"):
        org = ctx.kb.entries[entry_id]
        if isinstance(org, Organization) and _PLAIN_YEAR.match(org.founded):
            years[entry_id] = (org.founded, org.founded)
    yield from _year_templates(ctx, "founded", years, "In which year was **{title}** founded?")


def document_years(ctx: StudyContext) -> Iterator[Template]:
    """ "In which year was the Rio Treaty signed or adopted?" for dated documents."""
    years = {}
    for entry_id in ctx.ids("document"):
        document = ctx.kb.entries[entry_id]
        if isinstance(document, Document) and document.date:
            found = _YEAR.findall(document.date)
            if len(found) == 1:
                years[entry_id] = (found[0], document.date)
    question = "In which year was **{title}** signed or adopted?"
    yield from _year_templates(ctx, "dated", years, question)
