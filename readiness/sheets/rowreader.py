"""Rows of a sheet into assessments, a chunk at a time, every rejected row kept with its number, column and reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment, derived_id
from ..core.errors import Problem, ValidationError
from ..core.framework import Framework
from ..core.rows import DAY_MONTH, flat_layout, from_columns, from_row
from ..text import Text, render, t

if TYPE_CHECKING:
    from .reading import StoreGuard

    pass
from .cells import (
    UNIQUE_COLUMNS,
    _blank,
    _budget_cell,
    _code_cleaner,
    _codes_by_column,
    _currency_cell,
    _currency_from_budget_signs,
    _date_text,
    _date_value,
    _each_cell,
    _fitted,
    _language_cell,
    _rate_cell,
    _sign_clashes,
    _text_cell,
)
from .sheet import _blank_row, _Sheet

PROGRESS_FROM = 1000  # rows; smaller files import without a progress bar
CHUNK = 5000  # rows read together: each distinct cell is cleaned once per chunk, and the bar moves
PROFILE_FIELDS = {"client.name": "client_name", "client.industry": "industry", "client.size": "size"}


def columns_of_fields(framework: Framework) -> dict[str, str]:
    """An assessment's fields (format v1: `budget.annual_amount`) -> the flat layout's columns (`budget_annual`)."""
    return PROFILE_FIELDS | {f"{q.id}.{field}": column for q in framework.questions for field, column in q.columns.items()}


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem of one row of one file."""

    source: str | None = None

    def text(self, lang: str) -> str:
        """The file, the row and the problem, in `lang`."""
        row = t("row {row}", lang, row=self.row) if self.row else None
        where = ", ".join(part for part in (self.source, row) if part)
        message = render(self.message, lang)
        return t("{label}: {value}", lang, label=where, value=message) if where else message


@dataclass(frozen=True)
class ImportResult:
    """What reading (and importing) tables gave: the good assessments, every rejected row, counts."""

    assessments: list[Assessment]
    errors: list[Problem]
    rows: int
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    sources: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    encoding: str | None = None

    @property
    def rejected(self) -> int:
        """How many rows were rejected."""
        return len({(getattr(p, "source", None), p.row) for p in self.errors})

    @property
    def imported(self) -> int:
        """How many rows were accepted (duplicates of another row included)."""
        return self.rows - self.rejected

    def problems_by_row(self) -> list[tuple[str | None, int | None, list[str]]]:
        """(file, row, messages) for each rejected row, in file and row order."""
        grouped: dict[tuple[str | None, int | None], list[str]] = {}
        for p in self.errors:
            grouped.setdefault((getattr(p, "source", None), p.row), []).append(p.message)
        return [(source, row, messages) for (source, row), messages in grouped.items()]

    def summary(self) -> str:
        """One line for people: rows read, imported, rejected."""
        stored = (
            f" ({self.added} new, {self.revised} revised, {self.unchanged} unchanged)"
            if self.added + self.revised + self.unchanged
            else ""
        )
        return f"{self.rows} row{'' if self.rows == 1 else 's'}: {self.imported} imported{stored}, {self.rejected} rejected"

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            assessments=self.assessments + other.assessments,
            errors=self.errors + other.errors,
            rows=self.rows + other.rows,
            added=self.added + other.added,
            revised=self.revised + other.revised,
            unchanged=self.unchanged + other.unchanged,
            sources=self.sources + other.sources,
            ignored_columns=tuple(dict.fromkeys(self.ignored_columns + other.ignored_columns)),
            encoding=other.encoding if not self.sources or self.encoding == other.encoding else None,
        )


def _accepted(reader: _RowReader, bar: Any, guard: StoreGuard | None = None) -> Iterator[Assessment]:
    """The assessments of the good rows, read a chunk at a time (moving the progress bar, if any)."""
    rows = iter(reader.sheet.rows)
    try:
        while chunk := list(islice(rows, CHUNK)):
            accepted = reader.read(chunk)
            yield from guard.passed(reader, accepted) if guard else accepted
            if bar:
                bar.update(len(chunk))
    finally:
        if bar:
            bar.close()


