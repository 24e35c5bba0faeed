"""The Voilà app for everyone: axe-core finds nothing serious, the keyboard alone reaches a verdict, screenshots of each state.

axe-core comes bundled with axe-playwright-python; it runs in the page as a consultant sees it.
The screenshots (fr/en, empty/partial/complete) go to READINESS_ARTIFACTS for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import chromium, missing_browser, open_meeting, serve_meeting

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
ARTIFACTS = Path(os.environ.get("READINESS_ARTIFACTS", "artifacts"))
SERIOUS = {"serious", "critical"}
ANSWERED = {"fr": "Questions répondues : {n} / 5", "en": "Questions answered: {n} / 5"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One Voilà server and one browser for this module; (browser, url)."""
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("voila-a11y")
    with serve_meeting(folder) as url, chromium() as browser:
        yield browser, url


@pytest.fixture
def page(app):
    """A fresh page of the meeting form (its own kernel), closed after the test."""
    browser, url = app
    page = open_meeting(browser, url)
    yield page
    page.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each (rule, impact, first node)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['nodes'][0]['html'][:160]}" for v in found if v["impact"] in SERIOUS]


def all_findings(page) -> dict[str, int]:
    """Every axe-core rule that fails, with its node count."""
    from axe_playwright_python.sync_playwright import Axe

    return {v["id"]: len(v["nodes"]) for v in Axe().run(page).response["violations"]}


def test_axe_finds_no_serious_or_critical_problem_empty_answered_and_in_english(page):
    from playwright.sync_api import expect

    assert serious_violations(page) == []
    assert "region" not in all_findings(page)  # everything sits in a landmark
    page.locator(".q-objectives .rd-choices input").nth(3).check()
    page.locator(".budget-amount input").fill("quinze mille")  # an error message on screen too
    page.locator(".budget-amount input").press("Tab")
    expect(page.locator(".rd-msg-error")).to_be_visible()
    assert serious_violations(page) == []
    page.locator(".lang-switch button", has_text="EN").click()
    expect(page.locator(".r-answered")).to_have_text(ANSWERED["en"].format(n=1))
    assert serious_violations(page) == []


def test_the_radar_says_the_scores_in_words(page):
    from playwright.sync_api import expect

    radar = page.locator(".r-radar img")
    expect(radar).to_have_attribute("alt", lambda_free_contains("Objectifs"))
    page.locator(".q-objectives .rd-choices input").nth(3).check()
    expect(radar).to_have_attribute("alt", lambda_free_contains("Objectifs : 100 / 100"))


def lambda_free_contains(text: str):
    """A regular expression matching any text that contains `text` (expect's attribute check takes one)."""
    import re

    return re.compile(".*" + re.escape(text) + ".*", re.S)


def test_the_keyboard_alone_answers_every_question_and_reaches_a_verdict(page):
    """Tab into each question, arrow keys to choose, typing for the numbers: no mouse at all."""
    from playwright.sync_api import expect

    focus_on(page, ".p-name input")
    page.keyboard.type("Quincaillerie Roy")
    tab_until(page, ".q-objectives .rd-choices input")
    page.keyboard.press("ArrowDown")  # first choice to the second, then on to "clear, measurable"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".r-answered")).to_have_text(ANSWERED["fr"].format(n=1))
    for qid in ("content", "champion"):
        tab_until(page, f".q-{qid} .rd-choices input")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
    expect(page.locator(".r-answered")).to_have_text(ANSWERED["fr"].format(n=3))
    tab_until(page, ".budget-amount input")
    page.keyboard.type("20000")
    tab_until(page, ".bounce-rate input")
    page.keyboard.type("40")
    tab_until(page, ".website-roi input")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".r-answered")).to_have_text(ANSWERED["fr"].format(n=5))
    expect(page.locator(".r-verdict")).not_to_contain_text("…")
    # The last key presses have reached the kernel (ipywidgets may hold back a fast run of changes): each chip shows the final answer.
    for qid, score in (("objectives", "100"), ("content", "70"), ("champion", "50"), ("budget", "70"), ("website", "67,5")):
        expect(page.locator(f".q-{qid} .rd-chip")).to_contain_text(f"{score} / 100")
    tab_until(page, ".b-save")
    page.keyboard.press("Enter")
    expect(page.locator(".rd-save-state")).to_contain_text("Enregistré")
    _screenshot(page, "meeting-keyboard-fr.png")


