"""Every number the matcher decides with, in one place, each with the reason for its value.

Values marked "fitted" are overwritten by ``weights.json`` (next to this file), written by
``tools/fit_weights.py`` from the tune half of the real questions and the dev questions;
the defaults here are the hand-set starting point of that fit. Nothing is fitted on the
held-out half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Tuning:
    """The matcher's constants. See the module docstring for which ones are fitted."""

    # -- lexical evidence (index.py builds the field weights) ---------------------------
    # Bonus for naming an entry outright, plus a share of the question's weight the name
    # covers: naming is the strongest evidence a student gives.
    name_bonus: float = 0.2
    name_share_bonus: float = 0.3
    # An entry named twice or more, and more often than any other, is the subject of a
    # long prompt whose other words dilute its score. A name bonus and a half: on the tune
    # half 0.1-0.2 turned two declines into right answers, 0.3-0.4 four (and one right
    # answer into a wrong one at every value).
    repeat_bonus: float = 0.3
    # One shared prose word ("what time is it") is not a topic.
    single_word_factor: float = 0.5
    # Scores divide the evidence by weight ** exponent x typical ** (1 - exponent), the
    # question's total word weight: a question of the typical weight keeps a plain share,
    # a long prompt is diluted less than linearly. On the tune half (2026-12-07) exponents
    # 0.75-0.85 with typical weights 8-10 all gave 5-8 more right answers and about as
    # many wrong as the plain share (exponent 1.0); 0.7 or a typical weight of 4 more wrong.
    length_exponent: float = 0.8
    typical_weight: float = 10.0
    # -- intent: what kind of entry the question asks for (fitted) ----------------------
    concept_intent_bonus: float = 0.1  # "the idea that", "the theory of"
    # A source named without "book", "wrote", "cite"... ("Chapter VII of the UN Charter")
    # is rarely what the student asks about.
    unasked_source_factor: float = 0.7
    year_bonus: float = 0.35  # a year inside a case's period points at that case
    # Specific beats general: when entries of different kinds are named together (the
    # League and Abyssinia), the most specific kind (case, then document, then concept,
    # then organisation) answers first. Fitted.
    specific_bonus: float = 0.3
    # "Which organ of the UN": the whole keeps this share of its score and each of its
    # organs gains the bonus, so that the rest of the question picks the organ.
    whole_factor: float = 0.5
    organ_bonus: float = 0.3
    # -- the semantic signal (fitted) -------------------------------------------------------
    # Cosine similarity above the floor adds weight x (cosine - floor). The floor sits near
    # the median similarity of an unrelated question to an entry.
    semantic_weight: float = 1.0
    semantic_floor: float = 0.35
    # -- domain: is the question about international security at all (fitted) ----------
    # A question whose only names are generic words ("league", "veto") must carry this
    # much other evidence from the knowledge base's names and summaries, or resemble an
    # entry this closely, to be answered.
    domain_support: float = 1.5
    domain_similarity: float = 0.55
    # -- comparisons --------------------------------------------------------------------
    curated_pair_bonus: float = 0.4  # a pair written up by hand is what students compare
    linked_pair_bonus: float = 0.8  # "X vs Y", "X or Y": a link word joins the two names
    same_kind_bonus: float = 0.2  # two concepts, two organisations, two cases
    concept_pair_bonus: float = 0.3  # two concepts with "idea", "theory"... nearby
    partner_ratio: float = 0.45  # an unnamed partner must score this share of the first
    max_link_gap: int = 5  # words between the two names of "X ... vs ... Y"
    # -- candidates: how many entries each signal puts forward -----------------------
    # The answer and its three suggestions come from the first few; a few dozen leave room
    # for bonuses to reorder them, while ranking all 10,000 entries of a big knowledge base
    # cost 15 ms a question. Not fitted: on the real knowledge base (148 entries) they
    # change no answer of any question set.
    semantic_candidates: int = 64
    lexical_candidates: int = 100
    # -- decisions (fitted) ---------------------------------------------------------------
    threshold: float = 0.42  # below it: decline, with did-you-mean suggestions
    # With a fitted calibration (calibration.py) the probability decides, and a reading
    # needs only this raw score to be put to it: below it nothing fits at all.
    candidate_floor: float = 0.15
    suggestion_floor: float = 0.12  # weaker candidates are not worth suggesting
    # Two readings closer than this ratio, neither named outright: ask "A or B?".
    ambiguity_ratio: float = 0.92
    source_redirect_ratio: float = 0.5  # "which book is X from": the cited source, if close
    # Confidence = logistic(scale x (score - threshold)): the threshold maps to 0.5, and
    # scores a quarter above it to about 0.73. Not fitted; bench_quality prints how often
    # each confidence bucket is right.
    confidence_scale: float = 4.0

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Tuning:
        """The defaults, with the fitted values of ``path`` applied when it exists."""
        base = cls()
        if not path.is_file():
            return base
        fitted = json.loads(path.read_text(encoding="utf-8")).get("values", {})
        known = {f.name for f in fields(cls)}
        return replace(base, **{k: v for k, v in fitted.items() if k in known})


TUNING = Tuning.load()
