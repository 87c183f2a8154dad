"""Reading comparisons: whether a question sets two entries side by side, and which two.

The matcher (``matcher.py``) asks ``PairReader`` once per question: is there a comparison
cue or a structure that compares (two peers named, "X or Y", "X and Y", "X is safer than
Y"), and if so, which pair of entries: the named ones, or one named and the other read
across the link word, or the best-scoring partner.
"""

from __future__ import annotations

from itertools import combinations, pairwise

from bot.knowledge.base import KnowledgeBase
from bot.language.tokens import evidence_roots, is_content, tokens
from bot.language.vocabulary import (
    COMPARISON_CUES,
    CONCEPT_CUES,
    CONTRAST_PHRASES,
    PAIR_LINKS,
)
from bot.matching.index import NAME_WEIGHT, Index
from bot.matching.mentions import Mention, outside
from bot.matching.tuning import Tuning

CHOICE_LINKS = frozenset({"vs", "or", "just"})
# "and" in the languages entries carry names in (French, German, Spanish).
AND_LINK = frozenset({"and", "et", "und", "y"})
# "X has been more effective than (the) Y": how far each name may sit from "than".
WEIGH_BEFORE, WEIGH_AFTER = 6, 3
# "neorealism differs from classical realism": the words between two names of one entry
# that compare them ("differs from", "as against the"); further apart, two sentences.
RENAMED_GAP = 3
# How specific each kind is: a case is about one event, an organisation about many.
SPECIFICITY = {"case": 3, "document": 2, "concept": 1, "organization": 0}
LEAST_SPECIFIC = -1  # a source: the work an answer cites, never the subject beside others
# The other side of a comparison: the link words that lead to it and the content words
# it may take ("national security", "balance of power").
SIDE_LINKS = frozenset({"and", "vs", "or", "from", "than", "with", "to", "versus"})
SIDE_WORDS = 3
# "in relation to", "with regard to": the middle word of a phrase meaning "about".
REGARDING = frozenset({"relation", "regard", "respect", "reference"})
LEADING_ARTICLES = frozenset({"a", "an", "the"})


