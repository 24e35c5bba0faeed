"""Charts as matplotlib Figures (no pyplot state), fixed 0–100 scales, colour-blind-safe.

The client is always drawn with a solid line and markers, peers dashed, so the chart reads in
black and white too. Charts built on the shipped sample say "sample data" on the chart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..core.framework import Framework, default_framework
from ..text import N_, t
from ..text.formats import format_number, pick
from .standing import percentile_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..core.benchmark import Benchmark

# Okabe–Ito palette: distinguishable with every common colour-vision deficiency.
CLIENT = "#0072B2"
PEERS = "#E69F00"
BAND = "#E69F00"
MEDIAN = "#8A5F00"  # darker orange: the peer median reads against the band
GREY = "#666666"
VERDICT_COLOURS = {"ready": "#009E73", "conditional": "#E69F00", "not_ready": "#D55E00", None: "#999999"}

# Slide sizes in inches (16:9 slide is 13.333 × 7.5 in).
FULL_SLIDE = (12.0, 6.2)
HALF_SLIDE = (6.0, 5.2)
MEETING = (4.6, 4.0)

GROUPS = {  # the peer group used, in a consultant's words
    "industry_size": N_("same industry and size"),
    "size": N_("same size"),
    "industry": N_("same industry"),
    "all": N_("all past clients"),
}
NAME_RADIUS = 112  # axis names sit this far out (the scale ends at 100): clear of a client's marker at 100


def new_figure(size: tuple[float, float] = HALF_SLIDE, dpi: int = 100, layout: str | None = "constrained") -> Figure:
    """A blank Figure that belongs to no pyplot state (nothing piles up in a long meeting)."""
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=dpi, layout=layout)


def group_label(benchmark: Benchmark, lang: str) -> str:
    """`Peers: same industry and size (n = 12)` — never a client's name."""
    if not benchmark.shown:
        return t("Not enough comparable clients to show", lang)
    g = benchmark.group
    return t("Peers: {group} (n = {n})", lang, group=t(GROUPS[g.level], lang), n=g.n)


def mark_sample(fig: Figure, lang: str) -> None:
    """Write "sample data" in the corner of a chart built on the shipped synthetic sample."""
    fig.text(0.99, 0.01, t("sample data", lang), ha="right", va="bottom", fontsize=8, color=GREY, style="italic")


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
    """Radar of the dimension scores (one axis per question of the framework) against the peer median and interquartile band."""
    fw = framework or default_framework()
    qids = fw.question_ids
    if ax is None:
        fig = new_figure(size, layout=None)
        ax = fig.add_axes(_radar_rect(len(qids)), projection="polar")
    fig = ax.figure
    angles = _angles(len(qids))
    closed = np.append(angles, angles[0])
    _radar_axes(ax, angles, [pick(q.short, lang) for q in fw.questions])
    if benchmark is not None and benchmark.shown:
        q1 = _closed([benchmark.q1.get(q) for q in qids])
        q3 = _closed([benchmark.q3.get(q) for q in qids])
        med = _closed([benchmark.median.get(q) for q in qids])
        ax.fill_between(closed, q1, q3, color=BAND, alpha=0.22, linewidth=0, label=t("Peers: 25th–75th percentile", lang))
        ax.plot(closed, med, color=PEERS, linestyle="--", linewidth=1.8, label=t("Peer median", lang))
    values = _closed([dimensions.get(q) for q in qids])
    ax.plot(closed, values, color=CLIENT, linestyle="-", linewidth=2.4, marker="o", markersize=5, label=t("Client", lang), gid="client")
    handles, labels = ax.get_legend_handles_labels()
    wanted = 9.5 if size[0] < 5 else 8  # (the meeting form's radar is shown smaller than a slide's)
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.035), ncol=3, fontsize=legend_size(labels, size[0], wanted), frameon=False)
    if title:
        fig.suptitle(title, fontsize=11)
    if benchmark is not None:
        fig.text(0.01, 0.01, group_label(benchmark, lang), ha="left", va="bottom", fontsize=7.5, color=GREY)
        if benchmark.sample:
            mark_sample(fig, lang)
    return fig


