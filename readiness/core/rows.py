"""The flat table layout: one assessment as one row, rows back into assessments (one by one or by columns), and cells as people type them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from .assessment import (
    _ID,
    LANGUAGES,
    NOTE_KEYS,
    Assessment,
    Client,
    _codes,
    _is_number,
    _notes_text,
    _number,
    _show,
    derived_id,
)
from .errors import Problem, ValidationError
from .framework import Framework, default_framework
from .limits import parse_json
from .safetext import name_fault, note_fault, notes_fault, plain_line_breaks

FLAT_COLUMNS = (
    "id", "client_name", "industry", "size", "assessed_on", "consultant", "language",
    "objectives", "goals", "content", "champion", "budget_annual", "currency",
    "bounce_rate", "website_roi", "notes",
)  # fmt: skip


UNKNOWN_WORDS = {"unknown", "inconnu", "inconnue", "?", "n/a", "na", "nd", "n/d"}


def to_row(assessment: Assessment) -> dict[str, Any]:
    """The assessment as one row of the flat table layout."""
    a = assessment.answers
    budget = a.get("budget") or {}
    website = a.get("website") or {}
    objectives = a.get("objectives") or {}
    return {
        "id": assessment.id,
        "client_name": assessment.client.name,
        "industry": assessment.client.industry,
        "size": assessment.client.size,
        "assessed_on": assessment.assessed_on.isoformat(),
        "consultant": assessment.consultant,
        "language": assessment.language,
        "objectives": objectives.get("choice"),
        "goals": "|".join(objectives.get("goals", [])) or None,
        "content": (a.get("content") or {}).get("choice"),
        "champion": (a.get("champion") or {}).get("choice"),
        "budget_annual": budget.get("annual_amount"),
        "currency": budget.get("currency"),
        "bounce_rate": website.get("bounce_rate"),
        "website_roi": website.get("roi"),
        "notes": _notes_text(assessment.notes) if assessment.notes else None,
    }


def from_row(row: Mapping[str, Any], framework: Framework | None = None, row_number: int | None = None) -> Assessment:
    """Read one flat-table row (cells as text or numbers); raise ValidationError on bad cells."""
    cells = {k: _cell(row.get(k)) for k in FLAT_COLUMNS}
    problems: list[Problem] = []
    document = {
        "client": {"name": cells["client_name"], "industry": cells["industry"], "size": cells["size"]},
        "assessed_on": _date_cell(cells["assessed_on"]),
        "consultant": cells["consultant"],
        "language": (cells["language"] or "fr").lower(),
        "answers": _row_answers(cells, problems, row_number),
        "notes": _notes_cell(cells["notes"]),
    }
    if cells["id"]:
        document["id"] = cells["id"]
    try:
        record = Assessment.from_dict(document, framework, row=row_number)
    except ValidationError as exc:
        raise ValidationError(problems + list(exc.problems)) from None
    if problems:
        raise ValidationError(problems)
    return record


def _row_answers(cells: Mapping[str, Any], problems: list[Problem], row: int | None) -> dict[str, Any]:
    def number(key: str, where: str) -> Any:
        value = cells[key]
        parsed = parse_number(value)
        if value is not None and parsed is None:
            problems.append(Problem(where, f"{where} must be a number, got {_show(value)}", row))
        return parsed

    answers: dict[str, Any] = {
        "objectives": {"choice": cells["objectives"], "goals": _split_goals(cells["goals"])},
        "content": {"choice": cells["content"]},
        "champion": {"choice": cells["champion"]},
    }
    amount = number("budget_annual", "budget.annual_amount")
    if amount is not None:
        answers["budget"] = {"annual_amount": amount, "currency": cells["currency"]}
    rate_cell = cells["bounce_rate"]
    if rate_cell is not None or cells["website_roi"] is not None:
        unknown = isinstance(rate_cell, str) and rate_cell.strip().lower() in UNKNOWN_WORDS
        rate = None if unknown else number("bounce_rate", "website.bounce_rate")
        answers["website"] = {"bounce_rate": rate, "roi": cells["website_roi"]}
    return answers


def parse_number(value: Any) -> float | None:
    """A number from a cell as people type it: `15 000 $`, `45 %`, `1,5`, `15,000.50`; None if not one."""
    if value is None:
        return None
    if _is_number(value):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f$€%]|CAD|USD|EUR", "", str(value), flags=re.IGNORECASE)
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")  # 15,000 or 15,000.50: comma groups thousands
    elif re.fullmatch(r"[+-]?\d{1,3}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)", text):
        text = text.replace(".", "").replace(",", ".")  # 1.500.000 or 15.000,50 (European); 15.125 stays a decimal
    else:
        text = text.replace(",", ".")  # 1,5: decimal comma
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    return value


def _date_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", value):
        return value[:10]
    return value


def _split_goals(value: Any) -> list[str]:
    if not value:
        return []
    return [g.strip() for g in re.split(r"[|;,]", str(value)) if g.strip()]


def _notes_cell(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    if text.startswith("{"):
        try:
            return parse_json(text, "notes")
        except ValidationError:
            pass
    return {"general": text}


_SLOW = object()  # a cell the quick path leaves to from_row, which reports its problems exactly
_REPEATED = (str, date, type(None))  # cell types worth converting once per distinct value


def from_columns(columns: Mapping[str, Sequence[Any]], framework: Framework | None = None) -> list[Assessment | None]:
    """Many flat-table rows at once, given by column; None for each row that `from_row` must read.

    A row whose every cell is ordinary gets exactly what `from_row` would give, with each distinct
    cell checked once. A row with any bad or unusual cell is left as None, for `from_row` to read
    or to report with its exact problems.
    """
    size = max((len(values) for values in columns.values()), default=0)
    quick = _QuickRows(framework or default_framework())
    cells = [_converted(columns.get(name), size, convert, name) for name, convert in quick.converters()]
    return [None if _SLOW in row else quick.build(*row) for row in zip(*cells, strict=True)]


def _converted(values: Sequence[Any] | None, size: int, convert: Callable[[Any], Any], name: str) -> list[Any]:
    """`convert` of each cell; each distinct text or date once (spreadsheets repeat them), but for ids and names."""
    if values is None:
        return [convert(None)] * size
    if name in ("id", "client_name"):
        return [convert(v) for v in values]
    known = {v: convert(v) for v in set(values) if type(v) in _REPEATED}
    return [known[v] if type(v) in _REPEATED else convert(v) for v in values]


class _QuickRows:
    """Reads each cell as `from_row` does (or marks it _SLOW), then builds each row's assessment directly."""

    def __init__(self, framework: Framework):
        self.fw = framework
        self.codes = _codes(framework)

    def converters(self) -> list[tuple[str, Callable[[Any], Any]]]:
        """One cell reader per flat column, in FLAT_COLUMNS order (the order `build` takes them)."""
        readers = {"id": self.ident, "client_name": self.name, "industry": self.text, "size": self.size}
        readers |= {"assessed_on": self.day, "consultant": self.text, "language": self.language}
        readers |= {q: self.choice(q) for q in ("objectives", "content", "champion")}
        readers |= {"goals": self.goals, "budget_annual": self.amount, "currency": self.currency}
        readers |= {"bounce_rate": self.rate, "website_roi": self.roi, "notes": self.notes}
        return [(name, readers[name]) for name in FLAT_COLUMNS]

    def ident(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or (isinstance(value, str) and _ID.fullmatch(value)) else _SLOW

    def name(self, value: Any) -> Any:
        value = _cell(value)
        return value if isinstance(value, str) and name_fault(value) is None else _SLOW

    def text(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or (isinstance(value, str) and name_fault(value) is None) else _SLOW

    def size(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or value in self.codes.sizes else _SLOW

    def day(self, value: Any) -> Any:
        value = _date_cell(_cell(value))
        return value if isinstance(value, date) else _SLOW

    def language(self, value: Any) -> Any:
        value = _cell(value) or "fr"
        return value.lower() if isinstance(value, str) and value.lower() in LANGUAGES else _SLOW

    def choice(self, qid: str) -> Callable[[Any], Any]:
        codes = self.codes.choices[qid]
        return lambda value: value if (value := _cell(value)) is None or value in codes else _SLOW

    def goals(self, value: Any) -> Any:
        """The goals as the answer keeps them (each once, in order)."""
        listed = _split_goals(_cell(value))
        allowed = self.codes.goals["objectives"]
        if allowed and any(g not in allowed for g in listed):
            return _SLOW
        return list(dict.fromkeys(listed))

    def amount(self, value: Any) -> Any:
        """The amount as the answer keeps it, or None for a blank cell."""
        if type(value) is float and 0 <= value < math.inf:  # the usual cell: already a number
            return _number(value)
        value = _cell(value)
        if value is None:
            return None
        number = parse_number(value)
        return _SLOW if number is None or number < 0 else _number(number)

    def currency(self, value: Any) -> Any:
        value = _cell(value) or self.codes.currency
        return value if value in self.codes.rates else _SLOW

    def rate(self, value: Any) -> Any:
        """(the rate as from_row reads it, as the answer keeps it), or None for a blank cell."""
        if type(value) is float and 0 <= value <= 100:  # the usual cell: already a number
            return value, _number(value)
        value = _cell(value)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS:
            return None, None
        number = parse_number(value)
        return _SLOW if number is None or not 0 <= number <= 100 else (number, _number(number))

    def roi(self, value: Any) -> Any:
        value = _cell(value)
        return (value, value or "unknown") if (value or "unknown") in self.codes.roi else _SLOW

    def notes(self, value: Any) -> Any:
        """The notes as the assessment keeps them (blank ones dropped)."""
        notes = _notes_cell(_cell(value))
        if notes is None:
            return {}
        if not isinstance(notes, dict) or not all(
            key in NOTE_KEYS and (text is None or (isinstance(text, str) and note_fault(plain_line_breaks(text)) is None))
            for key, text in notes.items()
        ):
            return _SLOW
        kept = {key: plain_line_breaks(text) for key, text in notes.items() if text and text.strip()}
        return _SLOW if kept and notes_fault(_notes_text(kept)) else kept

    def build(self, ident, name, industry, size, day, consultant, language, objectives, goals,
              content, champion, amount, currency, rate, roi, notes) -> Assessment:  # fmt: skip
        """The assessment of one row whose cells all passed (see from_row and _Reader for the rules)."""
        answers: dict[str, Any] = {}
        choices = (("objectives", objectives, goals), ("content", content, []), ("champion", champion, []))
        for qid, code, listed in choices:
            if code is not None:
                answers[qid] = {"choice": code, "goals": list(listed)} if self.codes.goals[qid] else {"choice": code}
        if amount is not None:
            answers["budget"] = {"annual_amount": amount, "currency": currency}
        website = rate is not None or roi[0] is not None
        if website:
            answers["website"] = {"bounce_rate": None if rate is None else rate[1], "roi": roi[1]}
        return Assessment(
            id=ident or derived_id(name, day), client=Client(name, industry, size), assessed_on=day,
            language=language, consultant=consultant, answers=answers, notes=dict(notes), framework=self.fw.ref(),
        )  # fmt: skip


# ---------------------------------------------------------------- dates as people type them

ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
DAY_MONTH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """A day as an import reads it (YYYY-MM-DD, DD/MM/YYYY, with -, / or . between), or None."""
    return parse_day(text, month_first=False)


@lru_cache(maxsize=16384)
def parse_day(text: str, month_first: bool) -> date | None:
    """A day written YYYY-MM-DD or DD/MM/YYYY (MM/DD/YYYY when `month_first`), with -, / or . between; else None."""
    text = text.strip()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := DAY_MONTH.fullmatch(text):
        day, month, year = match.groups()
        if month_first:
            day, month = month, day
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