class PairReader:
    """The comparison reading for one knowledge base (its entries, index and organs)."""

    def __init__(self, kb: KnowledgeBase, index: Index, organs: dict[str, tuple[str, ...]]) -> None:
        self.kb = kb
        self.index = index
        self.organs = organs  # each organisation's organs (``matcher._organs``)

    def strong_cue(self, words: list[str], mentions: list[Mention]) -> bool:
        """A comparison cue outside the names, a contrast phrase ("X but not Y"), or both
        sides of a curated pair of one kind named ("R2P is humanitarian intervention by
        another name")."""
        if COMPARISON_CUES.intersection(outside(_without_regarding(words), mentions)):
            return True
        text = f" {' '.join(words)} "
        if "tell apart" in text or any(f" {p} " in text for p in CONTRAST_PHRASES):
            return True
        if self._weighed(words, mentions):
            return True
        named = list(dict.fromkeys(m.entry_id for m in mentions))
        return any(
            self._curated_same_kind(a, b) and self._most_specific(a, mentions)
            for a, b in combinations(named, 2)
        )

    @staticmethod
    def _weighed(words: list[str], mentions: list[Mention]) -> bool:
        """ "X has been more effective than Y", "is X safer than Y": a name shortly before
        "than" and another one right after it."""
        for i, word in enumerate(words):
            if word != "than":
                continue
            before = {m.entry_id for m in mentions if i - WEIGH_BEFORE <= m.end <= i}
            after = {m.entry_id for m in mentions if i < m.start <= i + WEIGH_AFTER}
            if before and after and before != after:
                return True
        return False

    def choice_linked(self, words: list[str], mentions: list[Mention], t: Tuning) -> bool:
        """Without a cue, "X vs Y" and "X or Y" still ask for a comparison."""
        return any(self._linked(words, a, b, t, links=CHOICE_LINKS) for a, b in pairwise(mentions))

    def two_peers(self, mentions: list[Mention], context: set[str]) -> bool:
        """Exactly two subjects of one kind named, or exactly two of the most specific kind
        named, neither a part of the other: "was NATO more effective than the UN", "did
        Suez shape the fate of Hungary"."""
        named = list(dict.fromkeys(m.entry_id for m in mentions if m.entry_id not in context))
        kinds = self.index.kinds
        if len(named) > 2:
            peers = self._specific_peers(named)
            if peers is None:
                return False
            named = list(peers)
        if len(named) != 2:
            return False
        a, b = named
        return kinds[a] == kinds[b] != "source" and not self._part(a, b)

    def _part(self, a: str, b: str) -> bool:
        """True when one is an organ of the other (the Security Council of the UN)."""
        return b in self.organs.get(a, ()) or a in self.organs.get(b, ())

    def paired_peers(
        self, words: list[str], mentions: list[Mention], context: set[str], t: Tuning
    ) -> bool:
        """Two subjects named side by side with "and" ("Article 4 and Article 5 of the
        NATO treaty", "the Manchurian and Abyssinia crises on the League", "appeasement and
        the collapse of the League as causes of the war"), neither a work, of one kind or
        else neither a part of the other, and no subject named that is more specific."""
        kinds = self.index.kinds
        subjects = [m for m in mentions if m.entry_id not in context]
        return any(
            "source" not in (kinds[left.entry_id], kinds[right.entry_id])
            and (
                kinds[left.entry_id] == kinds[right.entry_id]  # the Court and the Council
                or not self._part(left.entry_id, right.entry_id)
            )
            and self._linked(words, left, right, t, links=AND_LINK)
            and self._most_specific(left.entry_id, subjects)
            for left, right in pairwise(subjects)
        )

    def pair(
        self,
        words: list[str],
        mentions: list[Mention],
        scores: dict[str, float],
        ranked: list[tuple[str, float]],
        strong_cue: bool,
        t: Tuning,
    ) -> tuple[str, str] | None:
        """The two entries to compare: named ones first, else the best-scoring pair."""
        named = list(dict.fromkeys(m.entry_id for m in mentions))
        kinds = self.index.kinds
        if len(named) >= 3 and all(
            self._linked(words, x, y, t, listed=True) for x, y in pairwise(mentions)
        ):
            # "Distinguish A, B and C": a list is read in order, the first two compared.
            return named[0], named[1]
        if len(named) >= 2:
            best: tuple[float, tuple[str, str]] | None = None
            # Without a cue, three or more names compare the two most specific ones.
            peers = self._specific_peers(named) if len(named) > 2 and not strong_cue else None
            for a, b in [peers] if peers else combinations(named, 2):
                value = scores.get(a, 0.0) + scores.get(b, 0.0)
                if self.kb.comparison(a, b):
                    value += t.curated_pair_bonus
                if any(
                    self._linked(words, x, y, t, listed=True)
                    for x, y in pairwise(mentions)
                    if {x.entry_id, y.entry_id} == {a, b}
                ):
                    value += t.linked_pair_bonus
                if kinds[a] == kinds[b]:
                    value += t.same_kind_bonus
                    if kinds[a] == "concept" and CONCEPT_CUES.intersection(words):
                        value += t.concept_pair_bonus
                if best is None or value > best[0]:
                    best = (value, (a, b))
            assert best is not None
            # The question's structure already said "two subjects and a relation" (a cue
            # word, a link, two peers named): the best-valued pair is the answer. A further
            # gate on the second side's score (it had to reach the link bonus) held back
            # named peers ("did the Hungarian revolution affect the Suez intervention").
            return best[1]
        if not strong_cue or not ranked:
            return None
        if len(named) == 1 and self._renamed(words, mentions):
            # One entry under two of its names ("how does neorealism differ from classical
            # realism"): the comparison is inside that entry, with no partner to find.
            return None
        top = named[0] if named else ranked[0][0]
        if named:
            across = self._across(words, mentions[0], scores)
            if across is not None:
                return top, across
        top_score = scores.get(top, 0.0)
        partners = [
            (
                s
                + (t.curated_pair_bonus if self.kb.comparison(top, e) else 0.0)
                + (t.same_kind_bonus if kinds[e] == kinds[top] else 0.0),
                e,
            )
            for e, s in ranked[:8]
            if e != top
            and s >= t.partner_ratio * top_score
            and (kinds[e] != "source" or kinds[top] == "source")
        ]
        if not partners:
            return None
        return (top, max(partners)[1])

    def _specificity(self, entry_id: str) -> int:
        """How specific an entry's kind is (SPECIFICITY; a source least of all)."""
        return SPECIFICITY.get(self.index.kinds[entry_id], LEAST_SPECIFIC)

    def _specific_peers(self, named: list[str]) -> tuple[str, str] | None:
        """The two entries of the most specific kind named, when there are exactly two:
        Somalia and Rwanda in "what did Somalia teach the Security Council about Rwanda"
        (the organisation is where the two cases met)."""
        top = max(self._specificity(e) for e in named)
        peers = [e for e in named if self._specificity(e) == top]
        return (peers[0], peers[1]) if len(peers) == 2 and top > LEAST_SPECIFIC else None

    def _most_specific(self, entry_id: str, subjects: list[Mention]) -> bool:
        """True when no subject named is of a more specific kind than ``entry_id``'s: in
        "NATO and the UN in Kosovo" the case is the subject, not the two organisations."""
        rank = self._specificity(entry_id)
        return all(self._specificity(m.entry_id) <= rank for m in subjects)

    def _renamed(self, words: list[str], mentions: list[Mention]) -> bool:
        """Two different names of one entry a few words apart ("neorealism differ from
        classical realism")."""
        return any(
            words[x.start : x.end] != words[y.start : y.end] and 0 <= y.start - x.end <= RENAMED_GAP
            for x, y in pairwise(mentions)
        )

    def _across(self, words: list[str], mention: Mention, scores: dict[str, float]) -> str | None:
        """The entry one of whose names holds the words across the link from the one named
        entry, in order ("... and an alliance": the military alliance), the best-scoring
        one when several do, or None: the other side of "between X and Y" is read where it
        stands. ("National security" is no part of "United Nations Security Council".)"""
        side = _other_side(words, mention)
        roots = evidence_roots(side)
        if not roots:
            return None
        index = self.index
        # Entries with every root of the side in their names: the few to read names of.
        holders: set[int] | None = None
        for root_ in roots:
            posting = index.posting(root_)
            if posting is None:
                return None
            rows, field_weights = posting
            named_rows = set(rows[field_weights >= NAME_WEIGHT].tolist())
            holders = named_rows if holders is None else holders & named_rows
        # A work's title is no side unless a work is compared ("... national security":
        # not Snyder's book).
        sources = index.kinds[mention.entry_id] == "source"
        found = [
            entry_id
            for entry_id in (index.ids[row] for row in holders or ())
            if entry_id != mention.entry_id
            and (sources or index.kinds[entry_id] != "source")
            and self._name_holds(entry_id, side)
        ]
        return max(found, key=lambda e: (scores.get(e, 0.0), e)) if found else None

    def _name_holds(self, entry_id: str, side: list[str]) -> bool:
        """True when the title or an alias of ``entry_id`` has the words ``side`` in a row."""
        entry = self.kb.entries[entry_id]
        width = len(side)
        for name in (entry.title, *entry.aliases):
            words = tokens(name)
            if any(words[i : i + width] == side for i in range(len(words) - width + 1)):
                return True
        return False

    def _curated_same_kind(self, a: str, b: str) -> bool:
        kinds = self.index.kinds
        return a != b and kinds[a] == kinds[b] and self.kb.comparison(a, b) is not None

    def _linked(
        self,
        words: list[str],
        left: Mention,
        right: Mention,
        t: Tuning,
        links: frozenset[str] = PAIR_LINKS,
        listed: bool = False,
    ) -> bool:
        """True when a linking word ("vs", "or", "and"...) joins two nearby mentions; with
        ``listed``, also two names of one kind side by side: "peacekeeping, peacemaking and
        ..." is a list ("NATO collective security" is not)."""
        if left.entry_id == right.entry_id or right.start < left.end:
            return False
        gap = words[left.end : right.start]
        if not gap:
            kinds = self.index.kinds
            return listed and kinds[left.entry_id] == kinds[right.entry_id]
        return len(gap) <= t.max_link_gap and bool(links.intersection(gap))


