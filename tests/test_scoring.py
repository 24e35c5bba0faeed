"""Scoring rules of DESIGN.md, as tables: answer → points, blockers, risks, verdict."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from builders import BEST, WORST, budget, choice, make, website

from readiness.core.errors import ValidationError
from readiness.core.rows import flat_columns, to_row
from readiness.core.scoring import result_columns, score_assessment, score_table, what_if, with_scores


def only(result, qid):
    """The score of one dimension."""
    return result.dimensions[qid]


# ---------------------------------------------------------------- the three choice questions


@pytest.mark.parametrize(
    "qid, code, points, blocker, risk",
    [
        ("objectives", "everyone_is_there", 0, "no_objective", None),
        ("objectives", "vague", 30, None, None),
        ("objectives", "clear", 70, None, None),
        ("objectives", "clear_measurable", 100, None, None),
        ("content", "none", 0, "no_content", None),
        ("content", "self_promotion", 30, None, None),
        ("content", "content_plan", 70, None, None),
        ("content", "integrated_strategy", 100, None, None),
        ("champion", "everyone", 0, "no_champion", None),
        ("champion", "outsourced", 25, None, "outsourced_champion"),
        ("champion", "part_time_irregular", 50, None, None),
        ("champion", "dedicated", 100, None, None),
    ],
)
def test_choice_points_blockers_and_risks(qid, code, points, blocker, risk):
    result = score_assessment(make(**{qid: choice(code)}))
    assert only(result, qid) == points
    assert result.blockers == ((blocker,) if blocker else ())
    assert result.risks == ((risk,) if risk else ())


# ---------------------------------------------------------------- budget, and its exemption for the smallest clients


@pytest.mark.parametrize(
    "size, amount, currency, points, blocked",
    [
        ("small", 0, "CAD", 0, True),
        ("small", 4999, "CAD", 0, True),
        ("small", 5000, "CAD", 30, True),
        ("small", 14999, "CAD", 30, True),
        ("small", 15000, "CAD", 70, False),
        ("small", 29999, "CAD", 70, False),
        ("small", 30000, "CAD", 100, False),
        ("medium", 14999.99, "CAD", 30, True),
        ("large", 250000, "CAD", 100, False),
        ("small", 10000, "USD", 30, True),  # 13 800 CAD
        ("small", 11000, "USD", 70, False),  # 15 180 CAD
        ("small", 10000, "EUR", 70, False),  # exactly 15 000 CAD
        # exempt from the minimum, and judged on their own scale
        ("self_employed", 0, "CAD", 0, False),
        ("self_employed", 999, "CAD", 0, False),
        ("self_employed", 1000, "CAD", 30, False),
        ("very_small", 2999, "CAD", 30, False),
        ("very_small", 3000, "CAD", 70, False),
        ("very_small", 6000, "CAD", 100, False),
        ("very_small", 14999, "CAD", 100, False),
        # size unknown: no exemption can be granted
        (None, 14999, "CAD", 30, True),
    ],
)
def test_budget_points_and_minimum(size, amount, currency, points, blocked):
    result = score_assessment(make(size=size, budget=budget(amount, currency)))
    assert only(result, "budget") == points
    assert ("no_budget" in result.blockers) is blocked


@pytest.mark.parametrize("size", ["self_employed", "very_small"])
def test_budget_exemption_never_blocks_the_smallest_clients(size):
    result = score_assessment(make(size=size, base=WORST))
    assert "no_budget" not in result.blockers
    assert set(result.blockers) == {"no_objective", "no_content", "no_champion", "website_first"}


@pytest.mark.parametrize("size", ["small", "medium", "large"])
def test_budget_below_minimum_blocks_the_others(size):
    result = score_assessment(make(size=size, budget=budget(14999)))
    assert result.blockers == ("no_budget",)
    assert result.verdict == "not_ready"


# ---------------------------------------------------------------- website: bounce-rate bands, the 69 / 70 edge, unknown


@pytest.mark.parametrize(
    "bounce_rate, roi, points, blocker, risk",
    [
        (0, "good", 100, False, False),
        (39.9, "good", 100, False, False),
        (40, "good", 87.5, False, False),
        (54.9, "some", 67.5, False, False),
        (55, "some", 52.5, False, False),
        (69, "good", 72.5, False, False),
        (69.9, "good", 72.5, False, False),
        (70, "good", 50, True, False),
        (70.1, "good", 50, True, False),
        (100, "none", 0, True, False),
        (None, "good", 62.5, False, True),
        (None, "unknown", 25, False, True),
        (48.5, "unknown", 50, False, False),
        (30, "none", 50, False, False),
    ],
)
def test_website_points(bounce_rate, roi, points, blocker, risk):
    result = score_assessment(make(website=website(bounce_rate, roi)))
    assert only(result, "website") == points
    assert ("website_first" in result.blockers) is blocker
    assert ("unknown_bounce_rate" in result.risks) is risk


@pytest.mark.parametrize("bounce_rate, verdict", [(69, "ready"), (70, "not_ready")])
def test_bounce_rate_edge_decides_the_verdict(bounce_rate, verdict):
    assert score_assessment(make(website=website(bounce_rate))).verdict == verdict


# ---------------------------------------------------------------- overall and verdict thresholds


@pytest.mark.parametrize(
    "answers, overall, verdict",
    [
        ({}, 100.0, "ready"),
        # exactly 75 → ready; just below → conditional
        (dict(objectives=choice("clear"), content=choice("content_plan"), website=website(60, "unknown")), 75.0, "ready"),
        (dict(objectives=choice("vague"), content=choice("content_plan"), website=website(60, "good")), 74.5, "conditional"),
        # exactly 50 → conditional; just below → not ready
        (
            dict(objectives=choice("vague"), content=choice("content_plan"), champion=choice("outsourced"), website=website(None, "unknown")),
            50.0,
            "conditional",
        ),
        (
            dict(objectives=choice("vague"), content=choice("self_promotion"), champion=choice("outsourced"), website=website(30, "unknown")),
            49.5,
            "not_ready",
        ),
        # a blocker means not ready, whatever the score
        (dict(objectives=choice("everyone_is_there")), 80.0, "not_ready"),
        (dict(website=website(70, "good")), 90.0, "not_ready"),
    ],
)
def test_verdict_thresholds(answers, overall, verdict):
    result = score_assessment(make(**answers))
    assert result.overall == overall
    assert result.verdict == verdict


def test_best_answers_everywhere_give_100_and_ready():
    result = score_assessment(make())
    assert (result.overall, result.verdict, result.blockers, result.risks) == (100.0, "ready", (), ())
    assert result.recommendations == ()


def test_worst_answers_everywhere_give_0_and_not_ready():
    result = score_assessment(make(base=WORST))
    assert result.overall == 0
    assert result.verdict == "not_ready"
    assert set(result.blockers) == {"no_objective", "no_content", "no_champion", "no_budget", "website_first"}
    assert all(score == 0 for score in result.dimensions.values())


def test_the_example_of_the_design(example):
    result = score_assessment(example)
    assert result.dimensions == {"objectives": 70, "content": 30, "champion": 50, "budget": 100, "website": 67.5}
    assert result.overall == 63.5
    assert result.verdict == "conditional"
    assert result.complete and result.missing == ()


def test_weights_come_from_the_framework(framework):
    from dataclasses import replace

    heavy = tuple(replace(q, weight=4.0) if q.id == "objectives" else q for q in framework.questions)
    fw = replace(framework, questions=heavy)
    result = score_assessment(make(objectives=choice("vague")), fw)
    assert result.overall == pytest.approx((4 * 30 + 400) / 8, abs=0.05)


# ---------------------------------------------------------------- incomplete assessments (the meeting is still going)


def test_incomplete_assessment_is_provisional():
    result = score_assessment(make(content=None, website=None, objectives=choice("everyone_is_there")))
    assert not result.complete
    assert result.missing == ("content", "website")
    assert result.verdict is None
    assert result.overall == pytest.approx((0 + 100 + 100) / 3, abs=0.05)
    assert result.blockers == ("no_objective",)
    assert set(result.dimensions) == {"objectives", "content", "champion", "budget", "website"}
    assert result.dimensions["content"] is None and result.dimensions["website"] is None


def test_unanswered_is_never_scored_as_the_worst_answer():
    result = score_assessment(make(champion=None, website=None))
    assert result.overall == 100.0
    assert result.blockers == () and result.risks == ()


def test_nothing_answered_yet():
    result = score_assessment(make(**dict.fromkeys(BEST)))
    assert result.overall is None
    assert result.verdict is None
    assert result.missing == ("objectives", "content", "champion", "budget", "website")
    assert result.to_dict()["overall"] is None


# ---------------------------------------------------------------- result as JSON, summary, recommendations, both languages


def test_result_json_has_the_keys_of_the_contract(example):
    data = score_assessment(example).to_dict()
    assert set(data) == {"complete", "missing", "overall", "verdict", "blockers", "risks", "dimensions", "recommendations", "framework"}
    assert data["framework"] == {"id": "social-media-5q", "version": "1.0"}
    assert all(set(r) == {"dimension", "code", "text"} for r in data["recommendations"])


@pytest.mark.parametrize(
    "language, advice, verdict",
    [
        ("fr", "Chiffrer l'objectif", "Prêt sous conditions"),
        ("en", "Put numbers on the objective", "Ready with conditions"),
    ],
)
def test_recommendations_and_summary_in_the_assessment_language(example, language, advice, verdict):
    from dataclasses import replace

    result = score_assessment(replace(example, language=language))
    objectives = [r for r in result.recommendations if r.dimension == "objectives"]
    assert objectives and objectives[0].text.startswith(advice)
    assert verdict in result.summary()


def test_language_argument_overrides_the_assessment_language(example):
    result = score_assessment(example, language="en")
    assert "Overall score" in result.summary()
    assert result.recommendations[0].text.startswith("Put numbers on the objective")


def test_every_dimension_below_its_maximum_gets_a_recommendation(example):
    result = score_assessment(example)
    below = {q for q, score in result.dimensions.items() if score < 100}
    assert {r.dimension for r in result.recommendations} == below
    codes = [r.code for r in result.recommendations]
    assert codes == ["measure_objective", "useful_content", "regular_time", "improve_landing", "track_roi"]


def test_unknown_bounce_rate_recommends_measuring_it():
    result = score_assessment(make(website=website(None, "good")))
    assert [r.code for r in result.recommendations] == ["measure_bounce"]


def test_summary_says_provisional_while_incomplete():
    summary = score_assessment(make(website=None), language="en").summary()
    assert "Provisional" in summary and "4 / 5" in summary


def test_result_renders_in_a_notebook(example):
    assert score_assessment(example)._repr_html_().startswith("<pre>")


# ---------------------------------------------------------------- what would change the verdict


def test_what_if_ranks_changes_by_gain_and_flags_verdict_changes():
    a = make(size="small", budget=budget(10000), champion=choice("part_time_irregular"))
    base = score_assessment(a)
    assert base.verdict == "not_ready" and base.blockers == ("no_budget",)
    changes = what_if(a)
    gains = [c.gain for c in changes]
    assert gains == sorted(gains, reverse=True)
    for change in changes:
        after = score_assessment(a.with_answer(change.dimension, change.answer))
        assert after.overall == change.overall
        assert after.verdict == change.verdict
        assert change.gain == pytest.approx(change.overall - base.overall, abs=0.05)
        assert change.changes_verdict is (after.verdict != base.verdict)
    to_minimum = [c for c in changes if c.dimension == "budget" and c.answer["annual_amount"] == 15000]
    assert to_minimum and to_minimum[0].changes_verdict and to_minimum[0].verdict == "ready"


def test_what_if_describes_changes_in_the_language(example):
    texts = [c.description for c in what_if(example, language="fr")]
    assert any("Stratégie de contenu" in t for t in texts)
    texts = [c.description for c in what_if(example, language="en")]
    assert any("Content strategy" in t for t in texts)


def test_what_if_has_nothing_to_offer_at_the_top():
    assert what_if(make()) == ()


def test_what_if_on_an_empty_assessment():
    assert what_if(make(**dict.fromkeys(BEST))) == ()


# ---------------------------------------------------------------- tables, vectorised


def table_of(*assessments):
    return pd.DataFrame([to_row(a) for a in assessments], columns=list(flat_columns()))


def test_score_table_matches_one_at_a_time(example):
    cases = [
        example,
        make(),
        make(base=WORST),
        make(size="very_small", base=WORST),
        make(website=website(None, "unknown"), champion=choice("outsourced")),
        make(content=None, website=None),
        make(**dict.fromkeys(BEST)),
        make(budget=budget(11000, "USD")),
    ]
    table = score_table(table_of(*cases))
    assert list(table.columns) == list(result_columns())
    for i, a in enumerate(cases):
        result = score_assessment(a)
        row = table.iloc[i]
        assert _same(row["overall"], result.overall)
        assert all(_same(row[f"{q}_score"], s) for q, s in result.dimensions.items())
        assert (None if pd.isna(row["verdict"]) else row["verdict"]) == result.verdict
        assert row["complete"] == result.complete
        assert row["missing"] == "|".join(result.missing)
        assert row["blockers"] == "|".join(result.blockers)
        assert row["risks"] == "|".join(result.risks)


def _same(a, b) -> bool:
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    return a == b


def test_score_table_refuses_unknown_codes_naming_column_and_value():
    table = table_of(make(), make())
    table.loc[1, "content"] = "lots"
    table.loc[0, "size"] = "huge"
    with pytest.raises(ValidationError) as info:
        score_table(table)
    fields = {p.field for p in info.value.problems}
    assert fields == {"content", "size"}
    assert "'lots'" in str(info.value) and "'huge'" in str(info.value)


@pytest.mark.parametrize("column, value", [("bounce_rate", 140), ("bounce_rate", -1), ("budget_annual", -5)])
def test_score_table_refuses_impossible_numbers(column, value):
    table = table_of(make())
    table[column] = [value]
    with pytest.raises(ValidationError, match=column):
        score_table(table)


def test_with_scores_replaces_stale_score_columns():
    table = table_of(make(), make(base=WORST))
    table["overall"] = [1.0, 2.0]
    scored = with_scores(table)
    assert list(scored.columns) == list(flat_columns()) + list(result_columns())
    assert scored["overall"].tolist() == [100.0, 0.0]


def test_score_table_keeps_the_index():
    table = table_of(make(), make(base=WORST))
    table.index = ["b", "a"]
    assert score_table(table).loc["a", "verdict"] == "not_ready"


def test_score_table_reports_text_in_number_columns_with_the_other_problems():
    table = table_of(make(), make(), make())
    table["budget_annual"] = table["budget_annual"].astype(object)
    table.loc[0, "budget_annual"] = "15 000 $"
    table.loc[2, "content"] = "lots"
    with pytest.raises(ValidationError) as info:
        score_table(table)
    assert [p.field for p in info.value.problems] == ["budget_annual", "content"]
    assert "'15 000 $' (row 0)" in str(info.value)


def test_score_table_without_some_columns_treats_them_as_unanswered():
    table = pd.DataFrame({"objectives": ["clear", None], "content": ["none", "content_plan"]})
    scored = score_table(table)
    assert scored["missing"].tolist() == ["champion|budget|website", "objectives|champion|budget|website"]
    assert scored["overall"].tolist() == [35.0, 70.0]
    assert scored["blockers"].tolist() == ["no_content", ""]
