"""The flat table layout: one assessment as one row, rows back into assessments (one by one or by columns), and cells as people type them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..text import Text
from .assessment import (
    _ID,
    LANGUAGES,
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
from .framework import Framework, default_framework, framework_for
from .framework_model import Question
from .framework_parser import PROFILE_COLUMNS
from .limits import parse_json
from .safetext import name_fault, note_fault, notes_fault, plain_line_breaks

UNKNOWN_WORDS = {"unknown", "inconnu", "inconnue", "?", "n/a", "na", "nd", "n/d"}
YES_NO_WORDS = {  # a yes_no cell as people type it
    **dict.fromkeys(("yes", "y", "oui", "o", "true", "vrai", "1", "x"), "yes"),
    **dict.fromkeys(("no", "n", "non", "false", "faux", "0"), "no"),
}


def flat_columns(framework: Framework | None = None) -> tuple[str, ...]:
    """The columns of the flat table under a framework: the profile, each question's columns in order, the notes, `follows`.

    The shipped framework gives exactly the flat layout v1 (DESIGN "Flat table layout").
    """
    fw = framework or default_framework()
    return PROFILE_COLUMNS + fw.answer_columns + ("notes", "follows")


@dataclass(frozen=True)
class FlatLayout:
    """What the flat table's columns hold under one framework, for readers of spreadsheets."""

    columns: tuple[str, ...]
    codes: Mapping[str, tuple[str, ...]]  # a code column (a choice, a yes/no, a website's return, the size) -> its codes
    goals: Mapping[str, tuple[str, ...]]  # a goals column -> its codes (several in a cell)
    amounts: Mapping[str, str]  # an amount column -> its currency column
    rates: tuple[str, ...]  # the bounce-rate columns (percentages)
    yes_no: tuple[str, ...]  # the columns of yes/no questions


def flat_layout(framework: Framework | None = None) -> FlatLayout:
    """The flat layout of a framework: its columns and what each holds."""
    fw = framework or default_framework()
    codes: dict[str, tuple[str, ...]] = {"size": fw.sizes}
    goals, amounts, rates, yes_no = {}, {}, [], []
    for q in fw.questions:
        c = q.columns
        if q.answered_by_choice:
            codes[c["choice"]] = q.choice_codes
            yes_no += [c["choice"]] if q.kind == "yes_no" else []
        if "goals" in c:
            goals[c["goals"]] = tuple(q.goals)
        if q.kind == "amount":
            amounts[c["annual_amount"]] = c["currency"]
        if q.kind == "website":
            codes[c["roi"]] = tuple(x.code for x in q.website.roi)
            rates.append(c["bounce_rate"])
    return FlatLayout(flat_columns(fw), codes, goals, amounts, tuple(rates), tuple(yes_no))


def number_columns(framework: Framework | None = None) -> tuple[str, ...]:
    """The flat columns that hold numbers (amounts and bounce rates)."""
    fw = framework or default_framework()
    return tuple(q.columns[f] for q in fw.questions for f in ("annual_amount", "bounce_rate") if f in q.columns)


def framework_of(assessment: Assessment, framework: Framework | None = None) -> Framework:
    """The framework an assessment is read under: `framework` if given, else the shipped one it names (else the default)."""
    return framework or framework_for(assessment.framework.get("id")) or default_framework()


def to_row(assessment: Assessment, framework: Framework | None = None) -> dict[str, Any]:
    """The assessment as one row of the flat table (the columns of `framework`, by default the one it names).

    Answers are taken by question id; an answer that does not have the shape of the framework's
    question (another framework's) leaves its cells blank.
    """
    fw = framework_of(assessment, framework)
    row: dict[str, Any] = {
        "id": assessment.id,
        "client_name": assessment.client.name,
        "industry": assessment.client.industry,
        "size": assessment.client.size,
        "assessed_on": assessment.assessed_on.isoformat(),
        "consultant": assessment.consultant,
        "language": assessment.language,
    }
    answers = assessment.answers
    for q in fw.questions:
        answer = answers.get(q.id) or {}
        for field, column in q.columns.items():
            row[column] = _cell_of(field, answer.get(field))
    row["notes"] = _notes_text(assessment.notes) if assessment.notes else None
    row["follows"] = assessment.follows
    return row


