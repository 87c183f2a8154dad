"""JSON Schemas for editors, generated from the pydantic models (one file per kind).

Each knowledge file starts with ``# yaml-language-server: $schema=../schema/<kind>.json``
so that editors with the YAML language server complete and check fields as you type.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.schema import MODEL_BY_KIND

SCHEMA_DIR = "schema"


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of the schema for each kind (stable formatting)."""
    texts = {}
    for kind, model in MODEL_BY_KIND.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"studybot {kind}"
        texts[f"{kind}.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return texts


def write_schemas(knowledge: Path) -> list[Path]:
    """Write every schema under ``knowledge/schema/``; return the paths written."""
    folder = knowledge / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(knowledge: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    folder = knowledge / SCHEMA_DIR
    stale = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def schema_comment(kind: str) -> str:
    """The first line of a knowledge file of ``kind``, pointing editors at its schema."""
    return f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{kind}.json"
