"""One rule for names and notes: what validation refuses (with the field named), and proof that anything
it accepts goes through every output (deck, charts, CSV, XLSX, file names) and every store alike."""

from __future__ import annotations

import copy
import uuid
import zipfile
from dataclasses import replace

import pytest
from builders import EXAMPLE, KINDS
from hypothesis import HealthCheck, example, given, settings
from pptx import Presentation
from strategies import TRICKY, note, one_line

from readiness.core.assessment import Assessment, Client
from readiness.core.errors import ValidationError
from readiness.core.limits import XLSX_CELL
from readiness.core.rows import to_row
from readiness.core.safetext import NAME_MAX, cell_length, escaped
from readiness.outputs import deck as deck_module
from readiness.outputs import figures, naming
from readiness.sheets.reading import read_table
from readiness.sheets.writing import export_table
from readiness.store import open_store
from readiness.store.sample import load_sample

FORBIDDEN = {
    "NUL": "\x00",
    "bell": "\x07",
    "escape sequence": "\x1b[31m",
    "delete": "\x7f",
    "C1 next line": "\x85",
    "C1 escape": "\x9b",
    "lone high surrogate": "\ud800",
    "lone low surrogate": "\udfff",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}
LINE_BREAKS = {"line feed": "\n", "carriage return": "\r", "tab": "\t", "vertical tab": "\x0b", "form feed": "\x0c"}


def document(**texts: str) -> dict:
    """The DESIGN.md example with one text field set: name, industry, consultant, note or version."""
    doc = copy.deepcopy(EXAMPLE)
    for key, value in texts.items():
        if key in ("name", "industry"):
            doc["client"][key] = value
        elif key == "note":
            doc["notes"] = {"general": value}
        elif key == "version":
            doc["framework"]["version"] = value
        else:
            doc[key] = value
    return doc


def refused_fields(doc: dict) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Assessment.from_dict(doc)
    return [p.field for p in caught.value.problems]


FIELD_OF = {"name": "client.name", "industry": "client.industry", "consultant": "consultant", "note": "notes.general",
            "version": "framework.version"}  # fmt: skip


# ---------------------------------------------------------------- what is refused, and how it is said


@pytest.mark.parametrize("where", FIELD_OF)
@pytest.mark.parametrize("kind", FORBIDDEN)
def test_characters_no_output_can_carry_are_refused_in_every_text_field(where, kind):
    bad = f"Bou{FORBIDDEN[kind]}langerie"
    with pytest.raises(ValidationError) as caught:
        Assessment.from_dict(document(**{where: bad}))
    (problem,) = caught.value.problems
    assert problem.field == FIELD_OF[where]
    assert f"U+{ord(FORBIDDEN[kind][0]):04X}" in problem.message and "at character 4" in problem.message
    assert escaped(problem.message) == problem.message  # the message itself is safe to print


@pytest.mark.parametrize("where", ["name", "industry", "consultant", "version"])
@pytest.mark.parametrize("kind", LINE_BREAKS)
def test_names_are_one_line(where, kind):
    assert refused_fields(document(**{where: f"Ligne 1{LINE_BREAKS[kind]}Ligne 2"})) == [FIELD_OF[where]]


def test_notes_keep_tabs_and_line_breaks_and_windows_breaks_become_plain_ones():
    a = Assessment.from_dict(document(note="1.\tRecruter\r\n2.\tVendre\r3. Fin\n"))
    assert a.notes == {"general": "1.\tRecruter\n2.\tVendre\n3. Fin\n"}
    assert Assessment.from_dict(a.to_dict()).to_dict() == a.to_dict()
    for other in ("\x0b", "\x0c", "\x1c"):  # other breaks are control characters
        assert refused_fields(document(note=f"a{other}b")) == ["notes.general"]


@pytest.mark.parametrize("where", ["name", "industry", "consultant"])
def test_a_name_holds_at_most_name_max_characters(where):
    assert Assessment.from_dict(document(**{where: "É" * NAME_MAX}))
    assert refused_fields(document(**{where: "É" * (NAME_MAX + 1)})) == [FIELD_OF[where]]


def test_all_notes_fit_one_spreadsheet_cell_counted_as_excel_counts():
    fits = "a" * (XLSX_CELL - len('{"general": ""}'))
    assert cell_length(to_row(Assessment.from_dict(document(note=fits)))["notes"]) == XLSX_CELL
    assert refused_fields(document(note=fits + "a")) == ["notes"]
    emoji = "😀" * ((XLSX_CELL - 20) // 2)  # two UTF-16 units each, as Excel counts them
    assert Assessment.from_dict(document(note=emoji))
    assert refused_fields(document(note=emoji + "😀" * 10)) == ["notes"]
    doc = document()
    doc["notes"] = {q: "x" * 6000 for q in ("objectives", "content", "champion", "budget", "website", "general")}
    assert refused_fields(doc) == ["notes"]  # each note is fine, together they are not


def test_a_refusal_echoes_at_most_about_100_characters_of_the_bad_value():
    with pytest.raises(ValidationError) as caught:
        Assessment.from_dict(document(name="A" * 100_000 + "\x00"))
    assert len(str(caught.value)) < 300 and "…" in str(caught.value)


def test_an_import_refuses_the_same_names_naming_the_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "client_name,assessed_on,industry,notes\n"
        "Bonne,2025-01-01,retail,\n"
        "Mau\x07vaise,2025-01-02,retail,\n"
        f"{'N' * (NAME_MAX + 1)},2025-01-03,retail,\n"
        "Autre,2025-01-04,re\x1btail,\n"
        'Notes,2025-01-05,retail,"{""general"": ""a\\u0000b""}"\n',
        encoding="utf-8",
    )
    result = read_table(path)
    assert [a.client.name for a in result.assessments] == ["Bonne"]
    columns = {row: {p.field for p in result.errors if p.row == row} for row in (3, 4, 5, 6)}
    assert columns == {3: {"client_name"}, 4: {"client_name"}, 5: {"industry"}, 6: {"notes"}}


