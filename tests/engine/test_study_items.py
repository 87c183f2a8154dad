"""Every generated quiz item of the real knowledge base has exactly one right option.

The checks below re-derive, from the knowledge files, what would make a wrong option
right for each kind of item, independently of how the generators chose them: a wrong
concept whose summary names the answer (or is named by it), a case that also illustrates
the concept, an institution that also serves the ring, a cell of the asked side, a year
the answer's own summary states. A deliberately broken item proves the checks bite.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from bot.answer.compose import entry_answer
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import load_knowledge
from bot.knowledge.schema import Case, CitingEntry, Organization, Source
from bot.language.normalise import normalise
from bot.references import format_reference, short_reference
from bot.study import bank
from bot.study.conflicts import OVERLAPS
from bot.study.item import QuizItem
from bot.study.names import Names
from tests.helpers import KNOWLEDGE

SEEDS = (0, 1, 2024)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    result = load_knowledge(KNOWLEDGE)
    assert result.kb is not None, result.errors
    return result.kb


def _text(entry: CitingEntry) -> str:
    return " ".join([entry.summary, entry.body, *entry.key_points])


def _wrong(item: QuizItem) -> list[str]:
    return [oid for i, oid in enumerate(item.option_ids) if i != item.answer]


def _right(item: QuizItem) -> str:
    return item.option_ids[item.answer]


def _entry_pair_problems(kb: KnowledgeBase, names: Names, item: QuizItem) -> list[str]:
    """Definition, term, document and provision items: options are entries of one kind,
    and no wrong one is described by, or describes, the answer."""
    answer = _right(item)
    found = []
    kinds = {kb.entries[oid].kind for oid in item.option_ids}
    if len(kinds) != 1:
        found.append(f"options of several kinds: {kinds}")
    for other in _wrong(item):
        if frozenset((answer, other)) in OVERLAPS:
            found.append(f"{other} overlaps {answer}")
        if names.mentions(kb.entries[answer].summary, other):
            found.append(f"the summary of {answer} names {other}")
        if names.mentions(kb.entries[other].summary, answer):
            found.append(f"the summary of {other} names {answer}")
        if item.kind in ("definition", "provision") and names.mentions(item.question, other):
            found.append(f"the question names {other}")
    if item.kind in ("definition", "provision") and names.mentions(item.question, answer):
        found.append("the question names its answer")
    if item.kind in ("term", "document"):
        for index, option in enumerate(item.options):
            if names.mentions(option, item.option_ids[index]):
                found.append(f"option {index} names its own entry")
    return found


def _illustrates(kb: KnowledgeBase, names: Names, case_id: str, concept_id: str) -> bool:
    """True when the knowledge ties the case to the concept in any way."""
    case, concept = kb.entries[case_id], kb.entries[concept_id]
    assert isinstance(case, Case) and isinstance(concept, CitingEntry)
    return (
        concept_id in case.illustrates
        or case_id in concept.cases
        or concept_id in case.related
        or case_id in concept.related
        or names.mentions(_text(case), concept_id)
        or names.mentions(_text(concept), case_id)
    )


def _case_problems(kb: KnowledgeBase, names: Names, item: QuizItem) -> list[str]:
    found = []
    if item.kind == "case-concept":
        case_id = item.entries[0]
        case = kb.entries[case_id]
        assert isinstance(case, Case)
        if _right(item) not in case.illustrates:
            found.append("the answer is not illustrated by the case")
        for other in _wrong(item):
            if _illustrates(kb, names, case_id, other):
                found.append(f"{case_id} is tied to {other}")
            for shown in case.illustrates:
                if frozenset((shown, other)) in OVERLAPS or names.mentions(
                    kb.entries[shown].summary, other
                ):
                    found.append(f"{other} is close to {shown}, which {case_id} illustrates")
    else:
        concept_id = item.entries[0]
        if not _illustrates(kb, names, _right(item), concept_id):
            found.append("the answer does not illustrate the concept")
        for other in _wrong(item):
            if _illustrates(kb, names, other, concept_id):
                found.append(f"{other} is tied to {concept_id}")
    return found


def _facet_problems(kb: KnowledgeBase, item: QuizItem) -> list[str]:
    pair = f"{item.entries[0]}--{item.entries[1]}"
    comparison = kb.comparison(*item.entries)
    assert comparison is not None, pair
    asked = "left" if comparison.entries[0] == item.entries[0] else "right"
    asked_cells = {normalise(getattr(f, asked)) for f in comparison.facets}
    found = []
    if not _right(item).startswith(f"{asked}:"):
        found.append("the answer is a cell of the other side")
    for index, other in enumerate(item.option_ids):
        if index != item.answer and (
            other.startswith(f"{asked}:") or normalise(item.options[index]) in asked_cells
        ):
            found.append(f"wrong option {other} is true of the asked entry")
    return found


def _ring_problems(kb: KnowledgeBase, item: QuizItem) -> list[str]:
    found = []
    if item.kind == "ring-institution":
        ring = item.entries[1]
        for other in _wrong(item):
            org = kb.entries[other]
            assert isinstance(org, Organization)
            if not org.rings:
                found.append(f"{other} is unclassified, so not provably wrong")
            if any(role.ring == ring for role in org.rings):
                found.append(f"{other} also serves {ring}")
    else:
        org = kb.entries[item.entries[0]]
        assert isinstance(org, Organization)
        served = {role.ring for role in org.rings}
        if served != {_right(item)}:
            found.append(f"{org.id} serves {served}")
    return found


def _year_problems(kb: KnowledgeBase, item: QuizItem) -> list[str]:
    entry = kb.entries[item.entries[0]]
    stated = getattr(entry, "founded", None) or getattr(entry, "date", None) or ""
    found = [] if _right(item) in stated else [f"{_right(item)} is not in {stated!r}"]
    for other in _wrong(item):
        if other in entry.summary or other in stated or other in item.question:
            found.append(f"{other} is a year the knowledge gives for {entry.id}")
    return found


def _handwritten_problems(kb: KnowledgeBase, item: QuizItem) -> list[str]:
    quiz_id, number = item.id.split(":")[1:]
    written = next(q for q in kb.quizzes if q.id == quiz_id).items[int(number) - 1]
    found = [] if item.answer_text == written.answer else ["the answer is not the file's"]
    if sorted(o for i, o in enumerate(item.options) if i != item.answer) != sorted(
        written.distractors
    ):
        found.append("the wrong options are not the file's distractors")
    return found


def problems(kb: KnowledgeBase, names: Names, item: QuizItem) -> list[str]:
    """Why ``item`` might not have exactly one right option (empty when it is sound)."""
    found = []
    if len(item.options) != 4 or len({normalise(o) for o in item.options}) != 4:
        found.append("options are not four distinct texts")
    if len(set(item.option_ids)) != len(item.option_ids):
        found.append("two options stand for the same thing")
    if not item.explanation.strip() or not item.citations:
        found.append("no explanation or no citation")
    if item.kind in ("definition", "term", "document", "provision"):
        found += _entry_pair_problems(kb, names, item)
    elif item.kind in ("case-concept", "concept-case"):
        found += _case_problems(kb, names, item)
    elif item.kind == "facet":
        found += _facet_problems(kb, item)
    elif item.kind in ("ring-institution", "institution-ring"):
        found += _ring_problems(kb, item)
    elif item.kind in ("founded", "dated"):
        found += _year_problems(kb, item)
    elif item.kind == "handwritten":
        found += _handwritten_problems(kb, item)
    else:
        found.append(f"no check for kind {item.kind!r}")
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_no_generated_item_has_two_right_options(kb: KnowledgeBase, seed: int) -> None:
    names = Names(kb)
    items = bank.items(kb, seed)
    assert len(items) > 500
    defects = {item.id: found for item in items if (found := problems(kb, names, item))}
    assert defects == {}


def test_every_item_family_yields_items(kb: KnowledgeBase) -> None:
    counts = Counter(item.kind for item in bank.items(kb))
    for kind in ("definition", "term", "case-concept", "concept-case", "document", "facet"):
        assert counts[kind] >= 10, counts
    for kind in ("provision", "ring-institution", "institution-ring", "founded", "dated"):
        assert counts[kind] >= 3, counts
    assert counts["handwritten"] == sum(len(q.items) for q in kb.quizzes)


def test_a_second_collective_defense_alliance_is_caught(kb: KnowledgeBase) -> None:
    """The defect the issue names: two collective-defense alliances offered for "which
    institution serves collective defense?". The check must flag it."""
    item = next(i for i in bank.items(kb) if i.id == "ring-institution:collective-defense:nato")
    assert problems(kb, Names(kb), item) == []
    wrong = item.option_ids.index(_wrong(item)[0])
    broken = dataclasses.replace(
        item,
        option_ids=tuple("warsaw-pact" if i == wrong else o for i, o in enumerate(item.option_ids)),
        options=tuple("Warsaw Pact" if i == wrong else o for i, o in enumerate(item.options)),
    )
    assert problems(kb, Names(kb), broken) == ["warsaw-pact also serves collective-defense"]


