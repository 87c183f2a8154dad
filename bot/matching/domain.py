"""Is a question about international security at all? The matcher's domain check.

A question that names an entry outright is; one whose only names are generic words
("league", "veto"), a short alias ("SDN"), a bare numbered part ("chapter 7") or a one-word
name that another field's word qualifies ("data sovereignty") must show more of the
subject: words of the knowledge base's own vocabulary, a second generic name, nothing but
everyday words, or a close resemblance to an entry without the generic names themselves.
"""

from __future__ import annotations

from bot.knowledge.base import KnowledgeBase
from bot.language.tokens import content_tokens, evidence_roots, is_content, root, tokens
from bot.language.vocabulary import (
    ACRONYM_COMPOUNDS,
    ACRONYM_THING_WORDS,
    EVERYDAY_WORDS,
    GENERIC_WORDS,
    NUMBERED_WORDS,
    OTHER_SENSE_WORDS,
    SETTING_WORDS,
)
from bot.matching.index import Index
from bot.matching.mentions import Mention
from bot.matching.semantic import SemanticIndex
from bot.matching.tuning import Tuning

EVERYDAY_ROOTS = frozenset(root(w) for w in EVERYDAY_WORDS)
OTHER_SENSE_ROOTS = frozenset(root(w) for w in OTHER_SENSE_WORDS)
GENERIC_ROOTS = frozenset(root(w) for w in GENERIC_WORDS)
# A name this short that is a single token (SDN, LoN) is also many other things' name.
SHORT_ALIAS = 3
ACRONYM_LEN = 4  # OSCE, NATO, CSTO: the acronyms another thing's name may share
SELF = "self"  # the generic word of "self-defence" (see DomainCheck._generic)


