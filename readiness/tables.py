"""Import and export of the flat table layout (CSV and XLSX), as spreadsheets really write it.

Reading accepts what French and English spreadsheets produce: `,` `;` or tab separators (and
Excel's `sep=;` first line); UTF-8 with or without BOM, UTF-16 ("Unicode text") or Windows-1252
(French Excel), even mixed line by line; decimal commas, thousands separators and `$` `€` `%`
signs; codes typed with capitals or spaces ("Part-time irregular"); dates as YYYY-MM-DD or
DD/MM/YYYY; XLSX with real dates and percent-formatted cells. Every data row ends up either in
`assessments` or in `errors`, with its row number as the spreadsheet shows it (header = row 1).

CSV records are read by `readiness.csvrows`, which accounts for every physical line (a quote
left open is reported, and the lines it swallowed are read as rows). Every file is bounded by
`readiness.limits` (file size, rows, cell length, XLSX unpacked size); a file past a limit is
refused whole with one line, a row with a cell past the limit is reported with its row.

Writing produces the same layout (CSV in UTF-8, or XLSX). Text cells that a spreadsheet would run
as a formula are neutralised: in CSV by apostrophes (`readiness.formulas`: at the start and after
any separator a spreadsheet might split on), which reading removes again; in XLSX by storing them
as text (with Excel's "quote prefix" when they start like a formula), so the cell shows exactly
what was typed. A round trip changes nothing that validation accepts.

    read_table(path)              -> ImportResult (nothing written)
    import_files(paths, store)    -> ImportResult with added / revised / unchanged counts
    export_table(data, path)      -> the written path
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .assessment import (
    FLAT_COLUMNS,
    Assessment,
    client_key,
    derived_id,
    from_columns,
    from_row,
    parse_number,
    to_row,
)
from .csvrows import cell_limit_in_force, records
from .errors import ImportFileError, InputLimitError, Problem, ReadinessError, ValidationError
from .files import write_atomically
from .formulas import neutralised, restored, starts_formula
from .framework import Framework, default_framework
from .limits import XLSX_CELL, check_xlsx_size, described, limit, read_bounded, shown, table_bytes_limit
from .safetext import cell_length
from .store import Identity, collector_paused

if TYPE_CHECKING:
    import pandas as pd

    from .store import Store

REQUIRED_COLUMNS = ("client_name", "assessed_on")
HEADER_SEARCH_ROWS = 10
EXCEL_ROWS = 1_048_576  # the most rows a worksheet can have
PROGRESS_FROM = 1000  # rows; smaller files import without a progress bar
CHUNK = 5000  # rows read together: each distinct cell is cleaned once per chunk, and the bar moves
COLUMN_OF_FIELD = {
    "client.name": "client_name", "client.industry": "industry", "client.size": "size",
    "objectives.choice": "objectives", "objectives.goals": "goals", "content.choice": "content",
    "champion.choice": "champion", "budget.annual_amount": "budget_annual", "budget.currency": "currency",
    "website.bounce_rate": "bounce_rate", "website.roi": "website_roi",
}  # fmt: skip  # an assessment's fields (format v1) -> the flat layout's columns
UNIQUE_COLUMNS = ("id", "client_name")  # cells that rarely repeat: cleaned one by one
LANGUAGE_WORDS = {
    "fr": "fr", "fr_ca": "fr", "fra": "fr", "francais": "fr", "français": "fr", "french": "fr",
    "en": "en", "en_ca": "en", "eng": "en", "anglais": "en", "english": "en",
}  # fmt: skip
CURRENCY_SIGNS = {
    "$": "CAD",
    "CA$": "CAD",
    "$CA": "CAD",
    "$ CA": "CAD",
    "US$": "USD",
    "$US": "USD",
    "$ US": "USD",
    "€": "EUR",
}
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_MONTH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_CURRENCY_MARKS = tuple(
    (re.compile(pattern, re.IGNORECASE), code)
    for pattern, code in (
        (r"US\s*\$|\$\s*US|\bUSD\b", "USD"),
        (r"€|\bEUR\b", "EUR"),
        (r"CA\s*\$|\$\s*CA|\bCAD\b", "CAD"),
    )
)
_ANY_CURRENCY = re.compile(r"US\s*\$|\$\s*US|CA\s*\$|\$\s*CA|\b(?:USD|CAD|EUR)\b|[$€]", re.IGNORECASE)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML cannot hold


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem of one row of one file."""

    source: str | None = None

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.source, f"row {self.row}" if self.row else None) if part)
        return f"{where}: {self.message}" if where else self.message


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


# ---------------------------------------------------------------- reading


def read_table(
    path: str | os.PathLike,
    framework: Framework | None = None,
    *,
    progress: bool = False,
    against: StoreGuard | None = None,
    keep: bool = True,
) -> ImportResult:
    """Read a CSV or XLSX file of the flat layout; ImportFileError if it cannot be read at all.

    With `against` (a StoreGuard of the store), rows an import into that store would refuse are
    rejected too; nothing is written. One guard for several files checks them as one import would.
    `keep=False` counts and reports only (no `assessments`): a file of any size in little memory.
    """
    path = Path(path)
    with collector_paused():
        sheet = _open_sheet(path)
        reader = _RowReader(framework or default_framework(), str(path), sheet, keep=keep)
        for _ in _accepted(reader, _progress_bar(sheet.rows, f"reading {path.name}", progress), against):
            pass
    return reader.result()


def import_files(
    paths: Iterable[str | os.PathLike],
    store: Store | str | None = None,
    framework: Framework | None = None,
    progress: bool = True,
    *,
    renames: bool = False,
) -> ImportResult:
    """Open every file first (any unreadable one stops everything), then store the good rows as they are read.

    Rows are checked against the store as `StoreGuard` says; `renames` lets a row rename the
    client of a stored assessment (the name was corrected on purpose). The result counts rows and
    lists every problem; its `assessments` is empty (they are in the store, and a file of a
    million rows is stored a chunk at a time, never held whole: `read_table` gives them).
    """
    from .store import open_store

    target = open_store(store, framework)
    framework = framework or target.framework or default_framework()
    with collector_paused():
        sheets = [(Path(p), _open_sheet(Path(p))) for p in paths]
        guard = StoreGuard(target, renames)
        total = ImportResult([], [], 0)
        for path, sheet in sheets:
            total += _import_sheet(_RowReader(framework, str(path), sheet), target, progress, guard)
    return total


def _import_sheet(reader: _RowReader, store: Store, progress: bool, guard: StoreGuard) -> ImportResult:
    """Store a sheet's good rows while reading them (the store writes one batch while the next is read)."""
    bar = _progress_bar(reader.sheet.rows, f"importing {Path(reader.source).name}", progress)
    checked_alike = reader.fw is (store.framework or default_framework())  # then the rows need no second check
    saved = store.save_many(_accepted(reader, bar, guard), validated=checked_alike)
    result = reader.result()
    duplicates = result.imported - len(reader.accepted)  # rows repeating another row of the file
    return replace(result, added=saved.added, revised=saved.revised, unchanged=saved.unchanged + duplicates)


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


class StoreGuard:
    """What a store must not take from files, and which stored assessment a row without id is.

    Knows the store as it was when made (`Store.index`) and every row passed since, so several
    files are checked as one import stores them. A row without an id is the stored assessment of
    the same client and day, whatever its id (saved in a meeting, or renamed). Refused: a row
    whose id is stored under another client's name (a pasted or shifted id would replace that
    client), unless `renames` and the new name is not another assessment's that day; a row whose
    assessment was deleted from the store.
    """

    def __init__(self, store: Store, renames: bool = False):
        self.renames = renames
        self.known = store.index()
        # Keyed by the id a row of that client and day gets without an id column: usually the very
        # id it leads to, kept once for both (a million assessments' worth stays small).
        self.by_day = {}
        for k, i in self.known.items():
            day = derived_id(i.client_name, i.assessed_on)
            self.by_day[k if day == k else day] = k

    def passed(self, reader: _RowReader, accepted: list[Assessment]) -> list[Assessment]:
        """The accepted assessments the store may take; the others are withdrawn from the reader with the reason."""
        kept = []
        for record in accepted:
            a: Assessment | None = record
            day = _day_key(record, reader.given_ids)
            if record.id not in self.known and record.id not in reader.given_ids and day in self.by_day:
                a = reader.rekey(record, self.by_day[day])  # None: the same as another row of the file
            if a is None:
                continue
            problem = self.conflict(a, day, a.id in reader.given_ids)
            if problem is None:
                kept.append(a)
                self.note(a, day)
            else:
                reader.withdraw(a.id, problem)
        return kept

    def conflict(self, a: Assessment, day: str, typed: bool) -> Problem | None:
        """Why the store must not take this assessment, if it must not."""
        stored = self.known.get(a.id)
        if stored is None:
            return None
        row = f"{a.client.name} assessed on {a.assessed_on.isoformat()}"
        if client_key(stored.client_name) != client_key(a.client.name):
            other_day = stored.assessed_on != a.assessed_on
            taken = self.by_day.get(day) not in (None, a.id)  # the new name is another assessment's that day
            if other_day or taken or not self.renames:
                was = f"{stored.client_name} assessed on {stored.assessed_on.isoformat()}"
                was += " (deleted)" if stored.deleted else ""
                rename = "" if other_day or taken else ", or import with --rename if the client's name was corrected"
                if typed:
                    why = f"id {a.id} is {was} in the store, not {row}: check the id (leave it blank to match by client and date)"
                else:
                    why = f"{row} is {was} in the store (renamed): write the name as stored"
                return Problem("id", why + rename)
        if stored.deleted:
            return Problem("id", f"{row} was deleted from the store: not imported again (readiness restore {a.id} brings it back)")
        return None

    def note(self, a: Assessment, day: str) -> None:
        """Remember a row passed: later rows and files are checked against it too."""
        stored = self.known.get(a.id)
        if stored is not None and self.by_day.get(was := derived_id(stored.client_name, stored.assessed_on)) == a.id:
            del self.by_day[was]
        self.known[a.id] = Identity(a.client.name, a.assessed_on)
        self.by_day[day] = a.id


@dataclass
class _Sheet:
    """A table as read from a file: its columns, and data rows numbered as a spreadsheet shows them."""

    columns: list[str | None]  # flat-layout name of each column (None: ignored)
    rows: Sequence[tuple[int, Sequence[Any]]] | _CsvRows  # _CsvRows: read again each time, never held whole
    ignored: tuple[str, ...] = ()
    encoding: str | None = None
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column) of XLSX percent cells
    rate_column: int = -1  # where bounce_rate is
    unsaved_formulas: dict[int, dict[int, str]] = field(default_factory=dict)  # row -> column -> formula without result
    broken: dict[int, Problem] = field(default_factory=dict)  # rows that cannot be read at all, and why


def _open_sheet(path: Path) -> _Sheet:
    data = read_bounded(path, table_bytes_limit(), "a table file (CSV or XLSX)", "table_mb", _binary)
    if not data.strip():
        raise ImportFileError(f"{path}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(path, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(f"{path}: an old Excel (.xls) file; save it as .xlsx or CSV first")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportFileError(f"{path}: not a valid Excel file")
    return _csv_sheet(path, data)


def _binary(start: bytes) -> str | None:
    """Why to refuse a file at its first bytes: binary, and neither XLSX nor UTF-16 (/dev/zero, a picture)."""
    if b"\x00" in start and not start.startswith((b"PK\x03\x04", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "not a text table (it holds binary data); export it as CSV or XLSX"
    return None


def _csv_sheet(path: Path, data: bytes) -> _Sheet:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path}: not valid {exc.encoding} text ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise ImportFileError(f"{path}: not a text table (it holds binary data); export it as CSV or XLSX")
    text, delimiter = _excel_separator_line(text)
    first_line = 1 if delimiter is None else 2  # Excel's `sep=` line is no row, but it is a line of the file
    best: tuple[int, str, int, list[str]] | None = None
    for candidate in (delimiter,) if delimiter else (";", "\t", ","):
        found = _find_header(csv.reader(_lines(text), delimiter=candidate))
        if found and (best is None or found[1] > best[0]):
            best = (found[1], candidate, found[0], found[2])
    if best is None:
        raise ImportFileError(
            f"{path}: no header row naming the columns ({', '.join(FLAT_COLUMNS)}) in the first {HEADER_SEARCH_ROWS} rows"
        )
    _, delimiter, header_row, header = best
    sheet = _sheet(path, header, [], encoding)
    sheet.rows = _CsvRows(path, text, delimiter, header_row, first_line, sheet)
    return sheet


class _CsvRows:
    """The data rows of a CSV text, (number, cells), parsed again each time they are gone through.

    Never all held at once: a million rows as lists of cells would take a gigabyte more than the text.
    Every physical line is accounted for (readiness.csvrows); a row that cannot be read at all (a
    quote left open, a cell past the limit) is noted in the sheet's `broken` as it is met.
    """

    def __init__(self, path: Path, text: str, delimiter: str, header_row: int, first_line: int, sheet: _Sheet):
        self.path, self.text, self.delimiter = path, text, delimiter
        self.header_row, self.first_line, self.sheet = header_row, first_line, sheet
        self.width = len(sheet.columns)
        self.count: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        most, filled = limit("rows"), 0
        lines = _lines(self.text)
        for number, cells, broken in records(lines, self.delimiter, self.width, self.header_row, self.sheet.columns, self.first_line):
            if number <= self.header_row:
                continue
            filled += any(cells)  # blank rows do not count
            if filled > most:
                raise InputLimitError(f"{self.path}: more than {described('rows')} data rows: not read (split the file)")
            if broken is not None:
                self.sheet.broken[number] = Problem(broken.column, broken.message)
            elif "'" in "".join(cells):  # cells that export neutralised as text
                cells = [restored(c) for c in cells]
            yield number, cells

    def __len__(self) -> int:
        if self.count is None:
            self.count = sum(1 for _ in self)
        return self.count


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their endings (\\r\\n, \\r or \\n), as csv wants them, made one at a time.

    (Reading through io.StringIO would copy the whole text at four bytes a character.)
    """
    return (match.group() for match in _LINE.finditer(text))


def _decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV file, and the encoding found (UTF-8, UTF-16, Windows-1252, or mixed by line)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not _UTF8_SEQUENCE.search(data) and _cp1252_ok(data):
        return data.decode("cp1252"), "windows-1252"  # no UTF-8 anywhere: one decode for the whole file
    lines = data.splitlines(keepends=True)
    decoded = [_decode_line(line) for line in lines]
    mixed = any(kind == "utf-8" and not line.isascii() for line, (_, kind) in zip(lines, decoded, strict=True))
    return "".join(text for text, _ in decoded), "mixed utf-8 and windows-1252" if mixed else "windows-1252"


def _decode_line(line: bytes) -> tuple[str, str]:
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="strict") if _cp1252_ok(line) else line.decode("latin-1"), "windows-1252"


def _cp1252_ok(line: bytes) -> bool:
    return not any(b in line for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _excel_separator_line(text: str) -> tuple[str, str | None]:
    """Excel's optional first line `sep=;` names the separator (and is not shown as a row)."""
    match = re.match(r"sep=(.)\r?\n", text)
    return (text[match.end() :], match.group(1)) if match else (text, None)


def _find_header(rows: Iterator[list[str]]) -> tuple[int, int, list[str]] | None:
    """(row number, known columns, cells) of the first of the first rows naming client_name."""
    with cell_limit_in_force(limit("cell")):
        try:
            for number, cells in enumerate(rows, start=1):
                names = [_column_name(c) for c in cells]
                if "client_name" in names:
                    return number, sum(n in FLAT_COLUMNS for n in names), cells
                if number >= HEADER_SEARCH_ROWS:
                    return None
        except csv.Error:  # a quote left open before any header: no header found with this separator
            return None
    return None


def _sheet(path: Path, header: Sequence[Any], rows: list, encoding: str | None, percent: set | None = None) -> _Sheet:
    """Match the header to the flat layout; ImportFileError when required columns are missing."""
    names = [_column_name(h) for h in header]
    known = [n if n in FLAT_COLUMNS else None for n in names]
    doubles = sorted({n for n in known if n and known.count(n) > 1})
    if doubles:
        raise ImportFileError(f"{path}: column {', '.join(doubles)} appears more than once in the header")
    missing = [c for c in REQUIRED_COLUMNS if c not in known]
    if missing:
        raise ImportFileError(
            f"{path}: the header has no {' or '.join(missing)} column (found: {', '.join(n for n in names if n)})"
        )
    ignored = tuple(n for n, k in zip(names, known, strict=True) if n and k is None)
    rate = known.index("bounce_rate") if "bounce_rate" in known else -1
    return _Sheet(known, rows, ignored, encoding, percent or set(), rate)


def _column_name(cell: Any) -> str:
    text = "" if cell is None else str(cell)
    return re.sub(r"[\s-]+", "_", text.strip().strip("\ufeff\"'").strip().lower())


def _xlsx_sheet(path: Path, data: bytes) -> _Sheet:
    """The first worksheet with a header row; dates stay dates, percent cells are remembered.

    The zip directory is checked against READINESS_MAX_XLSX_MB before anything is unpacked; any
    failure of the zip, XML or Excel readers on a damaged file is one ImportFileError.
    """
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            check_xlsx_size(path, parts)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                found = _xlsx_rows(path, sheet)
                if found:
                    found.unsaved_formulas = _unsaved_formulas(data, getattr(sheet, "_worksheet_path", None))
                    return found
        finally:
            book.close()
    except ReadinessError:
        raise
    except Exception as exc:  # a damaged or hostile file breaks the zip, XML or openpyxl readers in many ways
        raise ImportFileError(f"{path}: not a readable Excel file ({_damage(exc)})") from None
    raise ImportFileError(f"{path}: no worksheet has a header row naming the columns ({', '.join(FLAT_COLUMNS)})")


def _damage(exc: BaseException) -> str:
    """What is wrong with an XLSX file, in a few words from the reader that failed."""
    import zipfile
    import zlib

    while exc.__cause__ is not None:  # openpyxl wraps the reader's own error
        exc = exc.__cause__
    kind = type(exc).__name__
    if "Entit" in kind or "DTD" in kind:
        return "XML entities, which a workbook never needs: refused, as they can expand without end"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        what = "a damaged zip archive"
    elif "XML" in kind or "Parse" in kind or "Forbidden" in kind:
        what = "damaged or unsafe XML"
    elif isinstance(exc, KeyError):
        what = "a part is missing"
    else:
        what = "unexpected content"
    detail = " ".join(str(exc).split()).strip("\"'")
    return f"{what}: {shown(detail)[1:-1]}" if detail else what


def _xlsx_rows(path: Path, sheet: Any) -> _Sheet | None:
    """The rows of one worksheet after its header row, or None when it has no header row."""
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    percent: set[tuple[int, int]] = set()
    broken: dict[int, Problem] = {}
    rate, filled = -1, 0
    most_rows, most_cell = limit("rows"), limit("cell")
    if (sheet.max_row or 0) > max(most_rows + HEADER_SEARCH_ROWS, EXCEL_ROWS):  # no Excel writes that many: not read at all
        rows_said = f"{sheet.max_row:,}".replace(",", " ")
        raise InputLimitError(f"{path}: the sheet says it has {rows_said} rows, more than {described('rows')}: not read")
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = [c.value for c in cells]
        if header is None:
            names = [_column_name(v) for v in values]
            if "client_name" in names:
                header, rate = values, names.index("bounce_rate") if "bounce_rate" in names else -1
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        filled += not _blank_row(values)
        if filled > most_rows:
            raise InputLimitError(f"{path}: more than {described('rows')} data rows: not read (split the file)")
        rows.append((number, values))
        if 0 <= rate < len(cells) and _percent_cell(cells[rate]):
            percent.add((number, rate))
        if any(type(v) is str and len(v) > most_cell // 2 and cell_length(v) > most_cell for v in values):
            broken[number] = _long_cell(values, header, most_cell)
    if header is None:
        return None
    found = _sheet(path, header, rows, "xlsx", percent)
    found.broken = broken
    return found


def _long_cell(values: Sequence[Any], header: Sequence[Any], most: int) -> Problem:
    """The problem of a row with a cell past the cell limit, naming its column."""
    i = next(i for i, v in enumerate(values) if type(v) is str and cell_length(v) > most)
    column = _column_name(header[i]) if i < len(header) and header[i] is not None else f"column {i + 1}"
    return Problem(column, f"{column} is longer than {described('cell')}: shorten it, then import this row again")


def _unsaved_formulas(data: bytes, part: str | None) -> dict[int, dict[int, str]]:
    """Cells of one worksheet part holding a formula whose result was never saved: row -> column -> formula.

    Excel saves each formula's result beside it (`<v>15000</v>`, or an empty `<v/>` for an empty
    text result, `t="str"`); files made by programs often do not. Read as values such a cell
    looks blank, and an import would take it as unanswered.
    """
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    if part is None:
        return {}
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        xml = parts.read(part) if part in parts.namelist() else b""
    if b"<f" not in xml:
        return {}  # no formula on the sheet: the usual file
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    found: dict[int, dict[int, str]] = {}
    for _, cell in iterparse(io.BytesIO(xml)):
        if cell.tag != f"{ns}c":
            continue
        formula, value = cell.find(f"{ns}f"), cell.find(f"{ns}v")
        saved = value is not None and (value.text or cell.get("t") in ("str", "inlineStr"))
        if formula is not None and formula.text and not saved:
            letters, number = coordinate_from_string(cell.get("r"))
            found.setdefault(number, {})[column_index_from_string(letters) - 1] = f"={formula.text}"
        cell.clear()
    return found


def _percent_cell(cell: Any) -> bool:
    """A number shown as a percentage (Excel stores 45 % as 0.45)."""
    value = cell.value
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    )


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
        cleaners = dict.fromkeys(FLAT_COLUMNS, _text_cell)
        cleaners.update(
            {name: _code_cleaner(codes, name == "goals") for name, codes in _codes_by_column(framework).items()}
        )
        cleaners.update(language=_language_cell, currency=_currency_cell)
        cleaners.update(budget_annual=_budget_cell, bounce_rate=_rate_cell)
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
            message = f"the row has {len(cells)} cells but the header only {self.width}: check separators and quotes"
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
        if "budget_annual" in columns:
            _currency_from_budget_signs(columns)
        rate = self.sheet.rate_column
        if self.sheet.percent_cells and "bounce_rate" in columns:
            for i, (number, cells) in enumerate(rows):
                if (number, rate) in self.sheet.percent_cells:  # Excel stores 45 % as 0.45
                    columns["bounce_rate"][i] = round(cells[rate] * 100, 10)
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
        problems: dict[int, list[Problem]] = {i: [p] for i, p in _sign_clashes(columns).items()}
        for i, (number, _) in enumerate(rows):
            for column, formula in sorted(self.sheet.unsaved_formulas.get(number, {}).items()):
                name = self.sheet.columns[column] if column < len(self.sheet.columns) else None
                if name:
                    message = f"{name} holds a formula with no saved result ({formula}): open the file in Excel and save it, or type the value"
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
            column = COLUMN_OF_FIELD.get(p.field, "notes" if p.field.startswith("notes.") else p.field)
            message = column + p.message[len(p.field) :] if p.message.startswith(p.field) else p.message
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


def _day_key(a: Assessment, typed: set[str]) -> str:
    """The key of an assessment's client and day: the id a row of them gets without an id (its own, if it has none)."""
    return derived_id(a.client.name, a.assessed_on) if a.id in typed else a.id


def _text_cell(value: Any) -> str | None:
    """Text as typed (CSV cells come without export's apostrophes already); numbers and dates from XLSX as text."""
    if isinstance(value, str):
        return value
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value)
    return str(value)


def _codes_by_column(fw: Framework) -> dict[str, frozenset[str]]:
    """The codes each code column accepts."""
    codes = {q: fw.question(q).choice_codes for q in ("objectives", "content", "champion")}
    codes["size"] = fw.sizes
    codes["website_roi"] = tuple(c.code for c in fw.question("website").website.roi)
    codes["goals"] = tuple(fw.question("objectives").goals)
    return {name: frozenset(values) for name, values in codes.items()}


def _code_cleaner(codes: frozenset[str], several: bool) -> Any:
    """A cell reader turning "Part-time irregular" into part_time_irregular (unknown words stay as typed)."""

    def one(text: str) -> str:
        code = _code(text)
        return code if code in codes else text.strip()

    def clean(value: Any) -> str | None:
        text = _text_cell(value)
        if text is None or text in codes:
            return text
        if not several:
            return one(text)
        return "|".join(one(part) for part in re.split(r"[|;,]", text) if part.strip())

    return clean


def _language_cell(value: Any) -> str | None:
    text = _text_cell(value)
    return text if text is None else LANGUAGE_WORDS.get(_code(text), text.strip())


def _currency_cell(value: Any) -> str | None:
    text = _text_cell(value)
    return text if text is None else CURRENCY_SIGNS.get(text.strip(), text.strip().upper())


def _number_cell(value: Any) -> Any:
    return _text_cell(value) if isinstance(value, str) else value


def _budget_cell(value: Any) -> tuple[Any, str | None]:
    """(the amount, as a number when it is one; the currency its sign names, if any)."""
    value = _number_cell(value)
    return _amount(value) if isinstance(value, str) and value.strip() else (value, None)


def _rate_cell(value: Any) -> Any:
    value = _number_cell(value)
    return _rate(value) if isinstance(value, str) and value.strip() else value


def _clash(record: Assessment, first: int) -> Problem:
    """Why a row repeating another row's assessment with different answers is refused."""
    if record.id != derived_id(record.client.name, record.assessed_on):
        return Problem("id", f"id {record.id} is already used by row {first} with different answers")
    return Problem(
        "client_name",
        f"{record.client.name} assessed on {record.assessed_on.isoformat()} is already in row {first} with different "
        "answers (an assessment is known by its id, or without one by client and date: give the rows different ids "
        "to keep both)",
    )


def _currency_from_budget_signs(columns: dict[str, list[Any]]) -> None:
    """Split the budget column's (amount, sign) pairs; a budget typed `12 000 €` gives a blank currency.

    The signs stay in a "budget_signs" column, for `_sign_clashes` to compare with a currency typed too.
    """
    pairs = columns["budget_annual"]
    columns["budget_annual"] = [amount for amount, _ in pairs]
    currencies = columns.setdefault("currency", [None] * len(pairs))
    signs = columns["budget_signs"] = [sign for _, sign in pairs]
    for i, sign in enumerate(signs):
        if sign and not currencies[i]:
            currencies[i] = sign


def _sign_clashes(columns: dict[str, list[Any]]) -> dict[int, Problem]:
    """Rows whose budget's sign names another currency than the currency column (`12 000 €` and CAD)."""
    signs = columns.pop("budget_signs", None) or []
    currencies = columns.get("currency") or []
    return {
        i: Problem(
            "currency",
            f"currency is {currencies[i]} but budget_annual is written in {sign}: correct one of the two cells",
        )
        for i, sign in enumerate(signs)
        if sign and isinstance(currencies[i], str) and currencies[i] != sign  # ("$" alone names no currency)
    }


def _each_cell(values: Sequence[Any], clean: Any, unique: bool) -> list[Any]:
    """`clean` of each cell; each distinct text cleaned once, unless the column's cells are all different."""
    if unique:
        return [clean(v) for v in values]
    known = {v: clean(v) for v in set(values) if type(v) is str}
    return [known[v] if type(v) is str else clean(v) for v in values]


def _fitted(cells: Sequence[Any], width: int) -> list[Any]:
    """A row cut or padded to the header's width (cells past it are checked on their own)."""
    return [*cells[:width], *[None] * (width - len(cells))]


def _blank_row(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


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
        match = _DAY_MONTH.fullmatch(value.strip())
        if match:
            if int(match.group(1)) > 12:
                return False  # a date written day first: the rest need not be read (a pass over the file saved)
            month_first |= int(match.group(2)) > 12
    return month_first


@lru_cache(maxsize=16384)
def parse_date(text: str) -> date | None:
    """A day as an import reads it (YYYY-MM-DD, DD/MM/YYYY, with -, / or . between), or None."""
    parsed = _date_value(text, month_first=False)
    return parsed if isinstance(parsed, date) else None


def _date_text(text: str, month_first: bool) -> Any:
    return _date_value(text, month_first)


def _date_value(value: Any, month_first: bool) -> Any:
    """A date from a cell: a real date, an Excel day number, YYYY-MM-DD or DD/MM/YYYY; else as is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_MONTH.fullmatch(text):
        day, month, year = match.groups()
        if month_first:
            day, month = month, day
    else:
        return value
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return value


def _code(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


# Spreadsheets repeat the same few amounts, rates and dates: each text is parsed once per run.
@lru_cache(maxsize=16384)
def _amount(text: str) -> tuple[Any, str | None]:
    """(number, currency named by its sign) for `15 000 $` or `12 000 €`; words stay as typed."""
    sign = next((code for mark, code in _CURRENCY_MARKS if mark.search(text)), None)
    bare = _ANY_CURRENCY.sub("", text)
    number = parse_number(bare)
    return (bare.strip() if number is None else number), sign


@lru_cache(maxsize=16384)
def _rate(text: str) -> Any:
    number = parse_number(text)
    return text if number is None else number


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------- writing


def export_table(data: Iterable[Assessment] | pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write assessments (or a flat table) as CSV in UTF-8 or XLSX, by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReadinessError(f"{path}: export writes .csv or .xlsx files, not {suffix or 'files without a suffix'}")
    with collector_paused():  # rows are made and written one at a time: a store of any size fits in memory
        write = _write_xlsx if suffix == ".xlsx" else _write_csv
        write_atomically(path, lambda file: write(_export_rows(data), file))
    return path


def _export_rows(data: Iterable[Assessment] | pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Flat rows with plain Python values (None for blanks, dates as dates)."""
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        records = data.reindex(columns=list(FLAT_COLUMNS)).astype(object).to_dict("records")
        for record in records:
            yield {c: _plain(record[c]) for c in FLAT_COLUMNS}
        return
    for a in data:
        row = to_row(a)
        row["assessed_on"] = a.assessed_on
        yield row


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars
    return value


def _write_csv(rows: Iterable[dict[str, Any]], file: BinaryIO) -> None:
    out = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")  # the BOM makes Excel read the accents right
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FLAT_COLUMNS)
    writer.writerows([_csv_text(row[c], number, c) for c in FLAT_COLUMNS] for number, row in enumerate(rows, start=2))
    out.flush()
    out.detach()  # the file is the caller's to close


def _csv_text(value: Any, number: int, column: str) -> str:
    if type(value) is str:
        return neutralised(_exportable(value, number, column))
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value)
    return neutralised(_exportable(str(value), number, column))


