"""Import of the flat layout as real spreadsheets write it, and export that round-trips."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from builders import EXAMPLE, GOOD, row, table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import note, one_line

from readiness.core.assessment import Assessment
from readiness.core.errors import ImportFileError, ReadinessError
from readiness.core.limits import XLSX_CELL
from readiness.core.rows import flat_columns
from readiness.core.safetext import NAME_MAX
from readiness.sheets.reading import import_files, read_table
from readiness.sheets.writing import export_table
from readiness.store import open_store


def read(tmp_path, text: str, encoding: str = "utf-8", name: str = "past.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_table(path)


def rejected(result) -> dict[int, str]:
    """Row number -> the row's problems, joined."""
    return {r: "; ".join(messages) for _, r, messages in result.problems_by_row()}


# ---------------------------------------------------------------- a French Excel file, good and bad rows mixed

FRENCH_EXCEL = (
    "id;client_name;industry;size;assessed_on;consultant;language;objectives;goals;content;champion;budget_annual;currency;bounce_rate;website_roi;notes\r\n"
    ";Boulangerie Tremblay;retail;Very small;26/11/2025;M. Gagnon;FR;Clear;awareness|recruiting;self_promotion;Part-time irregular;15\u00a0000 $;;45,5 %;some;Veut recruter\r\n"
    ";Érablière du Nord;agri_food;small;2025-01-05;É. Fortin;fr;vague;;none;everyone;12 000 €;;;;\r\n"
    ";;retail;small;2025-03-01;;fr;clear;;none;everyone;;;;;\r\n"
    ";Café du Port;restaurants;small;31/02/2025;;fr;clear;;none;everyone;;;;;\r\n"
    ";Garage Roy;automotive;medium;2025-03-02;;fr;peut-être;;none;everyone;;;;;\r\n"
    ";Clinique Lavoie;health;medium;2025-03-03;;fr;clear;;content_plan;dedicated;-500 $;;;;\r\n"
    ";Studio Boréal;technology;small;2025-03-04;;fr;clear;;content_plan;dedicated;20 000 $;;120 %;good;\r\n"
    ";Ferme Beauchemin;agri_food;very_small;2025-03-05;;fr;;;;;;;;;\r\n"
    "\r\n"
    ';Quincaillerie Côté;retail;small;2025-03-06;;fr;clear;;none;everyone;;;;;"Ligne 1\r\nLigne 2; avec point-virgule"\r\n'
    ";Fromagerie Dion;agri_food;small;2025-03-07;;fr;clear;fun|sales;none;everyone;;;;;\r\n"
    ";Vignoble Ouimet;agri_food;small;2025-03-08;;fr;clear_measurable;sales;integrated_strategy;dedicated;35 000,00 $;;38 %;good;\r\n"
)  # fmt: skip


@pytest.fixture
def french(tmp_path):
    return read(tmp_path, FRENCH_EXCEL, "cp1252")


def test_every_row_is_imported_or_reported_with_its_spreadsheet_row_number(french):
    assert french.rows == 11  # the blank line is not an assessment
    assert french.encoding == "windows-1252"
    problems = rejected(french)
    assert sorted(problems) == [4, 5, 6, 7, 8, 12]
    assert "client_name must be a non-empty text, got nothing" in problems[4]
    assert 'assessed_on must be a real date written YYYY-MM-DD or DD/MM/YYYY, got "31/02/2025"' in problems[5]
    assert (
        'objectives must be one of everyone_is_there, vague, clear, clear_measurable, got "peut-être"'
        in problems[6]
    )
    assert "budget_annual must be a number ≥ 0, got -500" in problems[7]
    assert "bounce_rate must be a percentage between 0 and 100, or blank or unknown when not known, got 120" in problems[8]
    assert "goals must be a list of" in problems[12] and '"fun"' in problems[12]
    assert french.imported == 5 and len(french.assessments) == 5


def test_french_cells_become_the_right_values(french):
    by_name = {a.client.name: a for a in french.assessments}
    bakery = by_name["Boulangerie Tremblay"]
    assert bakery.assessed_on == date(2025, 11, 26)
    assert bakery.client.size == "very_small"
    assert bakery.language == "fr"
    assert bakery.answers["champion"] == {"choice": "part_time_irregular"}
    assert bakery.answers["budget"] == {"annual_amount": 15000, "currency": "CAD"}
    assert bakery.answers["website"] == {"bounce_rate": 45.5, "roi": "some"}
    assert bakery.notes == {"general": "Veut recruter"}
    assert by_name["Érablière du Nord"].answers["budget"] == {"annual_amount": 12000, "currency": "EUR"}
    assert by_name["Ferme Beauchemin"].answers == {}  # blank answers are unanswered, not wrong
    assert by_name["Quincaillerie Côté"].notes == {"general": "Ligne 1\nLigne 2; avec point-virgule"}  # a plain line break
    assert by_name["Vignoble Ouimet"].answers["budget"]["annual_amount"] == 35000


