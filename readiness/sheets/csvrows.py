"""Reading CSV records while accounting for every physical line of the file.

Python's csv module reads a quote that is never closed as the start of one cell that swallows
every following line (or fails with "field larger than field limit" past its limit): rows vanish
without a word. Here each record is read with the physical lines it took, and a record that
swallowed lines it should not have is read again one line at a time: the line where the quote
opened is reported (with the lines it swallowed), and every other line is a row of its own. A
cell longer than the cell limit is reported with its row, never as a traceback.

    records(lines, delimiter, width=16, header_row=1, columns=[...])
        -> (row number, cells, problem or None) for each record, header and title rows included

Row numbers are what a spreadsheet shows (a cell with line breaks is one row); a swallowed line
read again counts as one row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from ..core.limits import described, limit
from ..core.safetext import cell_length
from ..text import Text


@dataclass(frozen=True)
class Broken:
    """Why a row cannot be read at all: the column it concerns (or "row") and the message."""

    column: str
    message: str  # a catalogue message (Text)


def _tapped(lines: Iterable[str], taken: list[str]) -> Iterator[str]:
    """The lines, each also put in `taken`: the lines of the record csv.reader is reading."""
    for line in lines:
        taken.append(line)
        yield line


_ENDS = ("\n", "\r")


@contextmanager
def cell_limit_in_force(most: int) -> Iterator[None]:
    """csv's field-size limit set to the cell limit while reading (so a runaway cell stops there)."""
    before = csv.field_size_limit(most)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def records(
    lines: Iterable[str],
    delimiter: str,
    width: int,
    header_row: int = 0,
    columns: Sequence[str | None] = (),
    first_line: int = 1,
) -> Iterator[tuple[int, list[str], Broken | None]]:
    """Each record as (row number, cells, None), or (row number, [], why) when it cannot be read.

    `width` is the header's number of cells; records after `header_row` that swallowed lines are
    read again line by line. `first_line` is the physical line number of the first line given.
    """
    most = limit("cell")
    lines = iter(lines)
    taken: list[str] = []
    reader = csv.reader(_tapped(lines, taken), delimiter=delimiter)
    row, consumed = 0, first_line - 1
    with cell_limit_in_force(most):
        while True:
            try:
                cells: list[str] | None = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a cell past the limit: the record's lines so far are in `taken`
                cells = None
                if _read_to_closing_quote(taken, lines):  # a quoted cell too long, closed further on: one row
                    reader = csv.reader(_tapped(lines, taken), delimiter=delimiter)  # (the old one lost its place)
                    cells = _whole_record(taken, delimiter)
            start, consumed = consumed + 1, consumed + len(taken)
            if cells is not None and len(taken) == 1 and _plain_line(taken[0], cells, most):
                taken.clear()
                row += 1
                yield row, cells, None  # the usual record: one complete line, no quote left open, short cells
                continue
            record, taken[:] = taken[:], []
            if cells is None or row >= header_row and _left_open_record(record, cells, width, delimiter):
                yield from _line_by_line(record, row, start, delimiter, columns)
                row += len(record)
                continue
            row += 1
            if not _too_long(cells, most):
                yield row, cells, None
            else:
                yield row, [], _too_long_cell(cells, columns, row, start, start + len(record) - 1)


def _read_to_closing_quote(taken: list[str], lines: Iterator[str]) -> bool:
    """After a cell past the limit inside quotes: take the record's next lines until its quote closes; whether it did.

    A long note in quotes, over thousands of lines, is one row (too long), not a quote left open
    whose every line is a row. Quotes come in pairs in a record (an escaped one is doubled), so the
    record ends at the first line end where their count is even. Without one, every line to the
    end of the file is taken, to be read again one by one as a quote left open is.
    """
    quotes = sum(line.count('"') for line in taken)
    if quotes % 2 == 0:
        return False  # not inside quotes: a long cell on one line
    for line in lines:
        taken.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0 and line[-1:] in _ENDS:
            return True
    return quotes % 2 == 0


def _whole_record(lines: list[str], delimiter: str) -> list[str]:
    """The cells of a record whose lines are all there, however long its cells (to name the long one)."""
    with cell_limit_in_force(sum(map(len, lines)) + 1):
        return next(csv.reader(lines, delimiter=delimiter), [])


