"""Slides: chart files at slide size (deterministic), the 16:9 deck with a native chart, templates, privacy."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from builders import EXAMPLE, make_template, slide_text
from builders import example_assessment as assessment
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from readiness.core.assessment import Assessment
from readiness.core.benchmark import compare_assessment
from readiness.core.errors import ReadinessError
from readiness.core.outcome import client_outcome
from readiness.core.scoring import score_assessment
from readiness.outputs import deck as deck_module
from readiness.outputs import figures, naming
from readiness.outputs.charts import FULL_SLIDE, HALF_SLIDE
from readiness.store.sample import load_sample
from readiness.text.formats import format_money, format_percent

NOTE = EXAMPLE["notes"]["objectives"]


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def decks(sample, tmp_path_factory):
    """The example's deck in French and in English, against the shipped sample."""
    folder = tmp_path_factory.mktemp("decks")
    a = assessment()
    return {lang: Presentation(str(deck_module.build_deck(a, sample, folder / f"{lang}.pptx", lang=lang))) for lang in ("fr", "en")}


def deck_text(prs) -> str:
    return "\n".join(slide_text(s) for s in prs.slides)


def radar(prs):
    """The (only) native radar chart of the deck."""
    charts = [shape.chart for s in prs.slides for shape in s.shapes if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS]
    assert len(charts) == 1
    return charts[0]


def titled(prs, title: str):
    """The slide of the deck with this title."""
    return next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title)


# ---------------------------------------------------------------- safe file names


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Boulangerie Tremblay", "boulangerie-tremblay"),
        ("Café Łódź & Fils", "cafe-lodz-and-fils"),
        ("Œuvres d'art Côté inc.", "oeuvres-d-art-cote-inc"),
        ("  Garage   Émond  ", "garage-emond"),
        ("../../etc/passwd", "etc-passwd"),
        ('C:\\Users\\x<>:"|?*', "c-users-x"),
        ("CON", "con-client"),
        ("lpt1", "lpt1-client"),
        ("", "client"),
        ("   ", "client"),
        (None, "client"),
    ],
)
def test_safe_name_folds_accents_and_drops_what_file_systems_refuse(name, expected):
    assert naming.safe_name(name) == expected


def test_names_without_latin_letters_stay_apart():
    assert re.fullmatch(r"client-[0-9a-f]{8}", naming.safe_name("東京商事"))
    assert naming.safe_name("東京商事") != naming.safe_name("大阪商事")


def test_long_names_are_cut_at_a_word():
    name = naming.safe_name("Boulangerie " * 20)
    assert len(name) <= naming.MAX_NAME and not name.endswith("-")


