"""Any question set: what holds for every valid framework (2 to 12 questions of mixed kinds), and what a framework file may not do.

The frameworks come from `strategies.raw_frameworks`: random question sets as an agency could
write them (choices with blockers and risks, amounts with minimums and size bands, websites,
yes/no questions, weights). Scores stay within 0–100, improving an answer never lowers the
score nor adds a blocker, the best answers give 100 and ready and the worst 0 and not ready,
scoring one assessment and a whole table agree, and an assessment survives the flat row.
"""

from __future__ import annotations

import copy
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import advised, documents_of, raw_frameworks, texts

from readiness.core.assessment import Assessment
from readiness.core.errors import FrameworkError
from readiness.core.framework import framework_to_dict, parse_framework
from readiness.core.rows import flat_columns, from_columns, from_row, to_row
from readiness.core.scoring import score_assessment, score_table

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VERDICT_RANK = {"not_ready": 0, "conditional": 1, "ready": 2}
frameworks = raw_frameworks().map(parse_framework)


@st.composite
def framework_and_assessment(draw, complete: bool = False):
    fw = draw(frameworks)
    return fw, Assessment.from_dict(draw(documents_of(fw, complete)), fw)


# ---------------------------------------------------------------- what holds for any framework


@PROPERTY
@given(raw_frameworks())
def test_any_valid_framework_loads_and_loads_back_from_its_data(raw):
    fw = parse_framework(raw)
    assert 2 <= len(fw.questions) <= 12
    assert fw.question_ids == tuple(q["id"] for q in raw["questions"])
    assert parse_framework(framework_to_dict(fw)) == fw


@PROPERTY
@given(framework_and_assessment())
def test_scores_stay_between_0_and_100(pair):
    fw, a = pair
    result = score_assessment(a, fw)
    for score in [result.overall, *result.dimensions.values()]:
        assert score is None or 0 <= score <= 100
    assert set(result.dimensions) == set(fw.question_ids)
    assert result.missing == a.missing_from(fw)
    assert (result.verdict is None) == bool(result.missing)


@PROPERTY
@given(st.data(), framework_and_assessment().filter(lambda pair: pair[1].answered))
def test_improving_one_answer_never_lowers_the_score_nor_blocks_another_question(data, pair):
    fw, a = pair
    qid = data.draw(st.sampled_from(a.answered))
    better = a.with_answer(qid, data.draw(better_answer(fw.question(qid), a.answers[qid])))
    before, after = score_assessment(a, fw), score_assessment(better, fw)
    assert after.dimensions[qid] >= before.dimensions[qid]
    assert after.overall >= before.overall
    blocked = lambda result: {fw.issue_sources[code] for code in result.blockers}  # noqa: E731
    assert blocked(after) <= blocked(before)  # (a better answer may carry another blocker of its question, never a new one)
    if before.complete:
        assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict]


@PROPERTY
@given(frameworks, st.sampled_from([None, "self_employed", "small", "large"]))
def test_best_answers_give_100_and_ready_worst_give_0_and_not_ready(fw, size):
    document = {"framework": fw.ref(), "client": {"name": "X", "size": size}, "assessed_on": "2026-01-05"}
    best = score_assessment(Assessment.from_dict({**document, "answers": extreme_answers(fw, best=True)}, fw), fw)
    assert (best.overall, best.verdict, best.blockers, best.recommendations) == (100, "ready", (), ())
    worst = score_assessment(Assessment.from_dict({**document, "answers": extreme_answers(fw, best=False)}, fw), fw)
    assert (worst.overall, worst.verdict) == (0, "not_ready")