def test_size_words_are_read_as_codes_only_when_they_are_codes(tmp_path):
    result = read(tmp_path, table([row(size="Very small"), row(size="Très petite", client_name="B")]))
    assert result.assessments[0].client.size == "very_small"
    assert "size must be one of" in rejected(result)[3]


# ---------------------------------------------------------------- encodings, separators, number and date habits


@pytest.mark.parametrize(
    ("encoding", "sep", "found"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("cp1252", ";", "windows-1252"),
        ("utf-16", "\t", "utf-16"),  # Excel's "Unicode text"
        ("utf-8", "\t", "utf-8"),
    ],
)
def test_encodings_and_separators_give_the_same_assessments(tmp_path, encoding, sep, found):
    rows = [row(client_name="Érablière Côté", consultant="É. Fortin"), row(client_name="Café « Le Quai »")]
    result = read(tmp_path, table(rows, sep), encoding)
    assert result.encoding == found and not result.errors
    reference = read(tmp_path, table(rows), "utf-8", name="reference.csv")
    assert [a.to_dict() for a in result.assessments] == [a.to_dict() for a in reference.assessments]


def test_a_file_mixing_utf8_and_windows_1252_lines_is_read_line_by_line(tmp_path):
    head = table([row(client_name="Érablière")]).encode("utf-8")
    tail = table([row(client_name="Crémerie")]).split("\r\n", 1)[1].encode("cp1252")
    path = tmp_path / "joined.csv"
    path.write_bytes(head + tail)
    result = read_table(path)
    assert [a.client.name for a in result.assessments] == ["Érablière", "Crémerie"]
    assert result.encoding == "mixed utf-8 and windows-1252"


def test_excel_separator_line_is_honoured(tmp_path):
    result = read(tmp_path, "sep=;\r\n" + table([row(notes="a, b, c")], ";"))
    assert result.assessments[0].notes == {"general": "a, b, c"}
    assert not result.errors


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("15000", 15000), ("15 000", 15000), ("15\u00a0000", 15000), ("15\u202f000", 15000), ("15,000", 15000),
        ("15 000 $", 15000), ("$15,000", 15000), ("15 000,50 $", 15000.5), ("15000,5", 15000.5),
        ("15.000,50", 15000.5), ("15,000.50", 15000.5), ("1 234 567", 1234567), ("0", 0),
    ],
)  # fmt: skip
def test_budget_cells_as_people_type_them(tmp_path, cell, amount):
    result = read(tmp_path, table([row(budget_annual=cell, currency="")], ";"))
    assert not result.errors
    assert result.assessments[0].answers["budget"] == {"annual_amount": amount, "currency": "CAD"}


@pytest.mark.parametrize(
    ("cell", "currency"), [("5 000 US$", "USD"), ("5 000 USD", "USD"), ("5 000 €", "EUR"), ("5 000 $", "CAD")]
)
def test_a_currency_sign_in_the_budget_gives_the_currency(tmp_path, cell, currency):
    result = read(tmp_path, table([row(budget_annual=cell, currency="")], ";"))
    assert result.assessments[0].answers["budget"] == {"annual_amount": 5000, "currency": currency}


@pytest.mark.parametrize(
    ("cell", "rate", "roi"),
    [
        ("45 %", 45, "some"),
        ("45,5%", 45.5, "some"),
        ("45.5", 45.5, "some"),
        ("inconnu", None, "some"),
        ("", None, "some"),
        ("0 %", 0, "some"),
    ],
)
def test_bounce_rate_cells(tmp_path, cell, rate, roi):
    result = read(tmp_path, table([row(bounce_rate=cell)], ";"))
    assert result.assessments[0].answers["website"] == {"bounce_rate": rate, "roi": roi}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["26/11/2025", "01/12/2025"], [date(2025, 11, 26), date(2025, 12, 1)]),  # day first: 26 proves it
        (["11/26/2025", "12/01/2025"], [date(2025, 11, 26), date(2025, 12, 1)]),  # month first: 26 proves it
        (["01/02/2025", "03/04/2025"], [date(2025, 2, 1), date(2025, 4, 3)]),  # undecided: day first (Québec)
        (["2025-11-26", "2025/12/01"], [date(2025, 11, 26), date(2025, 12, 1)]),
        (["2025-11-26 00:00:00", "26.11.2025"], [date(2025, 11, 26), date(2025, 11, 26)]),
    ],
)
def test_dates_as_spreadsheets_write_them(tmp_path, cells, expected):
    result = read(tmp_path, table([row(assessed_on=c, client_name=f"C{i}") for i, c in enumerate(cells)]))
    assert not result.errors
    assert [a.assessed_on for a in result.assessments] == expected