def plot_distribution(
    overall: float | None,
    benchmark: Benchmark | None,
    *,
    framework: Framework | None = None,
    lang: str = "fr",
    title: str | None = None,
    ax: Axes | None = None,
    size: tuple[float, float] = HALF_SLIDE,
    provisional: bool = False,
) -> Figure:
    """Peers' overall scores (10-point bins, share of peers) with the client's marker and percentile.

    A `provisional` score (questions unanswered) is marked grey and dashed, said to be provisional, with no percentile.
    """
    fw = framework or default_framework()
    fig, ax = _figure_and_axes(ax, size)
    _verdict_zones(ax, fw, lang)
    shown = benchmark is not None and benchmark.shown and sum(benchmark.histogram) > 0
    if shown:
        counts = np.asarray(benchmark.histogram, dtype=float)
        shares = 100.0 * counts / counts.sum()
        bars = ax.bar(np.arange(5, 100, 10), shares, width=9.2, color=PEERS, alpha=0.75, edgecolor=MEDIAN,
                      linestyle="--", linewidth=0.8, label=peers_label(benchmark, lang))
        for bar in bars:
            bar.set_gid("peers")
        top = max(20.0, 10.0 * np.ceil(shares.max() / 10.0 + 0.15))
    else:
        top = 20.0
        ax.text(50, top / 2, t("Not enough comparable clients to show", lang), ha="center", va="center", fontsize=10, color=GREY)
    ax.set_ylim(0, top)
    if overall is not None:
        _client_marker(ax, overall, benchmark if shown else None, top, lang, provisional)
    _score_axis(ax.xaxis, ax.set_xlim, t("Overall score (0–100)", lang))
    ax.set_ylabel(t("Share of peers (%)", lang), fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    _decorate(fig, benchmark, lang, title or t("Overall score: the client among peers", lang))
    return fig


def plot_dimension_bars(
    dimensions: Mapping[str, float | None],
    benchmark: Benchmark | None = None,
    *,
    framework: Framework | None = None,
    lang: str = "fr",
    title: str | None = None,
    ax: Axes | None = None,
    size: tuple[float, float] = HALF_SLIDE,
) -> Figure:
    """One bar per dimension for the client, against the peers' interquartile band and median."""
    fw = framework or default_framework()
    qids = fw.question_ids
    fig, ax = _figure_and_axes(ax, size)
    y = np.arange(len(qids))[::-1]
    if benchmark is not None and benchmark.shown:
        for i, q in zip(y, qids, strict=True):
            ax.add_patch(_band_patch(i, benchmark.q1[q], benchmark.q3[q]))
            ax.plot([benchmark.median[q]] * 2, [i - 0.38, i + 0.38], color=MEDIAN, linestyle="--", linewidth=1.8, zorder=4)
    values = np.array([np.nan if dimensions.get(q) is None else dimensions[q] for q in qids], dtype=float)
    ax.barh(y, np.nan_to_num(values), height=0.42, color=CLIENT, edgecolor="black", linewidth=0.9, label=t("Client", lang))
    for i, v in zip(y, values, strict=True):
        _bar_value(ax, i, v, lang)
    ax.set_yticks(y, [textwrap.fill(pick(q.short, lang), 24) for q in fw.questions], fontsize=9 if len(qids) <= 8 else 8)
    ax.set_ylim(-0.6, len(qids) - 0.4)
    _score_axis(ax.xaxis, ax.set_xlim, t("Score (0–100)", lang))
    ax.spines[["top", "right"]].set_visible(False)
    _bar_legend(ax, benchmark is not None and benchmark.shown, lang)
    _decorate(fig, benchmark, lang, title or t("The {n} dimensions against peers", lang, n=len(qids)))
    return fig


# ---------------------------------------------------------------- portfolio charts (aggregates only)

PORTFOLIO = (10.0, 5.6)
HATCHES = {"ready": "", "conditional": "//", "not_ready": "xx", "incomplete": ".."}


def plot_verdicts(
    verdicts: pd.DataFrame, *, framework: Framework | None = None, lang: str = "fr", sample: bool = False,
    title: str | None = None, ax: Axes | None = None, size: tuple[float, float] = HALF_SLIDE,
) -> Figure:
    """Share of past assessments per verdict (colour and hatching, so it reads in grey too)."""
    fig, ax = _figure_and_axes(ax, size)
    x = np.arange(len(verdicts))
    colours = [VERDICT_COLOURS.get(v, VERDICT_COLOURS[None]) for v in verdicts["verdict"]]
    bars = ax.bar(x, verdicts["share"], color=colours, edgecolor="black", linewidth=0.8, width=0.65)
    for bar, verdict, share, n in zip(bars, verdicts["verdict"], verdicts["share"], verdicts["assessments"], strict=True):
        bar.set_hatch(HATCHES.get(verdict, ""))
        ax.text(bar.get_x() + bar.get_width() / 2, share + 1.5, t("{share}% (n = {n})", lang, share=f"{share:.0f}", n=n),
                ha="center", va="bottom", fontsize=8.5)
    ax.set_xticks(x, [textwrap.fill(str(label), 14) for label in verdicts["label"]], fontsize=9)
    _percent_axis(ax.yaxis, ax.set_ylim, t("Share of assessments (%)", lang))
    ax.spines[["top", "right"]].set_visible(False)
    _portfolio_footer(fig, sample, lang, title or t("Verdicts of past assessments", lang))
    return fig


def plot_blocker_frequencies(
    blockers: pd.DataFrame, *, lang: str = "fr", sample: bool = False, title: str | None = None,
    ax: Axes | None = None, size: tuple[float, float] = PORTFOLIO,
) -> Figure:
    """Share of assessments with each blocker, most frequent on top (0–100 %)."""
    fig, ax = _figure_and_axes(ax, size)
    y = np.arange(len(blockers))[::-1]
    bars = ax.barh(y, blockers["share"], color=VERDICT_COLOURS["not_ready"], edgecolor="black", linewidth=0.7, height=0.6)
    for bar, share, n in zip(bars, blockers["share"], blockers["assessments"], strict=True):
        ax.text(share + 1, bar.get_y() + bar.get_height() / 2, t("{share}% (n = {n})", lang, share=f"{share:.0f}", n=n),
                va="center", fontsize=8.5)
    ax.set_yticks(y, [textwrap.fill(str(label), 48) for label in blockers["label"]], fontsize=8.5)
    _percent_axis(ax.xaxis, ax.set_xlim, t("Share of assessments (%)", lang))
    ax.spines[["top", "right"]].set_visible(False)
    _portfolio_footer(fig, sample, lang, title or t("How often each blocker occurs", lang))
    return fig


def plot_segment_scores(
    segments: pd.DataFrame, *, by: str = "industry", framework: Framework | None = None, lang: str = "fr",
    sample: bool = False, title: str | None = None, ax: Axes | None = None, size: tuple[float, float] = PORTFOLIO,
) -> Figure:
    """Heat map of median scores (overall and each dimension) per segment, on a fixed 0–100 scale."""
    fw = framework or default_framework()
    fig, ax = _figure_and_axes(ax, size)
    measures = ["overall", *fw.question_ids]
    if len(segments) == 0:
        _no_data(ax, lang)
    else:
        values = segments[measures].to_numpy(dtype=float)
        image = ax.imshow(values, cmap=_heat_colours(), vmin=0, vmax=100, aspect="auto")
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, "–" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize=9,
                    color="white" if v >= 60 else "black")
        ax.set_yticks(range(len(segments)), [f"{s} (n = {n})" for s, n in zip(segments["segment"], segments["assessments"], strict=True)], fontsize=8.5)
        fig.colorbar(image, ax=ax, label=t("Score (0–100)", lang), shrink=0.9, ticks=range(0, 101, 25))
    short = [t("Overall", lang)] + [pick(q.short, lang) for q in fw.questions]
    ax.set_xticks(range(len(measures)), [textwrap.fill(s, 12) for s in short], fontsize=8.5)
    ax.xaxis.tick_top()
    default = t("Median scores by company size", lang) if by == "size" else t("Median scores by industry", lang)
    _portfolio_footer(fig, sample, lang, title or default)
    return fig


