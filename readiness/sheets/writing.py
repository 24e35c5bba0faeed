"""Writing the flat layout: CSV in UTF-8 (formulas neutralised) or XLSX (every text kept as text), whole or not at all."""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..core.action_plan import ITEM_COLUMNS
from ..core.assessment import Assessment
from ..core.errors import ReadinessError
from ..core.framework import Framework
from ..core.limits import XLSX_CELL, shown
from ..core.rows import flat_columns, to_row
from ..core.safetext import cell_length
from ..store import collector_paused
from ..store.writer import write_atomically
from ..text import Text
from .formulas import neutralised, starts_formula

if TYPE_CHECKING:
    import pandas as pd

from .cells import _number_text

_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what XML cannot hold


def export_table(data: Iterable[Assessment] | pd.DataFrame, path: str | os.PathLike, framework: Framework | None = None) -> Path:
    """Write assessments (or a flat table) as CSV in UTF-8 or XLSX, by the file's suffix, in the flat layout of `framework`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReadinessError(Text("{path}: export writes .csv or .xlsx files, not {suffix}", path=path, suffix=suffix or Text("files without a suffix")))
    columns = flat_columns(framework)
    items = ActionItems()
    with collector_paused():  # rows are made and written one at a time: a store of any size fits in memory
        if suffix == ".xlsx":
            write_atomically(path, lambda file: _write_xlsx(_export_rows(items.noted(data), framework, columns), file, columns, items))
        else:
            write_atomically(path, lambda file: _write_csv(_export_rows(items.noted(data), framework, columns), file, columns))
            if items.rows:
                write_atomically(items_path(path), lambda file: _write_csv(iter(items.rows), file, ITEM_COLUMNS))
    return path


def items_path(path: Path) -> Path:
    """Where a CSV export puts the action items: beside it, `<name>-action-items.csv`."""
    return path.with_name(f"{path.stem}-action-items.csv")


class ActionItems:
    """The action items of the assessments going through an export, one row each (gathered as they pass)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def noted(self, data: Any) -> Any:
        """The same assessments (or table), noting each one's action items on the way."""
        if hasattr(data, "columns"):
            return data  # a flat table holds no action plan
        return (self._note(a) for a in data)

    def _note(self, a: Assessment) -> Assessment:
        for item in a.plan:
            self.rows.append({"assessment_id": a.id, "client_name": a.client.name, "assessed_on": a.assessed_on, **item.to_dict(), "due": item.due})
        return a


def _export_rows(data: Iterable[Assessment] | pd.DataFrame, framework: Framework | None, columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Flat rows with plain Python values (None for blanks, dates as dates)."""
    if hasattr(data, "to_dict") and hasattr(data, "columns"):
        records = data.reindex(columns=list(columns)).astype(object).to_dict("records")
        for record in records:
            yield {c: _plain(record[c]) for c in columns}
        return
    for a in data:
        row = to_row(a, framework)
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


def _write_csv(rows: Iterable[dict[str, Any]], file: BinaryIO, columns: tuple[str, ...]) -> None:
    out = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")  # the BOM makes Excel read the accents right
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_text(row[c], number, c) for c in columns] for number, row in enumerate(rows, start=2))
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
        why = Text("holds a character no spreadsheet file can carry ({code} at character {n})", code=f"U+{ord(bad.group()):04X}", n=bad.start() + 1)
    elif cell_length(text) > XLSX_CELL:
        why = Text("is longer than the {n} characters a spreadsheet cell holds", n=f"{XLSX_CELL:,}".replace(",", " "))
    else:
        return text
    raise ReadinessError(Text("row {row}, {column} {why}: {value}; nothing written", row=number, column=column, why=why, value=shown(text)))


def _write_xlsx(rows: Iterable[dict[str, Any]], file: BinaryIO, columns: tuple[str, ...], items: ActionItems | None = None) -> None:
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
    sheet.append([_styled(WriteOnlyCell(sheet, value=name), bold) for name in columns])
    try:
        for number, row in enumerate(rows, start=2):  # (rows may come from a store, whose connection may fail half-way)
            sheet.append([_xlsx_cell(sheet, WriteOnlyCell, row[c], number, c) for c in columns])
    except BaseException:
        with suppress(Exception):
            sheet.close()  # ends the sheet's XML stream now, not with an error when it is collected
        raise
    if items is not None and items.rows:
        _items_sheet(book, items.rows, bold)
    _save_workbook(book, file)  # (a write-only sheet keeps its rows in a temp file until then, not in memory)


def _items_sheet(book: Any, rows: list[dict[str, Any]], bold: Any) -> None:
    """The action items of the exported assessments, on their own sheet."""
    from openpyxl.cell import WriteOnlyCell

    sheet = book.create_sheet("action_items")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (38, 32, 12, 16, 60, 20, 12, 9), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_styled(WriteOnlyCell(sheet, value=name), bold) for name in ITEM_COLUMNS])
    for number, row in enumerate(rows, start=2):
        sheet.append([_xlsx_cell(sheet, WriteOnlyCell, row[c], number, c) for c in ITEM_COLUMNS])


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