class _RowReader:
    """Turns the rows of one sheet into assessments, collecting every problem by row.

    Rows are read a chunk at a time, column by column (`from_columns`); only the rows it leaves
    (those with a bad or unusual cell) are read one by one with `from_row`, for exact messages.
    Of each accepted assessment it keeps a fingerprint (to tell a repeated row from a clash) and,
    only when asked (`keep`, as `read_table` does), the assessment itself: an import of a million
    rows holds a few hundred bytes a row.
    """

    def __init__(self, framework: Framework, source: str, sheet: _Sheet, *, keep: bool = False):
        self.fw = framework
        self.source = source
        self.sheet = sheet
        month_first = _month_first(sheet)
        self.layout = layout = flat_layout(framework)
        cleaners = dict.fromkeys(layout.columns, _text_cell)
        cleaners.update({name: _code_cleaner(codes, several) for name, (codes, several) in _codes_by_column(layout).items()})
        cleaners.update(language=_language_cell)
        cleaners.update({currency: _currency_cell for currency in layout.amounts.values()})
        cleaners.update({amount: _budget_cell for amount in layout.amounts})
        cleaners.update({rate: _rate_cell for rate in layout.rates})
        cleaners["assessed_on"] = lambda value: (
            _date_text(value, month_first) if isinstance(value, str) else _date_value(value, month_first)
        )
        self.cleaners = [(i, name, cleaners[name]) for i, name in enumerate(sheet.columns) if name is not None]
        self.width = len(sheet.columns)
        self.accepted: dict[str, int] = {}  # id -> fingerprint of the assessment
        self.kept: dict[str, Assessment] | None = {} if keep else None
        self.first_row: dict[str, int] = {}
        self.repeats: dict[str, list[int]] = {}  # id -> later rows repeating the first one exactly
        self.given_ids: set[str] = set()  # ids typed in the file (the others are derived from client and date)
        self.errors: list[Problem] = []
        self.signs: dict[str, list] = {}  # amount column -> the currency each cell's sign names (this chunk)
        self.column_of = columns_of_fields(framework)
        self.count = 0

    def read(self, rows: Sequence[tuple[int, Sequence[Any]]]) -> list[Assessment]:
        """Accept or reject data rows (blank rows are not assessments and are skipped); the newly accepted ones."""
        broken = self.sheet.broken
        rows = [(number, cells) for number, cells in rows if not _blank_row(cells) or (broken and number in broken)]
        self.count += len(rows)
        columns = self.columns(rows)
        ids = columns.get("id")
        clashes = self.cell_clashes(rows, columns)
        accepted = []
        for i, record in enumerate(from_columns(columns, self.fw)):
            number, cells = rows[i]
            if broken and number in broken:  # a quote left open, a cell past the limit: nothing else to say
                self.reject(number, [broken[number]])
                continue
            if i in clashes:  # refused: its other problems, if any, are reported with it
                self.read_alone(number, cells, {name: values[i] for name, values in columns.items()})
                self.reject(number, clashes[i])
                continue
            if record is None or len(cells) > self.width:
                record = self.read_alone(number, cells, {name: values[i] for name, values in columns.items()})
            if record is not None and self.keep(number, record):
                accepted.append(record)
                if ids is not None and not _blank(ids[i]):
                    self.given_ids.add(record.id)
        return accepted

    def result(self) -> ImportResult:
        """What was read so far: the accepted assessments, every problem, the counts."""
        return ImportResult(
            assessments=list(self.kept.values()) if self.kept is not None else [],
            errors=self.errors,
            rows=self.count,
            sources=(self.source,),
            ignored_columns=self.sheet.ignored,
            encoding=self.sheet.encoding,
        )

    def read_alone(self, number: int, cells: Sequence[Any], row: dict[str, Any]) -> Assessment | None:
        """One row's assessment by `from_row`, or None after recording each of its problems."""
        if len(cells) > self.width and not all(_blank(c) for c in cells[self.width :]):
            message = Text("the row has {n} cells but the header only {width}: check separators and quotes", n=len(cells), width=self.width)
            self.reject(number, [Problem("row", message, number)])
            return None
        try:
            return from_row(row, self.fw, number)
        except ValidationError as exc:
            self.reject(number, exc.problems)
            return None

    def columns(self, rows: Sequence[tuple[int, Sequence[Any]]]) -> dict[str, list[Any]]:
        """The rows' cells by flat column, cleaned of spreadsheet habits (each distinct text once)."""
        width = self.width
        fitted = [cells if len(cells) == width else _fitted(cells, width) for _, cells in rows]
        raw = list(zip(*fitted, strict=True)) if fitted else [()] * width
        columns = {name: _each_cell(raw[i], clean, name in UNIQUE_COLUMNS) for i, name, clean in self.cleaners}
        self.signs = {amount: _currency_from_budget_signs(columns, amount, currency)
                      for amount, currency in self.layout.amounts.items() if amount in columns}  # fmt: skip
        for rate in self.sheet.rate_columns if self.sheet.percent_cells else ():
            name = self.sheet.columns[rate]
            for i, (number, cells) in enumerate(rows):
                if (number, rate) in self.sheet.percent_cells:  # Excel stores 45 % as 0.45
                    columns[name][i] = round(cells[rate] * 100, 10)
        return columns

    def keep(self, number: int, record: Assessment) -> bool:
        """Keep a good row (True when its id is new); the same id twice must mean the same assessment."""
        earlier, fingerprint = self.accepted.get(record.id), _fingerprint(record)
        if earlier is None:
            self._remember(record, fingerprint, number)
            return True
        if earlier != fingerprint:
            self.reject(number, [_clash(record, self.first_row[record.id])])
        else:
            self.repeats.setdefault(record.id, []).append(number)
        return False

    def _remember(self, a: Assessment, fingerprint: int, number: int) -> None:
        self.accepted[a.id], self.first_row[a.id] = fingerprint, number
        if self.kept is not None:
            self.kept[a.id] = a

    def _forget(self, assessment_id: str) -> None:
        del self.accepted[assessment_id]
        if self.kept is not None:
            del self.kept[assessment_id]

    def cell_clashes(self, rows: Sequence[tuple[int, Sequence[Any]]], columns: dict[str, list[Any]]) -> dict[int, list[Problem]]:
        """Problems of the rows (by index) that the cells alone do not show: a budget's sign against the
        currency column, formulas whose result the file does not hold."""
        problems: dict[int, list[Problem]] = {}
        for amount, signs in self.signs.items():
            for i, p in _sign_clashes(columns, signs, amount, self.layout.amounts[amount]).items():
                problems.setdefault(i, []).append(p)
        for i, (number, _) in enumerate(rows):
            for column, formula in sorted(self.sheet.unsaved_formulas.get(number, {}).items()):
                name = self.sheet.columns[column] if column < len(self.sheet.columns) else None
                if name:
                    message = Text("{column} holds a formula with no saved result ({formula}): open the file in Excel and save it, or type "
                                   "the value", column=name, formula=formula)  # fmt: skip
                    problems.setdefault(i, []).append(Problem(name, message))
        return problems

    def rekey(self, a: Assessment, stored_id: str) -> Assessment | None:
        """The row's assessment under the id the store knows for its client and day (its own id was derived).

        None when another row of the file already holds that id: the same answers make it a repeat,
        others are refused as a clash.
        """
        moved = replace(a, id=stored_id)
        rows = [self.first_row.pop(a.id), *self.repeats.pop(a.id, [])]
        self._forget(a.id)
        earlier, fingerprint = self.accepted.get(stored_id), _fingerprint(moved)
        if earlier is None:
            self._remember(moved, fingerprint, rows[0])
            if rows[1:]:
                self.repeats[stored_id] = rows[1:]
            return moved
        if earlier == fingerprint:
            self.repeats.setdefault(stored_id, []).extend(rows)
        else:
            for number in rows:
                self.reject(number, [_clash(moved, self.first_row[stored_id])])
        return None

    def withdraw(self, assessment_id: str, problem: Problem) -> None:
        """Reject an accepted assessment after all (the store has a reason), with every row that repeated it."""
        self._forget(assessment_id)
        for number in [self.first_row.pop(assessment_id), *self.repeats.pop(assessment_id, [])]:
            self.reject(number, [problem])

    def reject(self, number: int, problems: Iterable[Problem]) -> None:
        """Record every problem of a rejected row, named by the column as the spreadsheet heads it."""
        for p in problems:
            column = self.column_of.get(p.field, "notes" if p.field.startswith("notes.") else p.field)
            if isinstance(p.message, Text):  # (still a catalogue message, with the column for the field)
                message = p.message.with_values(field=column) if p.message.values.get("field") == p.field else p.message
            elif p.message.startswith(p.field):
                message = column + p.message[len(p.field) :]
            else:
                message = p.message
            self.errors.append(RowProblem(column, message, number, self.source))