def test_formula_apostrophe_from_an_export_is_removed(tmp_path):
    result = read(tmp_path, table([row(client_name="'=Tremblay", consultant="'-", notes="'Chez nous'")]))
    a = result.assessments[0]
    assert (a.client.name, a.consultant, a.notes) == ("=Tremblay", "-", {"general": "'Chez nous'"})


@pytest.mark.parametrize("columns", [["client_name", "assessed_on", "industry", "notes"], [*flat_columns(), "extra"]])
def test_apostrophes_typed_in_any_other_file_stay_as_typed(tmp_path, columns):
    """The try-out: every CSV lost its apostrophes ('=1 -> =1, ''=2 -> '=2, '@home -> @home), not only readiness's exports."""
    typed = {"industry": "''=2", "notes": "'@home, '=1"}
    result = read(tmp_path, table([row(**typed)], columns=columns))
    a = result.assessments[0]
    assert (a.client.industry, a.notes) == ("''=2", {"general": "'@home, '=1"})


# ---------------------------------------------------------------- ids, duplicates, the shape of the file


def test_rows_without_id_get_a_stable_id_whatever_the_file_looks_like(tmp_path):
    plain = read(tmp_path, table([row(), row(client_name="B")]))
    shuffled_columns = list(reversed(flat_columns()))
    french = read(
        tmp_path,
        table([row(budget_annual="6 000 $", bounce_rate="48,5 %"), row(client_name="B")], ";", shuffled_columns),
        "cp1252",
        "b.csv",
    )
    assert [a.id for a in plain.assessments] == [a.id for a in french.assessments]
    assert len({a.id for a in plain.assessments}) == 2


def test_importing_the_same_file_twice_adds_nothing(tmp_path):
    path = tmp_path / "past.csv"
    path.write_text(table([row(), row(client_name="B"), row(client_name="")]), encoding="utf-8")
    store = open_store(tmp_path / "store")
    first = import_files([path], store, progress=False)
    assert (first.added, first.unchanged, first.rejected) == (2, 0, 1)
    again = import_files([path], store, progress=False)
    assert (again.added, again.revised, again.unchanged, again.rejected) == (0, 0, 2, 1)
    assert len(store) == 2


def test_a_changed_row_with_its_id_is_a_new_revision(tmp_path):
    store = open_store(tmp_path / "store")
    path = tmp_path / "past.csv"
    path.write_text(table([row(id="client-7")]), encoding="utf-8")
    import_files([path], store, progress=False)
    path.write_text(table([row(id="client-7", content="content_plan")]), encoding="utf-8")
    result = import_files([path], store, progress=False)
    assert (result.added, result.revised) == (0, 1)
    assert [a.answers["content"]["choice"] for a in store.revisions("client-7")] == ["self_promotion", "content_plan"]


def test_a_corrected_row_without_id_is_a_new_revision_of_the_same_assessment(tmp_path):
    store = open_store(tmp_path / "store")
    path = tmp_path / "past.csv"
    path.write_text(table([row(), row(client_name="B")]), encoding="utf-8")
    import_files([path], store, progress=False)
    corrected = row(client_name="BOULANGERIE  Tremblay", budget_annual="16 000", consultant="S. Lavoie")
    path.write_text(table([corrected, row(client_name="B")]), encoding="utf-8")
    result = import_files([path], store, progress=False)
    assert (result.added, result.revised, result.unchanged) == (0, 1, 1)
    assert len(store) == 2
    (kept,) = store.list(client="tremblay")
    assert [a.answers["budget"]["annual_amount"] for a in store.revisions(kept.id)] == [6000, 16000]


@pytest.fixture(params=["folder", "sqlite"])
def any_store(request, tmp_path):
    spec = tmp_path / "store" if request.param == "folder" else f"sqlite:///{tmp_path / 'team.db'}"
    with open_store(spec) as store:
        yield store


def test_reimporting_does_not_bring_back_a_deleted_assessment(any_store, tmp_path):
    path = tmp_path / "past.csv"
    path.write_text(table([row(), row(client_name="Garage Roy"), row(client_name="Garage Roy")]), encoding="utf-8")
    import_files([path], any_store, progress=False)
    (gone,) = any_store.list(client="garage")
    any_store.delete(gone.id)
    again = import_files([path], any_store, progress=False)
    assert (again.added, again.revised, again.unchanged, again.rejected) == (0, 0, 1, 2)
    assert rejected(again) == {
        number: f"Garage Roy assessed on 2025-11-26 was deleted from the store: not imported again (readiness restore "
        f"{gone.id} brings it back)"
        for number in (3, 4)
    }
    assert [a.id for a in any_store.deleted()] == [gone.id] and len(any_store) == 1


