"""Item generators, one module per family; each yields the templates it can make."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.study.context import StudyContext
from bot.study.generators import cases, definitions, documents, facets, handwritten, rings, years
from bot.study.item import Template

Generator = Callable[[StudyContext], Iterator[Template]]

GENERATORS: tuple[Generator, ...] = (
    definitions.definition_to_entry,
    definitions.entry_to_definition,
    cases.case_to_concept,
    cases.concept_to_case,
    documents.document_to_provision,
    documents.provision_to_document,
    facets.facet_drills,
    rings.ring_to_institution,
    rings.institution_to_ring,
    years.founding_years,
    years.document_years,
    handwritten.handwritten,
)