@pytest.mark.parametrize("spec", KINDS, indirect=True)
@pytest.mark.parametrize("bad", ["Nul\x00le part", "Demi \ud83d", "Cloche\x07", "N" * (NAME_MAX + 1)])
def test_every_store_refuses_what_validation_refuses(store, bad):  # noqa: F811 - the fixture imported above
    good = Assessment.from_dict(document())
    forged = replace(good, id=f"f-{uuid.uuid4().hex[:8]}", client=Client(bad, "retail", "small"))  # built without validation
    with pytest.raises(ValidationError, match="client.name"):
        store.save(forged)
    with pytest.raises(ValidationError, match="client.name"):
        store.save_many([forged])
    assert len(store) == 0


# ---------------------------------------------------------------- anything accepted goes everywhere


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def three_stores(tmp_path, pg_url):  # noqa: F811 - the PostgreSQL fixture imported above
    stores = [open_store(tmp_path / "folder"), open_store(f"sqlite:///{tmp_path / 'team.db'}"), open_store(pg_url)]
    yield stores
    for s in stores:
        s.close()


NAMES = [
    "W" * NAME_MAX,  # the widest name the deck's title box must hold
    "😀" * NAME_MAX,  # two UTF-16 units each
    "$\\frac{1}{$ 50 % & <b>Fils</b> ^_^ {x}",  # mathtext, XML and format-string markup
    "=HYPERLINK(\"http://x\",\"y\"); -1 +1 @A1 'q'",
    "שלום عربي Ελληνικά 東京 ﷽",  # right-to-left, wide and very wide glyphs
    "e\u0301\u0301\u0301 \u200b\u200d \u2028\u2029 \u00a0\u202f",  # combining marks, zero-width, line separators
    "CON",  # a reserved file name on Windows
    TRICKY,
]


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=one_line(NAME_MAX), industry=one_line(40), consultant=one_line(40), text=note(200))
@example(name=NAMES[0], industry=NAMES[1], consultant=NAMES[2], text=NAMES[3] + "\n\t" + NAMES[5])
@example(name=NAMES[1], industry=NAMES[4], consultant=NAMES[3], text="")
@example(name=NAMES[2], industry=NAMES[6], consultant=NAMES[7], text=NAMES[4])
@example(name=NAMES[4], industry=NAMES[5], consultant=NAMES[0], text=NAMES[7] * 3)
@example(name=NAMES[5], industry=NAMES[2], consultant=NAMES[1], text="\t")
@example(name=NAMES[6], industry=NAMES[7], consultant=NAMES[4], text=NAMES[2])
@example(name=NAMES[7], industry=NAMES[3], consultant=NAMES[6], text=NAMES[1])
def test_any_accepted_name_goes_through_deck_charts_exports_and_the_three_stores(
    tmp_path, sample, three_stores, name, industry, consultant, text
):
    doc = document(name=name, industry=industry, consultant=consultant, note=text)
    a = Assessment.from_dict(doc | {"id": f"n-{uuid.uuid4().hex[:12]}"})
    folder = tmp_path / uuid.uuid4().hex[:8]

    deck = Presentation(str(deck_module.build_deck(a, sample, folder / "deck.pptx")))
    assert deck.core_properties.title.startswith(a.client.name[:200]) and len(deck.core_properties.title) <= 255
    assert deck.core_properties.author == a.consultant
    assert a.client.name in [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    charts = figures.export_charts(a, sample, folder, formats=("png", "svg"), sizes=("half",))
    assert charts and all(p.stat().st_size > 0 and p.name.startswith(naming.safe_name(a.client.name)) for p in charts)

    for suffix in (".csv", ".xlsx"):
        back = read_table(export_table([a], folder / f"table{suffix}"))
        assert not back.errors, back.errors
        assert [b.to_dict() for b in back.assessments] == [a.to_dict()]
    with zipfile.ZipFile(folder / "table.xlsx") as parts:
        assert parts.testzip() is None

    for s in three_stores:
        s.save(a)
        assert s.get(a.id).to_dict() == a.to_dict(), s.describe()
        assert [b.to_dict() for b in s.list(client=a.client.name) if b.id == a.id] == [a.to_dict()]


@pytest.mark.parametrize("typed", ["Bou\x07langerie", "B" * (NAME_MAX + 1), "Nul\x00le part"])
def test_the_meeting_form_refuses_the_same_names_and_keeps_the_last_valid_one(tmp_path, typed):
    from readiness.meeting.form import meeting_form

    form = meeting_form("fr", str(tmp_path / "store"), drafts=tmp_path / "drafts", exports=tmp_path / "exports")
    form.profile.name.value = "Boulangerie"
    form.profile.name.value = typed
    assert form.message.startswith("Client doit être") and "client.name" not in form.message  # in French, the field named as on screen
    assert escaped(form.message) == form.message.replace("\n", "\\x0a")
    assert form.assessment.client.name == "Boulangerie"