@PROPERTY
@given(frameworks.flatmap(lambda fw: st.tuples(st.just(fw), st.lists(documents_of(fw), min_size=1, max_size=12))))
def test_scoring_a_table_gives_what_scoring_each_assessment_gives(pair):
    fw, documents = pair
    batch = [Assessment.from_dict(d, fw) for d in documents]
    table = score_table(pd.DataFrame([to_row(a, fw) for a in batch], columns=list(flat_columns(fw))), fw)
    for i, a in enumerate(batch):
        one, row = score_assessment(a, fw), table.iloc[i]
        assert _same(row["overall"], one.overall)
        for qid in fw.question_ids:
            assert _same(row[f"{qid}_score"], one.dimensions[qid])
        assert (None if pd.isna(row["verdict"]) else row["verdict"]) == one.verdict
        assert (row["blockers"], row["risks"], row["missing"]) == ("|".join(one.blockers), "|".join(one.risks), "|".join(one.missing))


@PROPERTY
@given(framework_and_assessment())
def test_an_assessment_survives_its_flat_row_under_any_framework(pair):
    fw, a = pair
    row = to_row(a, fw)
    assert tuple(row) == flat_columns(fw)
    assert from_row(row, fw) == a
    cells = {**row, "assessed_on": a.assessed_on}  # (as a spreadsheet reader gives them: dates as dates)
    (quick,) = from_columns({c: [cells[c]] for c in flat_columns(fw)}, fw)
    assert quick == a


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks)
def test_any_framework_survives_its_workbook(tmp_path_factory, fw):
    from readiness.sheets.framework_book import read_framework_book
    from readiness.sheets.framework_book_write import write_framework_book

    path = tmp_path_factory.mktemp("book") / "agency.xlsx"
    assert read_framework_book(write_framework_book(fw, path)) == fw


@PROPERTY
@given(frameworks.flatmap(lambda fw: st.tuples(st.just(fw), documents_of(fw))))
def test_documents_of_any_framework_satisfy_its_json_schema(pair):
    import jsonschema

    from readiness.core.schema import assessment_schema

    fw, document = pair
    written = Assessment.from_dict(document, fw).to_dict()
    assert list(jsonschema.Draft202012Validator(assessment_schema(fw)).iter_errors(written)) == []


def _same(cell, value) -> bool:
    return (value is None and math.isnan(cell)) or cell == value


# ---------------------------------------------------------------- answers: better ones, the best and the worst


def better_answer(question, answer: dict):
    """A strategy of answers to the question: the same, or a better one (worth more points)."""
    if question.answered_by_choice:
        now = question.choice(answer["choice"]).points
        codes = [c.code for c in question.choices if c.points > now or c.code == answer["choice"]]
        return st.sampled_from(codes).map(lambda code: {**answer, "choice": code})
    if question.kind == "amount":
        return st.integers(0, 10**6).map(lambda extra: {**answer, "annual_amount": answer["annual_amount"] + extra})
    rule = question.website
    rois = st.sampled_from([c.code for c in rule.roi if c.points > rule.roi_choice(answer["roi"]).points or c.code == answer["roi"]])
    rate = answer["bounce_rate"]
    if rate is None:  # unknown: stays unknown, or a measured rate worth at least as much (and under the blocker)
        worth = [r for r in range(0, 101) if band_points(rule.bounce_bands, r) >= rule.unknown_points and r < rule.blocker_at]
        rates = st.one_of(st.none(), st.sampled_from(worth)) if worth else st.none()
    else:
        rates = st.floats(0, rate)
    return st.tuples(rates, rois).map(lambda pair: {"bounce_rate": pair[0], "roi": pair[1]})


def band_points(bands, value) -> float:
    return [b for b in bands if b.start <= value][-1].points


def extreme_answers(fw, best: bool) -> dict:
    """Every question answered at its best (or worst)."""
    pick = max if best else min
    answers = {}
    for q in fw.questions:
        if q.answered_by_choice:
            answers[q.id] = {"choice": pick(q.choices, key=lambda c: c.points).code}
        elif q.kind == "amount":
            answers[q.id] = {"annual_amount": 10**7 if best else 0, "currency": q.budget.currency}
        else:
            answers[q.id] = {"bounce_rate": 0 if best else 100, "roi": pick(q.website.roi, key=lambda c: c.points).code}
    return answers


