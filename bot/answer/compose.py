"""Compose an Answer from a Match: entry answers, comparisons, and polite declines."""

from __future__ import annotations

import dataclasses

from bot.answer.model import Answer, FacetRow, Reference, Section, Suggestion
from bot.knowledge import rings
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.schema import (
    RING_IDS,
    Case,
    Citation,
    CitingEntry,
    Comparison,
    Entry,
    Organization,
    Source,
)
from bot.matching.matcher import Match
from bot.references import format_reference, short_reference
from bot.text import sentences

MAX_LIST = 6
# A select menu holds at most 25 options.
MAX_COMPARE_WITH = 25


class _Citations:
    """Numbers sources in order of first use; one number per source, listing every place
    cited in it (e.g. "Arts. 51, 39")."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.numbers: dict[str, int] = {}
        self.loci: dict[str, list[str]] = {}

    def add(self, citations: list[Citation]) -> tuple[int, ...]:
        out = []
        for citation in citations:
            if citation.source not in self.numbers:
                self.numbers[citation.source] = len(self.numbers) + 1
                self.loci[citation.source] = []
            locus = citation.locus()
            if locus and locus not in self.loci[citation.source]:
                self.loci[citation.source].append(locus)
            out.append(self.numbers[citation.source])
        return tuple(dict.fromkeys(out))

    @property
    def references(self) -> list[Reference]:
        refs = []
        for source_id, number in self.numbers.items():
            source = self.kb.get(source_id)
            assert isinstance(source, Source)  # the loader resolved every reference
            text, short = format_reference(source), short_reference(source)
            if self.loci[source_id]:
                loci = "; ".join(self.loci[source_id])
                # After a full stop the place cited starts a sentence: "Section A, para. 1."
                text, short = f"{text} {loci[:1].upper()}{loci[1:]}.", f"{short}, {loci}"
            refs.append(Reference(number, source_id, text, short))
        return refs


def compose(kb: KnowledgeBase, match: Match, question: str) -> Answer:
    """Turn the matcher's decision into a complete, cited Answer."""
    if match.kind == "none":
        return _decline(kb, match, question)
    if match.kind == "comparison":
        answer = _comparison(kb, match, question)
    else:
        answer = _entry_answer(kb, kb.entries[match.entries[0]], question, match.confidence)
    return dataclasses.replace(answer, matched=True)


def entry_answer(kb: KnowledgeBase, entry_id: str, question: str = "") -> Answer:
    """The answer for one entry by id (used by /define, /case and /sources)."""
    return _entry_answer(kb, kb.entries[entry_id], question or kb.entries[entry_id].title, 1.0)


def comparison_answer(kb: KnowledgeBase, first: str, second: str, question: str = "") -> Answer:
    """The comparison of two entries by id (curated when one exists)."""
    match = Match("comparison", [first, second], 1.0)
    return _comparison(kb, match, question or f"{first} vs {second}")


def references(kb: KnowledgeBase, citations: list[Citation]) -> tuple[Reference, ...]:
    """The numbered references for ``citations``, exactly as an answer lists them (study
    mode's explanations cite their sources in the same style)."""
    numbered = _Citations(kb)
    numbered.add(citations)
    return tuple(numbered.references)


def _first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else text


def _titled_list(kb: KnowledgeBase, ids: list[str], with_summary: bool = True) -> tuple[str, ...]:
    items = []
    for entry_id in ids[:MAX_LIST]:
        entry = kb.entries[entry_id]
        items.append(
            f"**{entry.title}**: {_first_sentence(entry.summary)}" if with_summary else entry.title
        )
    return tuple(items)


