"""Confidence as a calibrated probability that the answer is right.

The matcher's raw score ranks candidates; whether the best one is right depends on more
than that score (how far ahead it is, whether it was named, how much it resembles the
question). A logistic model over those features, fitted by ``tools/fit_calibration.py``
on the tune half and the dev questions, turns them into the probability that the answer
is right: the confidence the matcher reports. Whether to answer at all is still decided
by the raw score against the fitted threshold: on the tune half, gating on this
probability instead gave fewer right answers for the wrong ones it saved (see the fit
script). Its coefficients are data in ``weights.json`` (key ``calibration``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from bot.matching.tuning import WEIGHTS_FILE

# What the model reads, in order; ``Matcher.read`` computes them.
FEATURES = (
    "score",  # the reading's raw score
    "margin",  # its lead over the best entry outside the reading
    "named",  # 1 when every entry of the reading is named in the question
    "cosine",  # semantic similarity of the question with the first entry
    "comparison",  # 1 for a comparison
    "names",  # distinct entries named, a quarter each, at most 1
    "length",  # log of the number of content words, over 4 (long prompts are harder)
)


@dataclass(frozen=True)
class Calibration:
    """A fitted logistic model: probability = sigmoid(intercept + coefficients . x)."""

    coefficients: tuple[float, ...]
    intercept: float

    def probability(self, features: tuple[float, ...]) -> float:
        """The probability that a reading with ``features`` is right."""
        z = self.intercept + sum(c * x for c, x in zip(self.coefficients, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Calibration | None:
        """The fitted model of ``path``, or None before one is fitted (or if its features
        are not the ones this code computes)."""
        if not path.is_file():
            return None
        block = json.loads(path.read_text(encoding="utf-8")).get("calibration")
        if not block or tuple(block.get("features", ())) != FEATURES:
            return None
        return cls(tuple(block["coefficients"]), block["intercept"])


CALIBRATION = Calibration.load()