def flat_values(assessment: Assessment, framework: Framework) -> tuple:
    """The assessment's cells in the order of the framework's flat columns."""
    row = to_row(assessment, framework)
    return tuple(row[c] for c in flat_columns(framework))


def _cell_of(field: str, value: Any) -> Any:
    """One part of an answer as its flat cell (goals joined with |); what is not a plain value leaves the cell blank."""
    if field == "goals":
        return "|".join(value) or None if isinstance(value, list) and all(isinstance(g, str) for g in value) else None
    return value if isinstance(value, str) or _is_number(value) else None


def from_row(row: Mapping[str, Any], framework: Framework | None = None, row_number: int | None = None) -> Assessment:
    """Read one flat-table row (cells as text or numbers) under `framework`; raise ValidationError on bad cells."""
    fw = framework or default_framework()
    cells = {k: _cell(row.get(k)) for k in flat_columns(fw)}
    problems: list[Problem] = []
    document = {
        "framework": fw.ref(),
        "client": {"name": cells["client_name"], "industry": cells["industry"], "size": cells["size"]},
        "assessed_on": _date_cell(cells["assessed_on"]),
        "consultant": cells["consultant"],
        "language": (cells["language"] or "fr").lower(),
        "answers": {q.id: _row_answer(q, cells, problems, row_number) for q in fw.questions},
        "notes": _notes_cell(cells["notes"]),
        "follows": cells["follows"],
    }
    if cells["id"]:
        document["id"] = cells["id"]
    try:
        record = Assessment.from_dict(document, fw, row=row_number)
    except ValidationError as exc:
        raise ValidationError(problems + list(exc.problems)) from None
    if problems:
        raise ValidationError(problems)
    return record


def _row_answer(q: Question, cells: Mapping[str, Any], problems: list[Problem], row: int | None) -> dict[str, Any] | None:
    """One question's answer from its cells (None: unanswered)."""
    columns = q.columns

    def number(field: str) -> Any:
        value = cells[columns[field]]
        parsed = parse_number(value)
        if value is not None and parsed is None:
            where = f"{q.id}.{field}"
            problems.append(Problem(where, Text("{field} must be {expected}, got {value}", field=where, expected=Text("a number"), value=_show(value)), row))
        return parsed

    if q.kind == "choice":
        return {"choice": cells[columns["choice"]], "goals": _split_goals(cells[columns["goals"]])} if "goals" in columns else {"choice": cells[columns["choice"]]}
    if q.kind == "yes_no":
        return {"choice": _yes_no(cells[columns["choice"]])}
    if q.kind == "amount":
        amount = number("annual_amount")
        return None if amount is None else {"annual_amount": amount, "currency": cells[columns["currency"]]}
    rate_cell, roi = cells[columns["bounce_rate"]], cells[columns["roi"]]
    if rate_cell is None and roi is None:
        return None
    unknown = isinstance(rate_cell, str) and rate_cell.strip().lower() in UNKNOWN_WORDS
    return {"bounce_rate": None if unknown else number("bounce_rate"), "roi": roi}


