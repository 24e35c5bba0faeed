"""A framework written as an XLSX workbook, in the spirit of XLSForm: one sheet per kind of row.

An agency that does not write TOML fills a workbook (`readiness framework --to-xlsx` writes one
from any framework, to start from):

    settings    one row: id, version, languages, title::fr, title::en…, ready_at, conditional_at
    questions   one row per question, in order: id, kind, weight, text::fr…, short::fr…, help::fr…;
                amount questions: currency, minimum, blocker, exempt_sizes, rates (`USD=1.38; EUR=1.5`);
                website questions: blocker, blocker_at, unknown_risk, unknown_points, bounce_weight,
                roi_weight, unknown_advice (a code), unknown_advice::fr…
    choices     one row per answer: question, code, points, blocker, risk, label::fr…, advice (a code),
                advice::fr… (yes_no questions: codes yes and no; website questions: the returns)
    goals       optional codes noted with a choice question: question, code, label::fr…
    bands       amounts and bounce rates: question, list (bands, size_bands or bounce_bands), sizes
                (size_bands only), from, points, advice, advice::fr…
    labels      list (size, verdict, blocker or risk), code, label::fr… (sizes in their order)

Texts in a language go in a column `<name>::<language>`, one per language the framework declares.
`read_framework_book` turns the sheets into the same plain data as a TOML file and checks it with
the same rules, every problem at once, each with its sheet, row and column.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.errors import FrameworkError, Problem, ReadinessError
from ..core.framework import Framework, load_framework, parse_framework
from ..text import Text

SHEETS = ("settings", "questions", "choices", "goals", "bands", "labels")
REQUIRED = ("settings", "questions", "choices", "labels")
COLUMNS = {  # the columns each sheet may have (texts: `<name>::<language>`)
    "settings": ("id", "version", "languages", "title::", "ready_at", "conditional_at"),
    "questions": ("id", "kind", "weight", "text::", "short::", "help::", "currency", "minimum", "blocker", "exempt_sizes",
                  "rates", "blocker_at", "unknown_risk", "unknown_points", "bounce_weight", "roi_weight",
                  "unknown_advice", "unknown_advice::"),  # fmt: skip
    "choices": ("question", "code", "points", "blocker", "risk", "label::", "advice", "advice::"),
    "goals": ("question", "code", "label::"),
    "bands": ("question", "list", "sizes", "from", "points", "advice", "advice::"),
    "labels": ("list", "code", "label::"),
}
LISTS = {"size": "size_labels", "verdict": "verdict_labels", "blocker": "blocker_labels", "risk": "risk_labels"}
BAND_LISTS = ("bands", "size_bands", "bounce_bands")
NUMBERS = {"weight", "minimum", "blocker_at", "unknown_points", "bounce_weight", "roi_weight", "ready_at", "conditional_at", "points", "from"}


def read_framework_book(path: str | Path) -> Framework:
    """Read, check and freeze a framework workbook; FrameworkError lists every problem with its sheet, row and column."""
    path = Path(path)
    book = _Book(path, _rows_of(path))
    raw = book.framework()
    try:
        fw = parse_framework(raw, source=str(path), places=book.places)
    except FrameworkError as exc:
        raise FrameworkError(book.problems + list(exc.problems), source=str(path)) from None
    if book.problems:
        raise FrameworkError(book.problems, source=str(path))
    return fw


def _rows_of(path: Path) -> dict[str, list[tuple[int, list[Any]]]]:
    """Each sheet's rows (numbered as Excel shows them), the header first; FrameworkError when the file is no workbook."""
    import zipfile

    from openpyxl import load_workbook

    from ..core.limits import check_xlsx_size, read_bounded, table_bytes_limit
    from .sheet import _damage

    try:
        data = read_bounded(path, table_bytes_limit(), "a framework workbook (XLSX)", "table_mb")
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            check_xlsx_size(path, parts)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {sheet.title.strip().lower(): [(n, [c.value for c in row]) for n, row in enumerate(sheet.iter_rows(), start=1)] for sheet in book.worksheets}
        finally:
            book.close()
    except ReadinessError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        raise FrameworkError([Problem("file", Text("cannot read framework file: {reason}", reason=reason))], str(path)) from None
    except Exception as exc:  # a damaged file breaks the zip, XML or openpyxl readers in many ways
        reason = _damage(exc)
        raise FrameworkError([Problem("file", Text("not a valid framework file: {reason}", reason=reason))], str(path)) from None