def _fingerprint(a: Assessment) -> int:
    """A hash of what an assessment holds besides its id: two rows of one id with different answers differ here.

    Python's hash of the fields rather than a digest of the JSON document: a third of the time,
    and two different assessments sharing both an id and a 64-bit hash do not happen in any file.
    """
    answers = tuple((q, _frozen(answer)) for q, answer in sorted(a.answers.items()) if answer is not None)
    notes, framework = tuple(sorted(a.notes.items())), tuple(sorted(a.framework.items()))
    return hash((a.client, a.assessed_on, a.consultant, a.language, answers, notes, framework))


def _frozen(answer: Any) -> Any:
    """An answer as hashable values (lists as tuples)."""
    if isinstance(answer, dict):
        return tuple(sorted((key, _frozen(value)) for key, value in answer.items()))
    return tuple(answer) if isinstance(answer, list) else answer


def _clash(record: Assessment, first: int) -> Problem:
    """Why a row repeating another row's assessment with different answers is refused."""
    if record.id != derived_id(record.client.name, record.assessed_on):
        return Problem("id", Text("id {id} is already used by row {row} with different answers", id=record.id, row=first))
    return Problem("client_name", Text(
        "{client} assessed on {day} is already in row {row} with different answers (an assessment is known by its id, or "
        "without one by client and date: give the rows different ids to keep both)",
        client=record.client.name, day=record.assessed_on.isoformat(), row=first,
    ))  # fmt: skip


def _month_first(sheet: _Sheet) -> bool:
    """Whether the sheet writes dates MM/DD/YYYY: only when some date proves it and none contradicts."""
    try:
        column = sheet.columns.index("assessed_on")
    except ValueError:
        return False
    month_first, seen = False, set()
    for _, cells in sheet.rows:
        value = cells[column] if column < len(cells) else None
        if not isinstance(value, str) or value in seen:  # each distinct date once
            continue
        seen.add(value)
        match = DAY_MONTH.fullmatch(value.strip())
        if match:
            if int(match.group(1)) > 12:
                return False  # a date written day first: the rest need not be read (a pass over the file saved)
            month_first |= int(match.group(2)) > 12
    return month_first


def _progress_bar(rows: Sized, label: str, progress: bool) -> Any:
    """A tqdm bar on stderr for large files, or None (rows are counted only for a bar)."""
    if not progress or (total := len(rows)) < PROGRESS_FROM:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="row", mininterval=0.5, leave=False)