class DomainCheck:
    """The domain check for one knowledge base (its vocabulary, index and vectors)."""

    def __init__(self, kb: KnowledgeBase, index: Index, semantic: SemanticIndex | None) -> None:
        self._roots = domain_roots(kb)
        # What may place a numbered part: the subject's vocabulary and its generic words.
        self._part_roots = (self._roots | GENERIC_ROOTS) - OTHER_SENSE_ROOTS
        self.index = index
        self.semantic = semantic

    def admits(self, words: list[str], mentions: list[Mention], t: Tuning) -> bool:
        """True when the question (its tokens and the names found in them) is about our
        subject, not another sense of our words; ``t`` holds the matcher's constants."""
        other_field = bool(OTHER_SENSE_WORDS & set(words))
        specific = [m for m in mentions if not self.generic(words, m)]
        if specific:
            # A concept's name is other fields' word too ("deterrence theory" of crime,
            # "realism" beside "naturalism"): another field named outright takes it there.
            kinds = self.index.kinds
            return not (other_field and all(kinds[m.entry_id] == "concept" for m in specific))
        # "The governor's veto", "does the death penalty deter": the other field is named
        # outright, and no support from our words ("theory", "effective"), nor a summary
        # that uses the field's word ("the US Congress"), brings the generic name back.
        if other_field:
            return False
        # "Net neutrality", "school sanctions": a setting's own term, however many of our
        # words stand around it ("what is the current status of net neutrality").
        if any(self._in_a_setting(words, m) for m in mentions):
            return False
        named = {root(w) for m in mentions for w in words[m.start : m.end]}
        unnamed = [r for r in evidence_roots(words) if r not in named]
        support = sum(self.index.weight(r) for r in unnamed if r in self._roots)
        if support >= t.domain_support:
            return True
        # A numbered part ("article 5") is more specific than a generic word: any word of
        # the subject beside it places it, a generic one too ("of the charter", "a state
        # may"); "chapter 7 bankruptcy" stays out.
        numbered = mentions and all(self._numbered(words[m.start : m.end]) for m in mentions)
        if numbered and any(r in self._part_roots for r in unnamed):
            return True
        # Two generic names of different entries vouch for each other ("the veto in the
        # security council"); one alone does not ("pocket veto", "student council").
        if len({m.entry_id for m in mentions}) >= 2:
            return True
        # Nothing but the generic name and everyday words ("what is the veto"): in a study
        # server that is the subject. Any other word ("pocket veto", "ivy league") is not.
        # A name another setting qualifies ("school sanctions") is not rescued this way.
        if all(r in EVERYDAY_ROOTS for r in unnamed) and not any(
            self._compound(words, m) for m in mentions
        ):
            return True
        if not self.semantic:
            return False
        # Resemblance to an entry counts only without the generic names themselves and
        # their derived forms: "pocket veto" resembles the veto entry through the word
        # "veto" alone, "peaceful assembly" the peace entries through "peaceful".
        generic = {i for m in mentions for i in range(m.start, m.end)}
        rest = " ".join(
            w for i, w in enumerate(words) if i not in generic and root(w) not in GENERIC_ROOTS
        )
        best = self.semantic.similarities(rest, 1).best() if rest else 0.0
        return best >= t.domain_similarity

    def generic(self, words: list[str], mention: Mention) -> bool:
        """True when ``mention`` is a generic name or another field's compound: a name
        that says on its own that the question is about our subject is neither."""
        return self._generic(words[mention.start : mention.end]) or self._compound(words, mention)

    def _compound(self, words: list[str], mention: Mention) -> bool:
        """A one-word name after a word from outside our subject, which makes it another
        field's term ("data sovereignty", "net neutrality", "school sanctions"), or a short
        alias before a word that makes an acronym another thing's name ("SDN list")."""
        if mention.end - mention.start != 1:
            return False
        after = words[mention.end] if mention.end < len(words) else ""
        if after in ACRONYM_COMPOUNDS and len(words[mention.start]) <= SHORT_ALIAS:
            return True
        if after in ACRONYM_THING_WORDS and len(words[mention.start]) <= ACRONYM_LEN:
            return True
        if mention.start == 0:
            return False
        if self._in_a_setting(words, mention):  # everyday words, but another setting's
            return True
        before = words[mention.start - 1]
        return (
            is_content(before)
            and not before.isdigit()
            and root(before) not in self._roots
            and root(before) not in EVERYDAY_ROOTS
        )

    @staticmethod
    def _in_a_setting(words: list[str], mention: Mention) -> bool:
        """A one-word name right after a setting word ("net", "school", "food")."""
        return (
            mention.end - mention.start == 1
            and mention.start > 0
            and words[mention.start - 1] in SETTING_WORDS
        )

    @staticmethod
    def _numbered(span: list[str]) -> bool:
        """A name that is only a numbered part of some text: "chapter 7", "article 51"."""
        return len(span) == 2 and span[0] in NUMBERED_WORDS and span[1].isdigit()

    @staticmethod
    def _generic(span: list[str]) -> bool:
        """A name made only of generic words, a lone short alias ("sdn", "lon"), or a
        numbered part of an unnamed text ("chapter 7" is also bankruptcy, "article 5" a
        constitution's)."""
        content = content_tokens(span)
        if len(content) == 1 and len(content[0]) <= SHORT_ALIAS and not content[0].isdigit():
            return True
        if DomainCheck._numbered(span):
            return True
        # "veto power", "security system": a generic word with everyday ones is no more.
        # Two generic words make a name of their own ("security council", "general
        # assembly": a student council or a city's assembly is never called that), but a
        # "self" compound does not: a person's self-defence is the everyday sense.
        generic = [w for w in content if w in GENERIC_WORDS]
        if len(generic) >= 2 and SELF not in generic:
            return False
        return all(w in GENERIC_WORDS or w in EVERYDAY_WORDS for w in content) and bool(generic)


def domain_roots(kb: KnowledgeBase) -> frozenset[str]:
    """Roots of the words in entry titles, aliases and summaries: the subject's own
    vocabulary (bodies and key points are left out: they use everyday words too), with
    generic and everyday words removed."""
    found: set[str] = set()
    for entry in kb.entries.values():
        text = " ".join([entry.title, *entry.aliases, entry.summary])
        found.update(root(w) for w in content_tokens(tokens(text)))
    return frozenset(found - GENERIC_ROOTS - EVERYDAY_ROOTS)
