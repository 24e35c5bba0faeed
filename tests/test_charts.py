"""Charts: Figures without pyplot, fixed scales, client told apart by line style, fr/en, no names."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Text

from readiness.core.benchmark import compare
from readiness.core.scoring import score_assessment
from readiness.outputs import charts, standing
from readiness.outputs.portfolio import analyse_portfolio
from readiness.store.sample import load_sample

DIMENSIONS = {"objectives": 70.0, "content": 30.0, "champion": 50.0, "budget": 100.0, "website": 67.5}


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def bench(sample):
    from builders import EXAMPLE

    from readiness.core.assessment import Assessment

    a = Assessment.from_dict(EXAMPLE)
    return compare_for(a, sample)


def compare_for(a, past):
    r = score_assessment(a)
    return compare(r, past, client_id=a.id, client_name=a.client.name, industry=a.client.industry, size=a.client.size)


def texts(fig: Figure) -> str:
    """Every text drawn on the figure (tick labels included: the figure is rendered first)."""
    charts.figure_png(fig)
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def client_benchmark(sample):
    return compare(score_assessment(_example()), sample, industry="retail", size="very_small")


def _example():
    from builders import EXAMPLE

    from readiness.core.assessment import Assessment

    return Assessment.from_dict(EXAMPLE)


# ---------------------------------------------------------------- client charts


CLIENT_CHARTS = {
    "radar": lambda b, lang: charts.plot_radar(DIMENSIONS, b, lang=lang),
    "distribution": lambda b, lang: charts.plot_distribution(61.5, b, lang=lang),
    "bars": lambda b, lang: charts.plot_dimension_bars(DIMENSIONS, b, lang=lang),
}


@pytest.mark.parametrize("name", CLIENT_CHARTS)
def test_client_charts_are_figures_outside_pyplot(name, bench):
    before = plt.get_fignums()
    fig = CLIENT_CHARTS[name](bench, "fr")
    assert isinstance(fig, Figure) and plt.get_fignums() == before


@pytest.mark.parametrize("name", CLIENT_CHARTS)
def test_client_charts_name_the_group_mark_the_sample_and_name_no_peer(name, bench, sample):
    text = texts(CLIENT_CHARTS[name](bench, "en"))
    assert f"(n = {bench.group.n})" in text and "sample data" in text
    others = set(sample["client_name"]) - {"Boulangerie Tremblay"}
    assert not [n for n in others if n in text]


@pytest.mark.parametrize("name", CLIENT_CHARTS)
def test_client_charts_speak_french_and_english(name, bench):
    fr, en = texts(CLIENT_CHARTS[name](bench, "fr")), texts(CLIENT_CHARTS[name](bench, "en"))
    assert "données d'exemple" in fr and "sample data" in en and "Pairs" in fr and "Peers" in en


def test_scales_are_fixed_from_0_to_100(bench):
    assert charts.plot_radar(DIMENSIONS, bench).axes[0].get_ylim() == (0, 100)
    assert charts.plot_distribution(5.0, bench).axes[0].get_xlim() == (0, 100)
    assert charts.plot_dimension_bars({q: 1.0 for q in DIMENSIONS}, bench).axes[0].get_xlim() == (0, 100)


def test_the_client_is_solid_and_the_peers_dashed(bench):
    radar = charts.plot_radar(DIMENSIONS, bench).axes[0]
    styles = {line.get_gid(): line.get_linestyle() for line in radar.get_lines()}
    assert styles["client"] == "-" and "--" in styles.values()
    dist = charts.plot_distribution(61.5, bench).axes[0]
    assert [line.get_linestyle() for line in dist.get_lines() if line.get_gid() == "client"] == ["-"]
    assert {p.get_linestyle() for p in dist.patches if p.get_gid() == "peers"} == {"--"}
    bars = charts.plot_dimension_bars(DIMENSIONS, bench).axes[0]
    assert {line.get_linestyle() for line in bars.get_lines()} == {"--"}  # peer medians


def test_distribution_shows_the_histogram_shares_and_the_percentile(bench):
    fig = charts.plot_distribution(61.5, bench, lang="en")
    heights = [p.get_height() for p in fig.axes[0].patches if p.get_gid() == "peers"]
    total = sum(bench.histogram)
    assert heights == pytest.approx([100 * c / total for c in bench.histogram])
    assert standing.percentile_text(bench.percentile["overall"], "en") in texts(fig)


@pytest.mark.parametrize(("p", "lang", "text"), [(1, "en", "1st percentile"), (2, "en", "2nd percentile"), (3, "en", "3rd percentile"),
                                                 (11, "en", "11th percentile"), (12.4, "en", "12th percentile"), (22, "en", "22nd percentile"),
                                                 (58, "fr", "58e centile"), (1, "fr", "1er centile"), (2, "fr", "2e centile"),
                                                 (0.7, "en", "1st percentile"), (99.4, "en", "99th percentile"),
                                                 (100, "en", "top of the peer group"), (100, "fr", "tête du groupe de pairs"),
                                                 (99.5, "en", "top of the peer group"), (0, "en", "bottom of the peer group"),
                                                 (0.2, "fr", "bas du groupe de pairs")])  # fmt: skip
def test_percentile_text(p, lang, text):
    assert standing.percentile_text(p, lang) == text


@pytest.mark.parametrize(("p", "lang", "text"), [(58, "fr", "Score global au-dessus de 58\u00a0% des pairs"), (58, "en", "Overall score above 58% of peers"),
                                                 (100, "fr", "Score global en tête du groupe de pairs"), (100, "en", "Overall score at the top of the peer group"),
                                                 (0, "fr", "Score global au bas du groupe de pairs"), (0.3, "en", "Overall score at the bottom of the peer group"),
                                                 (99.2, "en", "Overall score above 99% of peers"), (0.6, "en", "Overall score above 1% of peers")])  # fmt: skip
def test_standing_text(p, lang, text):
    assert standing.standing_text(p, lang) == text


@given(st.floats(0, 100), st.sampled_from(["fr", "en"]))
def test_no_rank_is_ever_said_as_0th_or_100th_nor_above_0_or_100_percent(p, lang):
    said = standing.percentile_text(p, lang) + " | " + standing.standing_text(p, lang)
    assert not re.search(r"\b(0|100)(th|e)\b|\b(0|100)\s?%", said), said


def test_without_a_group_the_charts_say_so_and_draw_no_peers(sample):
    empty = compare(score_assessment(_example()), sample, industry="retail", size="very_small", k=10_000)
    assert not empty.shown
    for fig in (charts.plot_distribution(61.5, empty, lang="en"), charts.plot_dimension_bars(DIMENSIONS, empty, lang="en"),
                charts.plot_radar(DIMENSIONS, empty, lang="en")):  # fmt: skip
        assert "Not enough comparable clients" in texts(fig)
    assert len(charts.plot_radar(DIMENSIONS, empty).axes[0].get_lines()) == 1


def test_charts_without_benchmark_or_with_missing_answers():
    fig = charts.plot_dimension_bars({**DIMENSIONS, "budget": None}, None, lang="en")
    assert "–" in texts(fig)
    charts.plot_distribution(None, None)
    charts.plot_radar({q: None for q in DIMENSIONS})


def test_update_radar_moves_only_the_client_line(bench):
    fig = charts.plot_radar(DIMENSIONS, bench)
    charts.update_radar(fig, {q: 10.0 for q in DIMENSIONS})
    client = next(line for line in fig.axes[0].get_lines() if line.get_gid() == "client")
    assert list(client.get_ydata()) == [10.0] * 6


def test_png_bytes_are_deterministic(bench):
    a = charts.figure_png(charts.plot_dimension_bars(DIMENSIONS, bench))
    b = charts.figure_png(charts.plot_dimension_bars(DIMENSIONS, bench))
    assert a == b and a.startswith(b"\x89PNG")


def test_charts_draw_into_a_given_axes(bench):
    fig = charts.new_figure(charts.FULL_SLIDE)
    left, right = fig.subplots(1, 2)
    assert charts.plot_distribution(50, bench, ax=left) is fig
    assert charts.plot_dimension_bars(DIMENSIONS, bench, ax=right) is fig


# ---------------------------------------------------------------- portfolio charts


@pytest.fixture(scope="module")
def portfolio(sample):
    return analyse_portfolio(sample, lang="en")


def test_portfolio_charts_are_aggregates_without_names(portfolio, sample):
    names = set(sample["client_name"])
    for name, fig in portfolio.charts().items():
        text = texts(fig)
        assert "sample data" in text, name
        assert not [n for n in names if n in text], name


def test_portfolio_charts_have_fixed_scales(portfolio):
    figs = portfolio.charts()
    assert figs["verdicts"].axes[0].get_ylim() == (0, 100)
    assert figs["blockers"].axes[0].get_xlim() == (0, 100)
    assert figs["trend_by_year"].axes[0].get_ylim() == (0, 100)
    assert figs["flip_changes"].axes[0].get_xlim() == (0, 100)
    image = figs["scores_by_industry"].axes[0].get_images()[0]
    assert image.get_clim() == (0, 100)


def test_segment_chart_labels_each_row_with_its_size(portfolio):
    text = texts(portfolio.charts()["scores_by_size"])
    for segment, n in zip(portfolio.by_size["segment"], portfolio.by_size["assessments"], strict=True):
        assert f"{segment} (n = {n})" in text


def test_blocker_chart_lists_blockers_in_french():
    table = pd.DataFrame({"blocker": ["no_budget"], "label": ["Budget annuel sous le minimum requis."], "assessments": [7], "share": [35.0]})
    fig = charts.plot_blocker_frequencies(table, lang="fr", sample=True)
    text = texts(fig)
    assert "Budget annuel sous le minimum requis." in text and "35 % (n = 7)" in text and "données d'exemple" in text


def test_portfolio_charts_with_empty_tables_say_there_is_not_enough():
    empty_years = pd.DataFrame(columns=["year", "assessments", "overall", "overall_q1", "overall_q3", "share_ready", "share_conditional", "share_not_ready"])
    assert "Not enough assessments" in texts(charts.plot_trend(empty_years, lang="en"))
    empty_flips = pd.DataFrame(columns=["dimension", "target", "change", "assessments", "share"])
    assert "Not enough assessments" in texts(charts.plot_flip_changes(empty_flips, lang="en"))
    empty_segments = pd.DataFrame(columns=["segment", "assessments", "overall", *DIMENSIONS, "share_ready"])
    assert "Not enough assessments" in texts(charts.plot_segment_scores(empty_segments, lang="en"))


@pytest.mark.parametrize(("lang", "words"), [("fr", "Score provisoire : 100"), ("en", "Provisional score: 100")])
def test_a_provisional_score_is_marked_grey_and_dashed_without_a_percentile(bench, lang, words):
    fig = charts.plot_distribution(100.0, bench, lang=lang, provisional=True)
    marker = next(line for line in fig.axes[0].get_lines() if line.get_gid() == "client")
    assert marker.get_linestyle() == ":" and marker.get_color() == charts.GREY
    said = texts(fig)
    assert words in said
    assert standing.percentile_text(bench.percentile["overall"], lang) not in said and "centile" not in said.replace("25e–75e centile", "")
