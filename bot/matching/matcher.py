"""Match a question to one entry, to a pair of entries to compare, or to nothing.

Scoring, per entry: the share of the question's evidence (content words weighted by
how rare they are in the knowledge base) that the entry explains, where a word inside
one of the entry's names counts fully and a word in its prose counts partly; plus a
bonus for naming the entry outright. The result is a confidence in [0, 1]: a question
about social security or airport rules explains too little of itself to pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from bot.knowledge.base import KnowledgeBase
from bot.language.tokens import evidence_roots, is_content, tokens
from bot.language.vocabulary import CASE_CUES, COMPARISON_CUES, PAIR_LINKS, SOURCE_CUES
from bot.matching.index import Index, build_index

THRESHOLD = 0.42
SUGGESTION_FLOOR = 0.12
NAME_BONUS = 0.2
NAME_SHARE_BONUS = 0.3
FIRST_MENTION_BONUS = 0.15
SOURCE_INTENT_BONUS = 0.3
YEAR_BONUS = 0.35
CURATED_PAIR_BONUS = 0.4
LINKED_PAIR_BONUS = 0.8
PARTNER_RATIO = 0.45
SAME_KIND_BONUS = 0.2
SOURCE_REDIRECT_RATIO = 0.5
CONCEPT_PAIR_BONUS = 0.3
CONCEPT_INTENT_BONUS = 0.1
CONCEPT_CUES = frozenset({"idea", "concept", "theory", "notion", "principle", "term"})
MAX_LINK_GAP = 5
CHOICE_LINKS = frozenset({"vs", "or", "just"})
SINGLE_WORD_FACTOR = 0.5
CONTEXT_WORDS = frozenset({"in", "within", "under", "inside"})
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Mention:
    """A span of question tokens [start, end) that names an entry."""

    start: int
    end: int
    entry_id: str


@dataclass
class Match:
    """What the matcher decided: the primary entry's kind ("concept", "case"...),
    "comparison" or "none"."""

    kind: str
    entries: list[str]
    confidence: float
    suggestions: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


class Matcher:
    """Matches questions against one KnowledgeBase; build a new one on reload."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index: Index = build_index(kb)

    # -- public ---------------------------------------------------------------------

    def match(self, question: str) -> Match:
        """Decide what ``question`` asks for; never raises for any text."""
        words = self._corrected(tokens(question))
        mentions = self._mentions(words)
        scores = self._scores(words, mentions)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if self._wants_comparison(words, mentions):
            pair = self._pair(words, mentions, scores, ranked)
            if pair is not None:
                confidence = min(1.0, min(scores.get(e, 0.0) for e in pair) + 0.15)
                if confidence >= THRESHOLD:
                    return Match("comparison", list(pair), round(confidence, 3), scores=scores)
        if ranked and ranked[0][1] >= THRESHOLD:
            best, score = self._source_redirect(words, ranked)
            return Match(self.index.kinds[best], [best], round(min(score, 1.0), 3), scores=scores)
        suggestions = [e for e, s in ranked[:3] if s >= SUGGESTION_FLOOR]
        top = ranked[0][1] if ranked else 0.0
        return Match("none", [], round(min(top, 1.0), 3), suggestions, scores)

    # -- steps ----------------------------------------------------------------------

    def _corrected(self, words: list[str]) -> list[str]:
        """Replace misspelt words by the name word they most likely meant."""
        return [self.index.correct(w) or w if is_content(w) else w for w in words]

    def _mentions(self, words: list[str]) -> list[Mention]:
        """Spans that name an entry; a span inside a longer named span is dropped."""
        found: list[Mention] = []
        longest = self.index.max_name_len
        for start in range(len(words)):
            for end in range(min(len(words), start + longest), start, -1):
                ids = self.index.names.get(tuple(words[start:end]))
                if ids and any(is_content(w) for w in words[start:end]):
                    found.extend(Mention(start, end, i) for i in sorted(ids))
        return [
            m
            for m in found
            if not any(
                o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                for o in found
            )
        ]

    def _scores(self, words: list[str], mentions: list[Mention]) -> dict[str, float]:
        index = self.index
        # Cue words ("book", "report") steer the kind of entry, they are not evidence.
        query = evidence_roots([w for w in words if w not in SOURCE_CUES])
        if not query:
            return {}
        total = sum(index.weight(t) for t in query)
        named: dict[str, set[str]] = {}
        for m in mentions:
            named.setdefault(m.entry_id, set()).update(evidence_roots(words[m.start : m.end]))
        evidence: dict[str, float] = {}
        matched: dict[str, int] = {}
        for token in query:
            weight = index.weight(token)
            for entry_id, field_weight in index.postings.get(token, {}).items():
                if token in named.get(entry_id, ()):
                    field_weight = 1.0
                evidence[entry_id] = evidence.get(entry_id, 0.0) + weight * field_weight
                matched[entry_id] = matched.get(entry_id, 0) + 1
        scores = {e: v / total for e, v in evidence.items()}
        for entry_id, count in matched.items():
            if count == 1 and entry_id not in named:
                # One shared word in the prose ("what time is it") is not a topic.
                scores[entry_id] *= SINGLE_WORD_FACTOR
        context = self._context_entries(words, mentions)
        subjects = [m for m in mentions if m.entry_id not in context]
        first = min(subjects, key=lambda m: m.start).entry_id if subjects else None
        for entry_id, named_tokens in named.items():
            share = sum(index.weight(t) for t in named_tokens) / total
            bonus = NAME_BONUS + NAME_SHARE_BONUS * share
            if entry_id in context:
                bonus /= 2
            bonus += FIRST_MENTION_BONUS if entry_id == first else 0.0
            scores[entry_id] = scores.get(entry_id, 0.0) + bonus
        self._intent_bonuses(words, scores)
        return scores

    def _context_entries(self, words: list[str], mentions: list[Mention]) -> set[str]:
        """Entries named only as the setting of another ("... in the four rings model")."""
        context = set()
        kinds = self.index.kinds
        for m in mentions:
            before = [w for w in words[max(0, m.start - 2) : m.start] if w != "the"]
            # Events happen "in" places ("in Manchuria"): a case is never mere context.
            if before and before[-1] in CONTEXT_WORDS and kinds[m.entry_id] != "case":
                context.add(m.entry_id)
        subjects = {m.entry_id for m in mentions} - context
        return context if subjects else set()

    def _intent_bonuses(self, words: list[str], scores: dict[str, float]) -> None:
        """Source questions favour sources; a year favours the case of that year."""
        kinds = self.index.kinds
        if SOURCE_CUES.intersection(words):
            for entry_id in scores:
                if kinds[entry_id] == "source":
                    scores[entry_id] += SOURCE_INTENT_BONUS
        if CONCEPT_CUES.intersection(words):  # "the idea that...", "the term for..."
            for entry_id in scores:
                if kinds[entry_id] == "concept":
                    scores[entry_id] += CONCEPT_INTENT_BONUS
        years = [int(w) for w in words if _YEAR.match(w)]
        case_cue = bool(CASE_CUES.intersection(words))
        for entry_id, (first, last) in self.index.years.items():
            if entry_id in scores and any(first <= y <= last for y in years):
                scores[entry_id] += YEAR_BONUS + (0.05 if case_cue else 0.0)

    def _source_redirect(
        self, words: list[str], ranked: list[tuple[str, float]]
    ) -> tuple[str, float]:
        """ "Which book is X from?": answer with the source that X cites, when it fits."""
        best, score = ranked[0]
        if not SOURCE_CUES.intersection(words) or self.index.kinds[best] == "source":
            return best, score
        entry = self.kb.entries[best]
        cited = {c.source for c in getattr(entry, "sources", [])}
        for entry_id, value in ranked[1:6]:
            if entry_id in cited and value >= SOURCE_REDIRECT_RATIO * score:
                return entry_id, value
        return best, score

    def _wants_comparison(self, words: list[str], mentions: list[Mention]) -> bool:
        if COMPARISON_CUES.intersection(words) or "tell apart" in " ".join(words):
            return True
        # Without a cue only "X vs Y" and "X or Y" ask for a comparison ("X and Y" does not).
        return any(self._linked(words, a, b, links=CHOICE_LINKS) for a, b in pairwise(mentions))

    @staticmethod
    def _linked(
        words: list[str], left: Mention, right: Mention, links: frozenset[str] = PAIR_LINKS
    ) -> bool:
        """True when a linking word ("vs", "or", "and"...) joins two nearby mentions."""
        if left.entry_id == right.entry_id or right.start < left.end:
            return False
        gap = words[left.end : right.start]
        return len(gap) <= MAX_LINK_GAP and bool(links.intersection(gap))

    def _pair(
        self,
        words: list[str],
        mentions: list[Mention],
        scores: dict[str, float],
        ranked: list[tuple[str, float]],
    ) -> tuple[str, str] | None:
        """The two entries to compare: named ones first, else the best-scoring pair."""
        named = list(dict.fromkeys(m.entry_id for m in mentions))
        kinds = self.index.kinds
        strong_cue = bool(COMPARISON_CUES.intersection(words)) or "apart" in words
        if len(named) >= 2:
            best: tuple[float, tuple[str, str]] | None = None
            for a, b in combinations(named, 2):
                value = scores.get(a, 0.0) + scores.get(b, 0.0)
                if self.kb.comparison(a, b):
                    value += CURATED_PAIR_BONUS
                if any(
                    self._linked(words, x, y)
                    for x, y in pairwise(mentions)
                    if {x.entry_id, y.entry_id} == {a, b}
                ):
                    value += LINKED_PAIR_BONUS
                if kinds[a] == kinds[b]:
                    value += SAME_KIND_BONUS
                    if kinds[a] == "concept" and CONCEPT_CUES.intersection(words):
                        value += CONCEPT_PAIR_BONUS
                if best is None or value > best[0]:
                    best = (value, (a, b))
            assert best is not None
            if strong_cue or best[0] >= scores.get(best[1][0], 0) + LINKED_PAIR_BONUS:
                return best[1]
            return None
        if not strong_cue or not ranked:
            return None
        top = named[0] if named else ranked[0][0]
        top_score = scores.get(top, 0.0)
        partners = [
            (
                s
                + (CURATED_PAIR_BONUS if self.kb.comparison(top, e) else 0.0)
                + (SAME_KIND_BONUS if kinds[e] == kinds[top] else 0.0),
                e,
            )
            for e, s in ranked[:8]
            if e != top
            and s >= PARTNER_RATIO * top_score
            and (kinds[e] != "source" or kinds[top] == "source")
        ]
        if not partners:
            return None
        return (top, max(partners)[1])