def _without_regarding(words: list[str]) -> list[str]:
    """``words`` with the relation words that compare nothing blanked: "in relation to"
    and "with respect to" mean "about" ("... particularly in relation to nuclear arms"),
    and "international relations" is the field. Positions are kept, so mentions still
    index the list."""
    out = list(words)
    for i in range(1, len(words)):
        after = words[i + 1] if i + 1 < len(words) else ""
        regarding = words[i - 1] in ("in", "with") and after == "to" and words[i] in REGARDING
        field = words[i - 1] == "international" and words[i] == "relation"
        if regarding or field:
            out[i] = ""
    return out


def _other_side(words: list[str], mention: Mention) -> list[str]:
    """The words across a comparison link from ``mention``, after it or before it: "an
    alliance" in "between a coalition of the willing and an alliance" and in "between an
    alliance and a coalition of the willing"; empty when no link is there."""
    if mention.end < len(words) and words[mention.end] in SIDE_LINKS:
        return _phrase(words[mention.end + 1 :])
    start = mention.start
    while start > 0 and words[start - 1] in LEADING_ARTICLES:
        start -= 1
    if start > 0 and words[start - 1] in SIDE_LINKS:
        return _phrase(words[: start - 1][::-1])[::-1]
    return []


def _phrase(words: list[str]) -> list[str]:
    """The first content words of ``words`` (at most SIDE_WORDS), up to the first word
    that is not content after one that is: "an alliance in 1990" gives "alliance"."""
    side: list[str] = []
    for word in words:
        if not is_content(word):
            if side:
                break
            continue
        side.append(word)
        if len(side) == SIDE_WORDS:
            break
    return side