def test_an_id_that_is_another_clients_assessment_is_refused(any_store, tmp_path):
    path = tmp_path / "past.csv"
    rows = [row(id="client-7"), row(id="client-8", client_name="B"), row(id="client-9", client_name="Garage Roy")]
    path.write_text(table(rows), encoding="utf-8")
    import_files([path], any_store, progress=False)
    any_store.delete("client-9")
    slip = row(id="client-7", client_name="Lakeside Bakery", assessed_on="2024-02-02")  # an id pasted on the wrong row
    shifted = row(id="client-8", client_name="Pharmacie Roy")  # same day: ids shifted by a sort in Excel
    on_deleted = row(id="client-9", client_name="Nouveau Client", assessed_on="2024-05-05")
    moved = row(id="client-8", client_name="B", assessed_on="2025-11-27")  # a corrected date: the same assessment
    path.write_text(table([slip, shifted, on_deleted]), encoding="utf-8")
    result = import_files([path], any_store, progress=False)
    advice = "check the id (leave it blank to match by client and date)"
    assert rejected(result) == {
        2: f"id client-7 is Boulangerie Tremblay assessed on 2025-11-26 in the store, not Lakeside Bakery assessed on "
        f"2024-02-02: {advice}",
        3: f"id client-8 is B assessed on 2025-11-26 in the store, not Pharmacie Roy assessed on 2025-11-26: {advice}, "
        "or import with --rename if the client's name was corrected",
        4: f"id client-9 is Garage Roy assessed on 2025-11-26 (deleted) in the store, not Nouveau Client assessed on "
        f"2024-05-05: {advice}",
    }
    assert [a.client.name for a in any_store.list()] == ["B", "Boulangerie Tremblay"]
    path.write_text(table([shifted]), encoding="utf-8")
    renamed = import_files([path], any_store, progress=False, renames=True)  # the name was corrected on purpose
    assert (renamed.revised, renamed.rejected) == (1, 0) and any_store.get("client-8").client.name == "Pharmacie Roy"
    path.write_text(table([moved | {"client_name": "Pharmacie Roy"}]), encoding="utf-8")
    assert import_files([path], any_store, progress=False).revised == 1
    assert any_store.get("client-8").assessed_on.isoformat() == "2025-11-27"


def test_a_row_without_id_is_the_stored_assessment_of_its_client_and_day(any_store, tmp_path):
    from readiness.core.assessment import new_assessment

    met = new_assessment("Garage Roy", consultant="M. Gagnon")  # saved in a meeting: an id of its own
    met = replace(met, assessed_on=date(2025, 11, 26))
    any_store.save(met)
    path = tmp_path / "past.csv"
    path.write_text(table([row(client_name="GARAGE ROY", budget_annual="7000")]), encoding="utf-8")
    result = import_files([path], any_store, progress=False)
    assert (result.added, result.revised) == (0, 1) and len(any_store) == 1
    assert any_store.get(met.id).answers["budget"]["annual_amount"] == 7000


def test_after_a_rename_old_files_neither_undo_it_nor_duplicate_it(any_store, tmp_path):
    path = tmp_path / "past.csv"
    path.write_text(table([row(client_name="Atelier Amiot")]), encoding="utf-8")
    import_files([path], any_store, progress=False)
    (a,) = any_store.list()
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(table([row(id=a.id, client_name="Ateliers Amiot inc.")]), encoding="utf-8")
    assert import_files([corrected], any_store, progress=False, renames=True).revised == 1
    again = import_files([path], any_store, progress=False)  # the old file, old name
    assert rejected(again) == {
        2: "Atelier Amiot assessed on 2025-11-26 is Ateliers Amiot inc. assessed on 2025-11-26 in the store "
        "(renamed): write the name as stored, or import with --rename if the client's name was corrected"
    }
    newer = tmp_path / "newer.csv"  # another file, the new name, no id
    newer.write_text(table([row(client_name="Ateliers Amiot inc.", budget_annual="9000")]), encoding="utf-8")
    assert import_files([newer], any_store, progress=False).revised == 1
    assert [(x.id, x.client.name) for x in any_store.list()] == [(a.id, "Ateliers Amiot inc.")]


def test_rename_does_not_accept_ids_swapped_between_two_clients_of_one_day(any_store, tmp_path):
    path = tmp_path / "past.csv"
    path.write_text(table([row(id="a-1", client_name="Alpha"), row(id="b-2", client_name="Bravo")]), encoding="utf-8")
    import_files([path], any_store, progress=False)
    path.write_text(table([row(id="b-2", client_name="Alpha"), row(id="a-1", client_name="Bravo")]), encoding="utf-8")
    result = import_files([path], any_store, progress=False, renames=True)
    assert result.rejected == 2 and "rename" not in " ".join(m for _, _, ms in result.problems_by_row() for m in ms)
    assert [(x.id, x.client.name) for x in any_store.list()] == [("a-1", "Alpha"), ("b-2", "Bravo")]


