"""Read one YAML knowledge file safely, keeping the line of every key and list item.

Line numbers make ``studybot check`` point a moderator at ``file:line`` rather than at
a field path they have to hunt for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 10 * 1024 * 1024

Loc = tuple[str | int, ...]


# libyaml's parser when available (several times faster); same nodes, same line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader that keeps dates as strings: "1945-06-26" is text in our files."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlFile:
    """A parsed file: its data, and the line of each key path (1-based)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    raw: bytes = b""  # the file's bytes, for the knowledge version hash (read once)
    duplicate_keys: list[tuple[Loc, int]] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that exists in the file."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class FileProblem(Exception):
    """A file that cannot be read as YAML at all; ``line`` is where it breaks."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_yaml_file(path: Path) -> YamlFile:
    """Read and parse ``path``; raise FileProblem for empty, binary, huge or invalid files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(1, f"file is {size / 1e6:.1f} MB; the limit is 10 MB")
        raw = path.read_bytes()
    except OSError as exc:  # unreadable, or gone between the listing and the read
        raise FileProblem(1, f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in raw:
        raise FileProblem(1, "binary file (contains NUL bytes); expected UTF-8 YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(line, "not valid UTF-8 text") from exc
    if not text.strip():
        raise FileProblem(1, "empty file")
    parsed = parse_yaml_text(text)
    parsed.raw = raw
    return parsed


def parse_yaml_text(text: str) -> YamlFile:
    """Parse YAML text into data plus a line map; raise FileProblem on a syntax error."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FileProblem(1, "empty document")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        # Point at what was left open (a bracket, a quote) when YAML says so; the place
        # where the parser gave up is often lines later.
        problem_line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        detail = exc.problem or str(exc)
        if exc.context_mark is not None and exc.context_mark.line + 1 < problem_line:
            opened = exc.context_mark.line + 1
            detail = f"{exc.context}: {detail} (noticed on line {problem_line})"
            raise FileProblem(opened, f"invalid YAML {detail}") from exc
        raise FileProblem(problem_line, f"invalid YAML: {detail}") from exc
    except yaml.YAMLError as exc:
        raise FileProblem(1, f"invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    result = YamlFile(data=data)
    _map_lines(node, (), result)
    return result


def _map_lines(node: yaml.Node, loc: Loc, out: YamlFile) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                out.duplicate_keys.append(((*loc, key), line))
            seen.add(key)
            out.lines[(*loc, key)] = line
            _map_lines(value_node, (*loc, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.lines[(*loc, index)] = item.start_mark.line + 1
            _map_lines(item, (*loc, index), out)