def _heat_colours():
    """Light to deep blue (one hue: reads in grey and with every colour-vision deficiency), never white on white."""
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    return ListedColormap(colormaps["Blues"](np.linspace(0.06, 0.92, 256)), name="readiness-heat")


def plot_trend(
    by_year: pd.DataFrame, *, lang: str = "fr", sample: bool = False, title: str | None = None,
    ax: Axes | None = None, size: tuple[float, float] = PORTFOLIO,
) -> Figure:
    """Median overall score per year with its interquartile band, and the shares ready / not ready."""
    fig, ax = _figure_and_axes(ax, size)
    years = by_year["year"].to_numpy()
    if len(by_year) == 0:
        _no_data(ax, lang)
    else:
        ax.fill_between(years, by_year["overall_q1"], by_year["overall_q3"], color=CLIENT, alpha=0.15, linewidth=0, label=t("Overall: 25th–75th percentile", lang))
        ax.plot(years, by_year["overall"], color=CLIENT, linestyle="-", linewidth=2.4, marker="o", label=t("Median overall score", lang))
        ax.plot(years, by_year["share_ready"], color=VERDICT_COLOURS["ready"], linestyle="--", linewidth=1.8, marker="s", markersize=4, label=t("Share ready (%)", lang))
        ax.plot(years, by_year["share_not_ready"], color=VERDICT_COLOURS["not_ready"], linestyle=":", linewidth=2, marker="^", markersize=4, label=t("Share not ready (%)", lang))
        ax.set_xticks(years, [str(y) for y in years], fontsize=8)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=8, frameon=False)
    _percent_axis(ax.yaxis, ax.set_ylim, t("Score (0–100)", lang) + " / %")
    ax.set_xlabel(t("Year", lang), fontsize=9)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    _portfolio_footer(fig, sample, lang, title or t("Readiness over the years", lang))
    return fig