def test_focus_is_visible_on_every_kind_of_control(page):
    for css in (".p-name input", ".q-objectives .rd-choices input", ".budget-amount input", ".b-save"):
        element = page.locator(css).first
        element.focus()
        outline = element.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
        assert outline.split()[0] not in ("none", "") and outline.split()[1] != "0px", (css, outline)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_screenshots_of_the_form_empty_partial_and_complete(page, language):
    from playwright.sync_api import expect

    if language == "en":
        page.locator(".lang-switch button", has_text="EN").click()
    expect(page.locator(".r-answered")).to_have_text(ANSWERED[language].format(n=0))
    _screenshot(page, f"form-{language}-empty.png")
    page.locator(".q-objectives .rd-choices input").nth(3).check()
    page.locator(".q-champion .rd-choices input").nth(1).check()
    expect(page.locator(".r-answered")).to_have_text(ANSWERED[language].format(n=2))
    _screenshot(page, f"form-{language}-partial.png")
    page.locator(".q-content .rd-choices input").nth(3).check()
    page.locator(".budget-amount input").fill("20000")
    page.locator(".bounce-rate input").fill("40")
    page.locator(".website-roi input").nth(3).check()
    expect(page.locator(".r-answered")).to_have_text(ANSWERED[language].format(n=5))
    _screenshot(page, f"form-{language}-complete.png")


def focus_on(page, css: str) -> None:
    """Put the keyboard's focus in a control, as a click into it would (the starting point of a keyboard run)."""
    page.locator(css).first.focus()


def tab_until(page, css: str, limit: int = 40) -> None:
    """Press Tab until the focus is in an element matching `css` (fails past `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("css => !!document.activeElement && document.activeElement.matches(css)", css):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {css}")


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


FITS = """([css, what]) => {
  const box = document.querySelector(css);
  const style = getComputedStyle(box);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const texts = what === "options" ? [...box.options].map(o => o.text) : [box.placeholder];
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (what === "options" ? 24 : 0);
  return texts.filter(text => ctx.measureText(text).width > room);
}"""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_in_a_narrow_window_the_size_choices_and_the_name_placeholder_are_not_cut(app, language):
    """JupyterLab with its sidebar open leaves the form about 1 000 px: no size cut to "Très petite entreprise (1 à 9…"."""
    from playwright.sync_api import expect

    browser, url = app
    page = browser.new_page(viewport={"width": 1040, "height": 900})
    local = url.rstrip("/")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith((local, "data:", "blob:")) else route.abort())
    page.goto(url, wait_until="commit")
    page.locator(".r-verdict .rd-badge").wait_for(timeout=90_000)
    if language == "en":
        page.locator(".lang-switch button", has_text="EN").click()
        expect(page.locator(".r-answered")).to_have_text(ANSWERED["en"].format(n=0))
    try:
        assert page.evaluate(FITS, [".p-size select", "options"]) == []
        assert page.evaluate(FITS, [".p-name input", "placeholder"]) == []
        assert page.evaluate(FITS, [".p-date input", "placeholder"]) == []
        _screenshot(page, f"form-{language}-narrow.png")
    finally:
        page.close()


def test_axe_finds_nothing_serious_in_the_action_plan_rows(page):
    """The try-out: with plan rows, axe found 5 date inputs without a label and 5 question lists without a name."""
    from playwright.sync_api import expect

    for _ in range(2):
        page.locator(".b-plan-add").click()
    expect(page.locator(".rd-plan-row")).to_have_count(2)
    assert serious_violations(page) == []