def test_a_case_that_also_illustrates_the_concept_is_caught(kb: KnowledgeBase) -> None:
    item = next(i for i in bank.items(kb) if i.id.startswith("concept-case:collective-security:"))
    wrong = item.option_ids.index(_wrong(item)[0])
    other = next(c for c in ("manchuria-1931", "korean-war-1950") if c not in item.option_ids)
    broken = dataclasses.replace(
        item, option_ids=tuple(other if i == wrong else o for i, o in enumerate(item.option_ids))
    )
    assert f"{other} is tied to collective-security" in problems(kb, Names(kb), broken)


def test_citations_are_styled_as_the_entry_answers_cite(kb: KnowledgeBase) -> None:
    for item in bank.items(kb):
        if item.kind not in ("definition", "term", "document", "provision"):
            continue
        answer = entry_answer(kb, _right(item))
        shown = {ref.source_id: ref for ref in answer.citations}
        for ref in item.citations:
            source = kb.entries[ref.source_id]
            assert isinstance(source, Source)
            # The same reference, and the places the entry cites in it (the answer may
            # add places its ring sections cite).
            full, short = format_reference(source).rstrip("."), short_reference(source)
            assert ref.text.startswith(full) and shown[ref.source_id].text.startswith(full)
            assert ref.short.startswith(short), item.id
            assert ref.short in shown[ref.source_id].short or ref.short == short, item.id


def test_items_are_deterministic_given_a_seed(kb: KnowledgeBase) -> None:
    assert bank.items(kb, 7) == bank.items(kb, 7)
    assert bank.items(kb, 7) != bank.items(kb, 8)
    assert [i.id for i in bank.items(kb, 7)] == [i.id for i in bank.items(kb, 8)]
    first = bank.session(kb, n=10, seed=3)
    assert first == bank.session(kb, n=10, seed=3)
    assert len({item.kind for item in first}) >= 5  # a round mixes the families


def test_a_topic_session_is_about_the_topic(kb: KnowledgeBase) -> None:
    items = bank.session(kb, topic="Collective Security", n=12, seed=1)
    assert len(items) == 12
    assert all("collective-security" in item.entries for item in items)
    with pytest.raises(bank.UnknownTopic, match="did you mean"):
        bank.resolve_topic(kb, "collective securityy")