def _entry_answer(kb: KnowledgeBase, entry: Entry, question: str, confidence: float) -> Answer:
    citations = _Citations(kb)
    sections: list[Section] = []
    numbers: tuple[int, ...] = ()
    if isinstance(entry, CitingEntry):
        numbers = citations.add(list(entry.sources))
    if entry.key_points:
        sections.append(Section("Key points", items=tuple(entry.key_points)))
    sections.extend(_ring_sections(kb, entry, citations))
    if isinstance(entry, Case):
        sections.append(Section("Illustrates", items=_titled_list(kb, entry.illustrates, False)))
    elif isinstance(entry, CitingEntry) and entry.cases:
        sections.append(Section("Cases", items=_titled_list(kb, entry.cases)))
    if isinstance(entry, Source):
        sections.append(Section("Reference", text=format_reference(entry)))
        citing = [e.title for e in kb.citing(entry.id)]
        if citing:
            sections.append(Section("Cited in the knowledge base for", items=tuple(citing[:8])))
    partners = kb.comparisons_of(entry.id)
    if partners:
        hint = ", ".join(kb.entries[p].title for p in partners)
        sections.append(Section("Compare with", text=hint))
    return Answer(
        question=question,
        kind=entry.kind,
        entries=(entry.id,),
        confidence=confidence,
        title=entry.title,
        summary=entry.summary,
        summary_citations=numbers,
        sections=tuple(sections),
        citations=tuple(citations.references),
        curated=True,
        origin="entry",
        cases=tuple(kb.entries[c].title for c in _case_ids(entry)),
        compare_with=_compare_with(kb, entry),
    )


def _ring_sections(kb: KnowledgeBase, entry: Entry, citations: _Citations) -> list[Section]:
    """Where the four rings meet this entry: an organisation's rings, a ring's
    institutions, or the model's whole placement, each basis cited."""
    if isinstance(entry, Organization) and entry.rings:
        titles = {r: kb.entries[r].title if r in kb.entries else r for r in RING_IDS}
        items = tuple(
            f"**{titles[role.ring]}**: {role.basis} {_marks(citations.add([role]))}"
            for role in sorted(entry.rings, key=lambda role: RING_IDS.index(role.ring))
        )
        return [Section("In the four rings of cooperative security", items=items)]
    if entry.id in RING_IDS:
        found = rings.members(kb, entry.id)
        if found:
            items = tuple(
                f"**{org.title}**: {role.basis} {_marks(citations.add([role]))}"
                for org, role in found
            )
            return [Section("Institutions in this ring", items=items)]
    if entry.id == "cooperative-security":
        placed = rings.placements(kb)
        items = tuple(
            f"**{kb.entries[ring].title if ring in kb.entries else ring}**: "
            + ", ".join(org.title for org in orgs)
            for ring, orgs in placed.items()
            if orgs
        )
        if items:
            return [Section("Institutions by ring", items=items)]
    return []


