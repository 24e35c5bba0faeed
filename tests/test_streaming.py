"""A large file is imported a chunk at a time: its rows are never all held, nor its assessments.

(Memory itself is measured by benchmarks/bench_memory.py against DESIGN's budget; these tests pin
the ways that keep it small.)
"""

from __future__ import annotations

import io

from builders import row, table
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.sheets.reading import import_files, read_table
from readiness.sheets.rowreader import _RowReader
from readiness.sheets.sheet import _lines, _open_sheet
from readiness.store import open_store


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", ";", '"', "\r", "\n", "\r\n", " "]), max_size=40).map("".join))
def test_lines_are_the_lines_csv_would_get_from_the_text(text):
    assert list(_lines(text)) == io.StringIO(text, newline="").readlines()


def test_csv_rows_are_read_again_each_time_not_held(tmp_path):
    path = tmp_path / "past.csv"
    path.write_text(table([row(client_name=f"Client {i}") for i in range(12)]), encoding="utf-8")
    rows = _open_sheet(path).rows
    assert not isinstance(rows, list | tuple)
    assert len(rows) == 12 and list(rows) == list(rows)
    assert [number for number, _ in rows] == list(range(2, 14))  # numbered as the spreadsheet shows them


def test_an_import_keeps_no_assessment_in_memory_and_counts_as_a_check_does(tmp_path, monkeypatch):
    path = tmp_path / "past.csv"
    rows = [row(client_name=f"Client {i % 40}") for i in range(60)] + [row(client_name="", budget_annual="-1")]
    path.write_text(table(rows), encoding="utf-8")
    readers = []
    real_init = _RowReader.__init__
    monkeypatch.setattr(_RowReader, "__init__", lambda self, *a, **k: readers.append(self) or real_init(self, *a, **k))
    imported = import_files([path], open_store(tmp_path / "store"), progress=False)
    checked = read_table(path)
    assert readers[0].kept is None and readers[1].kept is not None
    assert imported.assessments == [] and len(checked.assessments) == 40
    assert (imported.rows, imported.imported, imported.rejected, imported.added, imported.unchanged) == (61, 60, 1, 40, 20)
    assert [str(p) for p in imported.errors] == [str(p) for p in checked.errors]
    assert read_table(path, keep=False).assessments == [] and read_table(path, keep=False).rejected == 1
    assert sorted(a.id for a in open_store(tmp_path / "store").list()) == sorted(a.id for a in checked.assessments)
