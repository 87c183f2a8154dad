"""The platform-neutral Answer that every renderer (terminal, JSON, Discord) draws."""

from __future__ import annotations

from dataclasses import dataclass

# Calibrated confidences (tools/fit_calibration.py, on the real questions' tune half): from
# 0.97 the answers of the tune half were right 97% of the time or more (matching v2's
# target for a confident answer; refitted on 671 tune questions at the end of 2026-12-07:
# 59/60 in sample, and 45/46 when each answer's confidence came from a model fitted
# without it),
# from 0.7 about 85%; below that a student should check the title. bench/bench_quality.py
# prints how often the confident ones are right per set.
SURE_MATCH = 0.97
LIKELY_MATCH = 0.7


@dataclass(frozen=True)
class Reference:
    """A numbered citation: [number] full reference (with the place cited)."""

    number: int
    source_id: str
    text: str
    # Author-date with a short title, for compact cards: "White, *Collective Security Law*
    # (2003), ch. 2".
    short: str = ""


@dataclass(frozen=True)
class Section:
    """A titled block of an answer; ``items`` render as a bulleted list."""

    title: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetRow:
    """One row of a side-by-side comparison."""

    facet: str
    left: str
    right: str


@dataclass(frozen=True)
class Suggestion:
    """A did-you-mean entry offered when the bot declines."""

    entry_id: str
    title: str


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question, before any rendering.

    ``kind`` is the primary entry's kind, "comparison" or "none"; ``entries`` holds the
    primary entry first, or the two compared entries.
    """

    question: str
    kind: str
    entries: tuple[str, ...]
    confidence: float
    title: str = ""
    summary: str = ""
    summary_citations: tuple[int, ...] = ()
    sections: tuple[Section, ...] = ()
    facets: tuple[FacetRow, ...] = ()
    facet_titles: tuple[str, str] = ("", "")
    citations: tuple[Reference, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    curated: bool = False
    # A decline that is "Did you mean A or B?": two readings were too close to call.
    ambiguous: bool = False
    # How to rebuild this answer from its entries alone (stateless Discord page buttons):
    # "entry", "comparison", "sources" (of entries[0]), "reading-list" or "none".
    origin: str = "entry"
    # True when the answer matched a free-text question (not a lookup by name): only then
    # is the confidence worth showing, and the question worth echoing.
    matched: bool = False
    # The titles of the cases that illustrate it, and the entries worth comparing it with
    # (curated comparisons first, then related entries).
    cases: tuple[str, ...] = ()
    compare_with: tuple[Suggestion, ...] = ()

    @property
    def answered(self) -> bool:
        """False when the bot declined."""
        return self.kind != "none"

    @property
    def match_words(self) -> str:
        """How sure the match is, in words (the confidence is a calibrated probability)."""
        if self.confidence >= SURE_MATCH:
            return "confident match"
        if self.confidence >= LIKELY_MATCH:
            return "likely match"
        return "best guess: check the title"
