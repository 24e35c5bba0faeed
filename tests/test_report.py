"""What one client's report shows: the page a consultant sends, and the same sections in the report notebook."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from builders import make, numbered
from hypothesis import HealthCheck, given, settings
from strategies import names

from readiness.core.assessment import Assessment, Client
from readiness.core.framework import default_framework, framework_to_dict, parse_framework
from readiness.core.outcome import client_outcome
from readiness.core.rows import from_row
from readiness.outputs.branding import Branding, Logo
from readiness.outputs.report_batch import report_name, stored_ids
from readiness.outputs.reports import client_report
from readiness.outputs.reports_page import report_html
from readiness.store import open_store
from readiness.store.past import load_past
from readiness.store.sample import load_sample

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # the start of a PNG: enough for a logo test


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def store(tmp_path, sample):
    """A store of 8 clients of the agency's own (enough peers: the benchmark uses the store, not the sample)."""
    path = tmp_path / "store"
    s = open_store(path)
    for row in sample.loc[sample["verdict"].notna()].head(8).to_dict("records"):
        s.save(from_row({**row, "id": row["id"].removeprefix("sample-")}))
    return str(path)


def others(store: str, assessment_id: str) -> set[str]:
    """The names of every other client in the store."""
    return {a.client.name for a in open_store(store).list() if a.id != assessment_id}


def html_of(obj) -> str:
    return obj.data if hasattr(obj, "data") else obj._repr_html_()


class Page(HTMLParser):
    """A page read as a browser would: its visible text, and every address it would load."""

    LOADING = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "background", "formaction"}

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.addresses: list[str] = []
        self.tags: set[str] = set()
        self.styles: list[str] = []
        self._in: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self._in.append(tag)
        self.addresses += [value or "" for name, value in attrs if name in self.LOADING]
        self.styles += [value or "" for name, value in attrs if name == "style"]

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        elif not (self._in and self._in[-1] in ("script", "title")):
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def assert_self_contained(markup: str) -> None:
    """Nothing to fetch: no script, style sheet, frame or font; every address inside the page (data: or #)."""
    page = Page(markup)
    assert not page.tags & {"script", "link", "iframe", "object", "embed", "base", "frame", "audio", "video", "meta http-equiv"}
    assert all(a.startswith(("data:", "#")) for a in page.addresses), [a for a in page.addresses if not a.startswith(("data:", "#"))]
    for style in page.styles:
        assert "@import" not in style and "@font-face" not in style
        assert all(u.strip("'\" ").startswith("data:") for u in re.findall(r"url\(([^)]*)\)", style))
    assert not re.search(r"\b(?:https?|ftp):|//[a-z0-9.-]+\.[a-z]{2,}/", markup.replace('"//', '"#'), re.IGNORECASE)


# ---------------------------------------------------------------- the notebook's pieces


def test_the_default_report_shows_a_fictitious_sample_client():
    report = client_report()
    assert report.benchmark.sample and report.benchmark.shown
    assert report.assessment.client.name in html_of(report.header())
    assert "données d'exemple" in Page(html_of(report.comparison())).visible  # the peers are fictitious, and it says so


def test_a_report_shows_its_client_and_only_aggregated_peers(store):
    target = stored_ids(store)[0]
    report = client_report(target, store, "en")
    assert not report.benchmark.sample and report.benchmark.group.n >= 5
    pieces = [html_of(p) for p in (report.header(), report.details(), report.what_if(), report.comparison(), report.answers())]
    text = "\n".join(pieces + [report.page()])
    assert report.assessment.client.name in text and "Percentile rank" in text and "Peer median" in text
    assert not [name for name in others(store, target) if name in text]


def test_a_report_compared_with_imported_sample_rows_says_so(tmp_path, sample):
    imported = open_store(tmp_path / "imported")
    for row in sample.loc[sample["verdict"].notna()].head(8).to_dict("records"):
        imported.save(from_row(row))  # as `readiness import data/sample/past_assessments.csv` stores them
    target = stored_ids(str(tmp_path / "imported"))[0]
    report = client_report(target, str(tmp_path / "imported"), "en")
    assert report.benchmark.sample and "sample data shipped with the tool" in html_of(report.comparison())
    assert "sample data" in Page(report.page()).visible  # on the charts too


def sections(text: str) -> dict[str, str]:
    """The report's what-next HTML by heading (each h2 up to the next)."""
    return {html.unescape(part.split("</h2>")[0]): html.unescape(part.split("</h2>", 1)[1]) for part in text.split("<h2>")[1:]}