@PROPERTY
@given(st.data())
def test_a_framework_of_the_four_kinds_scores_any_complete_answers(data):
    fw = parse_framework(FOUR_KINDS)
    assert {q.kind for q in fw.questions} == {"choice", "yes_no", "amount", "website"}
    a = Assessment.from_dict(data.draw(documents_of(fw, complete=True)), fw)
    result = score_assessment(a, fw)
    assert result.complete and result.verdict in VERDICT_RANK and result.missing == ()


# ---------------------------------------------------------------- refusals: every problem, named


FOUR_KINDS = {
    "id": "agency-4k", "version": "1", "languages": ["fr", "en"], "sizes": ["small", "large"], "title": texts("title"),
    "size_labels": {"small": texts("small"), "large": texts("large")},
    "verdict_labels": {v: texts(v) for v in ("ready", "conditional", "not_ready")},
    "blocker_labels": {"no_plan": texts("no plan"), "no_money": texts("no money"), "site_first": texts("site first")},
    "risk_labels": {"unmeasured": texts("unmeasured")},
    "questions": [
        {"id": "plan", "kind": "choice", "text": texts("plan?"), "short": texts("plan"),
         "choices": [advised({"code": "none", "points": 0, "blocker": "no_plan", "label": texts("none")}, "write_plan"),
                     {"code": "full", "points": 100, "label": texts("full")}]},
        {"id": "law25", "kind": "yes_no", "text": texts("Law 25?"), "short": texts("Law 25"), "no": advised({"points": 0}, "comply")},
        {"id": "spend", "kind": "amount", "text": texts("spend?"), "short": texts("spend"), "minimum": 1000, "blocker": "no_money",
         "bands": [advised({"from": 0, "points": 0}, "spend_more"), {"from": 1000, "points": 100}]},
        {"id": "site", "kind": "website", "text": texts("site?"), "short": texts("site"), "blocker_at": 70, "blocker": "site_first",
         "unknown_risk": "unmeasured", "unknown_points": 25, "unknown_advice": {"code": "measure", **texts("measure")},
         "bounce_bands": [{"from": 0, "points": 100}, advised({"from": 70, "points": 0}, "fix_site")],
         "roi": [advised({"code": "unknown", "points": 25, "label": texts("?")}, "track"), {"code": "good", "points": 100, "label": texts("good")},
                 advised({"code": "none", "points": 0, "label": texts("none")}, "sell")]},
    ],
}  # fmt: skip


def broken(change) -> list[tuple[str, str]]:
    raw = copy.deepcopy(FOUR_KINDS)
    change(raw)
    with pytest.raises(FrameworkError) as info:
        parse_framework(raw, source="agency.toml")
    return [(p.field, p.text("en")) for p in info.value.problems]


def _set(path: str, value):
    def change(raw):
        *parents, last = path.split(".")
        target = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return change


def _drop(path: str):
    def change(raw):
        *parents, last = path.split(".")
        target = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[int(last) if last.isdigit() else last]
    return change


@pytest.mark.parametrize(
    "change, field, words",
    [
        (_set("questions.1.kind", "scale"), "questions[1].kind", "question 'law25': unknown kind 'scale'; expected one of choice, amount, website, yes_no"),
        (_drop("questions.0.text.en"), "questions[0].text.en", "text is missing"),
        (_drop("questions.0.choices.1.label.fr"), "questions[0].choices[1].label.fr", "text is missing"),
        (_set("languages", ["fr", "en", "es"]), "questions[0].text.es", "text is missing"),  # every declared language
        (_set("questions.1.id", "plan"), "questions[1].id", "question 'plan' appears more than once"),
        (_drop("blocker_labels.no_plan"), "questions[0].choices[0].blocker", "blocker 'no_plan' has no label (under [blocker_labels] in a TOML file, a row of list blocker in a workbook's labels sheet)"),
        (_drop("blocker_labels.no_money"), "questions[2].blocker", "blocker 'no_money' has no label (under [blocker_labels] in a TOML file, a row of list blocker in a workbook's labels sheet)"),
        (_drop("risk_labels.unmeasured"), "questions[3].unknown_risk", "risk 'unmeasured' has no label (under [risk_labels] in a TOML file, a row of list risk in a workbook's labels sheet)"),
        (lambda raw: raw["questions"].__delitem__(slice(1, None)), "questions", "a framework asks from 2 to 12 questions, got 1"),
        (lambda raw: raw["questions"].extend({**copy.deepcopy(raw["questions"][0]), "id": f"more_{i}"} for i in range(9)),
         "questions", "a framework asks from 2 to 12 questions, got 13"),
        (_set("questions.0.id", "Plan de contenu"), "questions[0].id", "lower-case letters, digits and _"),
        (_set("questions.0.id", "overall"), "questions[0].id", "'overall' is a column of the flat table already"),
        (_set("questions.0.choices.1.points", 90), "questions[0].choices", "the worst answer must be worth 0 points and the best 100, got 0 to 90"),
        (_set("questions.0.choices.1.blocker", "no_plan"), "questions[0]", "answer 'full' is a blocker worth 100 points"),
        (_set("questions.1.yes", {"points": 0}), "questions[1]", "the worst answer must be worth 0 points and the best 100, got 0 to 0"),
        (_drop("questions.0.choices.0.advice"), "questions[0].choices[0].advice", "is missing: this answer is worth 0 points, under 100"),
        (_drop("questions.2.bands.0.advice"), "questions[2].bands[0].advice", "is missing: this answer is worth 0 points"),
        (_drop("questions.3.unknown_advice"), "questions[3].unknown_advice", "is missing: an unknown bounce rate is worth 25 points"),
        (_set("questions.2.minimum", 5), None, None),  # (a valid change: checked below not to be refused)
        (_set("questions.3.blocker_at", 0), "questions[3].blocker_at", "must be above 0"),
        (_set("verdict", {"ready_at": 75, "conditional_at": 0}), "verdict", "0 < conditional_at ≤ ready_at ≤ 100"),
    ],
)
def test_a_framework_file_is_refused_with_the_problem_named(change, field, words):
    if field is None:
        raw = copy.deepcopy(FOUR_KINDS)
        change(raw)
        parse_framework(raw)
        return
    problems = broken(change)
    assert any(f == field and words in text and text.startswith(f"{field}:") for f, text in problems), problems


def test_the_four_kinds_load_with_their_columns():
    fw = parse_framework(FOUR_KINDS)
    assert fw.answer_columns == ("plan", "law25", "spend_annual", "currency", "bounce_rate", "site_roi")
    assert [c.code for c in fw.question("law25").choices] == ["no", "yes"]
    assert fw.question("law25").choice("yes").label == {"fr": "Oui", "en": "Yes"}  # the catalogue's words by default
    assert dict(fw.issue_sources) == {"no_plan": "plan", "no_money": "spend", "site_first": "site", "unmeasured": "site"}


def test_a_shared_part_takes_the_questions_id_in_its_column():
    raw = copy.deepcopy(FOUR_KINDS)
    raw["questions"].append({**copy.deepcopy(raw["questions"][2]), "id": "ads"})
    fw = parse_framework(raw)
    assert fw.question("spend").columns == {"annual_amount": "spend_annual", "currency": "spend_currency"}
    assert fw.question("ads").columns == {"annual_amount": "ads_annual", "currency": "ads_currency"}


def test_problems_are_in_french_for_a_french_consultant():
    problems = broken(_drop("questions.0.text.en"))
    with pytest.raises(FrameworkError) as info:
        raw = copy.deepcopy(FOUR_KINDS)
        del raw["questions"][0]["text"]["en"]
        parse_framework(raw)
    assert problems and info.value.text("fr") == "questions[0].text.en : le texte est absent"