def _yes_no(value: Any) -> Any:
    """`oui`, `Y`, `1`… as `yes`; `non`, `0`… as `no`; anything else as it is (for validation to name)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and value in (0, 1):
        return "yes" if value == 1 else "no"
    return YES_NO_WORDS.get(value.strip().lower(), value) if isinstance(value, str) else value


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
    return [None if _SLOW in row or (row[-1] is not None and row[-1] == row[0]) else quick.build(row) for row in zip(*cells, strict=True)]


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
        self.ref = framework.ref()

    def converters(self) -> list[tuple[str, Callable[[Any], Any]]]:
        """One cell reader per flat column, in `flat_columns` order (the order `build` takes them)."""
        readers = {"id": self.ident, "client_name": self.name, "industry": self.text, "size": self.size}
        readers |= {"assessed_on": self.day, "consultant": self.text, "language": self.language, "notes": self.notes, "follows": self.follows}
        for q in self.fw.questions:
            readers |= {q.columns[field]: reader for field, reader in self.question_readers(q).items()}
        return [(name, readers[name]) for name in flat_columns(self.fw)]

    def question_readers(self, q: Question) -> dict[str, Callable[[Any], Any]]:
        """The cell reader of each part of one question's answer."""
        if q.kind == "amount":
            return {"annual_amount": self.amount, "currency": self.currency(q.id)}
        if q.kind == "website":
            return {"bounce_rate": self.rate, "roi": self.roi(q.id)}
        readers = {"choice": self.choice(q.id, q.kind == "yes_no")}
        return readers | {"goals": self.goals(q.id)} if "goals" in q.columns else readers

    def ident(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or (isinstance(value, str) and _ID.fullmatch(value)) else _SLOW

    def follows(self, value: Any) -> Any:
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

    def choice(self, qid: str, yes_no: bool = False) -> Callable[[Any], Any]:
        codes = self.codes.choices[qid]
        if yes_no:
            return lambda value: value if (value := _cell(value)) is None or (value := _yes_no(value)) in codes else _SLOW
        return lambda value: value if (value := _cell(value)) is None or value in codes else _SLOW

    def goals(self, qid: str) -> Callable[[Any], Any]:
        """The goals as the answer keeps them (each once, in order)."""
        allowed = self.codes.goals[qid]

        def read(value: Any) -> Any:
            listed = _split_goals(_cell(value))
            return _SLOW if any(g not in allowed for g in listed) else list(dict.fromkeys(listed))

        return read

    def amount(self, value: Any) -> Any:
        """The amount as the answer keeps it, or None for a blank cell."""
        if type(value) is float and 0 <= value < math.inf:  # the usual cell: already a number
            return _number(value)
        value = _cell(value)
        if value is None:
            return None
        number = parse_number(value)
        return _SLOW if number is None or number < 0 else _number(number)

    def currency(self, qid: str) -> Callable[[Any], Any]:
        default, rates = self.codes.currency[qid], self.codes.rates[qid]
        return lambda value: value if (value := _cell(value) or default) in rates else _SLOW

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

    def roi(self, qid: str) -> Callable[[Any], Any]:
        codes = self.codes.roi[qid]
        return lambda value: (value, value or "unknown") if ((value := _cell(value)) or "unknown") in codes else _SLOW

    def notes(self, value: Any) -> Any:
        """The notes as the assessment keeps them (blank ones dropped)."""
        notes = _notes_cell(_cell(value))
        if notes is None:
            return {}
        keys = self.codes.note_keys
        if not isinstance(notes, dict) or not all(
            key in keys and (text is None or (isinstance(text, str) and note_fault(plain_line_breaks(text)) is None))
            for key, text in notes.items()
        ):
            return _SLOW
        kept = {key: plain_line_breaks(text) for key, text in notes.items() if text and text.strip()}
        return _SLOW if kept and notes_fault(_notes_text(kept)) else kept

    def build(self, cells: Sequence[Any]) -> Assessment:
        """The assessment of one row whose cells all passed (see from_row and _Reader for the rules)."""
        ident, name, industry, size, day, consultant, language = cells[:7]
        answers: dict[str, Any] = {}
        at = 7
        for q in self.fw.questions:
            parts = cells[at : at + len(q.columns)]
            at += len(q.columns)
            answer = _quick_answer(q, parts)
            if answer is not None:
                answers[q.id] = answer
        return Assessment(
            id=ident or derived_id(name, day), client=Client(name, industry, size), assessed_on=day,
            language=language, consultant=consultant, answers=answers, notes=dict(cells[-2]), framework=dict(self.ref),
            follows=cells[-1],
        )  # fmt: skip


def _quick_answer(q: Question, parts: Sequence[Any]) -> dict[str, Any] | None:
    """One question's answer from its converted cells (as _QuickRows reads them), None when unanswered."""
    if q.kind == "amount":
        amount, currency = parts
        return None if amount is None else {"annual_amount": amount, "currency": currency}
    if q.kind == "website":
        rate, roi = parts
        if rate is None and roi[0] is None:
            return None
        return {"bounce_rate": None if rate is None else rate[1], "roi": roi[1]}
    if parts[0] is None:
        return None
    return {"choice": parts[0], "goals": list(parts[1])} if len(parts) > 1 else {"choice": parts[0]}


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