def test_what_would_change_the_verdict_lists_only_changes_that_do_and_the_score_one_per_question(store):
    for target in stored_ids(store)[:6]:
        report = client_report(target, store, "en")
        m = report.outcome
        shown = sections(html_of(report.what_if()))
        if m.score_raises:
            raises = shown["What would raise the score"]
            assert all(c.description in raises for c in m.score_raises)
            assert len(m.score_raises) == len({c.dimension for c in m.score_raises})
            assert not any(c.changes_verdict for c in m.score_raises)
        if report.result.verdict == "ready":
            continue
        verdict = shown["What would change the verdict"]
        assert all(c.description in verdict for c in m.verdict_changes)
        assert all(c.description not in verdict for c in report.changes if not c.changes_verdict)
        assert len(m.verdict_changes) == len({c.dimension for c in m.verdict_changes})
        assert all(s.description in shown["Path to ready"] for s in m.path.changes)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_what_if_of_an_incomplete_assessment_says_there_is_no_verdict_yet(store, lang):
    """The try-out: a 2 / 5 assessment's report said "No single change would change the verdict", with no verdict at all."""
    with open_store(store) as opened:
        first = opened.list()[0]
        opened.save(Assessment(id="half-done", client=first.client, assessed_on=first.assessed_on,
                               answers={q: first.answers[q] for q in ("objectives", "content")}))  # fmt: skip
    report = client_report("half-done", store, lang)
    assert report.result.verdict is None
    text = html_of(report.what_if())
    assert ("No verdict yet" if lang == "en" else "Pas encore de verdict") in text and "single" not in text


def test_report_charts_are_figures(store):
    from matplotlib.figure import Figure

    report = client_report(stored_ids(store)[0], store, "fr")
    assert all(isinstance(f, Figure) for f in (report.radar(), report.distribution(), report.dimension_bars()))


@pytest.mark.parametrize(
    ("name", "assessment_id", "expected"),
    [("Boulangerie Tremblay", "7d9f0c1e-0000", "boulangerie-tremblay-2026-11-26-7d9f0c1e"),
     ("Café « L'Étoile » & fils", "7d9f0c1e-0000", "cafe-l-etoile-fils-2026-11-26-7d9f0c1e"),
     ("???", "7d9f0c1e-0000", "client-2026-11-26-7d9f0c1e"),
     ("Ferme", "sample-00d7f769-88f5", "ferme-2026-11-26-00d7f769")],  # sample ids all start alike
)  # fmt: skip
def test_report_name_is_file_name_safe_and_tells_assessments_apart(name, assessment_id, expected):
    a = Assessment(id=assessment_id, client=Client(name), assessed_on=date(2026, 11, 26))
    assert report_name(a) == expected


# ---------------------------------------------------------------- the page a consultant sends


@pytest.fixture(scope="module")
def past():
    return load_past(None)


def page_of(assessment: Assessment, past, lang: str | None = None, branding: Branding | None = None, framework=None) -> str:
    return report_html(client_outcome(assessment, past, framework, lang), branding)


