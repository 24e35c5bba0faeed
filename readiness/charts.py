"""Charts as matplotlib Figures (no pyplot state), fixed 0–100 scales, colour-blind-safe.

The client is always drawn with a solid line and markers, peers dashed, so the chart reads in
black and white too. Charts built on the shipped sample say "sample data" on the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .framework import QUESTION_IDS, Framework, default_framework
from .i18n import pick, t

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .benchmark import Benchmark

# Okabe–Ito palette: distinguishable with every common colour-vision deficiency.
CLIENT = "#0072B2"
PEERS = "#E69F00"
BAND = "#E69F00"
GREY = "#666666"
VERDICT_COLOURS = {"ready": "#009E73", "conditional": "#E69F00", "not_ready": "#D55E00", None: "#999999"}

# Slide sizes in inches (16:9 slide is 13.333 × 7.5 in).
FULL_SLIDE = (12.0, 6.2)
HALF_SLIDE = (6.0, 5.2)
MEETING = (4.6, 4.0)

GROUP_TEXTS = {
    "industry_size": {"fr": "même secteur et même taille", "en": "same industry and size"},
    "size": {"fr": "même taille", "en": "same size"},
    "industry": {"fr": "même secteur", "en": "same industry"},
    "all": {"fr": "tous les clients passés", "en": "all past clients"},
}
LABELS = {
    "client": {"fr": "Client", "en": "Client"},
    "median": {"fr": "Médiane des pairs", "en": "Peer median"},
    "iqr": {"fr": "Pairs : 25e–75e centile", "en": "Peers: 25th–75th percentile"},
    "no_group": {"fr": "Pas assez de clients comparables pour les afficher", "en": "Not enough comparable clients to show"},
}


def new_figure(size: tuple[float, float] = HALF_SLIDE, dpi: int = 100, layout: str | None = "constrained") -> Figure:
    """A blank Figure that belongs to no pyplot state (nothing piles up in a long meeting)."""
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=dpi, layout=layout)


def group_label(benchmark: Benchmark, lang: str) -> str:
    """`Peers: same industry and size (n = 12)` — never a client's name."""
    if not benchmark.shown:
        return pick(LABELS["no_group"], lang)
    g = benchmark.group
    head = "Pairs" if lang == "fr" else "Peers"
    return f"{head} : {pick(GROUP_TEXTS[g.level], lang)} (n = {g.n})" if lang == "fr" else f"{head}: {pick(GROUP_TEXTS[g.level], lang)} (n = {g.n})"


def mark_sample(fig: Figure, lang: str) -> None:
    """Write "sample data" in the corner of a chart built on the shipped synthetic sample."""
    fig.text(0.99, 0.01, t("sample_data", lang), ha="right", va="bottom", fontsize=8, color=GREY, style="italic")


def plot_radar(
    dimensions: Mapping[str, float | None],
    benchmark: Benchmark | None = None,
    *,
    framework: Framework | None = None,
    lang: str = "fr",
    title: str | None = None,
    ax: Axes | None = None,
    size: tuple[float, float] = HALF_SLIDE,
) -> Figure:
    """Radar of the five dimension scores against the peer median and interquartile band."""
    fw = framework or default_framework()
    if ax is None:
        fig = new_figure(size, layout=None)
        ax = fig.add_axes((0.16, 0.2, 0.68, 0.68), projection="polar")
    fig = ax.figure
    angles = np.linspace(0, 2 * np.pi, len(QUESTION_IDS), endpoint=False)
    closed = np.append(angles, angles[0])
    _radar_axes(ax, angles, [pick(fw.question(q).short, lang) for q in QUESTION_IDS])
    if benchmark is not None and benchmark.shown:
        q1 = _closed([benchmark.q1[q] for q in QUESTION_IDS])
        q3 = _closed([benchmark.q3[q] for q in QUESTION_IDS])
        med = _closed([benchmark.median[q] for q in QUESTION_IDS])
        ax.fill_between(closed, q1, q3, color=BAND, alpha=0.22, linewidth=0, label=pick(LABELS["iqr"], lang))
        ax.plot(closed, med, color=PEERS, linestyle="--", linewidth=1.8, label=pick(LABELS["median"], lang))
    values = _closed([dimensions.get(q) for q in QUESTION_IDS])
    ax.plot(closed, values, color=CLIENT, linestyle="-", linewidth=2.4, marker="o", markersize=5, label=pick(LABELS["client"], lang), gid="client")
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, 0.045), ncol=3, fontsize=8, frameon=False)
    if title:
        fig.suptitle(title, fontsize=11)
    if benchmark is not None:
        fig.text(0.01, 0.01, group_label(benchmark, lang), ha="left", va="bottom", fontsize=7.5, color=GREY)
        if benchmark.sample:
            mark_sample(fig, lang)
    return fig


def update_radar(fig: Figure, dimensions: Mapping[str, float | None]) -> None:
    """Move the client's line of a radar made by plot_radar (much faster than drawing anew)."""
    ax = fig.axes[0]
    line = next(line for line in ax.get_lines() if line.get_gid() == "client")
    angles = np.linspace(0, 2 * np.pi, len(QUESTION_IDS), endpoint=False)
    line.set_data(np.append(angles, angles[0]), _closed([dimensions.get(q) for q in QUESTION_IDS]))


def _radar_axes(ax: Axes, angles: np.ndarray, labels: list[str]) -> None:
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels(labels, fontsize=9)
    ax.tick_params(axis="x", pad=6)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", "100"], fontsize=7, color=GREY)
    ax.grid(color="#cccccc", linewidth=0.6)


def _closed(values: list[float | None]) -> np.ndarray:
    array = np.array([np.nan if v is None else v for v in values], dtype=float)
    return np.append(array, array[0])


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """PNG bytes of a figure, with no timestamp (same input → same bytes)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buffer.getvalue()