@given(st.text())
def test_safe_name_is_always_a_short_slug_and_stable(text):
    name = naming.safe_name(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert len(name) <= naming.MAX_NAME + len("-client")
    assert naming.safe_name(name) == name
    assert name.split("-")[0] not in naming.RESERVED or name.endswith("-client")


# ---------------------------------------------------------------- chart files


@pytest.fixture(scope="module")
def exported(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    return folder, figures.export_charts(assessment(), sample, folder)


def test_every_chart_in_every_format_and_size(exported):
    folder, paths = exported
    stem = "boulangerie-tremblay-2026-11-26"
    expected = {f"{stem}-{c}-{s}.{f}" for c in ("radar", "bars", "distribution") for s in ("full", "half") for f in ("png", "svg", "pdf")}
    assert {p.name for p in paths} == expected
    assert all(p.parent == folder and p.stat().st_size > 1000 for p in paths)
    assert not list(folder.glob(".*.tmp")), "no temporary file left behind"


@pytest.mark.parametrize("size, inches", [("full", FULL_SLIDE), ("half", HALF_SLIDE)])
def test_png_at_200_dpi_and_slide_size(exported, size, inches):
    from PIL import Image

    png = next(p for p in exported[1] if p.name.endswith(f"radar-{size}.png"))
    with Image.open(png) as image:
        assert image.size == (round(inches[0] * 200), round(inches[1] * 200))
        assert [round(v) for v in image.info["dpi"]] == [200, 200]


@pytest.mark.parametrize("size, inches", [("full", FULL_SLIDE), ("half", HALF_SLIDE)])
def test_svg_and_pdf_at_slide_size(exported, size, inches):
    points = [f"{v * 72:g}" for v in inches]
    svg = next(p for p in exported[1] if p.name.endswith(f"bars-{size}.svg")).read_text()
    assert f'width="{points[0]}pt" height="{points[1]}pt"' in svg
    pdf = next(p for p in exported[1] if p.name.endswith(f"bars-{size}.pdf")).read_bytes()
    assert f"/MediaBox [ 0 0 {points[0]} {points[1]} ]".encode() in pdf


def test_the_same_chart_exported_twice_is_byte_identical(exported, sample, tmp_path):
    first = {p.name: p.read_bytes() for p in exported[1] if "-half." in p.name}
    again = {p.name: p.read_bytes() for p in figures.export_charts(assessment(), sample, tmp_path, sizes=["half"])}
    assert first == again
    assert all(b"CreationDate" not in data for name, data in first.items() if name.endswith(".pdf"))
    assert all(b"<dc:date>" not in data for name, data in first.items() if name.endswith(".svg"))


def test_a_chart_is_the_same_whatever_other_formats_are_asked(exported, sample, tmp_path):
    alone = figures.export_charts(assessment(), sample, tmp_path, formats=["svg"], sizes=["half"])
    with_all = {p.name: p.read_bytes() for p in exported[1]}
    assert all(p.read_bytes() == with_all[p.name] for p in alone)


def test_without_past_assessments_there_is_no_peer_distribution(tmp_path):
    paths = figures.export_charts(assessment(), None, tmp_path, formats=["png"], sizes=["half"])
    assert sorted(p.name.rsplit("-", 2)[1] for p in paths) == ["bars", "radar"]


@pytest.mark.parametrize(
    "option, value, message",
    [("formats", ["png", "jpg"], "format must be among png, svg, pdf, got 'jpg'"),
     ("formats", [], "format must be among png, svg, pdf, got nothing"),
     ("sizes", "full,quarter", "size must be among full, half, got 'quarter'")],
)  # fmt: skip
def test_unknown_format_or_size_is_named(tmp_path, option, value, message):
    with pytest.raises(ReadinessError, match=re.escape(message)):
        figures.export_charts(assessment(), None, tmp_path, **{option: value})
    assert not any(tmp_path.iterdir())


def test_files_go_to_exports_client_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READINESS_EXPORTS", raising=False)
    monkeypatch.setattr("readiness.store.paths.PACKAGE_CHECKOUT", tmp_path / "not-a-checkout")  # the working folder is the project
    paths = figures.export_charts(assessment(), None, formats="svg", sizes="half")
    assert {p.parent.resolve() for p in paths} == {(tmp_path / "exports" / "boulangerie-tremblay").resolve()}
    monkeypatch.setenv("READINESS_EXPORTS", str(tmp_path / "elsewhere"))
    deck = deck_module.build_deck(assessment())
    assert deck == tmp_path / "elsewhere" / "boulangerie-tremblay" / "boulangerie-tremblay-2026-11-26.pptx"
    assert deck.is_file()


def test_language_must_be_fr_or_en(tmp_path):
    with pytest.raises(ReadinessError, match="lang must be one of fr, en, got 'de'"):
        deck_module.build_deck(assessment(), None, tmp_path / "x.pptx", lang="de")


# ---------------------------------------------------------------- the deck


def test_deck_is_16_9_with_seven_slides(decks):
    for prs in decks.values():
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 × 7.5 in, as PowerPoint makes it
        assert len(prs.slides) == 7  # (the example has no blocker and no risk: no slide for them)


@pytest.mark.parametrize(
    "lang, date, consultant",
    [("fr", "26 novembre 2026", "Préparé par M. Gagnon"), ("en", "November 26, 2026", "Prepared by M. Gagnon")],
)
def test_title_slide_names_client_date_and_consultant(decks, lang, date, consultant):
    title_slide = decks[lang].slides[0]
    assert title_slide.shapes.title.text == "Boulangerie Tremblay"
    text = slide_text(title_slide)
    assert date in text and consultant in text


def test_slides_in_order_in_each_language(decks):
    titles = {lang: [s.shapes.title.text for s in prs.slides] for lang, prs in decks.items()}
    assert titles["fr"][1:] == [
        "Verdict : Prêt sous conditions", "Les 5 dimensions face aux pairs", "Face aux clients comparables",
        "Recommandations", "Prochaines étapes : le chemin vers « prêt »",
        "Annexe : les réponses du client",
    ]  # fmt: skip
    assert titles["en"][1:] == [
        "Verdict: Ready with conditions", "The 5 dimensions against peers", "Against comparable clients",
        "Recommendations", "Next steps: the path to ready", "Appendix: the client's answers",
    ]  # fmt: skip


def test_verdict_slide_shows_verdict_score_and_coloured_badge(decks):
    slide = decks["fr"].slides[1]
    badge = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "Prêt sous conditions")
    assert str(badge.fill.fore_color.rgb) == "E69F00"
    assert "63,5" in slide_text(slide)


def test_the_dimensions_are_a_native_radar_chart_with_the_peer_median(decks, sample):
    a = assessment()
    result = score_assessment(a)
    bench = compare_assessment(a, result, sample)
    chart = radar(decks["fr"])
    assert chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    assert list(chart.plots[0].categories) == ["Objectifs", "Stratégie de contenu", "Responsable interne", "Budget", "Site Web"]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    order = ("objectives", "content", "champion", "budget", "website")
    assert series == {"Client": [result.dimensions[q] for q in order], "Médiane des pairs": [bench.median[q] for q in order]}
    assert (chart.value_axis.minimum_scale, chart.value_axis.maximum_scale) == (0, 100)


def test_the_chart_workbook_holds_only_client_scores_and_peer_medians(decks, sample):
    import openpyxl

    chart = radar(decks["en"])
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    a = assessment()
    result = score_assessment(a)
    bench = compare_assessment(a, result, sample)
    order = ("objectives", "content", "champion", "budget", "website")
    labels = ["Client", "Peer median", "Objectives", "Content strategy", "Internal champion", "Budget", "Website"]
    numbers = [result.dimensions[q] for q in order] + [bench.median[q] for q in order]
    assert sorted(c for c in cells if isinstance(c, str)) == sorted(labels)
    assert sorted(c for c in cells if not isinstance(c, str)) == sorted(numbers)


def test_peers_slide_gives_percentile_group_and_n(decks, sample):
    a = assessment()
    bench = compare_assessment(a, score_assessment(a), sample)
    text = slide_text(decks["fr"].slides[3])
    assert f"{round(bench.percentile['overall'])}e centile" in text
    assert f"Pairs : même secteur et même taille (n = {bench.group.n})" in text
    assert not any(shape.shape_type == 13 for shape in decks["fr"].slides[3].shapes), "no picture: every chart is native"
    column = next(shape.chart for shape in decks["fr"].slides[3].shapes if shape.has_chart)
    assert column.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    shares = list(column.plots[0].series[0].values)
    assert shares == pytest.approx([round(100 * c / sum(bench.histogram), 1) for c in bench.histogram])
    client = column.plots[0].series[0].points[int(score_assessment(a).overall // 10)]
    assert str(client.format.fill.fore_color.rgb) == "0072B2" and "Client : 63,5" in client.data_label.text_frame.text


def test_money_and_percentages_follow_the_language(decks):
    fr, en = slide_text(decks["fr"].slides[-1]), slide_text(decks["en"].slides[-1])
    assert "6 000 $ par année" in fr and "48,5 %" in fr
    assert "$6,000 a year" in en and "48.5%" in en
    assert format_money(6000, "CAD", "fr").replace("\u00a0", " ") in fr
    assert format_percent(48.5, "en") in en


def test_the_two_languages_share_no_fixed_text(decks):
    fr = {s.shapes.title.text for s in list(decks["fr"].slides)[1:]}
    en = {s.shapes.title.text for s in list(decks["en"].slides)[1:]}
    assert fr.isdisjoint(en)
    assert "Aucun bloquant" in deck_text(decks["fr"]) and "No blocker" in deck_text(decks["en"])


@pytest.mark.parametrize("lang, tag", [("fr", "fr-CA"), ("en", "en-CA")])
def test_text_is_tagged_with_the_language_for_spelling(decks, lang, tag):
    tags = {run.font.language_id for s in decks[lang].slides for shape in s.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for run in p.runs}  # fmt: skip
    assert {str(t) for t in tags} == {"FRENCH_CANADIAN (3084)" if lang == "fr" else "ENGLISH_CANADIAN (4105)"}
    assert decks[lang].core_properties.language == tag


def test_consultant_notes_stay_out_of_the_deck_unless_asked_for(decks, sample, tmp_path):
    """The try-out: the notes ("Veut plus de clients le midi") were in the speaker notes of a deck sent to the client."""
    for prs in decks.values():
        assert not any(s.has_notes_slide and NOTE in s.notes_slide.notes_text_frame.text for s in prs.slides)
        assert NOTE not in deck_text(prs)
    mine = Presentation(str(deck_module.build_deck(assessment(), sample, tmp_path / "mine.pptx", lang="fr", speaker_notes=True)))
    noted = [s for s in mine.slides if s.has_notes_slide and NOTE in s.notes_slide.notes_text_frame.text]
    assert len(noted) >= 2
    assert all("Objectifs : " + NOTE in s.notes_slide.notes_text_frame.text for s in noted)


def test_the_deck_is_dated_today_not_by_its_template(decks):
    from datetime import date

    assert decks["fr"].core_properties.created.date() == date.today()


def test_next_steps_and_recommendations_are_listed(decks):
    text = deck_text(decks["en"])
    assert "Move from self-promotion to content" in slide_text(titled(decks["en"], "Recommendations"))
    steps = slide_text(titled(decks["en"], "Next steps: the path to ready"))
    assert "An integrated content-marketing strategy" in steps and "Ready" in steps
    assert "sample data" in text


def test_sample_data_is_marked_on_benchmark_slides_only_when_it_is_the_sample(sample, tmp_path):
    marked = Presentation(str(deck_module.build_deck(assessment(), sample, tmp_path / "s.pptx")))
    with_mark = [i for i, s in enumerate(marked.slides) if "données d'exemple" in slide_text(s)]
    assert with_mark == [1, 2, 3]
    real = sample.assign(id=sample["id"].str.removeprefix("sample-"))  # the agency's own clients: no sample mark
    real.attrs["sample"] = False
    plain = Presentation(str(deck_module.build_deck(assessment(), real, tmp_path / "r.pptx")))
    assert "données d'exemple" not in deck_text(plain)


def test_without_enough_comparable_clients_no_number_is_shown(sample, tmp_path):
    few = sample.iloc[:3].copy()
    prs = Presentation(str(deck_module.build_deck(assessment(), few, tmp_path / "few.pptx", lang="en")))
    peers = slide_text(prs.slides[3], above_footer=True)
    assert "Not enough comparable clients" in peers
    assert not re.search(r"\d", peers)
    assert "sample data" not in deck_text(prs), "nothing of the sample is shown, so nothing to mark"
    assert "percentile" not in deck_text(prs) and "n =" not in deck_text(prs)
    assert [s.name for s in radar(prs).plots[0].series] == ["Client"]


def test_without_past_assessments_the_peers_slide_is_left_out(tmp_path):
    prs = Presentation(str(deck_module.build_deck(assessment(), None, tmp_path / "alone.pptx")))
    assert len(prs.slides) == 6
    assert "Face aux clients comparables" not in [s.shapes.title.text for s in prs.slides]
    assert [s.name for s in radar(prs).plots[0].series] == ["Client"]


def test_an_unfinished_assessment_gives_a_provisional_deck(sample, tmp_path):
    a = assessment(budget=None, website=None)
    prs = Presentation(str(deck_module.build_deck(a, sample, tmp_path / "draft.pptx")))
    assert prs.slides[1].shapes.title.text == "Résultat provisoire"
    assert "sans réponse : Budget, Site Web" in slide_text(prs.slides[1])
    assert list(radar(prs).plots[0].series[0].values)[3:] == [None, None]


def test_an_empty_assessment_still_makes_a_deck(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["answers"], data["notes"], data["consultant"] = {}, {}, None
    prs = Presentation(str(deck_module.build_deck(Assessment.from_dict(data), None, tmp_path / "empty.pptx", lang="en")))
    assert "Prepared by" not in slide_text(prs.slides[0])
    assert "unanswered" in slide_text(prs.slides[-1])


@pytest.mark.parametrize(
    "out, expected",
    [(None, "exports/boulangerie-tremblay/boulangerie-tremblay-2026-11-26.pptx"),
     ("folder/", "folder/boulangerie-tremblay-2026-11-26.pptx"),
     ("mine.pptx", "mine.pptx")],
)  # fmt: skip
def test_deck_path(monkeypatch, out, expected):
    monkeypatch.delenv("READINESS_EXPORTS", raising=False)
    assert naming.deck_path(assessment(), out).resolve() == Path(expected).resolve()  # exports/ of the project (the cwd)


def test_deck_path_must_be_pptx():
    with pytest.raises(ReadinessError, match=r"out must be a \.pptx file or a folder, got 'deck\.pdf'"):
        naming.deck_path(assessment(), "deck.pdf")


def table_of(slide):
    return next(shape.table for shape in slide.shapes if shape.has_table)


def test_next_steps_of_a_client_not_yet_ready_are_the_path_to_ready(decks):
    outcome = client_outcome(assessment(), lang="en")
    slide = titled(decks["en"], "Next steps: the path to ready")
    rows = [[cell.text for cell in row.cells] for row in table_of(slide).rows][1:]
    assert [row[0] for row in rows] == [outcome.framework.question(s.question).short["en"] for s in outcome.path.changes]
    assert "Ready" in slide_text(slide)


def test_next_steps_of_a_ready_client_are_one_best_change_per_question(tmp_path):
    ready = Presentation(str(deck_module.build_deck(assessment(champion={"choice": "dedicated"}, content={"choice": "integrated_strategy"}, objectives={"choice": "clear_measurable"}), None, tmp_path / "r.pptx", lang="en")))
    slide = next(s for s in ready.slides if s.shapes.title.text.startswith("Next steps"))
    assert slide.shapes.title.text == "Next steps: what would raise the score"
    dims = [row.cells[0].text for row in list(table_of(slide).rows)[1:]]
    assert len(dims) == len(set(dims)) > 0


# ---------------------------------------------------------------- the agency's template


FRENCH = {"Title Slide": "Diapositive de titre", "Title and Content": "Titre et contenu", "Title Only": "Titre seul"}


def test_the_templates_layouts_are_used_by_name(tmp_path):
    template = make_template(tmp_path / "corporate.pptx", names=FRENCH)
    prs = Presentation(str(deck_module.build_deck(assessment(), None, tmp_path / "d.pptx", template=template)))
    used = [s.slide_layout.name for s in prs.slides]
    assert used == ["Diapositive de titre", "Titre seul", "Titre seul", "Titre et contenu", "Titre seul", "Titre seul"]
    assert prs.slides[1].shapes.title.top == Inches(0.21), "the title sits where the template puts it"
    assert prs.slides[0].shapes.title.text == "Boulangerie Tremblay"
    assert "Confidentiel" not in deck_text(prs), "no house decorations over an agency's template"


def test_the_templates_example_slides_and_properties_are_dropped(tmp_path):
    template = make_template(tmp_path / "corporate.pptx")
    deck = deck_module.build_deck(assessment(), None, tmp_path / "d.pptx", template=template)
    assert all(b"Other Client Inc" not in data for _, data in parts(deck))
    assert Presentation(str(deck)).core_properties.title.startswith("Boulangerie Tremblay")


def test_a_potx_template_works_too(tmp_path):
    pptx = make_template(tmp_path / "corporate.pptx")
    potx = tmp_path / "corporate.potx"
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(potx, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            target.writestr(item, data)
    prs = Presentation(str(deck_module.build_deck(assessment(), None, tmp_path / "d.pptx", template=potx)))
    assert len(prs.slides) == 6


def test_a_missing_layout_is_named(tmp_path):
    template = make_template(tmp_path / "corporate.pptx", drop="Title and Content")
    with pytest.raises(ReadinessError) as caught:
        deck_module.build_deck(assessment(), None, tmp_path / "d.pptx", template=template)
    message = str(caught.value)
    assert "template 'corporate.pptx' has no layout named 'Title and Content' (or 'Titre et contenu')" in message
    assert "'Title Only'" in message, "the message lists the layouts there are"
    assert not (tmp_path / "d.pptx").exists()


@pytest.mark.parametrize(
    "make, message",
    [(lambda p: make_template(p, width=10), "has 10 × 7.5 in slides; the deck needs a 16:9 template"),
     (lambda p: p.write_text("not a deck") and p, "is not a PowerPoint .pptx or .potx file"),
     (lambda p: p, "does not exist")],
)  # fmt: skip
def test_a_template_that_cannot_serve_is_refused(tmp_path, make, message):
    template = make(tmp_path / "corporate.pptx")
    with pytest.raises(ReadinessError, match=re.escape(message)):
        deck_module.build_deck(assessment(), None, tmp_path / "d.pptx", template=template)


# ---------------------------------------------------------------- privacy


def parts(path: Path, prefix: str = ""):
    """(name, bytes) of every part of an Office file, embedded workbooks opened too."""
    with zipfile.ZipFile(path if isinstance(path, Path) else io.BytesIO(path)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            yield prefix + name, data
            if name.endswith(".xlsx"):
                yield from parts(data, prefix=f"{name}!")


def peer_documents(n: int, rng: np.random.Generator) -> list[dict]:
    """Past clients of the example's industry and size, each with a name, consultant and note of its own."""
    docs = []
    for i in range(n):
        doc = copy.deepcopy(EXAMPLE)
        doc.pop("id")
        doc["client"]["name"] = f"Zorblax Peer {i:03d}"
        doc["consultant"] = f"Quuxley Advisor {i:03d}"
        doc["notes"] = {"general": f"Secret remark {i:03d}"}
        doc["assessed_on"] = f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}"
        doc["answers"]["content"] = {"choice": str(rng.choice(["none", "self_promotion", "content_plan", "integrated_strategy"]))}
        doc["answers"]["budget"] = {"annual_amount": int(rng.integers(0, 40)) * 1000, "currency": "CAD"}
        doc["answers"]["website"] = {"bounce_rate": float(rng.integers(20, 90)), "roi": "some"}
        docs.append(doc)
    return docs


def test_no_other_client_anywhere_in_a_deck_built_against_a_busy_store(tmp_path):
    from readiness.store import open_store
    from readiness.store.past import load_past

    docs = peer_documents(60, np.random.default_rng(7))
    store = open_store(str(tmp_path / "store"))
    for doc in docs:
        store.save(Assessment.from_dict(doc))
    store.save(assessment())
    past = load_past(str(tmp_path / "store"))
    assert not past.attrs["sample"] and len(past) == 61
    deck = deck_module.build_deck(assessment(), past, tmp_path / "deck.pptx")
    found = list(parts(deck))
    names = [name for name, _ in found]
    assert any("!xl/worksheets/sheet1.xml" in name for name in names), "the embedded workbook was scanned"
    forbidden = [w.encode() for doc in docs for w in (doc["client"]["name"], doc["consultant"], doc["notes"]["general"])]
    leaks = [(name, word) for name, data in found for word in (b"Zorblax", b"Quuxley", b"Secret remark", *forbidden) if word in data]
    assert leaks == []
    assert "n = 60" in slide_text(Presentation(str(deck)).slides[3])


# ---------------------------------------------------------------- slides that adapt, and a provisional deck that says so

BEST = {"objectives": {"choice": "clear_measurable", "goals": ["awareness"]}, "content": {"choice": "integrated_strategy"},
        "champion": {"choice": "dedicated"}, "budget": {"annual_amount": 30000, "currency": "CAD"},
        "website": {"bounce_rate": 30, "roi": "good"}}  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_ready_client_gets_no_near_empty_slide(sample, tmp_path, lang):
    prs = Presentation(str(deck_module.build_deck(assessment(lang, **BEST), sample, tmp_path / "ready.pptx", lang=lang)))
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == 5, titles  # title, verdict, dimensions, peers, answers
    for slide in list(prs.slides)[1:]:
        body = slide_text(slide, above_footer=True).replace(slide.shapes.title.text, "")
        assert len(body.split()) >= 8 or any(shape.has_chart for shape in slide.shapes), slide.shapes.title.text


def test_a_client_with_blockers_gets_the_blockers_slide(sample, tmp_path):
    a = assessment("en", objectives={"choice": "everyone_is_there"})
    prs = Presentation(str(deck_module.build_deck(a, sample, tmp_path / "blocked.pptx", lang="en")))
    assert "Blockers and risks" in [s.shapes.title.text for s in prs.slides]


PROVISIONAL_DECK = {"fr": ("Score provisoire, sur 1 des 5 questions", "Rang parmi les pairs une fois les 5 questions répondues", "au-dessus de"),
                    "en": ("Provisional score, on 1 of 5 questions", "Rank among peers once all 5 questions are answered", "above")}  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_best_answer_makes_a_deck_that_says_provisional_never_a_rank(sample, tmp_path, lang):
    data = copy.deepcopy(EXAMPLE)
    data["answers"] = {"objectives": {"choice": "clear_measurable"}}
    prs = Presentation(str(deck_module.build_deck(Assessment.from_dict(data), sample, tmp_path / "one.pptx", lang=lang)))
    caption, later, rank = PROVISIONAL_DECK[lang]
    text = deck_text(prs)
    assert caption in text and later in text
    assert rank not in text and "100 %" not in text and "100%" not in text  # (each answered dimension keeps its own percentile)
    assert "Rien à améliorer" not in text and "Nothing to improve" not in text
    assert ("Score global" not in text) and ("Overall score" not in text), "the overall is said to be provisional everywhere"
    column = next(shape.chart for s in prs.slides for shape in s.shapes if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED)
    assert all(not point_is_client(column, i) for i in range(10)), "a provisional score is not placed among peers"


def point_is_client(chart, index: int) -> bool:
    point = chart.plots[0].series[0].points[index]
    return point.format.fill.type is not None and str(point.format.fill.fore_color.rgb) == "0072B2"