def test_check_against_the_store_reads_several_files_as_one_import(any_store, tmp_path):
    from readiness.sheets.reading import StoreGuard

    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(table([row(id="a-1", client_name="Alpha")]), encoding="utf-8")
    second.write_text(table([row(id="a-1", client_name="Bravo", assessed_on="2024-01-01")]), encoding="utf-8")
    guard = StoreGuard(any_store)
    checked = [read_table(p, against=guard).rejected for p in (first, second)]
    imported = import_files([first, second], open_store(tmp_path / "other"), progress=False)
    assert checked == [0, 1] and imported.rejected == 1 and len(any_store) == 0


@pytest.mark.parametrize(
    ("budget", "currency", "outcome"),
    [
        ("12 000 €", "", ("EUR", 12000)),
        ("12 000 €", "eur", ("EUR", 12000)),
        ("15 000 $", "USD", ("USD", 15000)),  # "$" alone: any dollar
        ("15 000 $", "", ("CAD", 15000)),
        ("12 000 €", "CAD", "currency is CAD but budget_annual is written in EUR: correct one of the two cells"),
        ("15 000 US$", "CAD", "currency is CAD but budget_annual is written in USD: correct one of the two cells"),
        ("douze mille €", "CAD", 'budget_annual must be a number, got "douze mille"; '
         "currency is CAD but budget_annual is written in EUR: correct one of the two cells"),  # every problem at once
        ("12 000 CA$", "EUR", "currency is EUR but budget_annual is written in CAD: correct one of the two cells"),
        ("12 000 CAD", "USD", "currency is USD but budget_annual is written in CAD: correct one of the two cells"),
        ("12 000 CAD", "", ("CAD", 12000)),
    ],
)
def test_a_budget_sign_and_the_currency_column_must_agree(tmp_path, budget, currency, outcome):
    result = read(tmp_path, table([row(budget_annual=budget, currency=currency)], ";"))
    if isinstance(outcome, str):
        assert rejected(result) == {2: outcome}
    else:
        (a,) = result.assessments
        assert (a.answers["budget"]["currency"], a.answers["budget"]["annual_amount"]) == outcome


def test_an_excel_formula_is_read_by_its_saved_result_and_refused_without_one(tmp_path):
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(["client_name", "assessed_on", "budget_annual", "bounce_rate", "notes"])
    book.active.append(["Saved by Excel", datetime(2025, 1, 2), "=10000+5000", 45, '=IF(1,"","x")'])
    book.active.append(["Made by a script", datetime(2025, 1, 2), "=10000+5000", "=40+5", None])
    book.active.append(["No formula", datetime(2025, 1, 2), 12000, None, None])
    book.create_sheet("Totals").append(["=SUM(1,2)"])  # a formula elsewhere: not this sheet's business
    made = tmp_path / "made.xlsx"
    book.save(made)
    path = tmp_path / "past.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":  # Excel saves each formula's result beside it
                data = data.replace(b"<f>10000+5000</f><v></v>", b"<f>10000+5000</f><v>15000</v>", 1)
                data = data.replace(b'<c r="E2">', b'<c r="E2" t="str">', 1)  # an empty text result, saved
            target.writestr(name, data)
    result = read_table(path)
    assert [a.answers["budget"]["annual_amount"] for a in result.assessments] == [15000, 12000]
    assert rejected(result) == {
        3: "budget_annual holds a formula with no saved result (=10000+5000): open the file in Excel and save it, "
        "or type the value; bounce_rate holds a formula with no saved result (=40+5): open the file in Excel and "
        "save it, or type the value"
    }


def test_duplicate_rows(tmp_path):
    rows = [row(), row(), row(id="x-1"), row(id="x-1", champion="dedicated"), row(client_name="boulangerie tremblay")]
    result = read(tmp_path, table(rows + [row(assessed_on="2025-11-27", content="none")]))
    assert len(result.assessments) == 3  # the repeated row is the same assessment
    assert rejected(result) == {
        5: "id x-1 is already used by row 4 with different answers",
        6: "boulangerie tremblay assessed on 2025-11-26 is already in row 2 with different answers (an assessment "
        "is known by its id, or without one by client and date: give the rows different ids to keep both)",
    }
    assert result.imported == 4


def test_title_rows_above_the_header_and_extra_columns(tmp_path):
    text = "Évaluations 2025;;\r\n" + table([row(), row(client_name="")], ";", flat_columns() + ("score",))
    result = read(tmp_path, text)
    assert result.ignored_columns == ("score",)
    assert sorted(rejected(result)) == [4]  # title = row 1, header = row 2