def plot_flip_changes(
    flips: pd.DataFrame, *, lang: str = "fr", sample: bool = False, top: int = 8, title: str | None = None,
    ax: Axes | None = None, size: tuple[float, float] = PORTFOLIO,
) -> Figure:
    """The single-answer changes that most often flip a verdict (share of not-yet-ready clients)."""
    fig, ax = _figure_and_axes(ax, size)
    shown = flips.head(top)
    if len(shown) == 0:
        _no_data(ax, lang)
    y = np.arange(len(shown))[::-1]
    bars = ax.barh(y, shown["share"], color=VERDICT_COLOURS["ready"], edgecolor="black", linewidth=0.7, height=0.6)
    for bar, share, n in zip(bars, shown["share"], shown["assessments"], strict=True):
        ax.text(share + 1, bar.get_y() + bar.get_height() / 2, t("{share}% (n = {n})", lang, share=f"{share:.0f}", n=n),
                va="center", fontsize=8.5)
    ax.set_yticks(y, [textwrap.fill(str(c), 52) for c in shown["change"]], fontsize=8.5)
    _percent_axis(ax.xaxis, ax.set_xlim, t("Share of not-yet-ready clients whose verdict would change (%)", lang))
    ax.spines[["top", "right"]].set_visible(False)
    _portfolio_footer(fig, sample, lang, title or t("The one change that would flip the verdict", lang))
    return fig


def _percent_axis(axis, set_lim, label: str) -> None:
    set_lim(0, 100)
    axis.set_ticks(range(0, 101, 20))
    axis.set_label_text(label, fontsize=9)
    axis.set_tick_params(labelsize=8)


def _no_data(ax: Axes, lang: str) -> None:
    ax.text(0.5, 0.5, t("Not enough assessments to show", lang), transform=ax.transAxes, ha="center", va="center", fontsize=10, color=GREY)


def _portfolio_footer(fig: Figure, sample: bool, lang: str, title: str | None) -> None:
    if title:
        fig.suptitle(title, fontsize=11)
    if sample:
        _leave_footer(fig)
        mark_sample(fig, lang)


