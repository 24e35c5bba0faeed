"""Formula neutralisation in exports: safe whichever separator the reader's spreadsheet splits on, and lossless."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from builders import EXAMPLE
from hypothesis import given
from hypothesis import strategies as st

from readiness.core.assessment import Assessment
from readiness.sheets.formulas import neutralised, restored
from readiness.sheets.reading import read_table
from readiness.sheets.writing import export_table

SEPARATORS = (",", ";", "\t")
STARTS = ("=", "+", "-", "@", "\t", "\r")
RISKY = [
    "=1+1",
    "+33 1 23",
    "-2",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    ";=1+1",  # a French-locale Excel splits a comma file on ;
    "Dupont,=1+1",
    "a\t=1+1",
    'a; "=1+1"',  # quotes and spaces before the formula
    "a;  @x",
    "Ligne 1\n=1+1",  # a reader that splits lines
    "Ligne 1\r\n-1",
    "a;\t=1",
    "'=1+1",  # typed with an apostrophe already
    "a;'=1",
    "''",
    "'",
]


def cells_as_read(line: str, separator: str) -> list[str]:
    """The cells a spreadsheet splitting on `separator` (and at line breaks) would see, quotes honoured or not."""
    pieces = re.split(r"[\r\n]", line)
    cells = [cell for piece in pieces for cell in next(csv.reader([piece], delimiter=separator), [])]
    cells += [cell for piece in pieces for cell in piece.split(separator)]  # a reader that ignores quotes
    return cells


def runs(cell: str) -> bool:
    """Whether a spreadsheet would run the cell (after the spaces and quotes it may skip)."""
    return cell.startswith(("\t", "\r")) or cell.lstrip(' "').startswith(STARTS[:4])


@pytest.mark.parametrize("text", RISKY)
def test_no_cell_runs_whichever_separator_splits_the_neutralised_text(text):
    safe = neutralised(text)
    for separator in SEPARATORS:
        written = io.StringIO()
        csv.writer(written, delimiter=",", lineterminator="").writerow(["id-1", safe, "x"])
        assert not [cell for cell in cells_as_read(written.getvalue(), separator) if runs(cell)], (separator, safe)
    assert restored(safe) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        (";=1+1", ";'=1+1"),
        ("a, -b", "a, '-b"),
        ("Rock'n'roll", "Rock'n'roll"),  # apostrophes elsewhere stay as they are
        ("1-2-3", "1-2-3"),  # a dash inside a cell is no formula
        ("'quoted'", "''quoted'"),
    ],
)
def test_what_export_writes(text, written):
    assert neutralised(text) == written


@given(st.text(st.sampled_from("=+-@'\t\r\n,;| \"ab1") | st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_neutralising_is_undone_exactly_and_always_safe(text):
    safe = neutralised(text)
    assert restored(safe) == text
    for separator in SEPARATORS:
        assert not [cell for cell in cells_as_read(safe, separator) if runs(cell)]


@pytest.mark.parametrize("text", [t for t in RISKY if "\r" not in t and "\n" not in t and "\t" not in t])
def test_a_csv_export_runs_nothing_in_excel_of_any_locale_and_reads_back_unchanged(tmp_path, text):
    doc = EXAMPLE | {"consultant": text.strip("'") or "x", "client": EXAMPLE["client"] | {"industry": text}}
    doc["notes"] = {"general": text}
    a = Assessment.from_dict(doc)
    raw = export_table([a], tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    for line in raw.splitlines()[1:]:
        for separator in SEPARATORS:
            assert not [cell for cell in cells_as_read(line, separator) if runs(cell)], (separator, line)
    assert [b.to_dict() for b in read_table(tmp_path / "out.csv").assessments] == [a.to_dict()]


def test_an_xlsx_export_stores_every_text_as_text(tmp_path):
    texts = [t for t in RISKY if "\r" not in t and "\n" not in t and "\t" not in t]
    records = [
        Assessment.from_dict(EXAMPLE | {"id": f"f-{i}", "client": EXAMPLE["client"] | {"name": f"C{i}", "industry": t}})
        for i, t in enumerate(texts)
    ]
    path = export_table(records, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(path).active
    cells = {row[2].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert sorted(cells) == sorted(texts)  # exactly as typed: no apostrophe added in XLSX
    for text, cell in cells.items():
        assert cell.data_type == "s", text  # never a formula
        assert cell.quotePrefix == text.startswith(STARTS), text  # and kept as text if someone edits it
    assert [b.to_dict() for b in read_table(path).assessments] == [a.to_dict() for a in records]


def test_the_portfolio_tables_run_no_industry_typed_as_a_formula(tmp_path):
    from readiness.outputs.portfolio import analyse_portfolio, write_portfolio
    from readiness.store.sample import load_sample

    past = load_sample().copy()
    past.loc[past.index[:40], "industry"] = '=HYPERLINK("http://evil","clic")'
    past.loc[past.index[40:80], "industry"] = "Agences;=1+1"
    write_portfolio(analyse_portfolio(past), tmp_path)
    text = (tmp_path / "scores_by_industry.csv").read_text(encoding="utf-8-sig")
    for separator in SEPARATORS:
        assert not [cell for line in text.splitlines() for cell in cells_as_read(line, separator) if runs(cell)]
    sheet = openpyxl.load_workbook(tmp_path / "portfolio.xlsx")["scores_by_industry"]
    industries = {row[0].value: row[0] for row in sheet.iter_rows(min_row=2)}
    assert industries['=HYPERLINK("http://evil","clic")'].data_type == "s"  # shown as typed, never run
    assert "Agences;=1+1" in industries