class _Book:
    """The workbook's sheets as the plain data of a framework file, with the place of every value read."""

    def __init__(self, path: Path, sheets: Mapping[str, list[tuple[int, list[Any]]]]):
        self.path = path
        self.places: dict[str, Text] = {}
        self.problems: list[Problem] = []
        self.tables = {name: self.table(name, sheets.get(name)) for name in SHEETS}

    def fail(self, where: str, place: Text, problem: Text) -> None:
        self.problems.append(Problem(where, Text("{where}: {problem}", where=where, problem=problem), place=place))

    # ------------------------------------------------------------ sheets as records

    def table(self, name: str, rows: list[tuple[int, list[Any]]] | None) -> list[_Record]:
        """The sheet's data rows as records (column name -> cell), blank rows left out."""
        if rows is None:
            if name in REQUIRED:
                self.fail(name, Text("sheet {sheet}", sheet=name), Text("the workbook has no sheet named {sheet}", sheet=name))
            return []
        header_row = next(((n, cells) for n, cells in rows if any(_filled(c) for c in cells)), None)
        if header_row is None:
            return []
        number, header = header_row
        names = [_column_name(h) for h in header]
        for column, cell_name in enumerate(names):
            if cell_name and not any(cell_name == c or (c.endswith("::") and cell_name.startswith(c)) for c in COLUMNS[name]):
                expected = ", ".join(c + "<language>" if c.endswith("::") else c for c in COLUMNS[name])
                self.fail(name, _place(name, number, column, cell_name), Text("unknown column {column}; expected {columns}", column=repr(cell_name), columns=expected))
        records = []
        for n, cells in rows:
            if n > number and any(_filled(c) for c in cells):
                records.append(_Record(name, n, {c: (i, cells[i] if i < len(cells) else None) for i, c in enumerate(names) if c}))
        return records

    def value(self, record: _Record, column: str, path: str, kind: str = "text") -> Any:
        """A cell's value, its place noted under `path` (blank cells too: a missing value is found where it belongs)."""
        if column not in record.cells:
            return None
        i, cell = record.cells[column]
        self.places[path] = _place(record.sheet, record.row, i, column)
        return _converted(cell, kind if column not in NUMBERS else "number")

    def texts(self, record: _Record, name: str, path: str) -> dict[str, str] | None:
        """The `<name>::<language>` cells as {language: text}, found under `<path>.<name>.<language>` (None: no such column)."""
        return self.texts_at(record, name, _join(path, name))

    def texts_at(self, record: _Record, name: str, path: str) -> dict[str, str] | None:
        """The `<name>::<language>` cells as {language: text}, their places under `<path>.<language>`."""
        found = {}
        self.places.setdefault(path, _place(record.sheet, record.row, None, None))
        for column in record.cells:
            if column.startswith(f"{name}::"):
                lang = column.split("::", 1)[1]
                text = self.value(record, column, f"{path}.{lang}")
                if text is not None:
                    found[lang] = str(text)
        return found if any(c.startswith(f"{name}::") for c in record.cells) else None

    def advice(self, record: _Record, column: str, path: str) -> dict[str, str] | None:
        code, texts = self.value(record, column, _join(path, column, "code")), self.texts(record, column, path) or {}
        return {"code": code, **texts} if code is not None or texts else None

    # ------------------------------------------------------------ the framework

    def framework(self) -> dict[str, Any]:
        settings = self.tables["settings"]
        raw: dict[str, Any] = {}
        if settings:
            s = settings[0]
            self.places["framework"] = _place(s.sheet, s.row, None, None)
            for key in ("id", "version"):
                _put(raw, key, self.value(s, key, key))
            _put(raw, "languages", self.value(s, "languages", "languages", "list"))
            _put(raw, "title", self.texts(s, "title", ""))
            verdict = {k: self.value(s, k, f"verdict.{k}") for k in ("ready_at", "conditional_at")}
            _put(raw, "verdict", {k: v for k, v in verdict.items() if v is not None})
            for extra in settings[1:]:
                self.fail("settings", _place(extra.sheet, extra.row, None, None), Text("the settings sheet has one row of values"))
        raw.update(self.labels())
        raw["questions"] = [self.question(r, i) for i, r in enumerate(self.tables["questions"])]
        self.unclaimed()
        return raw

    def labels(self) -> dict[str, Any]:
        found: dict[str, Any] = {key: {} for key in LISTS.values()}
        for r in self.tables["labels"]:
            kind, code = self.value(r, "list", "labels"), self.value(r, "code", "labels")
            if kind not in LISTS:
                self.fail("labels", _place(r.sheet, r.row, r.cells.get("list", (None,))[0], "list"), Text("list must be one of {lists}, got {value}", lists=", ".join(LISTS), value=repr(kind)))
                continue
            path = f"{LISTS[kind]}.{code}"
            self.value(r, "code", path)
            found[LISTS[kind]][code] = self.texts_at(r, "label", path) or {}
        found["sizes"] = list(found["size_labels"])
        return found

    def question(self, r: _Record, i: int) -> dict[str, Any]:
        path = f"questions[{i}]"
        self.places[path] = _place(r.sheet, r.row, None, None)
        q: dict[str, Any] = {}
        for key in ("id", "kind", "weight", "currency", "minimum", "blocker", "blocker_at", "unknown_risk", "unknown_points", "bounce_weight", "roi_weight"):
            _put(q, key, self.value(r, key, f"{path}.{key}"))
        _put(q, "exempt_sizes", self.value(r, "exempt_sizes", f"{path}.exempt_sizes", "list"))
        _put(q, "rates", self.rates(r, path))
        for name in ("text", "short", "help"):
            _put(q, name, self.texts(r, name, path))
        _put(q, "unknown_advice", self.advice(r, "unknown_advice", path))
        self.answers(q, path)
        return q

    def rates(self, r: _Record, path: str) -> dict[str, Any] | None:
        text = self.value(r, "rates", f"{path}.rates")
        if text is None:
            return None
        rates = {}
        for part in re.split(r"[;,\n]", str(text)):
            if part.strip():
                code, _, rate = part.partition("=")
                rates[code.strip().upper()] = _number(rate.strip()) if rate.strip() else rate
                self.places[f"{path}.rates.{code.strip().upper()}"] = self.places[f"{path}.rates"]
        return rates

    def answers(self, q: dict[str, Any], path: str) -> None:
        """The question's choices, goals and bands from their sheets."""
        qid, kind = q.get("id"), q.get("kind")
        rows = [r for r in self.tables["choices"] if r.get("question") == qid]
        if kind == "yes_no":
            for r in rows:
                code = r.get("code")
                if code not in ("yes", "no"):
                    self.fail("choices", _place(r.sheet, r.row, r.cells.get("code", (None,))[0], "code"), Text("a yes_no question has the codes yes and no, got {value}", value=repr(code)))
                    continue
                q[code] = self.choice(r, f"{path}.{code}", with_code=False)
        elif rows:
            key = "roi" if kind == "website" else "choices"
            q[key] = [self.choice(r, f"{path}.{key}[{j}]") for j, r in enumerate(rows)]
        goals = [r for r in self.tables["goals"] if r.get("question") == qid]
        if goals:
            q["goals"] = {}
            for r in goals:
                code = self.value(r, "code", f"{path}.goals")
                q["goals"][code] = self.texts_at(r, "label", f"{path}.goals.{code}") or {}
        self.bands(q, path)

    def choice(self, r: _Record, path: str, with_code: bool = True) -> dict[str, Any]:
        self.places[path] = _place(r.sheet, r.row, None, None)
        c: dict[str, Any] = {}
        for key in (("code",) if with_code else ()) + ("points", "blocker", "risk"):
            _put(c, key, self.value(r, key, f"{path}.{key}"))
        _put(c, "label", self.texts(r, "label", path))
        _put(c, "advice", self.advice(r, "advice", path))
        return c

    def bands(self, q: dict[str, Any], path: str) -> None:
        groups: dict[str, list] = {}
        for r in (r for r in self.tables["bands"] if r.get("question") == q.get("id")):
            kind = r.get("list")
            if kind not in BAND_LISTS:
                self.fail("bands", _place(r.sheet, r.row, r.cells.get("list", (None,))[0], "list"), Text("list must be one of {lists}, got {value}", lists=", ".join(BAND_LISTS), value=repr(kind)))
                continue
            if kind == "size_bands":
                sizes = tuple(_converted(r.get("sizes"), "list") or ())
                group = groups.setdefault(f"size_bands {sizes}", [])
                if not group:
                    q.setdefault("size_bands", []).append({"sizes": list(sizes), "bands": group})
                at = f"{path}.size_bands[{len(q['size_bands']) - 1}]"
                self.value(r, "sizes", f"{at}.sizes", "list")
                group.append(self.band(r, f"{at}.bands[{len(group)}]"))
            else:
                listed = q.setdefault(kind, [])
                listed.append(self.band(r, f"{path}.{kind}[{len(listed)}]"))

    def band(self, r: _Record, path: str) -> dict[str, Any]:
        self.places[path] = _place(r.sheet, r.row, None, None)
        b: dict[str, Any] = {}
        for key in ("from", "points"):
            _put(b, key, self.value(r, key, f"{path}.{key}"))
        _put(b, "advice", self.advice(r, "advice", path))
        return b

    def unclaimed(self) -> None:
        """Rows of choices, goals and bands naming a question the questions sheet does not have."""
        ids = {r.get("id") for r in self.tables["questions"]}
        for name in ("choices", "goals", "bands"):
            for r in self.tables[name]:
                if r.get("question") not in ids:
                    self.fail(name, _place(r.sheet, r.row, r.cells.get("question", (None,))[0], "question"),
                              Text("question {value} is not on the questions sheet", value=repr(r.get("question"))))  # fmt: skip


