"""Document or article to what it provides ("What does UN Charter Article 51 provide?")
and the reverse, from each document's masked first summary sentence.

A document clashes with the ones its summary names or that name it (Chapter VII names
Article 51, which lies inside it), so those never share an item.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.study.context import StudyContext
from bot.study.generators.definitions import citations, definitions, explanation
from bot.study.item import Template


def document_to_provision(ctx: StudyContext) -> Iterator[Template]:
    """ "What does <document> provide?" with four masked provisions."""
    provisions = definitions(ctx, "document")
    for document_id, text in provisions.items():
        yield Template(
            id=f"document:{document_id}",
            kind="document",
            question=f"What does **{ctx.kb.entries[document_id].title}** provide?",
            right=(document_id, text),
            explanation=explanation(ctx, document_id),
            citations=citations(ctx, document_id),
            entries=(document_id,),
            candidates=tuple(
                (other, other_text)
                for other, other_text in provisions.items()
                if not ctx.conflicts.clash(document_id, other)
            ),
            related=ctx.related(document_id),
        )


def provision_to_document(ctx: StudyContext) -> Iterator[Template]:
    """ "Which text is this? «___ preserves the inherent right…»" with four titles."""
    for document_id, text in definitions(ctx, "document").items():
        yield Template(
            id=f"provision:{document_id}",
            kind="provision",
            question=f"Which text is this? “{text}”",
            right=(document_id, ctx.kb.entries[document_id].title),
            explanation=explanation(ctx, document_id),
            citations=citations(ctx, document_id),
            entries=(document_id,),
            candidates=tuple(
                (other, ctx.kb.entries[other].title)
                for other in ctx.ids("document")
                if not ctx.conflicts.clash(document_id, other)
                and not ctx.names.mentions(text, other)
            ),
            related=ctx.related(document_id),
        )