def _plain_line(line: str, cells: list[str], most: int) -> bool:
    """Whether a record of one line is surely complete: it ends the line, no quote took the line break, no cell can be too long."""
    return line[-1:] in _ENDS and len(line) <= most // 2 and not (cells and cells[-1][-1:] in _ENDS)


def _left_open_record(lines: list[str], cells: list[str], width: int, delimiter: str) -> bool:
    """Whether a quote left open made this record: over several lines, or at the end of the last line."""
    if len(lines) > 1:
        return _swallowed(lines, cells, width, delimiter)
    return '"' in lines[0] and _left_open(lines[0], delimiter)


def _swallowed(lines: list[str], cells: list[str], width: int, delimiter: str) -> bool:
    """Whether a record of several lines took lines that are rows of their own (a quote left open).

    A cell with line breaks, rightly quoted, reads the same strictly. A quote left open either does
    not (never closed, or closed where a cell goes on), or leaves a record of the wrong width in
    which some line is a whole row by itself.
    """
    try:
        with cell_limit_in_force(sum(map(len, lines)) + 1):  # (a cell too long is said apart: not a quote left open)
            list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return True
    return len(cells) != width and any(len(_alone(line, delimiter)[0]) >= width for line in lines[1:])


def _line_by_line(
    lines: list[str], row: int, start: int, delimiter: str, columns: Sequence[str | None]
) -> Iterator[tuple[int, list[str], Broken | None]]:
    """The lines of a record that swallowed others, each read again as a row of its own."""
    last = start + len(lines) - 1
    for offset, line in enumerate(lines):
        cells, fault = _alone(line, delimiter)
        number, physical = row + offset + 1, start + offset
        if fault == "long":
            yield number, [], _too_long_cell(_cells_of_long(line, delimiter), columns, number, physical)
        elif fault == "open":
            column = _column(columns, len(cells) - 1)
            if offset == 0 and len(lines) > 1:
                message = Text("a quote opened in {column} on line {line} is not closed on that line, so lines {line}–{last} were read "
                               "as one cell (the lines after it are read again as rows of their own): close the quote or remove it, "
                               "then import this row again", column=column, line=physical, last=last)  # fmt: skip
            else:
                message = Text("a quote opened in {column} on line {line} is never closed: close the quote or remove it, then import "
                               "this row again", column=column, line=physical)  # fmt: skip
            yield number, [], Broken(column, message)
        else:
            yield number, cells, None


def _alone(line: str, delimiter: str) -> tuple[list[str], str | None]:
    """The cells of one line read alone, and "open" (a quote left open) or "long" (a cell past the limit), if so."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), []), None
    except csv.Error as exc:
        cells = next(csv.reader([line], delimiter=delimiter), []) if "field limit" not in str(exc) else []
        return cells, "long" if "field limit" in str(exc) else ("open" if _left_open(line, delimiter) else None)


def _left_open(line: str, delimiter: str) -> bool:
    """Whether the line ends inside a quoted cell."""
    try:
        list(csv.reader([line + '"'], delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def _too_long(cells: list[str], most: int) -> bool:
    return any(len(c) > most // 2 and cell_length(c) > most for c in cells)


def _cells_of_long(line: str, delimiter: str) -> list[str]:
    """The cells of one line holding a cell past the limit (the line is in memory already), to name that cell."""
    with cell_limit_in_force(len(line) + 1):
        return next(csv.reader([line], delimiter=delimiter), [])


def _too_long_cell(cells: list[str], columns: Sequence[str | None], row: int, line: int, last: int | None = None) -> Broken:
    """Which cell is past the cell limit (with its lines, when they are not just the row's number)."""
    most = limit("cell")
    where = next((_column(columns, i) for i, c in enumerate(cells) if cell_length(c) > most), None)
    if last and last != line:
        on_line = Text(" (lines {line}–{last})", line=line, last=last)
    else:
        on_line = Text(" (line {line})", line=line) if line != row else ""
    message = Text("{column} is longer than {limit}{lines}: shorten it, then import this row again",
                   column=where or Text("a cell"), limit=described("cell"), lines=on_line)  # fmt: skip
    return Broken(where or "row", message)


def _column(columns: Sequence[str | None], index: int) -> str:
    """The flat-layout name of a column, or its position when the header does not name it."""
    name = columns[index] if 0 <= index < len(columns) else None
    return name or Text("column {n}", n=index + 1)