CASES = {  # assessments with blockers, risks, unanswered questions, every kind of answer
    "example": lambda: numbered(1),
    "blockers": lambda: make(objectives={"choice": "everyone_is_there", "goals": []}, content={"choice": "none"},
                             champion={"choice": "everyone"}, budget={"annual_amount": 0, "currency": "CAD"}),
    "risks": lambda: make(champion={"choice": "outsourced"}, website={"bounce_rate": None, "roi": "unknown"}),
    "unanswered": lambda: make(content=None, website=None),
    "best": lambda: make(),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_needs_nothing_from_outside(case, lang, past):
    logo = Branding(name="Agence Boréale", logo=Logo(PNG, "image/png"))
    assert_self_contained(page_of(CASES[case](), past, lang, logo))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_shows_labels_never_codes(case, lang, past, framework):
    text = Page(page_of(CASES[case](), past, lang)).visible
    codes = {c.code for q in framework.questions for c in q.choices} | set(framework.blocker_labels) | set(framework.risk_labels)
    codes |= set(framework.size_labels) | set(framework.verdict_labels) | {"provisional", "industry_size"}
    codes |= {goal for q in framework.questions for goal in q.goals}
    shown = [code for code in codes if "_" in code and re.search(rf"\b{code}\b", text)]
    assert shown == []
    assert "retail" not in text.split()  # the industry's label, not its code


@pytest.mark.parametrize(
    ("lang", "says", "never"),
    [("fr", ["Rapport de préparation aux médias sociaux", "Score global", "Recommandations", "Annexe : les réponses du client"],
      ["Overall score", "Recommendations", "Peer median", "out of 100"]),
     ("en", ["Social media readiness report", "Overall score", "Recommendations", "Appendix: the client's answers"],
      ["Score global", "Médiane des pairs", "sur 100"])],
)  # fmt: skip
def test_the_page_is_in_the_clients_language_throughout(lang, says, never, past):
    markup = page_of(numbered(1), past, lang)
    text = Page(markup).visible
    assert f'<html lang="{lang}-CA">' in markup
    assert all(s in text for s in says), [s for s in says if s not in text]
    assert [n for n in never if n in text] == []


def test_the_page_follows_the_frameworks_questions_and_texts(past, framework):
    data = framework_to_dict(framework)
    for question in data["questions"]:
        question["short"] = {"fr": f"Zèbre {question['id']}", "en": f"Zebra {question['id']}"}
    renamed = parse_framework(data)
    text = Page(page_of(numbered(1), past, "en", framework=renamed)).visible
    for q in renamed.questions:  # in the dimensions table, the answers, the comparison and the charts
        assert text.count(f"Zebra {q.id}") >= 4


def test_the_page_shows_the_agencys_name_logo_and_colours(past):
    brand = Branding(name="Agence Boréale", logo=Logo(PNG, "image/png"), colours=(("primary", "#123456"), ("accent", "#ABCDEF")),
                     paper="a4", footer=(("fr", "514 555-0199"), ("en", "+1 514 555-0199")))  # fmt: skip
    markup = page_of(numbered(1), past, "en", brand)
    assert "Agence Boréale" in Page(markup).visible and "data:image/png;base64," in markup
    assert "--primary: #123456" in markup and "size: A4" in markup and ">+1 514 555-0199<" in markup and ">514 555-0199<" not in markup


def test_without_enough_peers_the_page_shows_no_group_and_says_why(tmp_path):
    small = open_store(tmp_path / "small")
    for i in range(1, 4):
        small.save(numbered(i))
    past = load_past(str(tmp_path / "small"))
    past = past.loc[past["id"].str.startswith("a-")]  # the store's own three: too few for any group
    markup = page_of(numbered(1), past, "en")
    text = Page(markup).visible
    assert "Not enough comparable clients to show" in text and "groups of at least 5" in text
    assert "Percentile rank" not in text and "Client 2" not in markup and "Client 3" not in markup


def test_the_same_outcome_gives_the_same_page(past):
    assert page_of(numbered(1), past, "fr") == page_of(numbered(1), past, "fr")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, consultant=names)
def test_any_name_is_shown_as_text_and_opens_nothing(name, consultant, past):
    a = Assessment.from_dict({**numbered(1).to_dict(), "client": {"name": name, "industry": "retail", "size": "small"},
                              "consultant": consultant})  # fmt: skip
    markup = page_of(a, past, "en")
    assert_self_contained(markup)
    assert " ".join(name.split()) in Page(markup).visible


def test_every_question_has_its_row(past):
    fw = default_framework()
    markup = page_of(numbered(1), past, "en")
    dimensions = markup.split('<section class="dimensions">')[1].split("</section>")[0]
    assert dimensions.count('<th scope="row">') == len(fw.questions)


@pytest.mark.parametrize(("lang", "provisional", "ranked"), [("fr", "Score provisoire", r"Score global au-dessus de|en tête du groupe"),
                                                             ("en", "Provisional score", r"Overall score above|top of the peer group")])  # fmt: skip
def test_a_provisional_page_says_so_and_never_ranks_the_overall_score(past, lang, provisional, ranked):
    text = Page(page_of(make(content=None, champion=None, budget=None, website=None), past, lang)).visible
    assert provisional in text
    assert not re.search(ranked, text)
    assert not re.search(r"\b(0|100)(e|th) (centile|percentile)", text)
    complete = Page(page_of(numbered(1), past, lang)).visible
    assert re.search(ranked, complete)


@pytest.mark.parametrize(
    ("lang", "claims", "honest"),
    [
        ("en", ["No blocker: nothing stands in the way", "Every answer is at its best"],
         ["No blocker among the questions answered so far.", "Nothing to recommend on the questions answered so far.", "No verdict yet"]),
        ("fr", ["rien n'empêche le lancement", "Toutes les réponses sont au maximum"],
         ["Aucun bloquant parmi les questions répondues jusqu", "Rien à recommander sur les questions répondues jusqu", "Pas encore de verdict"]),
    ],
)
def test_a_provisional_report_claims_nothing_of_the_questions_not_answered(lang, claims, honest):
    """The try-out: one best answer, four unanswered: the page said "No blocker: nothing stands in the way of a launch"."""
    import html

    one_answer = make(content=None, champion=None, budget=None, website=None)
    page = html.unescape(page_of(one_answer, load_sample(), lang))
    assert [c for c in claims if c in page] == [] and [h for h in honest if h not in page] == []
