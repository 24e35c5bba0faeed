"""The meeting form as a code-free Voilà app, driven in a real Chromium like a consultant would.

One Voilà server for the module (starting one costs seconds); each test opens its own page (its own
kernel) and makes the state it needs, with its own client, so any test runs alone or in any order.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from browser_support import choose, chromium, missing_browser, open_meeting, serve_meeting, type_into
from builders import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
ARTIFACTS = Path(os.environ.get("READINESS_ARTIFACTS", "artifacts"))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One Voilà server and one browser for this module; (browser, url, folder)."""
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("voila")
    with serve_meeting(folder) as url, chromium() as browser:
        yield browser, url, folder


@pytest.fixture
def page(app):
    """A fresh page of the meeting form (its own kernel), closed after the test."""
    browser, url, folder = app
    page = open_meeting(browser, url)
    page.app_folder, page.app_url = folder, url
    yield page
    page.close()


def verdict(page):
    from playwright.sync_api import expect

    return expect(page.locator(".r-verdict"))


def answer_all(page, name: str, total: int = 5) -> None:
    """The example's client and answers, typed and clicked in French as in a meeting (the five shipped questions)."""
    from playwright.sync_api import expect

    type_into(page, "p-name", name)
    page.locator(".p-size select").select_option(label="Très petite entreprise (1 à 9)")
    before = int(page.locator(".r-answered").inner_text().split(":")[1].split("/")[0])
    choose(page, "objectives", 2)  # clear
    choose(page, "content", 1)  # self_promotion
    choose(page, "champion", 2)  # part_time_irregular
    expect(page.locator(".r-answered")).to_have_text(f"Questions répondues : {before + 3} / {total}")
    type_into(page, "budget-amount", "6 000")
    type_into(page, "bounce-rate", "48,5")
    choose(page, "website", 2)  # some
    if total == 5:
        verdict(page).to_have_text("◐ Prêt sous conditions")


def drafts_of(folder: Path, name: str) -> list[Path]:
    return [p for p in (folder / "drafts").glob("*.draft.json") if name in p.read_text(encoding="utf-8")]


def test_answering_in_the_browser_changes_the_verdict_and_save_writes_the_record(page):
    from playwright.sync_api import expect

    store, name = page.app_folder / "store", "Boulangerie Tremblay"
    verdict(page).to_have_text("… Verdict après les 5 questions")
    answer_all(page, name)
    expect(page.locator(".r-score")).to_contain_text("63,5")
    choose(page, "content", 3)  # integrated_strategy
    verdict(page).to_have_text("✔ Prêt")
    choose(page, "objectives", 0)  # everyone_is_there: a blocker
    verdict(page).to_have_text("✖ Pas prêt")
    expect(page.locator(".r-details")).to_contain_text("Aucun objectif réel")
    assert len(drafts_of(page.app_folder, name)) == 1  # autosaved while answering

    page.locator(".b-save button, button.b-save").first.click()
    expect(page.locator(".rd-messages")).to_contain_text(f"Enregistré : {name} (5 / 5 questions)")
    records = [json.loads(p.read_text(encoding="utf-8")) for p in store.glob("*.json")]
    record = next(r for r in records if r["client"]["name"] == name)
    assert record["format"] == "readiness.assessment/1"
    assert record["answers"]["objectives"]["choice"] == "everyone_is_there"
    assert record["answers"]["budget"] == {"annual_amount": 6000, "currency": "CAD"}
    assert record["answers"]["website"] == {"bounce_rate": 48.5, "roi": "some"}
    assert drafts_of(page.app_folder, name) == []  # saved: the draft is gone
    _screenshot(page, "meeting-fr.png")