def _marks(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _compare_with(kb: KnowledgeBase, entry: Entry) -> tuple[Suggestion, ...]:
    """Entries worth comparing ``entry`` with: its curated comparisons, then its related
    entries (sources are cited, not compared)."""
    ids = [*kb.comparisons_of(entry.id), *entry.related]
    ids = [i for i in dict.fromkeys(ids) if i != entry.id and kb.entries[i].kind != "source"]
    return tuple(Suggestion(i, kb.entries[i].title) for i in ids[:MAX_COMPARE_WITH])


def _comparison(kb: KnowledgeBase, match: Match, question: str) -> Answer:
    first, second = match.entries[:2]
    curated = kb.comparison(first, second)
    if curated is not None:
        return _curated_comparison(kb, curated, question, match.confidence)
    return _built_comparison(kb, kb.entries[first], kb.entries[second], question, match.confidence)


def _curated_comparison(
    kb: KnowledgeBase, comparison: Comparison, question: str, confidence: float
) -> Answer:
    left, right = (kb.entries[e] for e in comparison.entries)
    citations = _Citations(kb)
    numbers = citations.add(list(comparison.sources))
    sections = []
    if comparison.cases:
        sections.append(Section("Cases", items=_titled_list(kb, comparison.cases)))
    return Answer(
        question=question,
        kind="comparison",
        entries=comparison.entries,
        confidence=confidence,
        title=comparison.title or f"{left.title} vs {right.title}",
        summary=comparison.summary,
        summary_citations=numbers,
        facets=tuple(FacetRow(f.facet, f.left, f.right) for f in comparison.facets),
        facet_titles=(left.title, right.title),
        sections=tuple(sections),
        citations=tuple(citations.references),
        curated=True,
        origin="comparison",
        cases=tuple(kb.entries[c].title for c in comparison.cases),
    )


def _built_comparison(
    kb: KnowledgeBase, left: Entry, right: Entry, question: str, confidence: float
) -> Answer:
    """A side-by-side assembled from the two entries when nobody curated the pair: only
    rows whose fields line up (what it is, when, founding document, cases), citations
    numbered in reading order."""
    citations = _Citations(kb)
    marks = []
    for entry in (left, right):
        numbers = citations.add(list(entry.sources)) if isinstance(entry, CitingEntry) else ()
        marks.append("".join(f"[{n}]" for n in sorted(numbers)))
    rows = [
        FacetRow(
            "In short", f"{left.summary} {marks[0]}".strip(), f"{right.summary} {marks[1]}".strip()
        )
    ]
    for facet, value in (
        ("When", _when),
        ("Founding document", lambda e: _founding_document(kb, e)),
        ("Cases", lambda e: _case_titles(kb, e)),
        ("Illustrates", lambda e: _illustrates(kb, e)),
    ):
        pair = value(left), value(right)
        if all(pair):
            rows.append(FacetRow(facet, *pair))
    cases = dict.fromkeys(kb.entries[c].title for e in (left, right) for c in _case_ids(e))
    return Answer(
        question=question,
        kind="comparison",
        entries=(left.id, right.id),
        confidence=confidence,
        title=f"{left.title} vs {right.title}",
        summary=(
            f"Built from the entries on {left.title} and {right.title}: nobody has written "
            "this comparison up yet."
        ),
        facets=tuple(rows),
        facet_titles=(left.title, right.title),
        citations=tuple(citations.references),
        curated=False,
        origin="comparison",
        cases=tuple(cases),
    )


def _when(entry: Entry) -> str:
    """Founded, signed or happened: the date field of each kind, if it has one."""
    for name in ("founded", "date", "period"):
        value = getattr(entry, name, None)
        if value:
            return str(value)
    return ""


def _founding_document(kb: KnowledgeBase, entry: Entry) -> str:
    document = getattr(entry, "founding_document", None)
    return kb.entries[document].title if document in kb.entries else ""


def _illustrates(kb: KnowledgeBase, entry: Entry) -> str:
    ids = entry.illustrates if isinstance(entry, Case) else []
    return ", ".join(kb.entries[i].title for i in ids[:MAX_LIST])


def _case_ids(entry: Entry) -> list[str]:
    """The cases that illustrate ``entry`` (a case itself illustrates, it has none)."""
    return entry.cases if isinstance(entry, CitingEntry) and not isinstance(entry, Case) else []


def _case_titles(kb: KnowledgeBase, entry: Entry) -> str:
    return ", ".join(kb.entries[c].title for c in _case_ids(entry)[:MAX_LIST])


def _decline(kb: KnowledgeBase, match: Match, question: str) -> Answer:
    suggestions = tuple(Suggestion(e, kb.entries[e].title) for e in match.suggestions)
    if match.ambiguous and len(suggestions) >= 2:
        first, second = suggestions[0].title, suggestions[1].title
        title = f"Did you mean {first} or {second}?"
        summary = (
            f"Your question fits {first} and {second} about equally well, so rather than "
            "guess I ask: pick one below, or name it in your question."
        )
    else:
        title = "Not in the knowledge base"
        summary = (
            "I could not find this in the study knowledge base, which covers international "
            "security: concepts, organisations, treaties, cases and sources."
        )
    return Answer(
        question=question,
        kind="none",
        entries=(),
        confidence=match.confidence,
        title=title,
        summary=summary,
        suggestions=suggestions,
        origin="none",
        ambiguous=match.ambiguous and len(suggestions) >= 2,
    )


def sources_answer(kb: KnowledgeBase, entry_id: str | None = None) -> Answer:
    """Full references: those an entry cites, or the whole reading list (no entry)."""
    citations = _Citations(kb)
    if entry_id is None:
        sources = sorted(kb.by_kind("source"), key=lambda s: (s.source_type == "treaty", s.id))
        citations.add([Citation(source=s.id) for s in sources])
        title, summary, ids = "Reading list", "Every source behind studybot's answers.", ()
        origin = "reading-list"
    else:
        entry = kb.entries[entry_id]
        if isinstance(entry, Source):
            return entry_answer(kb, entry_id)
        cited = list(entry.sources) if isinstance(entry, CitingEntry) else []
        citations.add(cited)
        title, summary, ids = (
            f"Sources: {entry.title}",
            "The references this entry cites.",
            (entry.id,),
        )
        origin = "sources"
    return Answer(
        question=title,
        kind="source",
        entries=ids,
        confidence=1.0,
        title=title,
        summary=summary,
        citations=tuple(citations.references),
        curated=True,
        origin=origin,
    )
