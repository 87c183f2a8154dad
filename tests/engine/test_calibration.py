"""The confidence model: loading the fitted file, and what its probability means."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine import Engine
from bot.matching.calibration import CALIBRATION, FEATURES, Calibration
from tests.helpers import KNOWLEDGE


def test_the_fitted_model_ships_and_reads_every_feature() -> None:
    assert CALIBRATION is not None, "bot/matching/weights.json has no calibration block"
    assert len(CALIBRATION.coefficients) == len(FEATURES)


def test_a_model_for_other_features_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    block = {"features": ["score"], "coefficients": [1.0], "intercept": 0.0}
    path.write_text(json.dumps({"calibration": block}), encoding="utf-8")
    assert Calibration.load(path) is None
    assert Calibration.load(tmp_path / "missing.json") is None


def test_probability_rises_with_score_and_margin() -> None:
    model = Calibration(tuple(1.0 for _ in FEATURES), -2.0)
    low = model.probability((0.5, 0.1, 1, 0.5, 0, 0.25, 0.5))
    high = model.probability((1.5, 0.8, 1, 0.5, 0, 0.25, 0.5))
    assert 0.0 < low < high < 1.0
    # Extreme inputs stay a probability instead of overflowing.
    assert 0.0 < model.probability(tuple(-1e9 for _ in FEATURES)) < 1e-9


def test_an_answer_reports_the_model_probability() -> None:
    engine = Engine.load(KNOWLEDGE)
    question = "what is collective security"
    reading = engine.matcher.read(question)
    result = engine.match(question)
    assert result.entries == ["collective-security"]
    assert result.confidence == round(engine.matcher.calibration.probability(reading.features), 3)
