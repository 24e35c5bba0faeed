"""CSV records with every physical line accounted for: quotes left open, cells past the limit, real multi-line cells."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.sheets.csvrows import records

HEADER = ["id", "client_name", "assessed_on", "notes"]


def read(text: str, delimiter: str = ",") -> list[tuple[int, list[str], str | None]]:
    """(row, cells, message or None) of each record after the header."""
    found = records(io.StringIO(text, newline=""), delimiter, len(HEADER), header_row=1, columns=HEADER)
    return [(row, cells, broken and broken.message) for row, cells, broken in found if row > 1]


def lines_of(text: str) -> list[str]:
    """The physical lines as a CSV reader sees them (only CR and LF end a line)."""
    return io.StringIO(text, newline="").readlines()


def table(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([HEADER, *rows])
    return out.getvalue()


ROWS = [[str(i), f"Client {i}", "2025-01-01", ""] for i in range(1, 7)]


@pytest.mark.parametrize(
    ("broken_line", "expected"),
    [
        ('2,"Client 2,2025-01-01,\r\n', "a quote opened in client_name on line 3 is not closed on that line, so lines 3–7"),
        ('2,Client 2,2025-01-01,"Wants\r\n', "a quote opened in notes on line 3 is not closed on that line"),
        ('2,Client 2,"2025-01-01,x\r\n', "a quote opened in assessed_on on line 3"),
    ],
)
def test_a_quote_left_open_is_reported_and_the_lines_it_swallowed_are_rows(broken_line, expected):
    lines = lines_of(table(ROWS))
    lines[2] = broken_line
    found = read("".join(lines))
    assert [row for row, _, _ in found] == [2, 3, 4, 5, 6, 7]
    assert expected in found[1][2] and found[1][1] == []
    assert [cells for _, cells, message in found if message is None] == [ROWS[0], *ROWS[2:]]


def test_a_quote_closed_much_later_is_found_too():
    rows = [*ROWS]
    rows[4] = ["5", "Client 5", "2025-01-01", "with, a comma"]  # written between quotes
    lines = lines_of(table(rows))
    lines[2] = lines[2].replace("Client 2", '"Client 2')
    found = read("".join(lines))
    assert [message is None for _, _, message in found] == [True, False, True, True, True, True]
    assert "lines 3–6 were read as one cell" in found[1][2]
    assert found[4][1] == rows[4]


def test_real_multi_line_cells_are_one_row():
    rows = [["1", "A", "2025-01-01", "Ligne 1\r\nLigne 2, avec virgule\n\"cité\""], ["2", "B", "2025-01-02", ""]]
    assert read(table(rows)) == [(2, rows[0], None), (3, rows[1], None)]


def test_a_cell_past_the_limit_is_reported_with_its_row_and_the_next_rows_read(monkeypatch):
    monkeypatch.setenv("READINESS_MAX_CELL", "100")
    rows = [*ROWS[:2], ["3", "Client 3", "2025-01-01", "n" * 101], *ROWS[3:]]
    found = read(table(rows))
    assert found[2] == (4, [], "notes is longer than 100 characters (READINESS_MAX_CELL): shorten it, then import this row again")
    assert [cells for _, cells, message in found if message is None] == [*ROWS[:2], *ROWS[3:]]


def test_a_quote_left_open_stops_at_the_cell_limit_and_every_line_is_still_read(monkeypatch):
    monkeypatch.setenv("READINESS_MAX_CELL", "200")
    rows = [[str(i), f"Client {i}", "2025-01-01", ""] for i in range(1, 101)]
    lines = lines_of(table(rows))
    lines[2] = lines[2].replace("Client 2", '"Client 2')
    found = read("".join(lines))
    assert len(found) == 100
    assert [row for row, _, message in found if message] == [3]
    assert [cells for _, cells, message in found if message is None] == [rows[0], *rows[2:]]


@pytest.mark.parametrize("lines", [2, 100_000])
def test_a_long_quoted_cell_over_many_lines_is_one_row_too_long(lines):
    """The try-out: a closed quoted note of 200 000 characters over 100 000 lines was 'a quote not closed' and 100 001 rows."""
    note = "\n".join(["a" * (200_000 // lines - 1)] * lines)
    rows = [*ROWS[:2], ["3", "Client 3", "2025-01-01", note], *ROWS[3:]]
    found = read(table(rows))
    assert [row for row, _, _ in found] == [2, 3, 4, 5, 6, 7]
    assert found[2] == (4, [], f"notes is longer than 32 767 characters (READINESS_MAX_CELL) (lines 4–{3 + lines}): shorten it, then import this row again")
    assert [cells for _, cells, message in found if message is None] == [*ROWS[:2], *ROWS[3:]]


def test_a_quote_left_open_to_the_end_past_the_cell_limit_still_reads_every_line(monkeypatch):
    monkeypatch.setenv("READINESS_MAX_CELL", "200")
    rows = [[str(i), f"Client {i}", "2025-01-01", ""] for i in range(1, 101)]
    lines = lines_of(table(rows))
    lines[50] = lines[50].replace("Client 50", '"Client 50')  # never closed: the quote runs to the end of the file
    found = read("".join(lines))
    assert len(found) == 100 and [row for row, _, message in found if message] == [51]
    assert [cells for _, cells, message in found if message is None] == rows[:49] + rows[50:]


def test_the_sep_line_counts_as_a_line():
    text = table(ROWS[:3], ";").replace('"', "")
    lines = lines_of(text)
    lines[2] = lines[2].replace("Client 2", '"Client 2')
    found = list(records(io.StringIO("".join(lines), newline=""), ";", 4, 1, HEADER, first_line=2))
    assert "on line 4" in found[2][2].message  # row 3 is line 4 of a file starting with sep=;


plain = st.text(st.characters(codec="utf-8", exclude_characters='",\r\n', exclude_categories=("Cs",)), max_size=8)
anything = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from('",\r\n '), max_size=12)


@given(st.lists(st.lists(anything, min_size=4, max_size=4), min_size=1, max_size=12))
def test_any_table_written_by_a_csv_writer_reads_back_row_for_row(rows):
    found = read(table(rows))
    assert [cells for _, cells, _ in found] == rows
    assert all(message is None for _, _, message in found)


@given(st.lists(st.lists(plain, min_size=4, max_size=4), min_size=2, max_size=12), st.data())
def test_one_stray_quote_costs_one_row_and_every_other_line_is_read(rows, data):
    at = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.integers(0, 3))
    lines = lines_of(table(rows))
    cells = lines[at + 1].rstrip("\r\n").split(",")
    cells[column] = '"' + cells[column]
    lines[at + 1] = ",".join(cells) + "\r\n"
    found = read("".join(lines))
    assert [row for row, _, _ in found] == list(range(2, len(rows) + 2))  # every line is a row, in order
    assert [row for row, _, message in found if message] == [at + 2]
    assert [cells for _, cells, message in found if message is None] == rows[:at] + rows[at + 1 :]