def _bar_value(ax: Axes, y: float, value: float, lang: str) -> None:
    """The score written inside the end of its bar (clear of the peer marks), or after a short bar."""
    if np.isnan(value):
        ax.text(1, y, "–", va="center", fontsize=9)
    elif value >= 15:
        ax.text(value - 1.2, y, format_number(value, lang), va="center", ha="right", fontsize=9, color="white", fontweight="bold", zorder=5)
    else:
        ax.text(value + 1.2, y, format_number(value, lang), va="center", ha="left", fontsize=9, color="black", zorder=5)


def _figure_and_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        fig = new_figure(size)
        return fig, fig.add_subplot()
    return ax.figure, ax


def _score_axis(axis, set_lim, label: str) -> None:
    set_lim(0, 100)
    axis.set_ticks(range(0, 101, 10))
    axis.set_label_text(label, fontsize=9)
    axis.set_tick_params(labelsize=8)


def _verdict_zones(ax: Axes, fw: Framework, lang: str) -> None:
    """Light background zones for the three verdicts, labelled at the top."""
    zones = ((0, fw.conditional_at, "not_ready"), (fw.conditional_at, fw.ready_at, "conditional"), (fw.ready_at, 100, "ready"))
    for start, end, verdict in zones:
        ax.axvspan(start, end, color=VERDICT_COLOURS[verdict], alpha=0.07, linewidth=0)
        ax.text((start + end) / 2, 1.0, pick(fw.verdict_labels[verdict], lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=7.5, color=GREY)


def _client_marker(ax: Axes, overall: float, benchmark: Benchmark | None, top: float, lang: str, provisional: bool = False) -> None:
    if provisional:
        label = t("{label}: {value}", lang, label=t("Provisional score", lang), value=format_number(overall, lang))
        ax.axvline(overall, color=GREY, linestyle=":", linewidth=2.2, label=label, gid="client")
        return
    label = t("{label}: {value}", lang, label=t("Client", lang), value=format_number(overall, lang))
    ax.axvline(overall, color=CLIENT, linestyle="-", linewidth=2.6, label=label, gid="client")
    if benchmark is not None and benchmark.percentile.get("overall") is not None:
        right = overall <= 70
        ax.annotate(percentile_text(benchmark.percentile["overall"], lang), (overall, top * 0.86), xytext=(6 if right else -6, 0),
                    textcoords="offset points", ha="left" if right else "right", va="center", fontsize=9.5, color=CLIENT, fontweight="bold")


def _band_patch(y: float, q1: float, q3: float):
    from matplotlib.patches import Rectangle

    return Rectangle((q1, y - 0.38), max(q3 - q1, 0.6), 0.76, facecolor=BAND, alpha=0.28, edgecolor=MEDIAN, linewidth=0.6, hatch="///")


def _bar_legend(ax: Axes, with_peers: bool, lang: str) -> None:
    """Legend above the bars: client bar, then the peer median and band when shown."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=CLIENT, edgecolor="black", label=t("Client", lang))]
    if with_peers:
        handles.append(Line2D([], [], color=MEDIAN, linestyle="--", linewidth=1.8, label=t("Peer median", lang)))
        handles.append(Patch(facecolor=BAND, alpha=0.28, hatch="///", edgecolor=MEDIAN, label=t("Peers: 25th–75th percentile", lang)))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)


def peers_label(benchmark: Benchmark, lang: str) -> str:
    return f"{t('Peers', lang)} (n = {benchmark.group.n})"


def _decorate(fig: Figure, benchmark: Benchmark | None, lang: str, title: str | None) -> None:
    """Title, the peer group used (never a name) and the sample-data mark."""
    if title:
        fig.suptitle(title, fontsize=11)
    if benchmark is not None:
        _leave_footer(fig)
        fig.text(0.01, 0.01, group_label(benchmark, lang), ha="left", va="bottom", fontsize=7.5, color=GREY)
        if benchmark.sample:
            mark_sample(fig, lang)


def _leave_footer(fig: Figure) -> None:
    """Keep the bottom strip free for the footnotes (constrained layout ignores figure texts)."""
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, 0.035, 1, 0.965))


def update_radar(fig: Figure, dimensions: Mapping[str, float | None], framework: Framework | None = None) -> None:
    """Move the client's line of a radar made by plot_radar under the same framework (much faster than drawing anew)."""
    qids = (framework or default_framework()).question_ids
    ax = fig.axes[0]
    line = next(line for line in ax.get_lines() if line.get_gid() == "client")
    angles = _angles(len(qids))
    line.set_data(np.append(angles, angles[0]), _closed([dimensions.get(q) for q in qids]))


def legend_size(labels: list[str], width: float, wanted: float) -> float:
    """The largest font size up to `wanted` at which a one-row legend of these labels fits across `width` inches."""
    from matplotlib.textpath import TextPath

    words = sum(TextPath((0, 0), label, size=1).get_extents().width for label in labels)
    ems = len(labels) * (2.0 + 0.8) + (len(labels) - 1) * 2.0 + 1.0  # handles, their gaps and the space between entries
    return min(wanted, 0.96 * width * 72 / (words + ems))


def _radar_rect(n: int) -> tuple[float, float, float, float]:
    """The radar's place in its figure: lifted above the legend when an axis points straight down (an even count)."""
    if n % 2 == 0:
        return (0.16, 0.29, 0.68, 0.58) if n >= 8 else (0.16, 0.28, 0.68, 0.6)
    return (0.16, 0.24, 0.68, 0.62) if n >= 7 else (0.16, 0.2, 0.68, 0.68)


def _angles(n: int) -> np.ndarray:
    """The angle of each of n axes, the first at the top, clockwise."""
    return np.linspace(0, 2 * np.pi, n, endpoint=False)


def _radar_axes(ax: Axes, angles: np.ndarray, labels: list[str]) -> None:
    """Circles at 25, 50, 75, 100 and one named axis per dimension, each name set outside the circle on its own side."""
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    size, width = _name_size(ax, labels)
    for angle, label in zip(angles, labels, strict=True):
        x, y = np.sin(angle), np.cos(angle)  # where the axis points, on the page (0 is up, clockwise)
        ha = "center" if abs(x) < 0.2 else "left" if x > 0 else "right"
        va = "bottom" if y > 0.5 else "top" if y < -0.5 else "center"
        across = 2 * width if ha == "center" else width  # (above and below the circle: room across)
        wrapped = textwrap.fill(label, across, break_long_words=False, break_on_hyphens=False)
        ax.text(angle, NAME_RADIUS, wrapped, ha=ha, va=va, fontsize=size, gid="axis-name",
                clip_on=False, linespacing=1.1)  # fmt: skip
    ax.set_ylim(0, 100)
    ax.set_rlabel_position(180 / len(labels))  # the scale between the first two axes, clear of their names
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", "100"], fontsize=7, color=GREY)
    for label in ax.get_yticklabels():  # the scale stays readable where the client's line crosses it
        label.set_bbox({"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "boxstyle": "round,pad=0.15"})
    ax.yaxis.set_zorder(4)  # (drawn over the data: lines and bands are at 1–2)
    ax.grid(color="#cccccc", linewidth=0.6)


def _name_size(ax: Axes, labels: list[str]) -> tuple[float, int]:
    """The font size of the axis names and their line width in characters: smaller when a word would not fit beside the circle."""
    size = 9.0 if len(labels) <= 6 else 8.0 if len(labels) <= 9 else 7.0
    longest = max((len(word) for label in labels for word in label.split()), default=1)
    width = _name_width(ax, size)
    while longest > width and size > 6:
        size -= 0.5
        width = _name_width(ax, size)
    return size, width


def _name_width(ax: Axes, size: float) -> int:
    """How many characters an axis name may take on a line: what fits beside the circle (from 8 to 18)."""
    fig_width, fig_height = ax.figure.get_size_inches()
    box = ax.get_position()
    radius = min(box.width * fig_width, box.height * fig_height) / 2
    room = fig_width / 2 - radius * 1.1 - 0.06  # inches beside the circle, on each side
    return int(np.clip(room * 72 / (0.62 * size), 8, 18))  # (0.62 em: a wide letter of DejaVu Sans, on average)


def _closed(values: list[float | None]) -> np.ndarray:
    array = np.array([np.nan if v is None else v for v in values], dtype=float)
    return np.append(array, array[0])


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """PNG bytes of a figure, with no timestamp (same input → same bytes)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buffer.getvalue()
