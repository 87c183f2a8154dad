"""The four-rings diagram: a real PNG named from the knowledge base, cached per knowledge
version, with alt text."""

from __future__ import annotations

import io
from pathlib import Path

from bot_helpers import KNOWLEDGE, copy_knowledge
from PIL import Image

from bot.engine import Engine
from bot.knowledge import rings
from bot.knowledge.loader import load_knowledge
from bot.knowledge.rings import label
from bot.pictures.rings import RING_ENTRIES, four_rings, ring_members


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


def test_institutions_are_placed_in_the_rings_their_data_names(tmp_path: Path) -> None:
    kb = Engine.load(KNOWLEDGE).kb
    members = ring_members(kb)
    for ring, names in zip(RING_ENTRIES, members, strict=True):
        expected = {label(org) for org, _ in rings.members(kb, ring)}
        assert set(names) == expected, ring
    assert "NATO" in members[2] and "CSTO" in members[2]  # collective defense
    assert "(CSTO, " in four_rings(kb).alt_text
    # Taking the CSTO out of collective defense takes it out of the picture.
    root = copy_knowledge(tmp_path / "knowledge")
    path = root / "organizations" / "csto.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("rings:\n")
    end = text.index("\n", text.index("  - {ring: collective-defense", start))
    path.write_text(text[:start] + "rings: []" + text[end:], encoding="utf-8")
    changed = load_knowledge(root).kb
    assert changed is not None
    assert "CSTO" not in ring_members(changed)[2]
    assert four_rings(changed).png != four_rings(kb).png
