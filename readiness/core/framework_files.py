"""Reading a framework file (TOML, YAML or JSON), and where each of its keys is, so a problem says where to look.

    raw, places = read_framework_file(path)   # the data, and {"questions[5].choices[0].blocker": line 212, …}
    located(problems, places)                  # each problem with `line 212` (the nearest key that has one)

Best effort by design: a key the scan cannot place takes the line of the nearest enclosing key
that it can; a file the scan cannot read at all gives no lines (the problems still name their keys).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..text import Text
from .errors import FrameworkError, Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]+"|[A-Za-z0-9_-]+)\s*=\s*(.*)$')
_STEP = re.compile(r"\.?([^.\[]+)|\[(\d+)\]")


def read_framework_file(path: Path) -> tuple[Mapping[str, Any], dict[str, Text]]:
    """The file's data and the place of its keys; FrameworkError (one problem, `file`) when it cannot be read or parsed."""
    from .errors import ImportFileError, ValidationError
    from .limits import check_json_depth, described, parse_json, read_document, shown

    try:
        data = read_document(path, "a framework file")
    except ImportFileError as exc:
        reason = str(exc).removeprefix(f"{path}: ").removeprefix("cannot read the file: ")
        raise FrameworkError([Problem("file", Text("cannot read framework file: {reason}", reason=reason))], str(path)) from None
    suffix = path.suffix.lower()
    try:
        text = data.decode("utf-8" if suffix == ".toml" else "utf-8-sig")
        if suffix == ".toml":
            raw = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml

            if check_json_depth(text) is not None:  # YAML's flow style nests [ and { as JSON does
                raise ValueError(f"nested deeper than {described('json_depth')}")
            raw = yaml.safe_load(text) or {}
        else:
            raw = parse_json(data)
    except ValidationError as exc:
        reason = exc.problems[0].message
        raise FrameworkError([Problem("file", Text("not a valid framework file: {reason}", reason=reason))], str(path)) from None
    except Exception as exc:  # any parser's syntax error (or a recursion too deep): report it as a framework problem
        reason = shown(" ".join(str(exc).split()) or type(exc).__name__, 200)[1:-1]
        raise FrameworkError([Problem("file", Text("not a valid framework file: {reason}", reason=reason))], str(path)) from None
    return raw, file_places(text, suffix)


def file_places(text: str, suffix: str) -> dict[str, Text]:
    """The place (`line N`) of each key the scan finds in a framework file's text."""
    try:
        lines = _toml_lines(text) if suffix == ".toml" else _yaml_lines(text)
    except Exception:  # noqa: BLE001 - a file the scan cannot follow: no lines, the keys still say where
        return {}
    return {path: Text("line {line}", line=line) for path, line in lines.items()}


def located(problems: list[Problem], places: Mapping[str, object]) -> list[Problem]:
    """The problems, each with the place of its key or of the nearest enclosing key that has one, in the file's order."""
    if not places:
        return problems
    found = [replace(p, place=_nearest(p.field, places)) if p.place is None else p for p in problems]
    return sorted(found, key=_line)


def _line(problem: Problem) -> float:
    """The line a problem is on (problems with no line last, in the order found)."""
    values = getattr(problem.place, "values", None) or {}
    return values.get("line", float("inf"))


def _nearest(path: str, places: Mapping[str, object]) -> object | None:
    while path:
        if path in places:
            return places[path]
        path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[]+|\[\d+\])$", path) else ""
    return None


def _toml_lines(text: str) -> dict[str, int]:
    """Keys of a TOML file and their lines: tables, arrays of tables, keys, and items of multi-line arrays."""
    found: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    array: tuple[str, int, int] | None = None  # (path, items seen, open brackets) of a multi-line array
    for number, line in enumerate(text.splitlines(), start=1):
        if array is not None:
            path, items, depth = array
            if line.strip().startswith("{"):
                found.setdefault(f"{path}[{items}]", number)
                items += 1
            depth += _brackets(line)
            array = (path, items, depth) if depth > 0 else None
            continue
        if header := _HEADER.match(line):
            table = _table_path(header.group(2), header.group(1) == "[[", counts)
            found.setdefault(table, number)
        elif key := _KEY.match(line):
            path = f"{table}.{key.group(1).strip(chr(34))}".lstrip(".")
            found.setdefault(path, number)
            if _brackets(key.group(2)) > 0:
                array = (path, 0, _brackets(key.group(2)))
    return found


def _table_path(name: str, is_array: bool, counts: dict[str, int]) -> str:
    """`questions.choices` as a path with the index of each array of tables (`questions[3].choices[1]`)."""
    parts = [p.strip().strip('"') for p in name.split(".")]
    plain = ".".join(parts)
    if is_array:
        counts[plain] = counts.get(plain, -1) + 1
        for other in [k for k in counts if k.startswith(plain + ".")]:
            del counts[other]  # a new question starts its choices from 0
    path = []
    for i, part in enumerate(parts):
        prefix = ".".join(parts[: i + 1])
        path.append(f"{part}[{counts[prefix]}]" if prefix in counts else part)
    return ".".join(path)


def _brackets(text: str) -> int:
    """Opened minus closed square brackets, outside strings and comments."""
    text = re.sub(r'"(\\.|[^"\\])*"|\'[^\']*\'', "", text).split("#")[0]
    return text.count("[") - text.count("]")


def _yaml_lines(text: str) -> dict[str, int]:
    """Keys of a YAML or JSON file and their lines (PyYAML composes JSON too)."""
    import yaml

    found: dict[str, int] = {}

    def walk(node: object, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}".lstrip(".")
                found.setdefault(child, key.start_mark.line + 1)
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found.setdefault(f"{path}[{i}]", item.start_mark.line + 1)
                walk(item, f"{path}[{i}]")

    walk(yaml.compose(text), "")
    return found
