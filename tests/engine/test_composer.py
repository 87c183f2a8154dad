"""The composer on the real knowledge base: citations, comparisons, declines, case lists."""

from __future__ import annotations

import re

import pytest

from bot.answer.compose import MAX_LIST, comparison_answer, compose, entry_answer
from bot.answer.model import Answer
from bot.answer.render_text import answer_json, render_markdown
from bot.engine import Engine
from bot.knowledge import rings
from bot.knowledge.schema import Case, CitingEntry, Concept, Organization, Source
from bot.matching.matcher import Match
from bot.references import format_reference
from tests.helpers import KNOWLEDGE

MARK = re.compile(r"\[(\d+)\]")
REFERENCE_LINE = re.compile(r"^\[(\d+)\] ")

CS_VS_CD = "what is the difference between collective security and collective defense?"


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine on the real knowledge base for the whole module."""
    return Engine.load(KNOWLEDGE)


def split_markdown(markdown: str) -> tuple[str, list[str]]:
    """(the answer before **References**, the reference lines after it)."""
    body, _, refs = markdown.partition("\n**References**\n")
    return body, [line for line in refs.splitlines() if line.strip()]


def assert_citations_consistent(engine: Engine, answer: Answer) -> None:
    """Numbers run 1..n in order, every [n] used is listed, every listed one is used,
    and each reference is an existing source entry rendered from that source."""
    numbers = [c.number for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    ids = [c.source_id for c in answer.citations]
    assert len(set(ids)) == len(ids), f"a source is numbered twice: {ids}"
    for ref in answer.citations:
        source = engine.kb.get(ref.source_id)
        assert isinstance(source, Source), ref.source_id
        assert ref.text.startswith(format_reference(source).rstrip(".")), ref.text

    body, ref_lines = split_markdown(render_markdown(answer))
    used = {int(n) for n in MARK.findall(body)}
    listed = [int(REFERENCE_LINE.match(line).group(1)) for line in ref_lines]  # type: ignore[union-attr]
    assert listed == numbers
    assert used <= set(listed), f"cited but not listed: {used - set(listed)}"
    assert used == set(listed), f"listed but never cited: {set(listed) - used}"


def first_use_order(answer: Answer) -> list[int]:
    """The citation numbers in the order they first appear in the rendered answer."""
    body, _ = split_markdown(render_markdown(answer))
    return list(dict.fromkeys(int(n) for n in MARK.findall(body)))


# -- citations -----------------------------------------------------------------------------


def test_every_entry_answer_has_consistent_citations(engine: Engine) -> None:
    kb = engine.kb
    for entry_id, entry in kb.entries.items():
        answer = entry_answer(kb, entry_id)
        assert answer.kind == entry.kind
        assert answer.entries == (entry_id,)
        assert_citations_consistent(engine, answer)
        if isinstance(entry, CitingEntry):
            # Its own sources, then those of the rings it shows (an organisation's rings,
            # or the institutions placed in a ring).
            roles = list(entry.rings) if isinstance(entry, Organization) else []
            roles += [role for _, role in rings.members(kb, entry_id)]
            cited = [c.source for c in entry.sources] + [r.source for r in roles]
            expected = list(dict.fromkeys(cited))
            assert [c.source_id for c in answer.citations] == expected
            assert first_use_order(answer) == list(range(1, len(expected) + 1))
        else:
            assert answer.citations == ()


def test_every_curated_comparison_has_consistent_citations(engine: Engine) -> None:
    kb = engine.kb
    for comparison in kb.comparisons:
        answer = comparison_answer(kb, *comparison.entries)
        assert answer.curated is True
        assert_citations_consistent(engine, answer)
        expected = list(dict.fromkeys(c.source for c in comparison.sources))
        assert [c.source_id for c in answer.citations] == expected


def test_loci_of_one_source_are_merged_into_one_reference(engine: Engine) -> None:
    kb = engine.kb
    comparison = kb.comparison("collective-security", "collective-defense")
    assert comparison is not None
    loci = [c.locus() for c in comparison.sources if c.source == "un-charter-1945"]
    assert len(loci) >= 2
    answer = comparison_answer(kb, "collective-security", "collective-defense")
    charter = [c for c in answer.citations if c.source_id == "un-charter-1945"]
    assert len(charter) == 1
    for locus in loci:
        assert locus in charter[0].text


# -- curated comparison --------------------------------------------------------------------


def test_collective_security_vs_collective_defense_is_curated(engine: Engine) -> None:
    answer = engine.ask(CS_VS_CD)
    assert answer.kind == "comparison"
    assert set(answer.entries) == {"collective-security", "collective-defense"}
    assert answer.curated is True
    assert len(answer.facets) >= 8
    cited = [c.source_id for c in answer.citations]
    assert "weiss-forsythe-coate" in cited
    assert "white-2003" in cited
    assert_citations_consistent(engine, answer)
    left, right = answer.facet_titles
    assert {left, right} == {
        engine.kb.entries["collective-security"].title,
        engine.kb.entries["collective-defense"].title,
    }
    curated = engine.kb.comparison("collective-security", "collective-defense")
    assert curated is not None
    assert answer.summary == curated.summary
    assert [f.facet for f in answer.facets] == [f.facet for f in curated.facets]


def test_curated_comparison_renders_a_table(engine: Engine) -> None:
    answer = engine.ask(CS_VS_CD)
    markdown = render_markdown(answer)
    table = [line for line in markdown.splitlines() if line.startswith("| **")]
    assert len(table) == len(answer.facets)
    assert all(line.count(" | ") >= 2 for line in table)
    assert markdown.startswith(f"## {answer.title}\n")


# -- built comparison ----------------------------------------------------------------------


def test_non_curated_pair_is_built_from_both_entries(engine: Engine) -> None:
    kb = engine.kb
    assert kb.comparison("nato", "osce") is None
    answer = engine.ask("nato vs osce")
    assert answer.kind == "comparison"
    assert answer.curated is False
    assert set(answer.entries) == {"nato", "osce"}
    left, right = (kb.entries[e] for e in answer.entries)
    assert answer.facet_titles == (left.title, right.title)
    rows = {row.facet: row for row in answer.facets}
    assert rows["In short"].left.startswith(left.summary)
    assert rows["In short"].right.startswith(right.summary)
    # Only rows whose fields line up: two organisations have a founding date and treaty.
    assert rows["When"].left == left.founded and rows["When"].right == right.founded
    assert rows["Founding document"].left == kb.entries[left.founding_document].title
    assert not {"Kind", "Key point 1"} & set(rows)
    assert answer.summary.count("Built from") == 1
    assert isinstance(left, CitingEntry) and isinstance(right, CitingEntry)
    expected = list(dict.fromkeys(c.source for c in [*left.sources, *right.sources]))
    assert [c.source_id for c in answer.citations] == expected
    assert_citations_consistent(engine, answer)


def test_built_comparison_marks_each_side_with_its_own_sources(engine: Engine) -> None:
    kb = engine.kb
    answer = comparison_answer(kb, "deterrence", "veto")
    assert answer.curated is False
    by_id = {c.source_id: c.number for c in answer.citations}
    in_short = next(row for row in answer.facets if row.facet == "In short")
    for side, entry_id in ((in_short.left, "deterrence"), (in_short.right, "veto")):
        entry = kb.entries[entry_id]
        assert isinstance(entry, CitingEntry)
        marks = [int(n) for n in MARK.findall(side)]
        assert set(marks) == {by_id[c.source] for c in entry.sources}
        assert marks == sorted(marks)  # in order, whatever the other side cited first


def test_built_rows_need_both_sides(engine: Engine) -> None:
    """A concept and a case share no date or founding document: no such rows."""
    answer = comparison_answer(engine.kb, "appeasement", "korean-war-1950")
    assert [row.facet for row in answer.facets][:1] == ["In short"]
    assert not {"When", "Founding document"} & {row.facet for row in answer.facets}


# -- declines ------------------------------------------------------------------------------


def test_decline_has_no_entries_and_no_citations(engine: Engine) -> None:
    answer = engine.ask("what is a firewall")
    assert answer.kind == "none"
    assert answer.answered is False
    assert answer.entries == ()
    assert answer.citations == ()
    assert answer.summary_citations == ()
    assert answer.curated is False
    markdown = render_markdown(answer)
    assert "**References**" not in markdown
    assert MARK.search(markdown) is None
    payload = answer_json(answer)
    assert payload["citations"] == [] and payload["entries"] == []


def test_decline_suggestions_are_real_entries(engine: Engine) -> None:
    answer = engine.ask("rules for airport security lines")
    assert answer.kind == "none"
    assert len(answer.suggestions) <= 3
    for suggestion in answer.suggestions:
        assert engine.kb.entries[suggestion.entry_id].title == suggestion.title
    markdown = render_markdown(answer)
    if answer.suggestions:
        assert "**Did you mean**" in markdown


# -- entry answers -------------------------------------------------------------------------


def test_concept_answer_lists_its_cases(engine: Engine) -> None:
    kb = engine.kb
    concepts = [e for e in kb.entries.values() if isinstance(e, Concept) and e.cases]
    assert concepts
    for concept in concepts:
        answer = entry_answer(kb, concept.id)
        sections = {s.title: s for s in answer.sections}
        assert "Cases" in sections, concept.id
        items = sections["Cases"].items
        expected = concept.cases[:MAX_LIST]
        assert len(items) == len(expected)
        for item, case_id in zip(items, expected, strict=True):
            assert item.startswith(f"**{kb.entries[case_id].title}**")


def test_asked_concept_answer_lists_its_cases(engine: Engine) -> None:
    answer = engine.ask("tell me about collective security")
    assert answer.entries[0] == "collective-security"
    concept = engine.kb.entries["collective-security"]
    assert isinstance(concept, Concept)
    markdown = render_markdown(answer)
    assert "**Cases**" in markdown
    for case_id in concept.cases[:MAX_LIST]:
        assert engine.kb.entries[case_id].title in markdown
    assert_citations_consistent(engine, answer)


def test_case_answer_lists_what_it_illustrates(engine: Engine) -> None:
    kb = engine.kb
    for case in (e for e in kb.entries.values() if isinstance(e, Case)):
        answer = entry_answer(kb, case.id)
        sections = {s.title: s for s in answer.sections}
        assert sections["Illustrates"].items == tuple(
            kb.entries[c].title for c in case.illustrates[:MAX_LIST]
        )


def test_entry_answer_points_to_curated_comparisons(engine: Engine) -> None:
    kb = engine.kb
    answer = entry_answer(kb, "collective-security")
    hint = next(s for s in answer.sections if s.title == "Compare with")
    for partner in kb.comparisons_of("collective-security"):
        assert kb.entries[partner].title in hint.text


def test_source_answer_lists_the_entries_citing_it(engine: Engine) -> None:
    kb = engine.kb
    answer = entry_answer(kb, "white-2003")
    sections = {s.title: s for s in answer.sections}
    source = kb.entries["white-2003"]
    assert isinstance(source, Source)
    assert sections["Reference"].text == format_reference(source)
    citing = sections["Cited in the knowledge base for"].items
    assert citing
    titles = {e.title: e for e in kb.entries.values()}
    for title in citing:
        entry = titles[title]
        assert isinstance(entry, CitingEntry)
        assert any(c.source == "white-2003" for c in entry.sources)


def test_references_do_not_repeat_the_author_in_the_title(engine: Engine) -> None:
    repeated = []
    for source in engine.kb.by_kind("source"):
        assert isinstance(source, Source)
        people = source.authors or source.editors
        if not people:
            continue
        words = people[0].split()
        who = "".join(w[0] for w in words if w[0].isupper()) if len(words) >= 4 else words[-1]
        title = re.search(r"\*(.+?)\*", format_reference(source))
        assert title is not None
        if re.match(rf"{re.escape(who)}\b.*?, ", title.group(1)):
            repeated.append(source.id)
    assert repeated == []


def test_two_close_readings_ask_did_you_mean_a_or_b() -> None:
    kb = Engine.load(KNOWLEDGE).kb
    match = Match("none", [], 0.4, ["peacekeeping", "peace-enforcement"], ambiguous=True)
    answer = compose(kb, match, "blue helmets with guns")
    assert answer.title == "Did you mean Peacekeeping or Peace enforcement?"
    payload = answer_json(answer)
    assert payload["kind"] == "none" and payload["ambiguous"] is True
    assert [s["id"] for s in payload["suggestions"]] == ["peacekeeping", "peace-enforcement"]
    # An ordinary decline is not ambiguous.
    plain = compose(kb, Match("none", [], 0.1, ["peacekeeping"]), "what is a nebula")
    assert plain.title == "Not in the knowledge base" and not answer_json(plain)["ambiguous"]
