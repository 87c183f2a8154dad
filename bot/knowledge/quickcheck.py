"""Temporary: validate single knowledge files against the schema (until `studybot check`)."""

import sys

import yaml

from bot.knowledge.schema import MODEL_BY_KIND

for path in sys.argv[1:]:
    data = yaml.safe_load(open(path, encoding="utf-8"))
    try:
        MODEL_BY_KIND[data["kind"]].model_validate(data)
        print("ok", path)
    except Exception as exc:  # noqa: BLE001
        print("FAIL", path, exc)
