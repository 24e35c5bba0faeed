"""The progress chart: a client's overall score at each visit, over the three verdict bands.

    fig = plot_progress(progress, framework, lang="fr")

Each visit is a point coloured (and shaped) by its verdict, so the chart reads in black and white
too; the bands behind are the framework's thresholds. Only this client's own assessments are drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import t
from ..text.formats import format_date, format_number, pick
from .charts import FULL_SLIDE, GREY, VERDICT_COLOURS, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..core.framework import Framework
    from ..core.progress import Progress

MARKERS = {"ready": "o", "conditional": "s", "not_ready": "X", None: "."}


def plot_progress(progress: Progress, framework: Framework, lang: str = "fr", size: tuple[float, float] = FULL_SLIDE) -> Figure:
    """The client's overall score over time, one point per assessment, on the verdict bands."""
    fig = new_figure(size)
    ax = fig.add_subplot()
    fw = framework
    bands = ((0, fw.conditional_at, "not_ready"), (fw.conditional_at, fw.ready_at, "conditional"), (fw.ready_at, 100, "ready"))
    for start, end, verdict in bands:
        ax.axhspan(start, end, color=VERDICT_COLOURS[verdict], alpha=0.12, linewidth=0)
        ax.text(1.005, (start + end) / 2, pick(fw.verdict_labels[verdict], lang), transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=8, color=GREY)  # fmt: skip
    visits = [v for v in progress.visits if v.overall is not None]
    x = list(range(len(visits)))
    ax.plot(x, [v.overall for v in visits], color="#0072B2", linewidth=2, zorder=2, gid="progress")
    for i, v in enumerate(visits):
        ax.scatter([i], [v.overall], s=80, marker=MARKERS[v.verdict], color=VERDICT_COLOURS[v.verdict], edgecolor="black", zorder=3)
        ax.annotate(format_number(v.overall, lang), (i, v.overall), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=9)
    ax.set_xticks(x, [format_date(v.assessed_on, lang) for v in visits], fontsize=8)
    ax.set_xlim(-0.5, max(len(visits) - 0.5, 0.5))
    ax.set_ylim(0, 100)
    ax.set_ylabel(t("Overall score", lang), fontsize=9)
    ax.set_title(t("Progress: {client}", lang, client=progress.client), fontsize=11, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig
