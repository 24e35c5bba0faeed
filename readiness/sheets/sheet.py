"""A table file opened: CSV (any separator and encoding spreadsheets write) or XLSX, its header matched to the flat layout, its rows numbered as a spreadsheet shows them."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ImportFileError, InputLimitError, Problem, ReadinessError
from ..core.limits import check_xlsx_size, cut, described, limit, read_bounded, table_bytes_limit
from ..core.rows import FlatLayout, flat_layout
from ..core.safetext import cell_length
from ..text import N_, Text
from .csvrows import cell_limit_in_force, records
from .formulas import restored

if TYPE_CHECKING:

    pass


REQUIRED_COLUMNS = ("client_name", "assessed_on")
HEADER_SEARCH_ROWS = 10
EXCEL_ROWS = 1_048_576  # the most rows a worksheet can have
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


@dataclass
class _Sheet:
    """A table as read from a file: its columns, and data rows numbered as a spreadsheet shows them."""

    columns: list[str | None]  # flat-layout name of each column (None: ignored)
    rows: Sequence[tuple[int, Sequence[Any]]] | _CsvRows  # _CsvRows: read again each time, never held whole
    ignored: tuple[str, ...] = ()
    encoding: str | None = None
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column) of XLSX percent cells
    rate_columns: tuple[int, ...] = ()  # where the bounce rates are
    unsaved_formulas: dict[int, dict[int, str]] = field(default_factory=dict)  # row -> column -> formula without result
    broken: dict[int, Problem] = field(default_factory=dict)  # rows that cannot be read at all, and why


def _open_sheet(path: Path, layout: FlatLayout | None = None) -> _Sheet:
    """The table in a file, its header matched to the flat layout (of the framework the import reads under)."""
    layout = layout or flat_layout()
    data = read_bounded(path, table_bytes_limit(), N_("a table file (CSV or XLSX)"), "table_mb", _binary)
    if not data.strip():
        raise ImportFileError(Text("{path}: the file is empty", path=path))
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(path, data, layout)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(Text("{path}: an old Excel (.xls) file; save it as .xlsx or CSV first", path=path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportFileError(Text("{path}: not a valid Excel file", path=path))
    return _csv_sheet(path, data, layout)


def _binary(start: bytes) -> str | None:
    """Why to refuse a file at its first bytes: binary, and neither XLSX nor UTF-16 (/dev/zero, a picture).

    Binary from its first bytes: a NUL in its first line or its first 16 bytes (where pictures and
    archives have theirs). A NUL further on is a bad character in one row, which that row's check
    names with its row number; the other rows are imported.
    """
    if start.startswith((b"PK\x03\x04", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = start[:4096]
    if b"\x00" in head[:16] or b"\x00" in head.split(b"\n", 1)[0]:
        return Text("not a text table (it holds binary data); export it as CSV or XLSX")
    return None


def _csv_sheet(path: Path, data: bytes, layout: FlatLayout) -> _Sheet:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as exc:
        raise ImportFileError(Text("{path}: not valid {encoding} text ({reason} at byte {at})", path=path, encoding=exc.encoding, reason=exc.reason, at=exc.start)) from None
    text, delimiter = _excel_separator_line(text)
    bare_cr = _has_bare_cr(text)
    first_line = 1 if delimiter is None else 2  # Excel's `sep=` line is no row, but it is a line of the file
    best: tuple[int, str, int, list[str]] | None = None
    for candidate in (delimiter,) if delimiter else (";", "\t", ","):
        found = _find_header(csv.reader(_lines(text, bare_cr), delimiter=candidate), layout.columns)
        if found and (best is None or found[1] > best[0]):
            best = (found[1], candidate, found[0], found[2])
    if best is None:
        raise ImportFileError(Text(
            "{path}: no header row naming the columns ({columns}) in the first {n} rows", path=path, columns=", ".join(layout.columns),
            n=HEADER_SEARCH_ROWS,
        ))  # fmt: skip
    _, delimiter, header_row, header = best
    sheet = _sheet(path, header, [], encoding, layout)
    sheet.rows = _CsvRows(path, text, delimiter, header_row, first_line, sheet, bare_cr, layout)
    return sheet


class _CsvRows:
    """The data rows of a CSV text, (number, cells), parsed again each time they are gone through.

    Never all held at once: a million rows as lists of cells would take a gigabyte more than the text.
    Every physical line is accounted for (readiness.sheets.csvrows); a row that cannot be read at all (a
    quote left open, a cell past the limit) is noted in the sheet's `broken` as it is met.
    """

    def __init__(self, path: Path, text: str, delimiter: str, header_row: int, first_line: int, sheet: _Sheet, bare_cr: bool,
                 layout: FlatLayout):  # fmt: skip
        self.path, self.text, self.delimiter, self.bare_cr = path, text, delimiter, bare_cr
        self.header_row, self.first_line, self.sheet = header_row, first_line, sheet
        self.width = len(sheet.columns)
        self.count: int | None = None
        # Apostrophes are export's own (see readiness.sheets.formulas) only in a file with export's header, every
        # column in its order; in any other file an apostrophe is what someone typed, and stays.
        self.ours = list(sheet.columns) == list(layout.columns)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        most, filled = limit("rows"), 0
        lines = _lines(self.text, self.bare_cr)
        for number, cells, broken in records(lines, self.delimiter, self.width, self.header_row, self.sheet.columns, self.first_line):
            if number <= self.header_row:
                continue
            filled += any(cells)  # blank rows do not count
            if filled > most:
                raise InputLimitError(_too_many_rows(self.path))
            if broken is not None:
                self.sheet.broken[number] = Problem(broken.column, broken.message)
            elif self.ours and "'" in "".join(cells):  # cells that export neutralised as text
                cells = [restored(c) for c in cells]
            if self.bare_cr:
                cells = [c.replace(CR_IN_CELL, "\r") for c in cells]
            yield number, cells

    def __len__(self) -> int:
        if self.count is None:
            self.count = sum(1 for _ in self)
        return self.count


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LF_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_BARE_CR = re.compile(r"\r(?!\n)")
CR_IN_CELL = "\ufdd0"  # a carriage return inside a line, while csv reads it (unquoted, csv cannot hold one): put back after


def _lines(text: str, bare_cr: bool = False) -> Iterator[str]:
    """The lines of a text with their endings (\\r\\n, \\r or \\n), as csv wants them, made one at a time.

    With `bare_cr` (a file whose lines end in \\n or \\r\\n holding a lone \\r), only \\n ends a line and
    each lone \\r is CR_IN_CELL: it is a character of a cell (to be named by the row's check), not a
    line end that would cut the row in two. (Reading through io.StringIO would copy the whole text
    at four bytes a character.)
    """
    if bare_cr:
        return (_BARE_CR.sub(CR_IN_CELL, match.group()) for match in _LF_LINE.finditer(text))
    return (match.group() for match in _LINE.finditer(text))


def _has_bare_cr(text: str) -> bool:
    """Whether a text whose lines end in \\n (or \\r\\n) holds a lone \\r (an old Mac file, without \\n, ends its lines so)."""
    return "\r" in text and "\n" in text and CR_IN_CELL not in text and _BARE_CR.search(text) is not None


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


def _find_header(rows: Iterator[list[str]], columns: Sequence[str]) -> tuple[int, int, list[str]] | None:
    """(row number, known columns, cells) of the first of the first rows naming client_name."""
    with cell_limit_in_force(limit("cell")):
        try:
            for number, cells in enumerate(rows, start=1):
                names = [_column_name(c) for c in cells]
                if "client_name" in names:
                    return number, sum(n in columns for n in names), cells
                if number >= HEADER_SEARCH_ROWS:
                    return None
        except csv.Error:  # a quote left open before any header: no header found with this separator
            return None
    return None


def _sheet(path: Path, header: Sequence[Any], rows: list, encoding: str | None, layout: FlatLayout, percent: set | None = None) -> _Sheet:
    """Match the header to the flat layout; ImportFileError when required columns are missing."""
    names = [_column_name(h) for h in header]
    known = [n if n in layout.columns else None for n in names]
    doubles = sorted({n for n in known if n and known.count(n) > 1})
    if doubles:
        raise ImportFileError(Text("{path}: column {columns} appears more than once in the header", path=path, columns=", ".join(doubles)))
    missing = [c for c in REQUIRED_COLUMNS if c not in known]
    if missing:
        raise ImportFileError(Text(
            "{path}: the header has no {missing} column (found: {found})", path=path, missing=" / ".join(missing),
            found=", ".join(n for n in names if n),
        ))  # fmt: skip
    ignored = tuple(n for n, k in zip(names, known, strict=True) if n and k is None)
    rates = tuple(i for i, n in enumerate(known) if n in layout.rates)
    return _Sheet(known, rows, ignored, encoding, percent or set(), rates)


def _too_many_rows(path: Path) -> Text:
    """The refusal of a table file with more data rows than READINESS_MAX_ROWS."""
    return Text("{path}: more than {limit}: not read (split the file)", path=path, limit=described("rows"))


def _column_name(cell: Any) -> str:
    text = "" if cell is None else str(cell)
    return re.sub(r"[\s-]+", "_", text.strip().strip("\ufeff\"'").strip().lower())


def _xlsx_sheet(path: Path, data: bytes, layout: FlatLayout) -> _Sheet:
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
                found = _xlsx_rows(path, sheet, layout)
                if found:
                    found.unsaved_formulas = _unsaved_formulas(data, getattr(sheet, "_worksheet_path", None))
                    return found
        finally:
            book.close()
    except ReadinessError:
        raise
    except Exception as exc:  # a damaged or hostile file breaks the zip, XML or openpyxl readers in many ways
        raise ImportFileError(Text("{path}: not a readable Excel file ({reason})", path=path, reason=_damage(exc))) from None
    raise ImportFileError(Text("{path}: no worksheet has a header row naming the columns ({columns})", path=path, columns=", ".join(layout.columns)))


def _damage(exc: BaseException) -> str:
    """What is wrong with an XLSX file, in a few words from the reader that failed."""
    import zipfile
    import zlib

    while exc.__cause__ is not None:  # openpyxl wraps the reader's own error
        exc = exc.__cause__
    kind = type(exc).__name__
    if "Entit" in kind or "DTD" in kind:
        return Text("XML entities, which a workbook never needs: refused, as they can expand without end")
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        what = Text("a damaged zip archive")
    elif "XML" in kind or "Parse" in kind or "Forbidden" in kind:
        what = Text("damaged or unsafe XML")
    elif isinstance(exc, KeyError):
        what = Text("a part is missing")
    else:
        what = Text("unexpected content")
    detail = " ".join(str(exc).split()).strip("\"'")
    return Text("{what}: {detail}", what=what, detail=cut(detail)) if detail else what


def _xlsx_rows(path: Path, sheet: Any, layout: FlatLayout) -> _Sheet | None:
    """The rows of one worksheet after its header row, or None when it has no header row."""
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    percent: set[tuple[int, int]] = set()
    broken: dict[int, Problem] = {}
    rates: tuple[int, ...] = ()
    filled = 0
    most_rows, most_cell = limit("rows"), limit("cell")
    if (sheet.max_row or 0) > max(most_rows + HEADER_SEARCH_ROWS, EXCEL_ROWS):  # no Excel writes that many: not read at all
        rows_said = f"{sheet.max_row:,}".replace(",", " ")
        raise InputLimitError(Text("{path}: the sheet says it has {n} rows, more than {limit}: not read", path=path, n=rows_said, limit=described("rows")))
    # What the sheet says of its size (<dimension ref>) was only a first check: some tools write A1:O2
    # for 50 rows, and read-only openpyxl would stop there, dropping rows and columns silently.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = [c.value for c in cells]
        if header is None:
            names = [_column_name(v) for v in values]
            if "client_name" in names:
                header, rates = values, tuple(i for i, n in enumerate(names) if n in layout.rates)
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        filled += not _blank_row(values)
        if filled > most_rows:
            raise InputLimitError(_too_many_rows(path))
        rows.append((number, values))
        percent.update((number, rate) for rate in rates if rate < len(cells) and _percent_cell(cells[rate]))
        if any(type(v) is str and len(v) > most_cell // 2 and cell_length(v) > most_cell for v in values):
            broken[number] = _long_cell(values, header, most_cell)
    if header is None:
        return None
    found = _sheet(path, header, rows, "xlsx", layout, percent)
    found.broken = broken
    return found


def _long_cell(values: Sequence[Any], header: Sequence[Any], most: int) -> Problem:
    """The problem of a row with a cell past the cell limit, naming its column."""
    i = next(i for i, v in enumerate(values) if type(v) is str and cell_length(v) > most)
    column = _column_name(header[i]) if i < len(header) and header[i] is not None else Text("column {n}", n=i + 1)
    return Problem(column, Text("{column} is longer than {limit}: shorten it, then import this row again", column=column, limit=described("cell")))


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


def _blank_row(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
