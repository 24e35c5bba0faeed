"""The meeting form over time, without a browser: the action plan edited in the form (from the path or by hand), autosaved,
and a new follow-up starting from the client's last saved assessment, with the change since last time."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from readiness.core.action_plan import ActionItem
from readiness.core.assessment import Assessment, Client
from readiness.core.errors import ReadinessError
from readiness.core.framework import default_framework
from readiness.meeting.form import MeetingForm, meeting_form
from readiness.meeting.session import MeetingSession
from readiness.store import open_store

FW = default_framework()
BEFORE = {"objectives": {"choice": "vague", "goals": []}, "content": {"choice": "none"}, "champion": {"choice": "outsourced"},
          "budget": {"annual_amount": 6000, "currency": "CAD"}, "website": {"bounce_rate": 75, "roi": "unknown"}}  # fmt: skip
PLAN = (ActionItem("Write a content calendar", "content", "Marie", date(2026, 6, 30)), ActionItem("Raise the budget", "budget"))


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    return {"store": tmp_path / "store", "drafts": tmp_path / "drafts", "exports": tmp_path / "exports"}


@pytest.fixture
def seen_once(places) -> Assessment:
    """The client's first assessment, saved with its action plan."""
    first = Assessment("first-visit", Client("Café Ô Lait", size="small"), date(2026, 1, 10), language="en", answers=BEFORE, plan=PLAN)
    open_store(str(places["store"])).save(first)
    return first


def make_form(places, language: str = "en") -> MeetingForm:
    return meeting_form(language, str(places["store"]), drafts=places["drafts"], exports=places["exports"])