class _Record:
    """One data row of a sheet: where it is, and its cells by column name."""

    def __init__(self, sheet: str, row: int, cells: dict[str, tuple[int, Any]]):
        self.sheet, self.row, self.cells = sheet, row, cells

    def get(self, column: str) -> Any:
        """The cell's value as text or number (None when blank or absent)."""
        return _converted(self.cells.get(column, (0, None))[1], "text")


def _place(sheet: str, row: int, column: int | None, name: str | None) -> Text:
    """`sheet choices, row 7, column D (points)`, or the row alone."""
    if column is None:
        return Text("sheet {sheet}, row {row}", sheet=sheet, row=row)
    from openpyxl.utils import get_column_letter

    return Text("sheet {sheet}, row {row}, column {column} ({name})", sheet=sheet, row=row, column=get_column_letter(column + 1), name=name)


def _column_name(cell: Any) -> str:
    """A header cell as a column name: trimmed, lower case (the language after `::` too)."""
    return re.sub(r"\s+", "_", str(cell).strip().lower()) if _filled(cell) else ""


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _converted(cell: Any, kind: str) -> Any:
    """A cell as the framework data wants it: text trimmed, numbers as numbers, lists split on commas; None when blank."""
    if not _filled(cell):
        return None
    if kind == "list":
        return [part.strip() for part in re.split(r"[,;|\n]", str(cell)) if part.strip()]
    if kind == "number" and isinstance(cell, str):
        return _number(cell.strip())
    if isinstance(cell, float) and cell.is_integer() and kind != "number":
        return str(int(cell))  # a version typed 2 reads as "2"
    return cell.strip() if isinstance(cell, str) else cell


def _number(text: str) -> Any:
    """`1,38` or `15 000` as a number; other text as it is (the check names it)."""
    from ..core.rows import parse_number

    number = parse_number(text)
    return text if number is None else (int(number) if number.is_integer() else number)


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != {} and value != []:
        target[key] = value


def open_framework(spec: str | os.PathLike | Framework | None = None) -> Framework:
    """A framework by any name: a shipped framework's id, a file (TOML, YAML, JSON or an XLSX workbook), or
    None for $READINESS_FRAMEWORK, else the shipped social-media-5q."""
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        spec = os.environ.get("READINESS_FRAMEWORK") or None
    if isinstance(spec, (str, os.PathLike)) and Path(spec).suffix.lower() in (".xlsx", ".xlsm"):
        return read_framework_book(spec)
    return load_framework(spec)