def test_switching_to_english_in_the_browser_keeps_the_answers(page):
    from playwright.sync_api import expect

    answer_all(page, "Fleuriste Gagnon")
    choose(page, "content", 3)  # integrated_strategy
    page.locator(".lang-switch button", has_text="EN").click()
    verdict(page).to_have_text("✔ Ready")
    expect(page.locator(".q-content .rd-choices input").nth(3)).to_be_checked()
    expect(page.locator(".q-content .widget-radio-box label").nth(3)).to_have_text("An integrated content-marketing strategy")
    expect(page.locator(".budget-amount input")).to_have_value("6 000")
    expect(page.locator(".b-save button, button.b-save").first).to_have_text("Save")
    _screenshot(page, "meeting-en.png")


def test_a_closed_tab_loses_nothing_typing_the_client_again_offers_its_draft(page):
    from playwright.sync_api import expect

    name = "Fromagerie Côté"
    answer_all(page, name)
    choose(page, "champion", 3)  # dedicated
    page.locator(".n-champion textarea").fill("Julie, 4 h par semaine")
    expect(page.locator(".rd-save-state")).to_contain_text("Brouillon auto-enregistré à")
    browser, url = page.context.browser, page.app_url
    page.close()  # the consultant closes the tab by mistake
    reopened = open_meeting(browser, url)
    try:
        assert "Fromagerie" not in reopened.content()  # the app names nobody on its own
        assert reopened.locator(".b-drafts").count() == 0  # and has no list of other clients to show
        type_into(reopened, "p-name", name)
        expect(reopened.locator(".rd-resume")).to_contain_text("Ce client a un brouillon non enregistré (5 / 5 questions")
        reopened.locator(".b-resume_same button, button.b-resume_same").first.click()
        expect(reopened.locator(".q-champion .rd-choices input").nth(3)).to_be_checked()
        expect(reopened.locator(".n-champion textarea")).to_have_value("Julie, 4 h par semaine")
        verdict(reopened).to_have_text("◐ Prêt sous conditions")
        _screenshot(reopened, "meeting-resumed.png")
    finally:
        reopened.close()


@pytest.mark.parametrize("language", ["FR", "EN"])
def test_the_next_client_never_sees_the_draft_of_the_one_before(app, language):
    """Client A's draft is still unsaved; the form opens for client B, is saved, then New: A never shows."""
    from playwright.sync_api import expect

    from readiness.store.drafts import save_draft

    browser, url, folder = app
    a = copy.deepcopy(EXAMPLE) | {"id": f"client-a-{language}"}
    a["client"]["name"], a["notes"] = "Pâtisserie Lavoie", {"champion": "Julie, 4 h par semaine"}
    save_draft(a, folder / "drafts")  # client A's unsaved draft, as a meeting before this one left it
    form = open_meeting(browser, url)

    def nothing_of_a(moment: str) -> None:
        html = form.content()  # the whole page, hidden parts and attribute values included
        assert "Pâtisserie" not in html and "Julie" not in html, f"client A shows {moment}"

    try:
        nothing_of_a("on opening")
        form.locator(".lang-switch button", has_text=language).click()
        nothing_of_a("after the language switch")
        type_into(form, "p-name", f"Quincaillerie Pelletier {language}")
        choose(form, "content", 2)
        expect(form.locator(".rd-save-state")).to_contain_text("Brouillon" if language == "FR" else "Draft")
        nothing_of_a("while answering")
        form.locator(".b-save button, button.b-save").first.click()
        expect(form.locator(".rd-messages")).to_contain_text("Quincaillerie Pelletier")
        nothing_of_a("after Save")
        form.locator(".b-new button, button.b-new").first.click()
        expect(form.locator(".rd-messages")).to_contain_text("Nouvelle évaluation" if language == "FR" else "New assessment")
        nothing_of_a("after New")
        _screenshot(form, f"meeting-next-client-{language.lower()}.png")
    finally:
        form.close()


