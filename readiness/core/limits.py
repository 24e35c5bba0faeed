"""Bounds on every input, so that no file can exhaust memory or time, and the refusal is one line.

Each limit has a documented default and an environment variable that changes it (docs/limits.md):

    READINESS_MAX_TABLE_MB       512        size of a CSV or XLSX file read by import
    READINESS_MAX_XLSX_MB        512        what an XLSX file or a deck template unpacks to (its zip directory)
    READINESS_MAX_ROWS           1 000 000  data rows in one table file
    READINESS_MAX_CELL           32 767     characters in one cell (at most 32 767, what XLSX carries)
    READINESS_MAX_JSON_KB        1 024      size of an assessment or framework file
    READINESS_MAX_JSON_DEPTH     32         nesting of [ and { in a JSON document
    READINESS_MAX_NUMBER_LENGTH  40         characters of one number in a JSON document

Exceeding one raises `InputLimitError` (a ReadinessError: one line, exit status 2) naming the file,
the limit and the variable to raise it; a single row over a limit is reported with its row instead.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text import N_, Text
from .errors import ImportFileError, InputLimitError, Problem, ReadinessError, ValidationError
from .safetext import XLSX_CELL, escaped

SHOWN = 100  # characters of a bad value echoed in a message
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limit:
    """One documented limit: its environment variable, default, unit and meaning."""

    variable: str
    default: int
    unit: str
    meaning: str
    most: int | None = None  # the highest value allowed, when outputs cannot carry more


LIMITS = {
    "table_mb": Limit("READINESS_MAX_TABLE_MB", 512, N_("MB"), "size of a CSV or XLSX file read by import"),
    "xlsx_mb": Limit("READINESS_MAX_XLSX_MB", 512, N_("MB"), "what an XLSX file or deck template unpacks to (its zip directory)"),
    "rows": Limit("READINESS_MAX_ROWS", 1_000_000, N_("rows"), "data rows in one table file"),
    "cell": Limit("READINESS_MAX_CELL", XLSX_CELL, N_("characters"), "characters in one cell", most=XLSX_CELL),
    "json_kb": Limit("READINESS_MAX_JSON_KB", 1024, N_("KB"), "size of an assessment or framework file"),
    "json_depth": Limit("READINESS_MAX_JSON_DEPTH", 32, N_("levels"), "nesting of [ and { in a JSON document"),
    "number_length": Limit("READINESS_MAX_NUMBER_LENGTH", 40, N_("characters"), "characters of one number in JSON"),
}  # fmt: skip


def limit(name: str) -> int:
    """The limit in force: its environment variable if set, else its default."""
    spec = LIMITS[name]
    raw = os.environ.get(spec.variable, "").strip()
    if not raw:
        return spec.default
    try:
        value = int(raw.replace("_", "").replace(" ", ""))
    except ValueError:
        value = 0
    if value < 1 or (spec.most is not None and value > spec.most):
        most = Text(" and at most {most}", most=_spaced(spec.most)) if spec.most else ""
        raise ReadinessError(Text("{variable} must be a whole number ≥ 1{most} ({unit}), got {value}",
                                  variable=spec.variable, most=most, unit=Text(spec.unit), value=shown(raw)))  # fmt: skip
    return value


def described(name: str) -> Text:
    """`1 024 KB (READINESS_MAX_JSON_KB)`: the limit in force, as messages name it (a catalogue message: its unit is translated)."""
    spec = LIMITS[name]
    return Text("{n} {unit} ({variable})", n=_spaced(limit(name)), unit=Text(spec.unit), variable=spec.variable)


def _spaced(n: int) -> str:
    """1 000 000: thousands set apart by spaces, as both languages read them."""
    return f"{n:,}".replace(",", " ")


def shown(value: Any, most: int = SHOWN) -> str:
    """A value as a message echoes it: quoted if text, control characters escaped, cut to about `most` characters."""
    show = cut(value if isinstance(value, str) else repr(value), most)
    return f'"{show}"' if isinstance(value, str) else show


def cut(text: str, most: int = SHOWN) -> str:
    """A text as a message echoes it inside its own quotes: control characters escaped, cut to about `most` characters."""
    return escaped(text[:most]) + ("…" if len(text) > most else "")


# ---------------------------------------------------------------- files


def read_bounded(
    path: str | os.PathLike,
    most_bytes: int,
    what: str,
    limit_name: str,
    refuse: Callable[[bytes], str | None] | None = None,
) -> bytes:
    """A file's bytes, refused with InputLimitError past `most_bytes` (read in chunks: /dev/zero stops there).

    `refuse(first_chunk)` may give a reason to stop at once (ImportFileError), before reading the rest.
    """
    path = Path(path)
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > most_bytes:
                raise InputLimitError(_too_big(path, what, limit_name))
            chunks, size = [], 0
            while chunk := file.read(min(_READ_CHUNK, most_bytes + 1 - size)):
                if not chunks and refuse is not None and (reason := refuse(chunk)):
                    raise ImportFileError(Text("{path}: {reason}", path=path, reason=reason))
                chunks.append(chunk)
                size += len(chunk)
                if size > most_bytes:
                    raise InputLimitError(_too_big(path, what, limit_name))
    except OSError as exc:
        raise ImportFileError(f"{path}: {exc.strerror or exc}") from None
    return b"".join(chunks)


def _too_big(path: Path, what: str, limit_name: str) -> Text:
    return Text("{path}: larger than {limit}, the limit for {what}: not read", path=path, limit=described(limit_name), what=Text(what))


def read_document(path: str | os.PathLike, what: str = N_("an assessment or framework file")) -> bytes:
    """The bytes of a JSON/TOML/YAML document, within READINESS_MAX_JSON_KB (`what`: a catalogue message naming it)."""
    try:
        return read_bounded(path, limit("json_kb") * 1024, what, "json_kb")
    except InputLimitError:
        raise
    except ImportFileError as exc:  # it cannot be opened
        reason = str(exc).removeprefix(f"{path}: ")
        raise ImportFileError(Text("{path}: cannot read the file: {reason}", path=path, reason=reason)) from None


def table_bytes_limit() -> int:
    """READINESS_MAX_TABLE_MB in bytes."""
    return limit("table_mb") * 1024 * 1024


# ---------------------------------------------------------------- JSON

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


class _NumberTooLong(ValueError):
    """A number longer than the limit (raised from inside json.loads)."""

    def __init__(self, token: str):
        super().__init__(token)
        self.token = token


def check_json_depth(text: str, most: int | None = None) -> int | None:
    """The character (counted from 1) where nesting first goes past `most` levels, or None when it never does."""
    most = limit("json_depth") if most is None else most
    if text.count("[") + text.count("{") <= most:
        return None  # the usual document: too few brackets to be too deep
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > most:
                return match.start() + 1
        elif token in "]}":
            depth -= 1
    return None


def parse_json(text: str | bytes, where: str = "file") -> Any:
    """JSON text as Python data within the depth and number-length limits; ValidationError naming `where` if not."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                [Problem(where, Text("not valid JSON: not UTF-8 text ({reason} at byte {at})", reason=exc.reason, at=exc.start))]
            ) from None
    deep_at = check_json_depth(text)
    if deep_at is not None:
        message = Text("JSON nested deeper than {limit}, at character {at}: not read", limit=described("json_depth"), at=deep_at)
        raise ValidationError([Problem(where, message)])
    most = limit("number_length")

    def number(token: str, kind: type) -> Any:
        if len(token) > most:
            raise _NumberTooLong(token)
        return kind(token)

    try:
        return json.loads(text, parse_int=lambda t: number(t, int), parse_float=lambda t: number(t, float))
    except _NumberTooLong as exc:
        message = Text("a number of {n} characters is longer than {limit}: {value}", n=len(exc.token), limit=described("number_length"),
                       value=shown(exc.token, 40))  # fmt: skip
        raise ValidationError([Problem(where, message)]) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [Problem(where, Text("not valid JSON: {reason} (line {line} column {column})", reason=exc.msg, line=exc.lineno, column=exc.colno))]
        ) from None
    except RecursionError:  # a depth limit raised past what Python's parser can nest
        raise ValidationError([Problem(where, Text("JSON nested too deep for {limit}", limit=described("json_depth")))]) from None


# ---------------------------------------------------------------- XLSX


def check_xlsx_size(path: str | os.PathLike, parts: Any) -> None:
    """Refuse an XLSX or PPTX file (a zipfile.ZipFile) that would unpack to more than READINESS_MAX_XLSX_MB, before parsing it."""
    most = limit("xlsx_mb") * 1024 * 1024
    total = sum(item.file_size for item in parts.infolist())
    if total > most:
        unpacked = f"{total / 1024 / 1024:,.0f}".replace(",", " ")
        raise InputLimitError(Text(
            "{path}: unpacks to {size} MB, more than {limit}: not read (a damaged or hostile file?)", path=path, size=unpacked,
            limit=described("xlsx_mb"),
        ))  # fmt: skip
