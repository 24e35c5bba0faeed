"""The radar's words stay readable whatever the scores: measured on the drawn figure with matplotlib's text bounding boxes.

For the shipped frameworks and random question sets (3 to 12 axes), in French and English, at the
form's size and the slides': no axis name is touched by the client's line or markers, nor by the
peers' median, names overlap neither each other nor the legend and stay inside the picture, and the
0–100 scale is drawn over the data on an opaque ground.
"""

from __future__ import annotations

import itertools
from functools import cache as functache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.path import Path
from strategies import raw_frameworks

from readiness.core.framework import load_framework, parse_framework
from readiness.outputs import charts

SIZES = {"meeting": charts.MEETING, "half": charts.HALF_SLIDE, "full": charts.FULL_SLIDE}


@functache
def peers_of(framework_id: str):
    """The benchmark of a client with every answer at 50 against the framework's shipped sample (all past clients)."""
    from readiness.core.benchmark import compare
    from readiness.core.scoring import Result
    from readiness.store.sample import load_sample

    fw = load_framework(framework_id)
    dims = dict.fromkeys(fw.question_ids, 50.0)
    result = Result(complete=True, missing=(), overall=50.0, verdict="conditional", blockers=(), risks=(), dimensions=dims,
                    recommendations=(), framework=fw.ref())  # fmt: skip
    return compare(result, load_sample(framework=fw))


def drawn(fw, values: dict, lang: str, size, bench=None) -> tuple:
    """The radar drawn on an Agg canvas, with its renderer."""
    fig = charts.plot_radar(values, bench, framework=fw, lang=lang, size=size)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, canvas.get_renderer()


def data_lines(fig) -> list:
    return [line for line in fig.axes[0].get_lines() if line.get_gid() == "client" or line.get_linestyle() == "--"]


def touches(line, box) -> bool:
    """Whether a line (its segments, padded by half its width and its markers) meets a box in display space."""
    points = line.get_transform().transform(np.column_stack(line.get_data()))
    pad = (max(line.get_markersize(), 0) / 2 + line.get_linewidth() / 2) * line.figure.dpi / 72
    grown = box.padded(pad)
    for a, b in itertools.pairwise(points):
        if np.isfinite(a).all() and np.isfinite(b).all() and Path([a, b]).intersects_bbox(grown, filled=True):
            return True
    return any(np.isfinite(p).all() and grown.contains(*p) for p in points)


def problems(fig, renderer) -> list[str]:
    """Every way the words of a drawn radar are covered or cut."""
    ax = fig.axes[0]
    names = [(text.get_text(), text.get_window_extent(renderer)) for text in ax.texts if text.get_gid() == "axis-name"]
    found = [f"{name!r} touched by the {line.get_gid() or 'median'} line" for name, box in names for line in data_lines(fig) if touches(line, box)]
    found += [f"{a!r} overlaps {b!r}" for (a, box_a), (b, box_b) in itertools.combinations(names, 2) if box_a.overlaps(box_b)]
    legend = fig.legends[0].get_window_extent(renderer)
    found += [f"{name!r} overlaps the legend" for name, box in names if box.overlaps(legend)]
    if not (fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1):
        found.append("the legend is cut by the edge")
    found += [f"{name!r} cut by the edge" for name, box in names if not fig.bbox.contains(box.x0, box.y0) or not fig.bbox.contains(box.x1, box.y1)]
    return found


def scale_is_over_the_data(fig) -> bool:
    ax = fig.axes[0]
    client = next(line for line in ax.get_lines() if line.get_gid() == "client")
    labels = [label for label in ax.yaxis.get_ticklabels() if label.get_text()]
    grounds = [label.get_bbox_patch() for label in labels]
    return ax.yaxis.get_zorder() > client.get_zorder() and all(g is not None and g.get_facecolor()[:3] == (1, 1, 1) for g in grounds)


@pytest.mark.parametrize("framework", ["social-media-5q", "social-media-2026"])
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("score", [100.0, 0.0, 50.0])
def test_shipped_radars_keep_their_names_clear_of_a_client_at_any_score(framework, lang, size, score):
    fw = load_framework(framework)
    bench = peers_of(framework)
    assert bench.shown
    fig, renderer = drawn(fw, dict.fromkeys(fw.question_ids, score), lang, SIZES[size], bench)
    assert len(fig.legends[0].get_texts()) == 3
    assert problems(fig, renderer) == []
    assert scale_is_over_the_data(fig)


def test_the_check_can_fail_a_name_drawn_over_the_data():
    fw = load_framework("social-media-5q")
    fig, renderer = drawn(fw, dict.fromkeys(fw.question_ids, 100.0), "fr", charts.MEETING)
    name = next(text for text in fig.axes[0].texts if text.get_gid() == "axis-name")
    name.set_position((name.get_position()[0], 96))  # on the circle, where a client at 100 passes
    assert any("touched by the client line" in p for p in problems(fig, renderer))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_frameworks(min_questions=3), st.sampled_from(["fr", "en"]), st.sampled_from(sorted(SIZES)), st.data())
def test_any_question_set_keeps_its_names_clear(raw, lang, size, data):
    fw = parse_framework(raw)
    values = {q: data.draw(st.sampled_from([None, 0.0, 35.0, 75.0, 100.0])) for q in fw.question_ids}
    fig, renderer = drawn(fw, values, lang, SIZES[size])
    assert problems(fig, renderer) == []