def test_the_action_plan_and_a_follow_up_in_the_browser(page):
    from playwright.sync_api import expect

    store, name = page.app_folder / "store", "Librairie Pagé"
    answer_all(page, name)
    choose(page, "content", 0)  # none: a blocker
    verdict(page).to_have_text("✖ Pas prêt")
    expect(page.locator(".r-verdict-changes")).to_contain_text("Stratégie de contenu")
    page.locator(".b-plan-path button, button.b-plan-path").first.click()
    rows = page.locator(".rd-plan-row")
    expect(rows.first).to_be_visible()
    steps = 1  # one change makes it ready here
    expect(rows).to_have_count(steps)
    rows.first.locator(".pl-owner input").fill("Marie")
    rows.first.locator(".pl-owner input").press("Tab")
    page.locator(".b-save button, button.b-save").first.click()
    expect(page.locator(".rd-messages")).to_contain_text(f"Enregistré : {name}")
    page.locator(".b-followup button, button.b-followup").first.click()
    expect(page.locator(".rd-messages")).to_contain_text(f"Suivi de {name}")
    expect(rows).to_have_count(steps)
    expect(rows.first.locator(".pl-owner input")).to_have_value("Marie")
    choose(page, "content", 2)  # content_plan
    expect(page.locator(".r-since")).to_contain_text("Stratégie de contenu +70")
    page.locator(".b-save button, button.b-save").first.click()
    expect(page.locator(".rd-messages")).to_contain_text(f"Enregistré : {name}")
    records = [json.loads(p.read_text(encoding="utf-8")) for p in store.glob("*.json")]
    mine = sorted((r for r in records if r["client"]["name"] == name), key=lambda r: "follows" in r)
    assert len(mine) == 2 and mine[1]["follows"] == mine[0]["id"]
    assert mine[1]["plan"][0]["owner"] == "Marie" and len(mine[1]["plan"]) == steps
    _screenshot(page, "meeting-follow-up.png")


def _screenshot(page, name: str) -> None:
    """Keep what the browser showed, for a person to look at (CI keeps artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


# ---------------------------------------------------------------- a framework of the agency's own: six questions


@pytest.fixture(scope="module")
def six_app(app, tmp_path_factory):
    """A second Voilà server, on the shipped framework with a sixth question (the module's browser); (browser, url, folder)."""
    from builders import framework_file, six_questions_text

    folder = tmp_path_factory.mktemp("voila-six")
    framework = framework_file(folder, six_questions_text())
    with serve_meeting(folder, framework) as url:
        yield app[0], url, folder


def test_the_app_on_a_six_question_framework_shows_and_answers_the_sixth_card(six_app):
    from playwright.sync_api import expect

    browser, url, folder = six_app
    page = open_meeting(browser, url)
    try:
        verdict(page).to_have_text("… Verdict après les 6 questions")
        expect(page.locator(".rd-card")).to_have_count(6)
        sixth = page.locator(".q-measurement")
        expect(sixth.locator(".rd-qtitle")).to_contain_text("Mesure")
        expect(sixth.locator(".widget-radio-box label")).to_have_text(["Rien n'est prévu", "Les mentions J'aime", "Un tableau de bord mensuel"])
        type_into(page, "p-name", "Vignoble Boréal")
        choose(page, "measurement", 0)  # nothing: a blocker
        expect(page.locator(".r-answered")).to_have_text("Questions répondues : 1 / 6")
        expect(page.locator(".r-details")).to_contain_text("Rien ne sera mesuré.")
        expect(sixth.locator(".rd-chip")).to_contain_text("bloquant")
        answer_all(page, "Vignoble Boréal", total=6)
        verdict(page).to_have_text("✖ Pas prêt")  # the sixth question's blocker
        choose(page, "measurement", 2)  # a monthly dashboard
        verdict(page).to_have_text("◐ Prêt sous conditions")
        expect(page.locator(".r-answered")).to_have_text("Questions répondues : 6 / 6")
        _screenshot(page, "meeting-six-questions.png")
    finally:
        page.close()