def test_a_row_longer_than_the_header_is_rejected(tmp_path):
    text = table([row()]) + "x,Client,retail,small,2025-01-01,,fr,,,,,,,,,,,surplus\r\n"
    assert "the row has 18 cells but the header only 17" in rejected(read(tmp_path, text))[3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b" \r\n\r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel (.xls)"),
        (b"id;industry;size\r\n1;retail;small\r\n", "no header row"),
        (b"client_name;industry\r\nA;retail\r\n", "no assessed_on column"),
        (b"client_name;assessed_on;size;size\r\nA;2025-01-01;small;small\r\n", "size appears more than once"),
        (b"PK\x03\x04 not really a zip", "not a readable Excel file"),
    ],
)
def test_a_file_that_cannot_be_read_at_all(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=re.escape(message)) as caught:
        read_table(path)
    assert "broken.csv" in str(caught.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="no-such.csv: No such file or directory"):
        read_table(tmp_path / "no-such.csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["good", "bad_name", "bad_date", "bad_budget", "bad_code", "blank"]), min_size=1, max_size=30
    )
)
def test_no_row_is_ever_lost(tmp_path, kinds):
    bad = {
        "bad_name": {"client_name": ""},
        "bad_date": {"assessed_on": "demain"},
        "bad_budget": {"budget_annual": "-1"},
        "bad_code": {"content": "maybe"},
    }
    rows = [
        {} if kind == "blank" else row(client_name=f"Client {i}") | bad.get(kind, {}) for i, kind in enumerate(kinds)
    ]
    text = table(rows).replace("\r\n" + "," * (len(flat_columns()) - 1) + "\r\n", "\r\n\r\n")
    result = read(tmp_path, text)
    expected_bad = [i + 2 for i, kind in enumerate(kinds) if kind.startswith("bad")]
    assert sorted(rejected(result)) == expected_bad
    assert result.rows == sum(kind != "blank" for kind in kinds)
    assert len(result.assessments) == result.imported == kinds.count("good")


# ---------------------------------------------------------------- Excel files


def excel(path, rows: list[list], *, sheets_before: int = 0, title: str | None = None):
    """An XLSX file: the header and rows as typed cells (a (value, number_format) pair sets a format)."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Read me"
    first.append(["Notes about this workbook"])
    data = book.create_sheet("Data") if sheets_before else first
    if title:
        data.append([title])
    data.append(list(flat_columns()))
    for values in rows:
        data.append([v[0] if isinstance(v, tuple) else v for v in values])
        for cell, v in zip(data[data.max_row], values, strict=False):
            if isinstance(v, tuple):
                cell.number_format = v[1]
    book.save(path)
    return path


def cells(**changes) -> list:
    values = {c: None for c in flat_columns()} | {k: v for k, v in GOOD.items() if v} | changes
    return [values[c] for c in flat_columns()]


def test_excel_typed_cells(tmp_path):
    path = excel(
        tmp_path / "past.xlsx",
        [
            cells(
                bounce_rate=(0.455, "0.0%"),
                assessed_on=(datetime(2025, 11, 26), "dd/mm/yyyy"),
                budget_annual=(15000, '#,##0 "$"'),
            ),
            cells(client_name="Numérique", id=12345, bounce_rate=48.5, assessed_on=(45658, "General")),
            [None] * len(flat_columns()),
            cells(client_name="Mauvais", bounce_rate=(1.2, "0%")),
        ],
        sheets_before=1,
        title="Clients 2025",
    )
    result = read_table(path)
    first, second = result.assessments
    assert first.answers["website"]["bounce_rate"] == 45.5
    assert first.assessed_on == date(2025, 11, 26)
    assert first.answers["budget"]["annual_amount"] == 15000
    assert second.id == "12345" and second.assessed_on == date(2025, 1, 1)
    assert second.answers["website"]["bounce_rate"] == 48.5
    assert list(rejected(result)) == [6]  # title row 1, header row 2, blank row 5
    assert "got 120" in rejected(result)[6]
    assert result.rows == 3


def with_dimension(path, ref: str):
    """The XLSX file rewritten to declare `ref` as its sheet's size, as some tools write it (wrongly)."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as old:
        for item in old.infolist():
            parts[item.filename] = old.read(item.filename)
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet], found = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), parts[sheet])
    assert found == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


@pytest.mark.parametrize("ref", ["A1:O2", "A1:N4", "A1:A1", "B3:C3"])
def test_an_xlsx_that_understates_its_size_is_read_whole(tmp_path, ref):
    """openpyxl's read-only mode trusts <dimension ref>: some tools write A1:O2 for 50 rows."""
    rows = [cells(client_name=f"Client {i}", notes=f"note {i}") for i in range(50)]
    path = with_dimension(excel(tmp_path / "dim_wrong.xlsx", rows), ref)
    result = read_table(path)
    assert rejected(result) == {} and result.rows == 50
    assert [a.client.name for a in result.assessments] == [f"Client {i}" for i in range(50)]
    assert {a.notes.get("general") for a in result.assessments} == {f"note {i}" for i in range(50)}  # the last column too


# ---------------------------------------------------------------- export


@pytest.fixture
def tricky() -> list[Assessment]:
    """Assessments whose texts a spreadsheet would run, split or garble."""
    texts = [
        '=HYPERLINK("http://evil","clic")',
        "+1 514 555-0000",
        "-",
        "@SUM(A1:A2)",
        "'quoted'",
        'Dupont; "Fils", ltée',
        "Ligne 1\nLigne 2",
        "\tTab",
        "a;=1+1",
        'x, "@SUM(A1)"',
        "Ligne 1\r\n-2",
    ]
    out = []
    for i, text in enumerate(texts):
        line = " ".join(text.split()) or "x"  # names, industries and consultants are one line
        doc = EXAMPLE | {"id": f"t-{i}", "consultant": line, "notes": {"general": text, "budget": "=1+1"}}
        doc = doc | {"client": EXAMPLE["client"] | {"name": line, "industry": line}}
        out.append(Assessment.from_dict(doc))
    return out


def test_csv_export_neutralises_formulas_and_round_trips(tmp_path, tricky):
    path = export_table(tricky, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,client_name,")  # UTF-8 with a BOM, for Excel
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert records[0] == list(flat_columns())
    for record in records[1:]:
        for cell in record:
            assert not cell.startswith(("=", "+", "-", "@", "\t")), cell
    assert records[1][5] == "'" + tricky[0].consultant
    back = read_table(path)
    assert not back.errors
    assert [a.to_dict() for a in back.assessments] == [a.to_dict() for a in tricky]


def test_xlsx_export_keeps_text_as_text_and_round_trips(tmp_path, tricky):
    path = export_table(tricky, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(path).active
    formula_like = [
        c
        for r in sheet.iter_rows(min_row=2)
        for c in r
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert formula_like, "the tricky texts are in the file, as typed"
    for cell in formula_like:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate  # text, shown as typed, never run
    assert sheet["E2"].is_date and sheet["E2"].value == datetime(2026, 11, 26)
    back = read_table(path)
    assert not back.errors
    assert [a.to_dict() for a in back.assessments] == [a.to_dict() for a in tricky]


def test_export_from_the_store_table_equals_export_from_assessments(tmp_path, tricky):
    store = open_store(tmp_path / "store")
    store.save_many(tricky)
    from_list = export_table(store.list(), tmp_path / "a.csv").read_bytes()
    from_frame = export_table(store.load_frame(), tmp_path / "b.csv").read_bytes()
    assert from_list == from_frame


def test_export_refuses_other_formats(tmp_path):
    with pytest.raises(ReadinessError, match="export writes .csv or .xlsx"):
        export_table([], tmp_path / "out.ods")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=one_line(NAME_MAX),
    industry=st.none() | one_line(),
    consultant=st.none() | one_line(),
    notes=st.dictionaries(st.sampled_from(["general", "objectives", "budget"]), note(), max_size=3),
    amount=st.decimals(0, 10**9, places=2).map(float) | st.integers(0, 10**9),
    rate=st.none() | st.decimals(0, 100, places=2).map(float),
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_any_accepted_assessment_round_trips_through_export_and_import(
    tmp_path, suffix, name, industry, consultant, notes, amount, rate
):
    """Whatever validation accepts comes back unchanged: nothing stripped, cut, or read as a formula."""
    doc = EXAMPLE | {"client": EXAMPLE["client"] | {"name": name, "industry": industry}, "consultant": consultant}
    doc["notes"] = notes
    doc["answers"] = EXAMPLE["answers"] | {
        "budget": {"annual_amount": amount, "currency": "USD"},
        "website": {"bounce_rate": rate, "roi": "none"},
    }
    a = Assessment.from_dict(doc)
    back = read_table(export_table([a], tmp_path / f"one{suffix}"))
    assert not back.errors
    assert [b.to_dict() for b in back.assessments] == [a.to_dict()]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_longest_notes_validation_accepts_round_trip_whole(tmp_path, suffix):
    fill = XLSX_CELL - len('{"general": ""}')
    for text in ("x" * fill, "é\t" * (fill // 4), "😀" * (fill // 2)):  # escapes and wide characters count as Excel counts
        a = Assessment.from_dict(EXAMPLE | {"notes": {"general": text}})
        back = read_table(export_table([a], tmp_path / f"long{suffix}"))
        assert [b.to_dict() for b in back.assessments] == [a.to_dict()], len(text)


def test_a_progress_bar_on_large_files(tmp_path, capsys):
    path = tmp_path / "big.csv"
    path.write_text(table([row(client_name=f"Client {i}") for i in range(1500)]), encoding="utf-8")
    result = import_files([path], open_store(tmp_path / "store"), progress=True)
    assert result.added == 1500
    assert "importing big.csv" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["client_name", "notes", "industry", "assessed_on"])
def test_a_nul_in_one_row_rejects_that_row_alone_naming_it(tmp_path, where):
    """The try-out: a NUL anywhere refused the whole file as binary, with no line number."""
    rows = [row(client_name=f"Client {i}") for i in range(1, 5)]
    rows[2][where] = rows[2][where][:4] + "\x00" + rows[2][where][4:] if rows[2][where] else "\x00"
    result = read(tmp_path, table(rows))
    assert [a.client.name for a in result.assessments] == ["Client 1", "Client 2", "Client 4"]
    assert list(rejected(result)) == [4]  # header row 1: the third client is row 4
    assert where in rejected(result)[4] and ("U+0000" in rejected(result)[4] or "\\x00" in rejected(result)[4])


@pytest.mark.parametrize(
    "start", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", bytes(4096), b"client_name\x00,assessed_on\n"]
)
def test_a_file_binary_from_its_first_bytes_is_refused_at_once(tmp_path, start):
    path = tmp_path / "past.csv"
    path.write_bytes(start + b"A,2025-01-01\n" * 10)
    with pytest.raises(ImportFileError, match="not a text table .it holds binary data."):
        read_table(path)


def test_old_mac_line_endings(tmp_path):
    result = read(tmp_path, table([row(), row(client_name="B", notes="une\rnote")]).replace("\r\n", "\r"))
    assert [a.client.name for a in result.assessments] == ["Boulangerie Tremblay", "B"]
    assert not result.errors


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_a_lone_carriage_return_inside_a_cell_does_not_cut_the_row_in_two(tmp_path, ending):
    """The try-out: `CR\\rname` in an unquoted cell made a fragment row and imported "name" as a new client (11 rows for 10)."""
    rows = [row(client_name=f"Client {i}") for i in range(1, 11)]
    rows[3]["client_name"], rows[5]["notes"] = "CR\rname", "first\rsecond"
    result = read(tmp_path, table(rows).replace("\r\n", ending).replace('"', ""))  # (unquoted, as some tools write)
    assert result.rows == 10 and list(rejected(result)) == [5]  # the header is row 1
    assert "client_name" in rejected(result)[5] and "a line break at character 3" in rejected(result)[5]
    assert [a.client.name for a in result.assessments] == [f"Client {i}" for i in range(1, 11) if i != 4]
    assert result.assessments[4].notes == {"general": "first\nsecond"}  # a note keeps it, as a line break


def test_a_large_import_is_stored_while_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("readiness.store.base.BATCH", 300)  # several batches, so the store's helper process takes part
    monkeypatch.setattr("readiness.sheets.rowreader.CHUNK", 700)
    rows = [row(client_name=f"Client {i}") for i in range(2500)]
    rows[10] = row(client_name="")  # rejected
    rows[2000] = rows[5]  # the same row again: the same assessment
    rows[2100] = row(client_name="Client 7", champion="dedicated", id="x-1")
    rows[2200] = row(client_name="Client 8", id="x-1")  # the same id, other answers: rejected
    path = tmp_path / "big.csv"
    path.write_text(table(rows), encoding="utf-8")
    store = open_store(tmp_path / "store")
    first = import_files([path], store, progress=False)
    assert (first.rows, first.added, first.unchanged, first.rejected) == (2500, 2497, 1, 2)
    assert sorted(rejected(first)) == [12, 2202]
    assert len(store) == 2497
    again = import_files([path], store, progress=False)
    assert (again.added, again.revised, again.unchanged, again.rejected) == (0, 0, 2498, 2)


def test_a_file_of_another_shipped_framework_is_refused_not_read_under_the_wrong_questions(tmp_path):
    """The try-out: the 2026 sample imported without --framework: 240 rows stored under 5q, its two questions dropped."""
    from readiness.core.framework import load_framework
    from readiness.store.sample import SAMPLES

    path = SAMPLES["social-media-2026"].path
    with pytest.raises(ImportFileError, match="its columns measurement, community are questions of the framework social-media-2026, "
                                              "not of social-media-5q: import it with --framework social-media-2026"):  # fmt: skip
        import_files([path], str(tmp_path / "store"), progress=False)
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())
    with pytest.raises(ImportFileError):
        read_table(path)
    done = import_files([path], str(tmp_path / "store"), load_framework("social-media-2026"), progress=False)
    assert done.imported == 240 and done.rejected == 0
