"""The four-rings diagram: a real PNG named from the knowledge base, cached per knowledge
version, with alt text."""

from __future__ import annotations

import io
from pathlib import Path

from bot_helpers import KNOWLEDGE, copy_knowledge
from PIL import Image

from bot.engine import Engine
from bot.knowledge.loader import load_knowledge
from bot.pictures.rings import RING_ENTRIES, four_rings


def test_the_diagram_is_a_png_with_alt_text() -> None:
    kb = Engine.load(KNOWLEDGE).kb
    picture = four_rings(kb)
    image = Image.open(io.BytesIO(picture.png))
    assert image.format == "PNG" and image.width >= 600
    for number, entry_id in enumerate(RING_ENTRIES, start=1):
        assert f"ring {number}, {kb.entries[entry_id].title}" in picture.alt_text
    # Drawn once per knowledge version.
    assert four_rings(kb) is picture


def test_a_renamed_ring_is_redrawn(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path / "knowledge")
    path = root / "concepts" / "promoting-stability.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Promoting stability", "title: Stability promotion", 1
        ),
        encoding="utf-8",
    )
    kb = load_knowledge(root).kb
    picture = four_rings(kb)
    assert "ring 4, Stability promotion" in picture.alt_text
    assert picture.png != four_rings(Engine.load(KNOWLEDGE).kb).png
