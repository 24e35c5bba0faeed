"""The assessment record: format v1 in and out, every bad field reported at once, flat rows, the schema."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pandas as pd
import pytest

from readiness.core.assessment import FORMAT, Assessment, client_key, derived_id, new_assessment
from readiness.core.errors import ReadinessError, ValidationError
from readiness.core.framework import default_framework, load_framework
from readiness.core.rows import flat_columns, from_row, parse_number, to_row
from readiness.core.schema import SCHEMA_PATH, assessment_schema, schema_text

# ---------------------------------------------------------------- format v1 in and out


def test_example_reads_and_writes_back_unchanged(example_dict):
    a = Assessment.from_dict(example_dict)
    assert a.to_dict() == example_dict
    assert Assessment.from_json(a.to_json()) == a


def test_to_dict_is_a_copy_unless_asked_to_share(example):
    document = example.to_dict()
    document["answers"]["objectives"]["goals"].append("sales")
    document["notes"]["general"] = "changed"
    assert example.to_dict() != document and "general" not in example.notes
    shared = example.to_dict(copy=False)
    assert shared == example.to_dict()
    assert shared["answers"]["objectives"] is example.answers["objectives"] and shared["notes"] is example.notes


def test_json_is_utf8_text_with_accents_kept(example_dict):
    example_dict["client"]["name"] = "Érablière Côté"
    text = Assessment.from_dict(example_dict).to_json()
    assert "Érablière Côté" in text and text.endswith("\n")
    assert Assessment.from_json(text.encode("utf-8")).client.name == "Érablière Côté"


def test_defaults_when_optional_fields_are_absent():
    a = Assessment.from_dict({"client": {"name": "Gîte Aurore"}, "assessed_on": "2024-05-02"})
    assert (a.language, a.consultant, a.answers, a.notes) == ("fr", None, {}, {})
    assert a.framework == {"id": "social-media-5q", "version": "1.0"}
    assert a.missing_from(default_framework()) == ("objectives", "content", "champion", "budget", "website")
    assert a.to_dict()["format"] == FORMAT


def test_missing_id_is_derived_from_the_client_and_date(example_dict):
    del example_dict["id"]
    first, second = Assessment.from_dict(example_dict), Assessment.from_dict(json.loads(json.dumps(example_dict)))
    assert first.id == second.id == derived_id("Boulangerie Tremblay", date(2026, 11, 26))
    corrected = example_dict | {"consultant": "S. Lavoie", "answers": {}}
    corrected["client"] = example_dict["client"] | {"name": "  boulangerie   TREMBLAY "}
    assert Assessment.from_dict(corrected).id == first.id  # a corrected row: the same assessment
    assert Assessment.from_dict(example_dict | {"assessed_on": "2026-11-27"}).id != first.id


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Boulangerie Tremblay", "boulangerie tremblay"),
        ("  Élan\u00a0 Inc. ", "elan inc."),
        ("CAFÉ DU PORT", "cafe du port"),
        ("Straße", "strasse"),
        ("Café de L'Œuvre", "cafe de l'oeuvre"),
        ("Café  de L’Œuvre", "cafe de l'oeuvre"),  # the apostrophe Word and macOS type
        ("Saint‑Jean – Sud", "saint-jean - sud"),
        ("Ægir", "aegir"),
        ("", ""),
        (None, ""),
    ],
)
def test_client_key_ignores_case_accents_and_spacing(name, key):
    assert client_key(name) == key


@pytest.mark.parametrize(
    "answers, answered",
    [
        ({}, ()),
        ({"objectives": None, "budget": None}, ()),
        ({"objectives": {"goals": ["sales"]}}, ()),  # goals alone do not answer the question
        ({"objectives": {"choice": None}}, ()),
        ({"budget": {"currency": "USD"}}, ()),  # no amount, no answer
        ({"budget": {"annual_amount": 0}}, ("budget",)),
        ({"website": {"bounce_rate": None}}, ("website",)),  # known to be unknown
        ({"website": {"roi": "some"}}, ("website",)),
        ({"content": {"choice": "none"}, "champion": {"choice": "everyone"}}, ("content", "champion")),
    ],
)
def test_unanswered_questions_are_absent_or_null(answers, answered):
    a = Assessment.from_dict({"client": {"name": "X"}, "assessed_on": "2026-01-05", "answers": answers})
    assert a.answered == answered


def test_website_answer_defaults_unknown_parts():
    a = Assessment.from_dict({"client": {"name": "X"}, "assessed_on": "2026-01-05", "answers": {"website": {"bounce_rate": 40}}})
    assert a.answers["website"] == {"bounce_rate": 40, "roi": "unknown"}


def test_budget_currency_defaults_to_the_framework_currency():
    a = Assessment.from_dict({"client": {"name": "X"}, "assessed_on": "2026-01-05", "answers": {"budget": {"annual_amount": 9000}}})
    assert a.answers["budget"] == {"annual_amount": 9000, "currency": "CAD"}


def test_goals_are_deduplicated_in_order():
    answers = {"objectives": {"choice": "clear", "goals": ["sales", "awareness", "sales"]}}
    a = Assessment.from_dict({"client": {"name": "X"}, "assessed_on": "2026-01-05", "answers": answers})
    assert a.answers["objectives"]["goals"] == ["sales", "awareness"]


def test_text_fields_are_trimmed_and_blank_notes_dropped():
    data = {
        "client": {"name": "  Studio Boréal ", "industry": " ", "size": None},
        "assessed_on": " 2026-01-05 ",
        "consultant": "   ",
        "notes": {"general": "  ", "budget": "À confirmer"},
    }
    a = Assessment.from_dict(data)
    assert (a.client.name, a.client.industry, a.consultant) == ("Studio Boréal", None, None)
    assert a.notes == {"budget": "À confirmer"}
    assert a.assessed_on == date(2026, 1, 5)


# ---------------------------------------------------------------- every bad field, named, at once


@pytest.mark.parametrize(
    "path, value, field, shown",
    [
        (("format",), "readiness.assessment/2", "format", '"readiness.assessment/2"'),
        (("id",), "has spaces", "id", '"has spaces"'),
        (("id",), 42, "id", "42"),
        (("client",), "Boulangerie", "client", '"Boulangerie"'),
        (("client", "name"), "", "client.name", '""'),
        (("client", "name"), None, "client.name", "nothing"),
        (("client", "size"), "huge", "client.size", '"huge"'),
        (("client", "industry"), 7, "client.industry", "7"),
        (("assessed_on",), "26/11/2026", "assessed_on", '"26/11/2026"'),
        (("assessed_on",), None, "assessed_on", "nothing"),
        (("language",), "es", "language", '"es"'),
        (("consultant",), ["M. Gagnon"], "consultant", "M. Gagnon"),
        (("framework", "id"), "other-framework", "framework.id", '"other-framework"'),
        (("answers",), ["clear"], "answers", "clear"),
        (("answers", "budgett"), {"annual_amount": 1}, "answers", '"budgett"'),
        (("answers", "objectives"), "clear", "objectives", '"clear"'),
        (("answers", "objectives", "choice"), "very_clear", "objectives.choice", '"very_clear"'),
        (("answers", "objectives", "goals"), ["fame"], "objectives.goals", '"fame"'),
        (("answers", "objectives", "goals"), "sales", "objectives.goals", '"sales"'),
        (("answers", "content", "choice"), "lots", "content.choice", '"lots"'),
        (("answers", "champion", "choice"), "the intern", "champion.choice", '"the intern"'),
        (("answers", "budget", "annual_amount"), -5, "budget.annual_amount", "-5"),
        (("answers", "budget", "annual_amount"), "quinze mille", "budget.annual_amount", '"quinze mille"'),
        (("answers", "budget", "annual_amount"), True, "budget.annual_amount", "True"),
        (("answers", "budget", "currency"), "GBP", "budget.currency", '"GBP"'),
        (("answers", "website", "bounce_rate"), 140, "website.bounce_rate", "140"),
        (("answers", "website", "bounce_rate"), -1, "website.bounce_rate", "-1"),
        (("answers", "website", "bounce_rate"), "45 %", "website.bounce_rate", '"45 %"'),
        (("answers", "website", "roi"), "great", "website.roi", '"great"'),
        (("notes",), "call back", "notes", '"call back"'),
        (("notes", "budgett"), "x", "notes", '"budgett"'),
        (("notes", "budget"), 15000, "notes.budget", "15000"),
    ],
)
def test_bad_field_is_named_with_its_value(example_dict, path, value, field, shown):
    target = example_dict
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as info:
        Assessment.from_dict(example_dict)
    problems = info.value.problems
    assert [p.field for p in problems] == [field]
    assert problems[0].message.startswith(f"{field} must be")
    assert shown in problems[0].message


def test_every_problem_is_reported_at_once(example_dict):
    example_dict["client"]["size"] = "huge"
    example_dict["answers"]["budget"]["annual_amount"] = -5
    example_dict["answers"]["website"]["bounce_rate"] = 140
    example_dict["answers"]["content"]["choice"] = "lots"
    example_dict["language"] = "de"
    with pytest.raises(ValidationError) as info:
        Assessment.from_dict(example_dict)
    fields = [p.field for p in info.value.problems]
    assert sorted(fields) == sorted(["client.size", "budget.annual_amount", "website.bounce_rate", "content.choice", "language"])
    assert isinstance(info.value, ReadinessError)


@pytest.mark.parametrize("document", [[1, 2], "text", 3, None])
def test_a_document_must_be_an_object(document):
    with pytest.raises(ValidationError, match="must be a JSON object"):
        Assessment.from_dict(document)


@pytest.mark.parametrize("text", ['{"client": {"name": "X"', "", b"\xff\xfe\x00", "not json"])
def test_broken_json_is_a_validation_error(text):
    with pytest.raises(ValidationError, match="not valid JSON") as info:
        Assessment.from_json(text)
    assert info.value.problems[0].field == "file"


# ---------------------------------------------------------------- new assessments and edits


def test_new_assessment_is_blank_dated_today_with_a_fresh_id():
    a, b = new_assessment("Plomberie Rive-Sud", industry="construction", size="small"), new_assessment("x")
    assert a.id != b.id
    assert a.assessed_on == date.today()
    assert a.answers == {} and a.missing_from(default_framework()) == ("objectives", "content", "champion", "budget", "website")
    assert (a.client.name, a.client.industry, a.client.size) == ("Plomberie Rive-Sud", "construction", "small")
    assert new_assessment("x", language="en", consultant="D. Wright").consultant == "D. Wright"


def test_with_answer_returns_a_copy(example):
    changed = example.with_answer("content", {"choice": "content_plan"})
    assert changed.answers["content"] == {"choice": "content_plan"}
    assert example.answers["content"] == {"choice": "self_promotion"}
    cleared = changed.with_answer("budget", None)
    assert "budget" in changed.answered and "budget" not in cleared.answered
    assert cleared.missing_from(default_framework()) == ("budget",)


# ---------------------------------------------------------------- flat-table rows


def test_row_of_the_example(example):
    row = to_row(example)
    assert tuple(row) == flat_columns()
    assert row["goals"] == "awareness|recruiting"
    assert row["budget_annual"] == 6000 and row["currency"] == "CAD"
    assert row["bounce_rate"] == 48.5 and row["website_roi"] == "some"
    assert json.loads(row["notes"]) == example.notes
    assert from_row(row) == example


def test_row_as_people_type_it():
    row = {
        "client_name": " Fromagerie des Érables ",
        "industry": "agri_food",
        "size": "very_small",
        "assessed_on": "2019-03-14",
        "language": "FR",
        "objectives": "clear",
        "goals": "sales; awareness",
        "content": "content_plan",
        "champion": "dedicated",
        "budget_annual": "15 000 $",
        "currency": "",
        "bounce_rate": "45,5 %",
        "website_roi": "some",
        "notes": "Veut vendre en ligne.",
    }
    a = from_row(row)
    assert a.client.name == "Fromagerie des Érables"
    assert a.language == "fr"
    assert a.answers["objectives"] == {"choice": "clear", "goals": ["sales", "awareness"]}
    assert a.answers["budget"] == {"annual_amount": 15000, "currency": "CAD"}
    assert a.answers["website"] == {"bounce_rate": 45.5, "roi": "some"}
    assert a.notes == {"general": "Veut vendre en ligne."}


@pytest.mark.parametrize("word", ["inconnu", "unknown", "?", "N/D", "n/a"])
def test_unknown_bounce_rate_in_a_cell(word):
    a = from_row({"client_name": "X", "assessed_on": "2020-01-02", "bounce_rate": word, "website_roi": "good"})
    assert a.answers["website"] == {"bounce_rate": None, "roi": "good"}


def test_blank_cells_are_unanswered_questions():
    a = from_row({"client_name": "X", "assessed_on": "2020-01-02", "objectives": " ", "bounce_rate": None, "budget_annual": float("nan")})
    assert a.answered == ()


def test_cells_from_a_dataframe_row(example):
    frame = pd.DataFrame([to_row(example)])
    frame["assessed_on"] = pd.to_datetime(frame["assessed_on"])
    row = frame.iloc[0].to_dict()
    assert isinstance(row["assessed_on"], pd.Timestamp)
    assert from_row(row) == example


def test_bad_cells_name_field_value_and_row():
    row = {"client_name": "", "assessed_on": "2026-13-02", "budget_annual": "quinze mille", "bounce_rate": "140 %", "size": "énorme"}
    with pytest.raises(ValidationError) as info:
        from_row(row, row_number=14)
    by_field = {p.field: p for p in info.value.problems}
    assert set(by_field) == {"client.name", "assessed_on", "budget.annual_amount", "website.bounce_rate", "client.size"}
    assert all(p.row == 14 for p in by_field.values())
    assert '"quinze mille"' in by_field["budget.annual_amount"].message
    assert "(row 14)" in str(info.value)


@pytest.mark.parametrize(
    "text, number",
    [
        ("15000", 15000),
        ("15 000 $", 15000),
        ("15\u00a0000\u00a0$", 15000),
        ("15\u202f000 $", 15000),
        ("$15,000", 15000),
        ("15,000.50", 15000.5),
        ("15.000,50", 15000.5),
        ("1.500.000", 1500000),
        ("15.125", 15.125),
        ("1,5", 1.5),
        ("45 %", 45),
        ("45,5%", 45.5),
        ("CAD 9000", 9000),
        ("-5", -5),
        (7, 7),
        (7.5, 7.5),
        ("quinze mille", None),
        ("", None),
        (None, None),
        ("nan", None),
        (float("inf"), None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


# ---------------------------------------------------------------- the JSON Schema agrees with the reader


def schema_validator(framework=None):
    return jsonschema.Draft202012Validator(assessment_schema(framework), format_checker=jsonschema.FormatChecker())


def test_schema_file_is_shipped_and_valid():
    assert SCHEMA_PATH.name == "assessment-v1.schema.json" and SCHEMA_PATH.parent.name == "schemas"
    jsonschema.Draft202012Validator.check_schema(assessment_schema())


def test_the_shipped_schema_file_is_the_schema_generated_from_the_shipped_framework():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "readiness/schemas/assessment-v1.schema.json is stale: python -m readiness.core.schema > readiness/schemas/assessment-v1.schema.json"
    )


@pytest.mark.parametrize("framework_id", ["social-media-5q", "social-media-2026"])
def test_the_schema_follows_the_questions_of_each_framework(framework_id):
    fw = load_framework(framework_id)
    schema = assessment_schema(fw)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]["answers"]["properties"]) == list(fw.question_ids)
    assert list(schema["properties"]["notes"]["properties"]) == [*fw.question_ids, "general"]
    assert schema["properties"]["framework"]["anyOf"][1]["properties"]["id"] == {"const": framework_id}


def test_schema_codes_are_those_of_the_framework(framework):
    props = assessment_schema()["properties"]
    answers = props["answers"]["properties"]
    for qid in ("objectives", "content", "champion"):
        assert answers[qid]["properties"]["choice"]["enum"] == [*framework.question(qid).choice_codes, None]
    assert answers["objectives"]["properties"]["goals"]["items"]["enum"] == list(framework.question("objectives").goals)
    assert answers["budget"]["properties"]["currency"]["enum"] == [*framework.question("budget").budget.rates, None]
    assert set(answers["website"]["properties"]["roi"]["enum"]) == {c.code for c in framework.question("website").website.roi} | {None}
    assert props["client"]["properties"]["size"]["enum"] == [*framework.sizes, None]


def test_schema_for_another_framework(framework):
    from dataclasses import replace

    fw = replace(framework, id="agency-7q", sizes=("solo", "team"))
    schema = assessment_schema(fw)
    assert schema["properties"]["client"]["properties"]["size"]["enum"] == ["solo", "team", None]
    assert assessment_schema()["properties"]["client"]["properties"]["size"]["enum"][0] == "self_employed"


def test_written_documents_satisfy_the_schema(example):
    from builders import WORST, make

    for a in (example, make(), make(base=WORST), make(website=None, budget=None), make(website={"bounce_rate": None, "roi": "unknown"})):
        assert list(schema_validator().iter_errors(a.to_dict())) == []


@pytest.mark.parametrize(
    "path, value",
    [
        (("client", "size"), "huge"),
        (("answers", "budget", "annual_amount"), -5),
        (("answers", "website", "bounce_rate"), 140),
        (("answers", "content", "choice"), "lots"),
        (("answers", "objectives", "goals"), ["fame"]),
        (("answers", "budgett"), {}),
        (("language",), "es"),
        (("format",), "readiness.assessment/2"),
        (("assessed_on",), "26/11/2026"),
        (("notes", "budgett"), "x"),
        (("client", "name"), " "),
        (("id",), "has spaces"),
        (("answers", "budget", "annual_amount"), True),
    ],
)
def test_schema_refuses_what_the_reader_refuses(example_dict, path, value):
    target = example_dict
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        Assessment.from_dict(example_dict)
    assert list(schema_validator().iter_errors(example_dict)), f"schema accepted {path}={value!r}"


def test_schema_accepts_what_the_reader_accepts():
    lenient = {
        "client": {"name": "X", "industry": None, "size": None},
        "assessed_on": "2026-01-05",
        "id": "",
        "framework": None,
        "answers": {"objectives": {"goals": ["sales"]}, "budget": None, "website": {"bounce_rate": None}},
        "notes": {"general": None},
    }
    Assessment.from_dict(lenient)
    assert list(schema_validator().iter_errors(lenient)) == []