def _exportable(text: str, number: int, column: str) -> str:
    """A text cell as it is, or ReadinessError when a spreadsheet could not hold it whole (so importing it back would differ).

    Validated assessments always pass; a table given as a DataFrame may hold anything.
    """
    if text.isascii() and text.isprintable() and len(text) <= XLSX_CELL:
        return text
    bad = _NOT_IN_XLSX.search(text)
    if bad is not None:
        why = f"holds a character no spreadsheet file can carry (U+{ord(bad.group()):04X} at character {bad.start() + 1})"
    elif cell_length(text) > XLSX_CELL:
        why = f"is longer than the {XLSX_CELL:,} characters a spreadsheet cell holds".replace(",", " ")
    else:
        return text
    raise ReadinessError(f"row {number}, {column} {why}: {shown(text)}; nothing written")


def _write_xlsx(rows: Iterable[dict[str, Any]], file: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("assessments")
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP", (38, 32, 18, 14, 12, 18, 9, 18, 30, 20, 20, 14, 9, 12, 12, 50), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, value=name), bold) for name in FLAT_COLUMNS])
    try:
        for number, row in enumerate(rows, start=2):  # (rows may come from a store, whose connection may fail half-way)
            sheet.append([_xlsx_cell(sheet, WriteOnlyCell, row[c], number, c) for c in FLAT_COLUMNS])
    except BaseException:
        with suppress(Exception):
            sheet.close()  # ends the sheet's XML stream now, not with an error when it is collected
        raise
    _save_workbook(book, file)  # (a write-only sheet keeps its rows in a temp file until then, not in memory)


def _save_workbook(book: Any, file: BinaryIO) -> None:
    """openpyxl's `save_workbook` into an open file, leaving no half-written zip to fail again later (a full disk)."""
    from datetime import UTC
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(file, "w", ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        archive.fp = None  # the file is discarded: nothing more to write into it, even when the zip is collected
        raise


def _styled(cell: Any, font: Any) -> Any:
    cell.font = font
    return cell


def _xlsx_cell(sheet: Any, make: Any, value: Any, number: int, column: str) -> Any:
    """A typed cell: dates as dates, numbers as numbers, text always as text (never a formula), whole."""
    if isinstance(value, str):
        cell = make(sheet, value=_exportable(value, number, column))
        cell.data_type = "s"
        if starts_formula(value):
            cell.quotePrefix = True  # if someone edits the cell, Excel still keeps it as text
        return cell
    cell = make(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


# ---------------------------------------------------------------- progress


def _progress_bar(rows: Sized, label: str, progress: bool) -> Any:
    """A tqdm bar on stderr for large files, or None (rows are counted only for a bar)."""
    if not progress or (total := len(rows)) < PROGRESS_FROM:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="row", mininterval=0.5, leave=False)
