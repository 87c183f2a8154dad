"""Placeholder text left in a knowledge file: an unfinished entry must never reach students.

`studybot new` writes skeletons full of TODO; a moderator who forgets one would put
"TODO one-sentence definition" on Discord. Any such marker in any value is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.knowledge.yamlfile import Loc

# Markers people leave in drafts: the skeleton's own TODO and the usual FIXME, TBD and
# lorem ipsum. Whole words in capitals, so the Spanish "todo" of an alias is not one;
# no XXX, which is also a Roman numeral (a UN General Assembly session).
PLACEHOLDER = re.compile(r"\b(?:TODO|FIXME|TBD)\b|(?i:lorem ipsum)")
# Shown from the start of the value, so the moderator recognises it.
SHOWN_CHARS = 40


def placeholders(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(location, the value's start) of every string in ``data`` holding placeholder text."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, (*loc, index))
    elif isinstance(data, str) and PLACEHOLDER.search(data):
        shown = " ".join(data.split())
        yield loc, shown if len(shown) <= SHOWN_CHARS else shown[: SHOWN_CHARS - 1] + "…"
