"""Several frameworks in one store: every document kept whole, comparisons within one framework, the portfolio across them.

Runs on each store (folder, SQLite, PostgreSQL): an assessment of social-media-2026 keeps its
measurement and community answers, one of a framework not known here is kept as it is, the
flat table of a framework holds that framework's assessments only (and says what it left out),
benchmarks compare only assessments of the same framework id, and the portfolio re-scores every
assessment under one framework and says what it could not score.
"""

from __future__ import annotations

import copy

import pytest
from builders import EXAMPLE, KINDS, framework_file, six_questions_text

from readiness.core.assessment import Assessment
from readiness.core.errors import ValidationError
from readiness.core.framework import load_framework
from readiness.core.outcome import client_outcome
from readiness.core.provenance import Sources
from readiness.core.rows import flat_columns
from readiness.store import open_store
from readiness.store.past import load_past

FW_2026 = load_framework("social-media-2026")
NEW_ANSWERS = {"measurement": {"choice": "kpis_tracked"}, "community": {"choice": "when_possible"}}


def assessment(i: int, framework_id: str = "social-media-5q", industry: str = "retail", **answers) -> Assessment:
    """The DESIGN.md example as client i, under a framework (2026: with its two new questions answered)."""
    document = copy.deepcopy(EXAMPLE)
    document.update(id=f"{framework_id}-{i:03d}", assessed_on=f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}")
    document["client"].update(name=f"Client {framework_id} {i}", industry=industry)
    document["framework"] = {"id": framework_id, "version": "1.0"}
    if framework_id == "social-media-2026":
        document["answers"].update(copy.deepcopy(NEW_ANSWERS))
    document["answers"].update(answers)
    return Assessment.from_dict(document) if framework_id in ("social-media-5q", "social-media-2026") else Assessment.from_stored(document)


@pytest.fixture
def mixed(spec):
    """A store with 6 assessments under social-media-5q and 7 under social-media-2026."""
    with open_store(spec) as store:
        store.save_many([assessment(i) for i in range(6)] + [assessment(i, "social-media-2026") for i in range(7)])
    return spec


@pytest.mark.parametrize("spec", KINDS, indirect=True)
def test_a_2026_assessment_comes_back_whole_with_its_new_answers(spec):
    a = assessment(1, "social-media-2026")
    with open_store(spec) as store:
        store.save(a)
        back = store.get(a.id)
    assert back.to_dict() == a.to_dict() and back.answers["measurement"] == {"choice": "kpis_tracked"}
    assert back.framework == {"id": "social-media-2026", "version": "1.0"}


@pytest.mark.parametrize("spec", KINDS, indirect=True)
def test_an_assessment_of_a_framework_unknown_here_is_kept_as_it_is(spec, tmp_path):
    agency = load_framework(framework_file(tmp_path, six_questions_text()))  # id agency-6q
    document = copy.deepcopy(EXAMPLE) | {"id": "agency-1", "framework": agency.ref()}
    document["answers"]["measurement"] = {"choice": "likes"}
    with open_store(spec) as store, pytest.raises(ValidationError, match="framework.id must be a framework known here"):
        store.save(Assessment.from_stored(document))  # saving needs the framework's file
    with open_store(spec, agency) as store:
        store.save(Assessment.from_dict(document, agency))
    with open_store(spec) as store:  # read back where the agency's file is not given
        back = store.get("agency-1")
        assert back.answers["measurement"] == {"choice": "likes"} and back.framework == agency.ref()
        assert [a.id for a in store.list()] == ["agency-1"]
        frame = store.load_frame()
    assert len(frame) == 0 and frame.attrs["left_out"] == {"agency-6q": 1}


def test_each_framework_has_its_own_flat_table_and_says_what_it_left_out(mixed):
    with open_store(mixed) as store:
        five, seven = store.load_frame(), store.load_frame(FW_2026)
    assert len(five) == 6 and five.attrs["left_out"] == {"social-media-2026": 7}
    assert list(five.columns[: len(flat_columns())]) == list(flat_columns())
    assert len(seven) == 7 and seven.attrs["left_out"] == {"social-media-5q": 6}
    assert set(seven["measurement"]) == {"kpis_tracked"} and set(seven["community_score"]) == {35.0}
    assert set(seven["verdict"]) == {"conditional"}


def test_benchmarks_compare_only_assessments_of_the_same_framework(mixed):
    past = load_past(mixed, framework=FW_2026)
    assert len(past) == 7 and past.attrs["sources"]["used"] == "store" and set(past["id"].str[:17]) == {"social-media-2026"}
    lines = " ".join(Sources(**past.attrs["sources"]).lines("en"))
    assert "Left out: 6 assessments made under another framework (social-media-5q (6))" in lines
    client = assessment(99, "social-media-2026")
    outcome = client_outcome(client, past, FW_2026, "en")
    assert outcome.benchmark.shown and outcome.benchmark.group.n == 7
    assert set(outcome.benchmark.median) == {"overall", *FW_2026.question_ids}
    with pytest.raises(ValidationError, match="past assessments of social-media-5q cannot be compared"):
        client_outcome(client, load_past(mixed), FW_2026, "en")


def test_the_portfolio_rescores_every_assessment_under_one_framework_and_says_what_it_could_not_score(mixed):
    from readiness.outputs.portfolio import analyse_portfolio

    portfolio = analyse_portfolio(load_past(mixed, framework=FW_2026, every_framework=True), FW_2026, lang="en")
    assert portfolio.assessments == 13 and portfolio.complete == 7  # the 5q ones were never asked the two new questions
    about = portfolio.about()
    assert "6 assessments made under social-media-5q: re-scored under social-media-2026 by question." in about
    assert "Not asked there, so not scored (no verdict for them): Measurement and analytics, Community and crisis." in about
    under_5q = analyse_portfolio(load_past(mixed, every_framework=True), lang="en")
    assert under_5q.assessments == 13 and under_5q.complete == 13  # the five questions are the 2026 ones too
    assert "7 assessments made under social-media-2026: re-scored under social-media-5q by question." in under_5q.about()
    assert "Answers social-media-5q cannot score, left out: community, measurement." in under_5q.about()


@pytest.mark.parametrize("spec", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_a_sql_store_from_an_earlier_version_gets_its_framework_column(spec):
    from sqlalchemy import create_engine, inspect, text

    with open_store(spec) as store:
        store.save_many([assessment(1), assessment(2, "social-media-2026")])
    engine = create_engine(spec.replace("postgresql://", "postgresql+psycopg://", 1) if spec.startswith("postgresql://") else spec)
    with engine.begin() as conn:  # as a store made before frameworks could share it: no framework_id column
        conn.execute(text("ALTER TABLE readiness_assessments DROP COLUMN framework_id"))
    with open_store(spec) as store:
        assert len(store.load_frame()) == 1 and len(store.load_frame(FW_2026)) == 1
    assert "framework_id" in {c["name"] for c in inspect(engine).get_columns("readiness_assessments")}
    with engine.begin() as conn:
        ids = dict(conn.execute(text("SELECT id, framework_id FROM readiness_assessments")).all())
    engine.dispose()
    assert ids == {"social-media-5q-001": "social-media-5q", "social-media-2026-002": "social-media-2026"}
