"""render_embeds against Discord's embed limits: every real answer of the knowledge base,
and artificial answers far larger than any entry, which must page without losing text."""

from __future__ import annotations

import itertools
import re

import pytest
from bot_helpers import KNOWLEDGE, assert_within_limits, embed_dict, embed_total

from bot.answer.compose import comparison_answer, entry_answer, sources_answer
from bot.answer.model import Answer, FacetRow, Reference, Section, Suggestion
from bot.discord_ui.embeds import BLANK_NAME, cited_numbers, clip, render_embeds
from bot.engine import Engine
from bot.knowledge.base import KnowledgeBase

REFERENCE_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return Engine.load(KNOWLEDGE).kb


def field_values(pages: list, name_prefix: str) -> list[str]:
    """Values of the fields named ``name_prefix``... and of their unnamed continuations."""
    values, current = [], ""
    for page in pages:
        for field in embed_dict(page).get("fields", []):
            if field["name"] != BLANK_NAME:
                current = field["name"]
            if current.startswith(name_prefix):
                values.append(field["value"])
    return values


def assert_pages_carry_their_references(answer: Answer, pages: list) -> None:
    """Every citation mark on a page has its reference on that page or the next ones."""
    references = field_values(pages, "References")
    for number, page in enumerate(pages):
        data = embed_dict(page)
        own = [f["value"] for f in data.get("fields", []) if f["value"] not in references]
        marks = cited_numbers(data.get("description") or "", *own)
        listed = {
            int(n)
            for v in field_values(pages[number:], "References")
            for n, _ in REFERENCE_LINE.findall(v)
        }
        assert marks <= listed, (answer.title, number, marks - listed)


def assert_paged_consistently(answer: Answer, pages: list) -> None:
    """Same title on every page; footers number the pages; only page 1 has the summary."""
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        data = embed_dict(page)
        assert data["title"] == pages[0].title
        footer = data["footer"]["text"]
        if total > 1:
            assert f"page {number}/{total}" in footer
        else:
            assert "page" not in footer
        if number > 1:
            assert "description" not in data


# -- the real knowledge base ---------------------------------------------------------------


def test_every_curated_comparison_fits(kb: KnowledgeBase) -> None:
    assert kb.comparisons
    for comparison in kb.comparisons:
        answer = comparison_answer(kb, *comparison.entries)
        pages = render_embeds(answer)
        assert_within_limits(pages, comparison.title or str(comparison.entries))
        assert_paged_consistently(answer, pages)
        assert_pages_carry_their_references(answer, pages)


def test_every_entry_fits(kb: KnowledgeBase) -> None:
    for entry_id in kb.entries:
        answer = entry_answer(kb, entry_id)
        pages = render_embeds(answer)
        assert_within_limits(pages, entry_id)
        assert_paged_consistently(answer, pages)
        assert_pages_carry_their_references(answer, pages)


def test_every_sources_answer_fits(kb: KnowledgeBase) -> None:
    reading_list = sources_answer(kb)
    pages = render_embeds(reading_list)
    assert_within_limits(pages, "reading list")
    listed = [
        int(n) for v in field_values(pages, "References") for n, _ in REFERENCE_LINE.findall(v)
    ]
    assert listed == list(range(1, len(kb.by_kind("source")) + 1))
    for entry_id in kb.entries:
        assert_within_limits(render_embeds(sources_answer(kb, entry_id)), f"sources {entry_id}")


def test_built_comparisons_fit(kb: KnowledgeBase) -> None:
    ids = sorted(kb.entries)  # neighbours in id order: pairs of mixed kinds
    for first, second in itertools.pairwise(ids):
        if kb.comparison(first, second) is None:
            pages = render_embeds(comparison_answer(kb, first, second))
            assert_within_limits(pages, f"{first} vs {second}")


def test_longest_real_answer_pages(kb: KnowledgeBase) -> None:
    answers = [comparison_answer(kb, *c.entries) for c in kb.comparisons]
    answers += [entry_answer(kb, e) for e in kb.entries]
    longest = max(answers, key=lambda a: sum(embed_total(p) for p in render_embeds(a)))
    pages = render_embeds(longest)
    assert_within_limits(pages, longest.title)
    assert_paged_consistently(longest, pages)


