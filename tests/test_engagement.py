"""Engagements over time, as data: the optional action plan and `follows` of an assessment, and a client's progress in every store."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import date

import pytest
from builders import EXAMPLE, SCRIPT, budget, choice, website
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import action_items, documents_of, raw_frameworks

from readiness.core.action_plan import ActionItem
from readiness.core.assessment import Assessment, Client
from readiness.core.errors import ValidationError
from readiness.core.framework import default_framework, parse_framework
from readiness.core.progress import client_progress
from readiness.store import open_store

FW = default_framework()
PLAN = [{"question": "budget", "action": "Set aside 15 000 $ a year", "owner": "Marie", "due": "2026-06-30", "status": "open"},
        {"question": None, "action": "Review the plan together", "owner": None, "due": None, "status": "done"}]  # fmt: skip


def test_an_older_document_loads_unchanged_and_is_written_back_without_the_new_fields():
    a = Assessment.from_dict(copy.deepcopy(EXAMPLE))
    assert (a.plan, a.follows) == ((), None)
    assert "plan" not in a.to_dict() and "follows" not in a.to_dict()
    assert Assessment.from_dict(a.to_dict()) == a


def test_a_plan_and_follows_round_trip_through_json():
    a = Assessment.from_dict({**copy.deepcopy(EXAMPLE), "plan": PLAN, "follows": "previous-1"})
    assert a.plan[0] == ActionItem("Set aside 15 000 $ a year", "budget", "Marie", date(2026, 6, 30), "open")
    assert a.follows == "previous-1"
    assert a.to_dict()["plan"] == PLAN
    assert Assessment.from_json(a.to_json()) == a


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("plan", "do things", 'plan must be a list of action items, got "do things"'),
        ("plan", [{"action": "x", "question": "nope"}], 'plan[0].question must be one of objectives, content, champion, budget, website, got "nope"'),
        ("plan", [{"action": "  "}], 'plan[0].action must be a non-empty text, got "  "'),
        ("plan", [{"action": "x", "due": "30/06/2026"}], 'plan[0].due must be a real date written YYYY-MM-DD, got "30/06/2026"'),
        ("plan", [{"action": "x", "status": "started"}], 'plan[0].status must be one of open, done, got "started"'),
        ("plan", [{"action": "x"}] * 51, "plan must be at most 50 action items, got 51"),
        ("plan", [{"action": "x" * 501}], "plan[0].action must be a text of at most 500 characters"),
        ("follows", "../etc", 'follows must be an assessment id, got "../etc"'),
    ],
)
def test_a_bad_plan_or_follows_names_the_field_and_value(field, value, words):
    with pytest.raises(ValidationError) as caught:
        Assessment.from_dict({**copy.deepcopy(EXAMPLE), field: value})
    assert words in caught.value.text("en")


def test_an_assessment_cannot_follow_itself():
    with pytest.raises(ValidationError, match="follows must be the id of another assessment"):
        Assessment.from_dict({**copy.deepcopy(EXAMPLE), "id": "a-1", "follows": "a-1"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw_frameworks().map(parse_framework).flatmap(lambda fw: st.tuples(st.just(fw), documents_of(fw), action_items(fw))))
def test_plans_of_any_framework_round_trip_and_satisfy_its_json_schema(triple):
    import jsonschema

    from readiness.core.schema import assessment_schema

    fw, document, plan = triple
    a = Assessment.from_dict({**document, "plan": plan, "follows": "earlier-1"}, fw)
    written = a.to_dict()
    assert list(jsonschema.Draft202012Validator(assessment_schema(fw)).iter_errors(written)) == []
    assert Assessment.from_dict(written, fw) == a
    assert len(a.plan) == len(plan)


START = {"objectives": choice("vague"), "content": choice("none"), "champion": choice("outsourced"), "budget": budget(6000), "website": website(75, "unknown")}


def three_visits() -> list[Assessment]:
    """A client seen three times: not ready, better, then ready with conditions; the first two with a plan."""
    client = Client("Café Ô Lait", size="small")
    first = [ActionItem("Write a content calendar", "content", "Marie", date(2025, 6, 30)), ActionItem("Raise the budget", "budget")]
    v1 = Assessment("visit-1", client, date(2025, 1, 10), language="en", answers=START, plan=tuple(first))
    second = (ActionItem("Write a content calendar", "content", "Marie", date(2025, 6, 30), "done"), first[1])
    v2 = Assessment("visit-2", client, date(2025, 7, 10), language="en", answers={**START, "content": choice("content_plan")}, plan=second, follows="visit-1")
    answers = {**START, "content": choice("content_plan"), "budget": budget(15000), "website": website(50, "some")}
    v3 = Assessment("visit-3", client, date(2026, 1, 10), language="en", answers=answers, follows="visit-2")
    return [v1, v2, v3]


def test_progress_and_deltas_of_a_three_visit_client_in_each_store(store):
    from readiness.cli.engagement import client_history

    visits = three_visits()
    for a in reversed(visits):
        store.save(a)
    store.save(Assessment("other-1", Client("Café Ô Lait II"), date(2025, 3, 1), answers=START))
    assert [(store.get(a.id).plan, store.get(a.id).follows) for a in visits] == [(a.plan, a.follows) for a in visits]  # kept by every store
    progress = client_history(store, "cafe o lait", lambda a: FW, "en")
    assert [v.id for v in progress.visits] == ["visit-1", "visit-2", "visit-3"]
    assert [v.overall for v in progress.visits] == [19.5, 33.5, 52.5]
    assert [v.verdict for v in progress.visits] == ["not_ready", "not_ready", "conditional"]
    assert progress.visits[0].delta is None
    assert progress.visits[1].delta == {"overall": 14.0, "objectives": 0.0, "content": 70.0, "champion": 0.0, "budget": 0.0, "website": 0.0}
    assert progress.visits[2].delta["overall"] == 19.0 and progress.visits[2].delta["budget"] == 40.0
    assert [i.action for i in progress.open_items] == ["Raise the budget"]  # the last plan's, the done one left out


def test_progress_command_prints_the_visits_oldest_first_as_json(tmp_path):
    folder = tmp_path / "store"
    store = open_store(str(folder))
    for a in three_visits():
        store.save(a)
    out = subprocess.run([SCRIPT, "progress", "CAFÉ Ô LAIT", "--store", str(folder), "--json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert [v["id"] for v in data["assessments"]] == ["visit-1", "visit-2", "visit-3"]
    assert [v["delta"] and v["delta"]["overall"] for v in data["assessments"]] == [None, 14.0, 19.0]
    assert set(data["assessments"][0]) >= {"assessed_on", "overall", "verdict", "dimensions", "delta"}
    assert [i["action"] for i in data["open_items"]] == ["Raise the budget"]
    missing = subprocess.run([SCRIPT, "progress", "Nobody", "--store", str(folder), "--lang", "en"], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.strip() == "readiness progress: no assessment of a client named 'Nobody' in the store"


def test_progress_of_assessments_in_any_order_is_oldest_first():
    visits = three_visits()
    progress = client_progress(reversed(visits), lambda a: FW, "en")
    assert [v.assessed_on for v in progress.visits] == sorted(a.assessed_on for a in visits)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_puts_follows_in_the_flat_table_and_the_action_items_on_their_own(tmp_path, suffix):
    from readiness.sheets.reading import read_table
    from readiness.sheets.writing import export_table, items_path

    visits = three_visits()
    path = export_table(visits, tmp_path / f"out.{suffix}", FW)
    back = read_table(path, FW)
    assert [a.follows for a in back.assessments] == [None, "visit-1", "visit-2"]
    if suffix == "csv":
        lines = items_path(path).read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "assessment_id,client_name,assessed_on,question,action,owner,due,status"
        assert lines[1] == "visit-1,Café Ô Lait,2025-01-10,content,Write a content calendar,Marie,2025-06-30,open"
        assert len(lines) == 1 + 4
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path)["action_items"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0][:5] == ["assessment_id", "client_name", "assessed_on", "question", "action"] and len(rows) == 5
        assert rows[3][4:] == ["Write a content calendar", "Marie", rows[3][6], "done"] and rows[3][6].date() == date(2025, 6, 30)


def test_an_export_without_action_plans_writes_no_items_file(tmp_path):
    from readiness.sheets.writing import export_table, items_path

    path = export_table([Assessment.from_dict(copy.deepcopy(EXAMPLE))], tmp_path / "out.csv", FW)
    assert not items_path(path).exists()


def test_a_sql_store_made_before_follow_ups_gains_the_follows_column(tmp_path):
    import sqlite3

    url = f"sqlite:///{tmp_path / 'team.db'}"
    with open_store(url) as store:
        store.save(three_visits()[0])
    with sqlite3.connect(tmp_path / "team.db") as conn:
        conn.execute("ALTER TABLE readiness_assessments DROP COLUMN follows")  # as an earlier version made it
    with open_store(url) as store:
        store.save(three_visits()[1])
        assert [a.follows for a in store.list()] == [None, "visit-1"]
    with sqlite3.connect(tmp_path / "team.db") as conn:
        assert [row[0] for row in conn.execute("SELECT follows FROM readiness_assessments ORDER BY id")] == [None, "visit-1"]


def test_the_client_report_of_a_follow_up_shows_its_plan_and_progress(tmp_path):
    from matplotlib.figure import Figure

    from readiness.outputs.reports import client_report

    folder = str(tmp_path / "store")
    store = open_store(folder)
    for a in three_visits():
        store.save(a)
    second = client_report("visit-2", folder, "en")
    plan = second.action_plan().data
    assert "Action plan" in plan and "Write a content calendar" in plan and "Marie" in plan and "June 30, 2025" in plan and "done" in plan
    progress = second.progress().data
    assert progress.count("<tr>") == 1 + 2 and "+14" in progress and "data:image/png;base64" in progress  # the visits up to this one
    assert "Open actions (1)" in progress and "Raise the budget" in progress
    assert isinstance(second.progress_chart(), Figure)
    page = second.page()
    assert "Action plan" in page and "Progress over the visits" in page
    last = client_report("visit-3", folder, "en")
    assert last.action_plan().data.strip() == ""  # no plan of its own: nothing to show
    assert last.progress().data.count("<tr>") == 1 + 3 and "Raise the budget" in last.progress().data  # the latest plan's open item
    first = client_report("visit-1", folder, "en")
    assert first.progress().data.strip() == "" and first.progress_chart() is None


def test_the_progress_chart_draws_one_point_per_visit_on_the_verdict_bands():
    from readiness.outputs.charts_progress import plot_progress

    progress = client_progress(three_visits(), lambda a: FW, "en")
    fig = plot_progress(progress, FW, "en")
    ax = fig.axes[0]
    line = next(line for line in ax.get_lines() if line.get_gid() == "progress")
    assert list(line.get_ydata()) == [19.5, 33.5, 52.5]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["January 10, 2025", "July 10, 2025", "January 10, 2026"]
    bands = sorted((round(p.get_y(), 1), round(p.get_y() + p.get_height(), 1)) for p in ax.patches)
    assert bands == [(0, FW.conditional_at), (FW.conditional_at, FW.ready_at), (FW.ready_at, 100)]


def clients_over_time() -> list[Assessment]:
    """Seven clients not ready at first: five get ready (after 180 to 260 days), one ready with conditions, one stays."""
    ready_answers = {**START, "objectives": choice("clear_measurable"), "content": choice("integrated_strategy"),
                     "champion": choice("dedicated"), "budget": budget(30000), "website": website(30, "good")}  # fmt: skip
    conditional = {**START, "content": choice("content_plan"), "budget": budget(15000), "website": website(50, "some"), "champion": choice("dedicated")}
    found = []
    for i, (later, days) in enumerate([*((ready_answers, d) for d in (180, 200, 220, 240, 260)), (conditional, 150), (START, 100)]):
        client = Client(f"Client {i}", size="small")
        found.append(Assessment(f"c{i}-1", client, date(2025, 1, 1), answers=START))
        found.append(Assessment(f"c{i}-2", client, date.fromordinal(date(2025, 1, 1).toordinal() + days), answers=later))
    found.append(Assessment("once-1", Client("Seen once", size="small"), date(2025, 2, 1), answers=START))
    return found


def test_the_portfolio_counts_transitions_time_to_ready_and_what_preceded_a_flip():
    import pandas as pd

    from readiness.core.rows import to_row
    from readiness.core.scoring import with_scores
    from readiness.outputs.portfolio import analyse_portfolio

    table = with_scores(pd.DataFrame([to_row(a, FW) for a in clients_over_time()]), FW)
    portfolio = analyse_portfolio(table, FW, lang="en", k=5)
    values = dict(zip(portfolio.transitions["measure"], portfolio.transitions["value"], strict=True))
    assert values["Clients assessed more than once"] == 7 and values["Not ready at first"] == 7
    assert values["…then ready (%)"] == round(100 * 5 / 7, 1) and values["…then ready with conditions (%)"] == round(100 / 7, 1)
    assert values["Median days from not ready to ready"] == 220
    flips = portfolio.precursors
    assert flips.iloc[0]["assessments"] == 6 and flips.iloc[0]["share"] == 100.0  # the budget (and others) rose before every flip
    assert set(flips["dimension"]) == {"Objectives", "Content strategy", "Internal champion", "Budget", "Website"}
    small = analyse_portfolio(table.loc[table["client_name"].isin(["Client 0", "Client 1"])], FW, lang="en", k=5)
    assert small.transitions["value"].iloc[1:].isna().all() and small.precursors.empty  # under k: nothing shown
    assert "transitions" in portfolio.tables() and "flip_precursors" in portfolio.tables()


def test_a_follow_up_made_the_same_day_comes_after_the_assessment_it_follows():
    client = Client("Même Jour")
    first = Assessment("zz-first", client, date(2026, 3, 1), answers=START)
    again = Assessment("aa-again", client, date(2026, 3, 1), answers={**START, "content": choice("content_plan")}, follows="zz-first")
    progress = client_progress([again, first], lambda a: FW, "en")
    assert [v.id for v in progress.visits] == ["zz-first", "aa-again"] and progress.visits[1].delta["content"] == 70


def test_a_batch_report_page_of_a_follow_up_shows_its_progress_and_is_remade_when_an_earlier_visit_changes(tmp_path):
    from readiness.outputs.report_batch import run_reports

    folder = str(tmp_path / "store")
    store = open_store(folder)
    visits = three_visits()
    for a in visits:
        store.save(a)
    run = run_reports(["visit-1", "visit-2"], store=folder, out=tmp_path / "reports", language="en", progress=False, jobs=1)
    pages = {p.name: p.read_text(encoding="utf-8") for p in run.written if p.suffix == ".html"}
    assert len(pages) == 2
    second = next(text for name, text in pages.items() if "visit2" in name)
    assert "Progress over the visits" in second and "data:image/png;base64" in second and "Write a content calendar" in second
    assert sum("Progress over the visits" in text for text in pages.values()) == 1  # the first visit has none
    store.save(Assessment("visit-1", visits[0].client, visits[0].assessed_on, language="en", answers={**START, "objectives": choice("clear")}, plan=visits[0].plan))
    again = run_reports(["visit-2"], store=folder, out=tmp_path / "reports", language="en", progress=False, jobs=1)
    assert again.reports == 1 and again.skipped == 0  # its progress changed: the page is made again


def test_plan_and_deck_commands_take_an_id_in_the_store_and_the_deck_of_a_follow_up_shows_its_progress(tmp_path):
    from pptx import Presentation

    folder = tmp_path / "store"
    store = open_store(str(folder))
    for a in three_visits():
        store.save(a)
    plan = subprocess.run([SCRIPT, "plan", "visit-3", "--store", str(folder), "--json"], capture_output=True, text=True, check=True)
    assert json.loads(plan.stdout)["target"]["id"] == "visit-3" and json.loads(plan.stdout)["verdict"] == "ready"
    out = tmp_path / "deck.pptx"
    subprocess.run([SCRIPT, "deck", "visit-2", "--store", str(folder), "--out", str(out), "--no-benchmark"], capture_output=True, text=True, check=True)
    titles = [s.shapes.title.text for s in Presentation(str(out)).slides]
    assert "Action plan" in titles and "Progress over the visits" in titles


def test_the_progress_slide_chart_is_native_and_editable(tmp_path):
    """#16: the deck's charts all native; the progress chart (from #14) was a picture."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from readiness.outputs import deck as deck_module

    first, second, third = three_visits()
    prs = Presentation(str(deck_module.build_deck(third, None, tmp_path / "d.pptx", lang="en", earlier=[first, second])))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Progress over the visits")
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    from readiness.core.scoring import score_assessment

    assert series["Overall score"] == [round(score_assessment(a).overall, 1) for a in (first, second, third)]
    assert series["Ready with conditions from 50"] == [50.0] * 3 and series["Ready from 75"] == [75.0] * 3