def shown(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


def test_a_follow_up_starts_from_the_clients_last_assessment(places, seen_once):
    session = MeetingSession("en", str(places["store"]), drafts=places["drafts"], exports=places["exports"])
    session.change({**session.document, "client": {"name": "cafe o lait", "industry": None, "size": None}})
    session.new_follow_up()
    a = session.assessment
    assert (a.follows, a.answers, a.plan, a.assessed_on) == ("first-visit", seen_once.answers, PLAN, date.today())
    assert a.id != "first-visit" and a.client == seen_once.client and a.notes == {}
    assert [v.id for v in session.outcome.progress.visits] == ["first-visit", a.id]
    assert "Follow-up of Café Ô Lait" in session.messages()[-1][1]


def test_a_follow_up_needs_a_saved_assessment_of_the_client(places, seen_once):
    form = make_form(places)
    form.profile.name.value = "Somebody Else"
    form.buttons["followup"].click()
    assert "No saved assessment of Somebody Else to follow up" in form.message
    assert form.assessment.follows is None


def test_the_form_follow_up_shows_the_change_since_last_time_and_keeps_the_plan(places, seen_once):
    form = make_form(places)
    form.profile.name.value = "Café Ô Lait"
    form.buttons["followup"].click()
    assert [row.action.value for row in form.plan.rows] == ["Write a content calendar", "Raise the budget"]
    assert form.questions["content"].choice.value == "none"  # the answers of last time, pre-filled
    form.questions["content"].choice.value = "content_plan"
    form.plan.rows[0].done.value = True
    details = shown(form.results.details)
    assert "Since last time (January 10, 2026)" in details
    assert "+14 pts" in details and "Content strategy +70" in details and "Actions: 1 done, 1 open" in details
    assert form.assessment.plan[0].status == "done" and form.assessment.follows == "first-visit"
    saved = form.save()
    assert open_store(str(places["store"])).get(saved.id).follows == "first-visit"


def test_the_plan_is_filled_from_the_path_edited_by_hand_and_autosaved(places):
    form = make_form(places, "fr")
    form.profile.name.value = "Gîte Aurore"
    form.profile.size.value = "small"
    for qid, answer in BEFORE.items():
        card = form.questions[qid]
        if qid == "budget":
            card.amount.value = "6000"
        elif qid == "website":
            card.bounce.value, card.roi.value = "75", "unknown"
        else:
            card.choice.value = answer["choice"]
    form.plan.add_path.click()
    path = form.outcome.path
    assert [row.question.value for row in form.plan.rows] == [s.question for s in path.changes]
    assert [item.action for item in form.assessment.plan] == [s.description for s in path.changes]
    form.plan.rows[0].owner.value = "Marie"
    form.plan.rows[0].due.value = date(2026, 9, 1)
    form.plan.add_one.click()
    form.plan.rows[-1].question.value = "objectives"
    form.plan.rows[-1].action.value = "Écrire des objectifs mesurables"
    assert len(form.assessment.plan) == len(path.changes) + 1
    assert (form.assessment.plan[0].owner, form.assessment.plan[0].due) == ("Marie", date(2026, 9, 1))
    draft = json.loads(next(places["drafts"].glob("*")).read_text(encoding="utf-8"))["assessment"]
    assert draft["plan"][-1] == {"question": "objectives", "action": "Écrire des objectifs mesurables", "owner": None, "due": None, "status": "open"}
    form.plan.rows[-1].remove.click()
    assert len(form.assessment.plan) == len(path.changes)
    form.plan.add_path.click()  # the path's questions already have an open action: nothing twice
    assert len(form.assessment.plan) == len(path.changes)
    assert shown(form.plan.heading) == "Plan d'action"
    form.set_language("en")
    assert shown(form.plan.heading) == "Action plan" and form.plan.add_path.description == "Add the path to ready"
    assert form.plan.rows[0].owner.value == "Marie"  # relabelling keeps what was typed
    reopened = make_form(places, "fr")
    reopened.resume(form.assessment.id)
    assert [row.action.value for row in reopened.plan.rows] == [item.action for item in form.assessment.plan]


def test_the_radar_of_a_follow_up_draws_last_time_beside_today(places, seen_once):
    form = make_form(places)
    form.profile.name.value = "Café Ô Lait"
    first_png = form.results.radar.png()
    form.buttons["followup"].click()
    canvas = form.results.radar._drawn[form.results.radar._key]
    line = next(line for line in canvas.figure.axes[0].get_lines() if line.get_gid() == "last-time")
    assert list(line.get_ydata()) == [30.0, 0.0, 25.0, 30.0, 12.5, 30.0]
    assert "Last time" in [text.get_text() for text in canvas.figure.legends[0].get_texts()]
    assert form.results.radar.png() != first_png


@pytest.mark.parametrize(("lang", "named"), [("en", "Action plan, action 1: owner"), ("fr", "Plan d'action, action 1 : responsable")])
def test_a_bad_plan_field_is_named_as_the_form_shows_it(places, lang, named):
    """The try-out: a 10 000-character owner said "Form must be at most 120 characters", "Form" untranslated in French."""
    form = make_form(places, lang)
    form.profile.name.value = "Café Ô Lait"
    form.plan.add_one.click()
    form.plan.rows[0].action.value = "Call the agency"
    form.plan.rows[0].owner.value = "X" * 10_000
    said = " ".join(text for _, text in form.session.messages())
    assert named in said and "Form" not in said and "plan[0]" not in said


def test_save_says_which_plan_rows_are_not_saved_and_every_field_has_a_label(places):
    """The try-out: rows with an owner and a date but no action were dropped in silence while the form said "Saved";
    axe: the plan's date inputs and question lists had no accessible name."""
    form = make_form(places)
    form.profile.name.value = "Café Ô Lait"
    form.plan.add_one.click()
    form.plan.rows[0].owner.value = "Paul"
    form.plan.rows[0].due.value = date(2026, 9, 1)
    form.save()
    kind, text = form.session.messages()[-1]
    assert kind == "warning" and "action plan rows with no action typed (1)" in text
    row = form.plan.rows[0]
    assert [w.description for w in (row.question, row.action, row.owner, row.due)] == ["Question", "Action", "Owner", "Due date"]
    assert all("rd-hidden-label" in w._dom_classes for w in (row.question, row.action, row.owner, row.due))


def test_a_follow_up_dated_before_the_assessment_it_follows_is_not_saved(places, seen_once):
    """The try-out: a follow-up back-dated before the first visit was saved, and progress listed the visits the wrong way round."""
    session = MeetingSession("en", str(places["store"]), drafts=places["drafts"], exports=places["exports"])
    session.change({**session.document, "client": {"name": "Café Ô Lait", "industry": None, "size": "small"}})
    session.new_follow_up()
    session.change({**session.document, "assessed_on": "2025-12-31"})
    with pytest.raises(ReadinessError, match="the meeting date 2025-12-31 is before the assessment it follows \\(2026-01-10\\): check the date"):
        session.save()
    assert [a.id for a in open_store(str(places["store"])).list()] == ["first-visit"]
    session.change({**session.document, "assessed_on": "2026-01-10"})  # the same day is fine (two meetings a day)
    assert session.save().follows == "first-visit"


def test_a_follow_up_keeps_the_language_on_screen(places, seen_once):
    """The try-out: EN chosen, then New follow-up of a client saved in French: the whole form came back in French."""
    french = Assessment("french-visit", Client("Boulangerie Tremblay", size="small"), date(2026, 1, 12), language="fr", answers=BEFORE)
    open_store(str(places["store"])).save(french)
    session = MeetingSession("en", str(places["store"]), drafts=places["drafts"], exports=places["exports"])
    session.change({**session.document, "client": {"name": "Boulangerie Tremblay", "industry": None, "size": "small"}})
    session.new_follow_up()
    assert session.lang == "en" and session.assessment.language == "en" and session.assessment.follows == "french-visit"
    assert "Follow-up of Boulangerie Tremblay" in session.messages()[-1][1]