# -- artificial, oversized answers --------------------------------------------------------------


def huge_answer(citations: int = 60, citation_chars: int = 500) -> Answer:
    words = "collective security binds every member against any aggressor "
    refs = tuple(
        Reference(n, f"source-{n}", (f"Author {n}, Title {n}. " + words * 20)[:citation_chars])
        for n in range(1, citations + 1)
    )
    facets = tuple(
        FacetRow(f"facet {i} " + "x" * (300 if i == 0 else 5), words * (30 if i % 2 else 2), words)
        for i in range(30)
    )
    sections = tuple(
        Section(f"Section {i}", text=words * 10, items=tuple(words * 3 for _ in range(12)))
        for i in range(8)
    )
    return Answer(
        question="q",
        kind="comparison",
        entries=("a", "b"),
        confidence=0.87,
        title="T" * 400,
        summary=words * 120,
        summary_citations=tuple(range(1, citations + 1)),
        facets=facets,
        facet_titles=("Left " + "l" * 300, "Right"),
        sections=sections,
        citations=refs,
        suggestions=tuple(Suggestion(f"s{i}", f"Suggestion {i}") for i in range(10)),
        curated=True,
    )


def test_huge_answer_pages_within_limits() -> None:
    answer = huge_answer()
    pages = render_embeds(answer)
    assert len(pages) > 3
    assert_within_limits(pages, "huge answer")
    assert_paged_consistently(answer, pages)
    assert_pages_carry_their_references(answer, pages)
    assert len(pages[0].title) <= 256


def test_huge_answer_loses_no_citation() -> None:
    answer = huge_answer()
    pages = render_embeds(answer)
    listed = {
        int(number): text
        for value in field_values(pages, "References")
        for number, text in REFERENCE_LINE.findall(value)
    }
    assert sorted(listed) == [c.number for c in answer.citations]
    for citation in answer.citations:
        assert listed[citation.number] == citation.text.strip(), citation.number


def test_huge_answer_keeps_every_field_in_order() -> None:
    answer = huge_answer()
    pages = render_embeds(answer)
    names = [f["name"] for page in pages for f in embed_dict(page).get("fields", [])]
    sections = [n for n in names if n.startswith("Section ")]
    # Continuations are unnamed, except at the top of a page, where the name comes again.
    assert list(dict.fromkeys(sections)) == [f"Section {i}" for i in range(8)]
    assert len(sections) < len(names) // 2
    for i in range(8):  # every bullet survives the split into continued fields
        values = field_values(pages, f"Section {i}")
        assert sum(v.count("• ") for v in values) == 12
    assert "Did you mean" in names


@pytest.mark.parametrize(("count", "chars"), [(1, 1024), (25, 1000), (200, 80), (60, 1500)])
def test_many_or_long_citations(count: int, chars: int) -> None:
    answer = huge_answer(citations=count, citation_chars=chars)
    pages = render_embeds(answer)
    assert_within_limits(pages, f"{count} citations of {chars}")
    numbers = sorted(
        int(n) for v in field_values(pages, "References") for n, _ in REFERENCE_LINE.findall(v)
    )
    assert numbers == list(range(1, count + 1))


def test_empty_answer_renders() -> None:
    answer = Answer(question="", kind="none", entries=(), confidence=0.0)
    [page] = render_embeds(answer)
    data = embed_dict(page)
    assert data["title"] == "studybot"
    assert data["footer"]["text"] == "studybot"
    assert_within_limits([page], "empty")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        (
            "Collective security binds all. Then more words follow here.",
            32,
            "Collective security binds all…",
        ),
        ("one two three four five", 12, "one two…"),
    ],
)
def test_clip_cuts_at_a_word_and_never_leaves_a_full_stop_before_the_ellipsis(
    text: str, limit: int, expected: str
) -> None:
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit
