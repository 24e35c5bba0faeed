"""What always holds: bounds, monotone scoring, single == vectorised, lossless round trips."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from builders import BEST, QUESTION_IDS, WORST
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import one_line

from readiness.core.assessment import Assessment, derived_id
from readiness.core.errors import ValidationError
from readiness.core.framework import default_framework
from readiness.core.rows import flat_columns, from_columns, from_row, to_row
from readiness.core.scoring import score_assessment, score_table

FW = default_framework()
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VERDICT_RANK = {"not_ready": 0, "conditional": 1, "ready": 2}
BUDGET = FW.question("budget").budget
WEBSITE = FW.question("website").website


# ---------------------------------------------------------------- strategies, from the framework's own codes and ranges


def choice_answer(qid: str):
    question = FW.question(qid)
    answer = {"choice": st.sampled_from(question.choice_codes)}
    if question.goals:
        answer["goals"] = st.lists(st.sampled_from(tuple(question.goals)), unique=True, max_size=3)
    return st.fixed_dictionaries(answer)


amounts = st.one_of(
    st.integers(0, 200_000),
    st.sampled_from(sorted({b.start for b in BUDGET.bands} | {BUDGET.minimum - 1, BUDGET.minimum, 999, 2999, 5999})),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
)
bounce_rates = st.one_of(
    st.none(),
    st.sampled_from([0, 39.9, 40, 54.9, 55, 69, 69.9, 70, 100]),
    st.floats(0, 100, allow_nan=False),
    st.integers(0, 100),
)
ANSWERS = {
    "objectives": choice_answer("objectives"),
    "content": choice_answer("content"),
    "champion": choice_answer("champion"),
    "budget": st.fixed_dictionaries({"annual_amount": amounts, "currency": st.sampled_from(tuple(BUDGET.rates))}),
    "website": st.fixed_dictionaries(
        {"bounce_rate": bounce_rates, "roi": st.sampled_from([c.code for c in WEBSITE.roi])}
    ),
}
words = one_line()  # any name validation accepts


@st.composite
def documents(draw, complete: bool = False):
    """A format v1 document with any mix of answered and unanswered questions."""
    answers = {q: draw(s if complete else st.one_of(st.none(), s)) for q, s in ANSWERS.items()}
    return {
        "id": draw(st.one_of(st.none(), st.uuids().map(str))),
        "client": {
            "name": draw(words),
            "industry": draw(st.one_of(st.none(), st.sampled_from(["retail", "health", "tourism"]), words)),
            "size": draw(st.one_of(st.none(), st.sampled_from(FW.sizes))),
        },
        "assessed_on": draw(st.dates()).isoformat(),
        "consultant": draw(st.one_of(st.none(), words)),
        "language": draw(st.sampled_from(["fr", "en"])),
        "answers": {q: a for q, a in answers.items() if a is not None},
        "notes": draw(st.dictionaries(st.sampled_from(QUESTION_IDS + ("general",)), words, max_size=3)),
    }


assessments = documents().map(Assessment.from_dict)
complete_assessments = documents(complete=True).map(Assessment.from_dict)


# ---------------------------------------------------------------- "improving one answer": an answer worth at least as much


def band_points(bands, value):
    return [b for b in bands if b.start <= value][-1].points


def better_answers(a: Assessment, qid: str):
    """A strategy of answers to `qid` whose own points are at least those of the current one."""
    answer = a.answers[qid]
    question = FW.question(qid)
    if question.kind == "choice":
        now = question.choice(answer["choice"]).points
        codes = [c.code for c in question.choices if c.points >= now]
        return st.sampled_from(codes).map(lambda code: {**answer, "choice": code})
    if question.kind == "amount":
        return st.floats(0, 1e6, allow_nan=False).map(
            lambda extra: {**answer, "annual_amount": answer["annual_amount"] + extra}
        )
    roi_now = WEBSITE.roi_choice(answer["roi"]).points
    rois = st.sampled_from([c.code for c in WEBSITE.roi if c.points >= roi_now])
    rate = answer["bounce_rate"]
    if rate is None:  # unknown → a measured rate worth at least the "unknown" points
        rates = st.one_of(
            st.none(),
            st.floats(0, 100).filter(lambda r: band_points(WEBSITE.bounce_bands, r) >= WEBSITE.unknown_points),
        )
    else:
        rates = st.floats(0, rate)
    return st.tuples(rates, rois).map(lambda pair: {"bounce_rate": pair[0], "roi": pair[1]})


# ---------------------------------------------------------------- properties


@QUICK
@given(assessments)
def test_scores_stay_between_0_and_100(a):
    result = score_assessment(a)
    for score in [result.overall, *result.dimensions.values()]:
        assert score is None or 0 <= score <= 100
    assert (result.overall is None) == (a.answered == ())


@QUICK
@given(assessments)
def test_overall_is_the_weighted_mean_of_answered_dimensions(a):
    result = score_assessment(a)
    answered = {q: s for q, s in result.dimensions.items() if s is not None}
    assert set(answered) == set(a.answered)
    if answered:
        weights = {q: FW.question(q).weight for q in answered}
        mean = sum(weights[q] * s for q, s in answered.items()) / sum(weights.values())
        assert result.overall == pytest.approx(mean, abs=0.051)


@QUICK
@given(assessments)
def test_verdict_follows_blockers_and_thresholds(a):
    result = score_assessment(a)
    if not result.complete:
        assert result.verdict is None and result.missing == a.missing_from(FW)
    elif result.blockers or result.overall < FW.conditional_at:
        assert result.verdict == "not_ready"
    else:
        assert result.verdict == ("ready" if result.overall >= FW.ready_at else "conditional")


@QUICK
@given(st.data(), assessments.filter(lambda a: a.answered))
def test_improving_one_answer_never_lowers_overall(data, a):
    qid = data.draw(st.sampled_from(a.answered))
    better = a.with_answer(qid, data.draw(better_answers(a, qid)))
    before, after = score_assessment(a), score_assessment(better)
    assert after.dimensions[qid] >= before.dimensions[qid]
    assert after.overall >= before.overall
    assert set(after.blockers) <= set(before.blockers)
    if before.complete:
        assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict]


@QUICK
@given(st.sampled_from(FW.sizes + (None,)), st.sampled_from(["fr", "en"]))
def test_best_everywhere_is_100_and_ready_worst_is_0_and_not_ready(size, language):
    a = Assessment.from_dict(
        {"client": {"name": "X", "size": size}, "assessed_on": "2026-01-05", "language": language, "answers": BEST}
    )
    best = score_assessment(a)
    assert (best.overall, best.verdict, best.blockers, best.recommendations) == (100, "ready", (), ())
    worst = score_assessment(replace(a, answers=WORST))
    assert (worst.overall, worst.verdict) == (0, "not_ready")
    assert len(worst.blockers) == (4 if size in BUDGET.exempt_sizes else 5)


@settings(max_examples=25, deadline=None)
@given(st.lists(assessments, min_size=1, max_size=25))
def test_vectorised_equals_one_at_a_time(batch):
    table = score_table(pd.DataFrame([to_row(a) for a in batch], columns=list(flat_columns())))
    for i, a in enumerate(batch):
        one, row = score_assessment(a), table.iloc[i]
        assert _same(row["overall"], one.overall)
        for q in QUESTION_IDS:
            assert _same(row[f"{q}_score"], one.dimensions[q])
        assert (None if pd.isna(row["verdict"]) else row["verdict"]) == one.verdict
        assert (row["blockers"], row["risks"], row["missing"]) == (
            "|".join(one.blockers),
            "|".join(one.risks),
            "|".join(one.missing),
        )


def _same(cell, value) -> bool:
    return (value is None and math.isnan(cell)) or cell == value


@QUICK
@given(assessments)
def test_json_round_trip_is_lossless(a):
    again = Assessment.from_json(a.to_json())
    assert again == a
    assert again.to_dict() == a.to_dict()


@QUICK
@given(assessments)
def test_flat_row_round_trip_is_lossless(a):
    assert from_row(to_row(a)) == a


@QUICK
@given(assessments)
def test_flat_row_round_trip_through_text_cells_is_lossless(a):
    """As a CSV file gives the cells back: every value as text, blanks for nothing."""
    cells = {k: ("" if v is None else str(v)) for k, v in to_row(a).items()}
    assert from_row(cells) == a


@QUICK
@given(documents())
def test_a_document_without_id_gets_the_id_of_its_client_and_date(doc):
    doc.pop("id")
    a = Assessment.from_dict(doc)
    assert a.id == Assessment.from_dict(dict(doc)).id == derived_id(a.client.name, a.assessed_on)
    assert Assessment.from_dict(doc | {"answers": {}, "notes": {}}).id == a.id  # corrected answers: same id


# ---------------------------------------------------------------- many rows at once == one row at a time


def cells_of(column: str):
    """Cells of one column as a cleaned spreadsheet gives them: good, blank, odd and wrong ones."""
    odd = st.sampled_from(["", "  ", "?", "inconnu", "peut-être", "-1", "1e400", "abc", "{", '{"budget": "x"}', "0"])
    cells = {
        "id": st.none() | st.sampled_from(["client-7", "a.b_c-1", "bad id!", "x" * 129]),
        "client_name": words,
        "industry": st.none() | words,
        "size": st.none() | st.sampled_from(FW.sizes + ("huge",)),
        "assessed_on": st.dates() | st.sampled_from(["2025-11-26", "20251126", "demain", "2025-11-26 00:00"]),
        "consultant": st.none() | words,
        "language": st.none() | st.sampled_from(["fr", "en", "FR", "de"]),
        "goals": st.none() | st.sampled_from(["awareness", "sales|awareness|sales", "fun", "awareness;recruiting"]),
        "budget_annual": st.none() | amounts | st.sampled_from([-5.0, -0.0, 15000, True, "15 000", "6000"]),
        "currency": st.none() | st.sampled_from(tuple(BUDGET.rates) + ("XYZ",)),
        "bounce_rate": st.none() | bounce_rates | st.sampled_from([120.0, -1.0, "45,5", "unknown"]),
        "website_roi": st.none() | st.sampled_from([c.code for c in WEBSITE.roi] + ["maybe"]),
        "notes": st.none() | words | st.sampled_from(['{"general": "a", "budget": " "}', '{"general": 5}']),
        "follows": st.none() | st.sampled_from(["client-6", "bad id!", "client-7"]),
    }
    for qid in ("objectives", "content", "champion"):
        cells[qid] = st.none() | st.sampled_from(FW.question(qid).choice_codes + ("plenty",))
    return cells[column] | odd


def ordinary_row(a: Assessment, with_id: bool) -> dict:
    """The flat row of an assessment as a file gives it back: a real date, and maybe no id."""
    row = to_row(a) | {"assessed_on": a.assessed_on}
    return row if with_id else row | {"id": None}


changed_cells = st.lists(
    st.sampled_from(flat_columns()).flatmap(lambda c: st.tuples(st.just(c), cells_of(c))), max_size=3
)
cell_rows = st.builds(
    lambda a, with_id, changes: ordinary_row(a, with_id) | dict(changes), assessments, st.booleans(), changed_cells
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cell_rows, min_size=1, max_size=6))
def test_rows_read_by_column_are_the_rows_read_one_by_one(rows):
    columns = {c: [row[c] for row in rows] for c in flat_columns()}
    for row, quick in zip(rows, from_columns(columns), strict=True):
        try:
            one = from_row(row)
        except ValidationError:
            assert quick is None  # left to from_row, which names every problem
            continue
        if quick is not None:
            assert quick == one and quick.to_json() == one.to_json()  # the same numbers, as ints or floats


ROW = {c: None for c in flat_columns()} | {"client_name": "Gîte Aurore", "assessed_on": date(2025, 11, 26)}


@pytest.mark.parametrize(
    "cells",
    [
        {}, {"language": "FR"}, {"size": "small", "industry": "retail", "consultant": "É. Fortin"},
        {"objectives": "clear", "goals": "sales|awareness|sales"}, {"goals": "awareness"}, {"content": "none"},
        {"budget_annual": 15000.0}, {"budget_annual": 0.0, "currency": "USD"}, {"budget_annual": -0.0},
        {"budget_annual": "15 000"}, {"currency": "EUR"}, {"bounce_rate": 45.5}, {"bounce_rate": "inconnu"},
        {"bounce_rate": "unknown", "website_roi": "good"}, {"website_roi": "some"}, {"bounce_rate": 0.0},
        {"notes": "Veut recruter"}, {"notes": '{"general": "a", "budget": " ", "content": null}'},
        {"notes": '{"budget": "b", "general": "a"}'}, {"notes": "{pas du JSON"}, {"id": "client-7"},
    ],
)  # fmt: skip
def test_each_kind_of_cell_gives_the_same_record_and_id_by_column(cells):
    row = ROW | cells
    (quick,) = from_columns({c: [row[c]] for c in flat_columns()})
    assert quick is not None and quick.to_json() == from_row(row).to_json()


@QUICK
@given(st.lists(assessments, min_size=1, max_size=6), st.booleans())
def test_ordinary_rows_never_need_reading_one_by_one(batch, with_ids):
    rows = [ordinary_row(a, with_ids) for a in batch]
    quick = from_columns({c: [row[c] for row in rows] for c in flat_columns()})
    assert [a.to_json() for a in quick] == [from_row(row).to_json() for row in rows]
    assert [a.id for a in quick] == [a.id if with_ids else from_row(row).id for a, row in zip(batch, rows, strict=True)]


def test_derived_id_is_the_uuid5_of_the_client_key_and_date():
    import uuid

    expected = uuid.uuid5(uuid.UUID("6b0f7d4e-5c1a-4f5e-9a57-2f1c0e9d6a11"), "cafe du port\n2025-01-02")
    assert derived_id(" Café du  PORT", date(2025, 1, 2)) == str(expected)


@QUICK
@given(assessments)
def test_a_stored_file_is_the_document_one_field_and_one_answer_per_line(a):
    from readiness.store.folder_files import document_text

    text = document_text(a)
    assert json.loads(text) == a.to_dict()
    lines = text.splitlines()
    assert [line.split('"')[1] for line in lines if line.startswith('  "')] == list(a.to_dict())
    per_line = [line.split('"')[1] for line in lines if line.startswith('    "')]
    assert per_line == list(a.to_dict()["answers"]) + list(a.notes)


@QUICK
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_client_key_of_plain_ascii_names_is_the_general_rule(name):
    import unicodedata

    from readiness.core.assessment import client_key

    general = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    assert client_key(name) == " ".join(general.split())


@QUICK
@given(documents(), documents(), st.randoms())
def test_an_import_tells_a_repeated_row_from_a_clash_as_the_documents_do(first, second, rnd):
    """Rows of one id are a repeat when their documents are equal, whatever the order of their keys; else a clash."""
    from readiness.sheets.rowreader import _fingerprint

    second = second if rnd.random() < 0.5 else json.loads(json.dumps(first))
    first["id"] = second["id"] = "one-id"
    second["notes"] = dict(sorted(second["notes"].items(), reverse=True))  # same notes, keys the other way round
    a, b = Assessment.from_dict(first), Assessment.from_dict(second)
    assert (_fingerprint(a) == _fingerprint(b)) == (a.to_dict() == b.to_dict())
