"""The framework as data: the shipped file, an agency's own file in TOML/YAML/JSON, every problem at once."""

from __future__ import annotations

import copy
import json
import tomllib
from dataclasses import FrozenInstanceError

import pytest
import yaml
from builders import QUESTION_IDS, choice, make

from readiness.core.errors import FrameworkError, ReadinessError
from readiness.core.framework import (
    DEFAULT_PATH,
    default_framework,
    describe_framework,
    framework_to_dict,
    load_framework,
    parse_framework,
)
from readiness.core.scoring import score_assessment


@pytest.fixture
def raw() -> dict:
    """The shipped framework file as plain data (a fresh copy to break)."""
    return copy.deepcopy(tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8")))


def problems_of(raw: dict) -> list[tuple[str, str]]:
    """The (field, message) of every problem found in `raw`."""
    with pytest.raises(FrameworkError) as info:
        parse_framework(raw, source="agency.toml")
    return [(p.field, p.message) for p in info.value.problems]


# ---------------------------------------------------------------- the shipped framework


def test_shipped_framework(framework):
    assert (framework.id, framework.version) == ("social-media-5q", "1.0")
    assert tuple(q.id for q in framework.questions) == QUESTION_IDS
    assert framework.sizes == ("self_employed", "very_small", "small", "medium", "large")
    assert (framework.ready_at, framework.conditional_at) == (75, 50)
    assert framework.weights == (1.0,) * 5
    assert framework.ref() == {"id": "social-media-5q", "version": "1.0"}
    assert load_framework() is default_framework() is load_framework(None)


@pytest.mark.parametrize(
    "qid, codes",
    [
        ("objectives", ("everyone_is_there", "vague", "clear", "clear_measurable")),
        ("content", ("none", "self_promotion", "content_plan", "integrated_strategy")),
        ("champion", ("everyone", "outsourced", "part_time_irregular", "dedicated")),
    ],
)
def test_choices_run_from_least_to_most_mature(framework, qid, codes):
    question = framework.question(qid)
    assert question.choice_codes == codes
    points = [c.points for c in question.choices]
    assert points == sorted(points) and points[0] == 0 and points[-1] == 100


def test_budget_and_website_rules_are_data(framework):
    budget = framework.question("budget").budget
    assert (budget.minimum, budget.currency, budget.blocker) == (15000, "CAD", "no_budget")
    assert budget.exempt_sizes == ("self_employed", "very_small")
    assert [b.start for b in budget.bands_for("small")] == [0, 5000, 15000, 30000]
    assert [b.start for b in budget.bands_for("very_small")] == [0, 1000, 3000, 6000]
    assert budget.bands_for(None) == budget.bands
    website = framework.question("website").website
    assert (website.blocker_at, website.blocker, website.unknown_risk) == (70, "website_first", "unknown_bounce_rate")
    assert set(framework.question("objectives").goals) == {"awareness", "recruiting", "customer_service", "sales", "community", "other"}


def test_every_text_exists_in_french_and_english(framework):
    data = framework_to_dict(framework)
    texts = []

    def walk(value, where):
        if isinstance(value, dict) and ("fr" in value or "en" in value):
            texts.append((where, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(data, "")
    assert len(texts) > 60
    for where, value in texts:
        assert value.get("fr", "").strip() and value.get("en", "").strip(), where


def test_framework_is_read_only(framework):
    with pytest.raises(FrozenInstanceError):
        framework.ready_at = 10
    with pytest.raises(TypeError):
        framework.blocker_labels["new"] = {"fr": "x", "en": "x"}
    with pytest.raises(TypeError):
        framework.question("objectives").choices[0].label["fr"] = "x"


@pytest.mark.parametrize(
    "lang, words, foreign",
    [
        ("fr", ["poids 1", "minimum 15\u00a0000\u00a0$ par année (sauf Travailleur autonome", "taux de rebond ≥ 70\u00a0%"], ["weight ", " from ", "bounce rate"]),
        ("en", ["weight 1", "minimum $15,000 a year (except Self-employed", "bounce rate ≥ 70%"], ["poids", "partir", "rebond"]),
    ],
)
def test_describe_framework_in_one_language(framework, lang, words, foreign):
    text = describe_framework(framework, lang)
    for word in words:
        assert word in text
    for word in foreign:
        assert word not in text
    for q in framework.questions:
        for c in q.choices:
            assert c.code in text
    assert "no_objective" in text and "outsourced_champion" in text


# ---------------------------------------------------------------- an agency's own framework, in three formats


def agency_version(raw: dict) -> dict:
    """The shipped framework with an agency's changes: stricter website, heavier budget."""
    raw["version"] = "1.1-agence"
    website = next(q for q in raw["questions"] if q["id"] == "website")
    website["blocker_at"] = 60
    budget = next(q for q in raw["questions"] if q["id"] == "budget")
    budget["weight"] = 2.0
    return raw


@pytest.mark.parametrize(
    "suffix, dump",
    [
        (".toml", None),
        (".yaml", lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)),
        (".yml", lambda data: yaml.safe_dump(data, allow_unicode=True)),
        (".json", lambda data: json.dumps(data, ensure_ascii=False, indent=2)),
    ],
)
def test_agency_framework_file_loads(tmp_path, raw, suffix, dump):
    path = tmp_path / f"agency{suffix}"
    if dump is None:
        text = DEFAULT_PATH.read_text(encoding="utf-8")
        text = text.replace('version = "1.0"', 'version = "1.1-agence"').replace("blocker_at = 70", "blocker_at = 60")
        text = text.replace('id = "budget"\nkind = "amount"\nweight = 1.0', 'id = "budget"\nkind = "amount"\nweight = 2.0')
        path.write_text(text, encoding="utf-8")
    else:
        path.write_text(dump(agency_version(raw)), encoding="utf-8")
    fw = load_framework(path)
    assert fw.version == "1.1-agence"
    assert fw.question("website").website.blocker_at == 60
    assert fw.weights == (1.0, 1.0, 1.0, 2.0, 1.0)
    result = score_assessment(make(website={"bounce_rate": 65, "roi": "good"}), fw)
    assert result.blockers == ("website_first",)
    assert result.framework == {"id": "social-media-5q", "version": "1.1-agence"}
    assert load_framework(str(path)) == fw


def test_framework_as_data_loads_back(tmp_path, framework):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(framework_to_dict(framework), ensure_ascii=False), encoding="utf-8")
    assert load_framework(path) == framework


def test_points_come_from_the_file(raw):
    objectives = raw["questions"][0]
    objectives["choices"][1]["points"] = 40  # "vague" is worth more for this agency
    fw = parse_framework(raw)
    assert score_assessment(make(objectives=choice("vague")), fw).dimensions["objectives"] == 40


def test_null_means_not_given(raw):
    raw["questions"][0]["choices"][3]["advice"] = None
    raw["questions"][0]["choices"][3]["blocker"] = None
    assert parse_framework(raw).question("objectives").choice("clear_measurable").advice is None


# ---------------------------------------------------------------- a broken file: every problem, each with where it is


def break_points(r):
    r["questions"][2]["choices"][0]["points"] = "ten"


def break_text(r):
    del r["questions"][0]["text"]["en"]


def one_question(r):
    del r["questions"][1:]


def thirteen_questions(r):
    for i in range(8):
        r["questions"].append({**copy.deepcopy(r["questions"][1]), "id": f"extra_{i}"})


def repeat_objectives(r):
    r["questions"].append(copy.deepcopy(r["questions"][0]))


def wrong_kind(r):
    r["questions"][1]["kind"] = "scale"


def bad_id(r):
    r["questions"][1]["id"] = "Content Strategy"


def id_is_a_column(r):
    r["questions"][1]["id"] = "industry"


def first_band(r):
    r["questions"][3]["bands"][0]["from"] = 100


def no_unknown_roi(r):
    r["questions"][4]["roi"] = [c for c in r["questions"][4]["roi"] if c["code"] != "unknown"]


def bounce_points_rise(r):
    r["questions"][4]["bounce_bands"][1]["points"] = 10


def budget_points_fall(r):
    r["questions"][3]["bands"][1]["points"] = 90


def duplicate_code(r):
    r["questions"][0]["choices"][1]["code"] = "clear"


def no_size_label(r):
    del r["size_labels"]["large"]


def no_blocker_label(r):
    del r["blocker_labels"]["no_budget"]


def unknown_risk(r):
    r["questions"][2]["choices"][1]["risk"] = "agency_risk"


def zero_weights(r):
    for q in r["questions"]:
        q["weight"] = 0


def negative_minimum(r):
    r["questions"][3]["minimum"] = -1


def zero_rate(r):
    r["questions"][3]["rates"]["USD"] = 0


def points_over_100(r):
    r["questions"][0]["choices"][1]["points"] = 130


def thresholds_crossed(r):
    r["verdict"]["ready_at"] = 40


def no_choices(r):
    r["questions"][0]["choices"] = []


def no_id(r):
    del r["id"]


@pytest.mark.parametrize(
    "breakage, field, words",
    [
        (break_points, "questions[2].choices[0].points", "must be a number, got 'ten'"),
        (break_text, "questions[0].text.en", "text is missing"),
        (one_question, "questions", "from 2 to 12 questions, got 1"),
        (thirteen_questions, "questions", "from 2 to 12 questions, got 13"),
        (repeat_objectives, "questions[5].id", "question 'objectives' appears more than once"),
        (wrong_kind, "questions[1].kind", "question 'content': unknown kind 'scale'; expected one of choice, amount, website, yes_no"),
        (bad_id, "questions[1].id", "lower-case letters, digits and _"),
        (id_is_a_column, "questions[1].id", "'industry' is a column of the flat table already"),
        (first_band, "questions[3].bands[0].from", "must start at 0, got 100"),
        (no_unknown_roi, "questions[4].roi", "code 'unknown'"),
        (bounce_points_rise, "questions[4].bounce_bands", "must fall"),
        (budget_points_fall, "questions[3].bands", "must rise"),
        (duplicate_code, "questions[0].choices", "'clear' appears more than once"),
        (no_size_label, "size_labels.large", "label is missing"),
        (no_blocker_label, "questions[3].blocker", "blocker 'no_budget' has no label (under [blocker_labels] in a TOML file, a row of list blocker in a workbook's labels sheet)"),
        (unknown_risk, "questions[2].choices[1].risk", "risk 'agency_risk' has no label (under [risk_labels] in a TOML file, a row of list risk in a workbook's labels sheet)"),
        (zero_weights, "questions", "weights must add up to more than 0"),
        (negative_minimum, "questions[3].minimum", "must be ≥ 0, got -1"),
        (zero_rate, "questions[3].rates.USD", "must be a number > 0, got 0"),
        (points_over_100, "questions[0].choices[1].points", "between 0 and 100, got 130"),
        (thresholds_crossed, "verdict.conditional_at", "must not exceed ready_at (40)"),
        (no_choices, "questions[0].choices", "at least one choice"),
        (no_id, "id", "is missing"),
    ],
)
def test_each_problem_says_where_it_is(raw, breakage, field, words):
    breakage(raw)
    problems = problems_of(raw)
    assert any(f == field and words in m and m.startswith(f"{field}:") for f, m in problems), problems


def test_every_problem_is_reported_at_once(tmp_path, raw):
    for breakage in (break_points, break_text, first_band, no_size_label, unknown_risk, thresholds_crossed):
        breakage(raw)
    path = tmp_path / "agency.json"
    path.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    fields = [p.field for p in info.value.problems]
    assert fields == [  # in the file's order
        "verdict.conditional_at",
        "size_labels.large",
        "questions[0].text.en",
        "questions[2].choices[0].points",
        "questions[2].choices[1].risk",
        "questions[3].bands[0].from",
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    points = next(p for p in info.value.problems if p.field == "questions[2].choices[0].points")
    line = int(str(points.place).removeprefix("line "))
    assert '"points": "ten"' in lines[line - 1]  # the line of the bad value itself
    assert str(info.value).startswith(f"{path}: ")
    assert f"line {line}: questions[2].choices[0].points: must be a number, got 'ten'" in str(info.value)
    assert info.value.source == str(path)
    assert isinstance(info.value, ReadinessError)


@pytest.mark.parametrize(
    "name, text",
    [
        ("bad.toml", 'id = "x"\n[verdict\n'),
        ("bad.yaml", "id: [unclosed\n"),
        ("bad.json", '{"id": "x",'),
        ("bad.toml", "\xff\xfe"),
    ],
)
def test_syntax_errors_name_the_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    assert [p.field for p in info.value.problems] == ["file"]
    assert "not a valid framework file" in str(info.value) and str(path) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FrameworkError, match="cannot read framework file"):
        load_framework(tmp_path / "nowhere.toml")


@pytest.mark.parametrize("data", [[1, 2], "text", {}])
def test_not_a_table_of_settings(data):
    with pytest.raises(FrameworkError) as info:
        parse_framework(data)
    assert len(info.value.problems) >= 5  # id, version, title and the five questions at least
