"""The real knowledge base: the public contract of ids, links both ways, citations,
minimum quality, and spot checks of facts that a lecturer would check first.

`tests/data/required-entries.yaml` is a copy of the list of ids the knowledge base must
hold (a public contract: citations, tests and the evaluation name entries by them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.knowledge.schema import (
    KIND_DIRS,
    Case,
    Citation,
    CitingEntry,
    Concept,
    Organization,
    Source,
)
from bot.language.normalise import normalise
from bot.text import sentences, word_count

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = yaml.safe_load((ROOT / "tests/data/required-entries.yaml").read_text("utf-8"))
SECTION_KINDS = {
    "concepts": "concept",
    "organizations": "organization",
    "documents": "document",
    "cases": "case",
    "sources": "source",
}
RINGS = ("individual-security", "collective-security", "collective-defense", "promoting-stability")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(ROOT / "knowledge")


def _required_ids() -> list[tuple[str, str]]:
    return [(kind, i) for section, kind in SECTION_KINDS.items() for i in REQUIRED[section]]


@pytest.mark.parametrize(("kind", "entry_id"), _required_ids())
def test_required_entry_exists_in_its_folder(engine: Engine, kind: str, entry_id: str) -> None:
    assert (ROOT / "knowledge" / KIND_DIRS[kind] / f"{entry_id}.yaml").is_file()
    assert engine.kb.entries[entry_id].kind == kind


@pytest.mark.parametrize(("first", "second"), REQUIRED["comparisons"])
def test_required_comparison_is_curated(engine: Engine, first: str, second: str) -> None:
    assert (ROOT / "knowledge" / "comparisons" / f"{first}--{second}.yaml").is_file()
    comparison = engine.kb.comparison(first, second)
    assert comparison is not None
    assert 5 <= len(comparison.facets) <= 8
    assert len(sentences(comparison.summary)) == 1, comparison.summary
    assert comparison.sources and comparison.cases


def test_collective_security_vs_defense_has_the_core_facets(engine: Engine) -> None:
    comparison = engine.kb.comparison("collective-security", "collective-defense")
    assert comparison is not None
    facets = {normalise(f.facet) for f in comparison.facets}
    wanted = {"who is inside", "against whom", "direction of the threat", "legal basis",
              "decision rule", "examples", "strengths", "weaknesses"}  # fmt: skip
    assert wanted <= facets
    cited = {c.source for c in comparison.sources}
    assert {"weiss-forsythe-coate", "white-2003"} <= cited


def test_every_teaching_entry_cites_a_source(engine: Engine) -> None:
    for entry in engine.kb.entries.values():
        if isinstance(entry, CitingEntry):
            assert entry.sources, entry.id
            for citation in entry.sources:
                assert isinstance(engine.kb.entries[citation.source], Source)
                assert citation.pages is None, f"{entry.id}: no page is checked in facts.md"


def test_cases_and_concepts_link_both_ways(engine: Engine) -> None:
    entries = engine.kb.entries
    for entry in entries.values():
        if isinstance(entry, Case):
            for concept_id in entry.illustrates:
                concept = entries[concept_id]
                assert isinstance(concept, Concept)
                assert entry.id in concept.cases, (entry.id, concept_id)
        if isinstance(entry, Concept):
            assert entry.cases, f"{entry.id} has no case"
            for case_id in entry.cases:
                case = entries[case_id]
                assert isinstance(case, Case) and entry.id in case.illustrates


def test_the_four_rings_link_to_cooperative_security(engine: Engine) -> None:
    model = engine.kb.entries["cooperative-security"]
    for ring in RINGS:
        assert "cooperative-security" in engine.kb.entries[ring].related
        assert ring in model.related


def test_every_organization_links_to_its_founding_document(engine: Engine) -> None:
    for entry in engine.kb.by_kind("organization"):
        assert isinstance(entry, Organization)
        assert engine.kb.entries[entry.founding_document].kind in {"document", "source"}


def test_bodies_summaries_and_key_points_meet_the_minimum(engine: Engine) -> None:
    for entry in engine.kb.entries.values():
        if isinstance(entry, Source):
            continue
        assert 120 <= word_count(entry.body) <= 400, (entry.id, word_count(entry.body))
        assert 1 <= len(sentences(entry.summary)) <= 3, entry.id
        assert 3 <= len(entry.key_points) <= 6, entry.id
        assert entry.aliases, entry.id


def test_no_two_entries_share_an_alias(engine: Engine) -> None:
    owner: dict[str, str] = {}
    for entry in engine.kb.entries.values():
        for name in {normalise(n) for n in (entry.title, *entry.aliases)}:
            assert owner.setdefault(name, entry.id) == entry.id, (name, owner[name], entry.id)


def test_sources_carry_full_bibliographic_data(engine: Engine) -> None:
    for source in engine.kb.by_kind("source"):
        assert isinstance(source, Source)
        assert source.year
        if source.source_type in {"book", "edited-book"}:
            assert source.publisher and source.place, source.id
            assert source.authors or source.editors, source.id


@pytest.mark.parametrize(
    ("entry_id", "facts"),
    [
        ("gulf-war-1991", ["678", "29 November 1990", "2 August 1990"]),
        ("korean-war-1950", ["25 June 1950", "27 July 1953"]),
        ("uniting-for-peace", ["377", "3 November 1950"]),
        ("north-atlantic-treaty-article-5", ["4 April 1949", "11 September 2001"]),
        ("libya-2011", ["1973", "17 March 2011"]),
        ("abyssinia-1935", ["3 October 1935", "Article 16"]),
        ("un-charter-chapter-vii", ["Articles 39", "51"]),
        ("responsibility-to-protect", ["2001", "2005"]),
    ],
)
def test_spot_checked_facts_appear(engine: Engine, entry_id: str, facts: list[str]) -> None:
    entry = engine.kb.entries[entry_id]
    text = " ".join([entry.summary, entry.body, *entry.key_points])
    for fact in facts:
        assert fact in text, (entry_id, fact)


def test_the_textbook_sources_have_the_right_authors(engine: Engine) -> None:
    weiss = engine.kb.entries["weiss-forsythe-coate"]
    white = engine.kb.entries["white-2003"]
    cohen = engine.kb.entries["cohen-mihalka-2001"]
    assert isinstance(weiss, Source) and isinstance(white, Source) and isinstance(cohen, Source)
    # One edition cited throughout: the 8th (2017), which covers R2P and adds Pease.
    assert weiss.authors == [
        "Thomas G. Weiss",
        "David P. Forsythe",
        "Roger A. Coate",
        "Kelly-Kate Pease",
    ]
    assert weiss.year == 2017 and weiss.publisher == "Westview Press"
    assert white.editors == ["Nigel D. White"] and white.year == 2003
    assert white.publisher == "Ashgate"
    assert cohen.authors == ["Richard Cohen", "Michael Mihalka"] and cohen.year == 2001


def test_models_that_give_the_same_fields_share_one_set_of_them() -> None:
    first, second = Citation(source="white-2003"), Citation(source="weiss-forsythe-coate")
    assert first.model_fields_set == {"source"}
    assert first.model_fields_set is second.model_fields_set  # one copy, not one each
    with pytest.raises(TypeError):  # shared, so never changed in place
        first.model_fields_set.add("pages")
    located = Citation(source="white-2003", article="Art. 5")
    assert located.model_fields_set == {"source", "article"}
    assert located.model_dump(exclude_unset=True) == {"source": "white-2003", "article": "Art. 5"}
