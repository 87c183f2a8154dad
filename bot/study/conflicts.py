"""When a wrong option would also be right: the pairs of entries never offered together.

Two entries clash when a question about one could fairly be answered with the other:
the same entry, a pair whose summaries name each other (a kind and its genus, "a
collective defense pact such as NATO is one kind of alliance"; a part and its whole,
"Chapter VII ... (Articles 39-51)"), or a pair in :data:`OVERLAPS`, whose definitions fit
each other although neither names the other. Cases add their own links: a case clashes
with every concept it illustrates (or one that clashes with those), that it lists as
related or that lists it, and with every concept whose text names it or that it names.
"""

from __future__ import annotations

from functools import cache

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import Case, CitingEntry
from bot.study.names import Names

# Curated: definitions that fit both entries of a pair, so neither may be a distractor for
# the other. Each line says which words of one summary the other also satisfies.
OVERLAPS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        # "resolve quarrels by peaceful means such as negotiation, mediation" is both.
        ("peacemaking", "pacific-settlement"),
        # "coercive measures ... to make it end a threat to or breach of the peace".
        ("sanctions", "peace-enforcement"),
        # "the security of people" and "the basic freedoms of the individual".
        ("human-security", "individual-security"),
        # CBMs are agreed restraint on the deployment and use of forces: arms control.
        ("confidence-building-measures", "arms-control"),
        # "states among which war has become unthinkable" fits the democratic peace.
        ("security-community", "democratic-peace"),
        # Both place the use of force against mass atrocities beyond sovereignty.
        ("humanitarian-intervention", "responsibility-to-protect"),
    )
)


class Conflicts:
    """The clash relation over one knowledge base, memoised per pair."""

    def __init__(self, kb: KnowledgeBase, names: Names) -> None:
        self.kb = kb
        self.names = names
        self.clash = cache(self._clash)  # type: ignore[method-assign]
        self.case_clash = cache(self._case_clash)  # type: ignore[method-assign]

    def _clash(self, first: str, second: str) -> bool:
        """True when ``first`` and ``second`` may not be offered as answer and distractor."""
        if first == second or frozenset((first, second)) in OVERLAPS:
            return True
        one, other = self.kb.entries[first], self.kb.entries[second]
        return self.names.mentions(one.summary, second) or self.names.mentions(other.summary, first)

    def _case_clash(self, case_id: str, concept_id: str) -> bool:
        """True when the case illustrates the concept, or one close to it, or either names
        the other: then the concept may not be a wrong option about the case, nor the
        case a wrong option about the concept."""
        case = self.kb.entries[case_id]
        concept = self.kb.entries[concept_id]
        assert isinstance(case, Case) and isinstance(concept, CitingEntry)
        if case_id in concept.cases or any(self.clash(c, concept_id) for c in case.illustrates):
            return True
        if concept_id in case.related or case_id in concept.related:
            return True
        return self.names.mentions(_text(case), concept_id) or self.names.mentions(
            _text(concept), case_id
        )


def _text(entry: CitingEntry) -> str:
    """Everything an entry says: a case or concept that the other discusses anywhere, even
    as a contrast, is too close to be a safe wrong option."""
    return " ".join([entry.summary, entry.body, *entry.key_points])
