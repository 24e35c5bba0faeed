"""What the meeting form shows: its texts (fr/en), its style, the results panel and the live radar.

The radar is drawn once per peer group and language; each change of answers then only redraws
the client's line over the saved background (Agg blitting) and encodes the canvas as PNG into an
`ipywidgets.Image` updated in place: no flicker, no figure pile-up, well under the 50 ms budget.
"""

from __future__ import annotations

import base64
import html
import io
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..core.framework import Framework
from ..core.outcome import ClientOutcome
from ..text import t
from ..text.formats import format_number, pick
from .plan_panel import draw_last_time, last_time, since_html, what_next_html

if TYPE_CHECKING:
    from ..core.benchmark import Benchmark
    from ..core.scoring import Result

RADAR_DPI = 120  # the radar is shown 460 px wide; a little over 100 dpi keeps it crisp
BACKGROUNDS_KEPT = 8
RECOMMENDATIONS_SHOWN = 3
VERDICT_ICONS = {"ready": "✔", "conditional": "◐", "not_ready": "✖", None: "…"}


def message_html(kind: str, message: str) -> str:
    """One message of the message area (ok, info, warning or error); one line per line of text."""
    body = "<br>".join(html.escape(line) for line in message.splitlines())
    role = ' role="alert"' if kind == "error" else ""
    return f'<div class="rd-msg rd-msg-{kind}"{role}>{body}</div>'


class ResultsPanel:
    """Score, verdict badge, answered count, radar, percentile, blockers, risks and what-if."""

    def __init__(self, framework: Framework, lang: str):
        self.fw = framework
        self.heading = w.HTML()
        self.score = w.HTML().add_class("r-score")
        self.verdict = w.HTML().add_class("r-verdict")
        self.answered = w.HTML().add_class("r-answered")
        self.radar = LiveRadar(framework)
        self.percentile = w.HTML().add_class("r-percentile")
        self.details = w.HTML().add_class("r-details")
        parts = [self.heading, self.score, self.verdict, self.answered, self.radar.image, self.percentile, self.details]
        self.box = w.VBox(parts).add_class("rd-results")
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        """The panel's heading in `lang` (the rest is redrawn by `show`)."""
        self.heading.value = f'<div class="rd-section">{html.escape(t("Result", lang))}</div>'

    def show(self, outcome: ClientOutcome, lang: str) -> None:
        """Render one outcome; widgets whose text did not change are not sent again."""
        r = outcome.result
        _set(self.score, score_html(r, len(self.fw.questions), lang))
        _set(self.verdict, verdict_html(self.fw, r.verdict, lang))
        total = len(self.fw.questions)
        answered = t("Questions answered: {n} / {total}", lang, n=total - len(r.missing), total=total)
        _set(self.answered, f'<span class="rd-muted">{html.escape(answered)}</span>')
        self.radar.show(r.dimensions, outcome.benchmark, lang, last_time(outcome))
        _set(self.percentile, percentile_html(r, outcome.benchmark, len(self.fw.questions), lang))
        _set(self.details, details_html(self.fw, outcome, lang))


def score_html(result: Result, total: int, lang: str) -> str:
    """`61,7 / 100` under its label; while questions are missing, greyed and said to be provisional, on how many answers."""
    value = "–" if result.overall is None else format_number(result.overall, lang)
    if result.complete:
        label, css, note = t("Overall score", lang), "rd-score-line", ""
    else:
        answered = total - len(result.missing)
        label, css = t("Provisional score", lang), "rd-score-line rd-provisional"
        words = t("on {n} of {total} questions: not a result yet", lang, n=answered, total=total) if answered else ""
        note = f'<span class="rd-outof">{html.escape(words)}</span>' if words else ""
    return (
        f'<div class="rd-muted">{html.escape(label)}</div>'
        f'<div class="{css}"><span class="rd-big">{value}</span><span class="rd-outof">/ 100</span>{note}</div>'
    )


def verdict_html(fw: Framework, verdict: str | None, lang: str) -> str:
    """The verdict badge: colour, icon and words, so it reads without colour too."""
    words = pick(fw.verdict_labels[verdict], lang) if verdict else t("Verdict once all {total} are answered", lang, total=len(fw.questions))
    return f'<span class="rd-badge rd-v-{verdict or "none"}" role="status">{VERDICT_ICONS[verdict]} {html.escape(words)}</span>'


def percentile_html(result: Result, bench: Benchmark | None, total: int, lang: str) -> str:
    """Where the client stands among peers, once every question is answered (the radar names the group and says "sample data")."""
    from ..outputs.standing import standing_text

    share = bench.percentile.get("overall") if bench is not None and bench.shown and result.overall is not None else None
    if share is None:
        return ""
    if not result.complete:
        words = t("Rank among peers once all {total} questions are answered.", lang, total=total)
        return f'<div class="rd-percentile rd-muted">{html.escape(words)}</div>'
    return f'<div class="rd-percentile"><b>{html.escape(standing_text(share, lang))}</b></div>'


def details_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """Blockers, risks, what would change the verdict, and the first recommendations."""
    r = outcome.result
    parts = [since_html(fw, outcome, lang), _codes_html(fw.blocker_labels, r.blockers, t("Blockers", lang), lang, "rd-blocker")]
    parts.append(_codes_html(fw.risk_labels, r.risks, t("Risks", lang), lang, ""))
    parts.append(what_next_html(fw, outcome, lang))
    recs = r.recommendations[:RECOMMENDATIONS_SHOWN]
    if recs:
        items = "".join(f"<li>{html.escape(rec.text)}</li>" for rec in recs)
        parts.append(f'<div class="rd-section">{html.escape(t("Recommendations", lang))}</div><ul class="rd-list">{items}</ul>')
    return "".join(parts)


def _codes_html(labels: Mapping[str, Mapping[str, str]], codes: tuple[str, ...], heading: str, lang: str, css: str) -> str:
    head = f'<div class="rd-section">{html.escape(heading)} ({len(codes)})</div>'
    if not codes:
        return head + f'<div class="rd-muted">{html.escape(t("None so far.", lang))}</div>'
    items = "".join(f'<li class="{css}">{html.escape(pick(labels[c], lang))}</li>' for c in codes)
    return head + f'<ul class="rd-list">{items}</ul>'


def _set(widget: w.HTML, value: str) -> None:
    if widget.value != value:
        widget.value = value


class LiveRadar:
    """The radar chart as an `<img>` with a text alternative that states the scores: background drawn once, the client's line blitted on change."""

    def __init__(self, framework: Framework, dpi: int = RADAR_DPI):
        self.fw = framework
        self.dpi = dpi
        self.image = w.HTML().add_class("r-radar")
        self._drawn: OrderedDict[Any, _Canvas] = OrderedDict()  # a few backgrounds: FR/EN flips are instant
        self._key: Any = None
        self._values: tuple | None = None
        self._png = b""

    def show(self, dimensions: Mapping[str, float | None], bench: Benchmark | None, lang: str, before: tuple | None = None) -> None:
        """Redraw what changed: the background for a new peer group, language or last visit, the line for new scores."""
        key = (lang, _band_key(bench), before)
        if key != self._key:
            self._key, self._values = key, None
            if key not in self._drawn:  # (one framework per form: its questions are the radar's axes)
                self._drawn[key] = _Canvas(self.fw, bench, lang, self.dpi, before)
            self._drawn.move_to_end(key)
            while len(self._drawn) > BACKGROUNDS_KEPT:
                self._drawn.popitem(last=False)
        values = tuple(dimensions.get(q) for q in self.fw.question_ids)
        if values != self._values:
            self._png = self._drawn[key].png_with(dimensions)
            alt = radar_alt(self.fw, dimensions, bench, lang)
            data = base64.b64encode(self._png).decode("ascii")
            self.image.value = f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
            self._values = values

    def png(self) -> bytes:
        """The PNG on screen."""
        return self._png


def radar_alt(fw: Framework, dimensions: Mapping[str, float | None], bench: Benchmark | None, lang: str) -> str:
    """The radar in words: each dimension's score (and the peer median when peers are shown)."""
    peers = bench is not None and bench.shown
    parts = []
    for q in fw.questions:
        value = dimensions.get(q.id)
        score = t("to answer", lang) if value is None else f"{format_number(value, lang)} / 100"
        if peers and bench.median.get(q.id) is not None:
            score += " (" + t("peer median {value}", lang, value=format_number(bench.median[q.id], lang)) + ")"
        parts.append(t("{label}: {value}", lang, label=pick(q.short, lang), value=score))
    head = t("Radar of the client's {n} dimensions against peers", lang, n=len(fw.questions)) if peers else t("Radar of the client's {n} dimensions", lang, n=len(fw.questions))
    return f"{head}. " + "; ".join(parts) + "."


class _Canvas:
    """One radar background (peer band, axes, legend) with the client's line drawn over it on demand."""

    def __init__(self, framework: Framework, bench: Benchmark | None, lang: str, dpi: int, before: tuple | None = None):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..outputs.charts import MEETING, plot_radar

        self.fw = framework
        self.figure = plot_radar(dict.fromkeys(framework.question_ids), bench, framework=framework, lang=lang, size=MEETING)
        if before is not None:
            draw_last_time(self.figure, before, lang)
        self.figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.line = next(line for line in self.figure.axes[0].get_lines() if line.get_gid() == "client")
        self.line.set_animated(True)  # left out of the full draw; drawn alone on each change
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png_with(self, dimensions: Mapping[str, float | None]) -> bytes:
        """The PNG of the background with the client's line for these scores."""
        from ..outputs.charts import update_radar

        update_radar(self.figure, dimensions, self.fw)
        self.canvas.restore_region(self.background)
        ax = self.figure.axes[0]
        ax.draw_artist(self.line)
        for label in ax.yaxis.get_ticklabels():  # the scale over the line, as in the exported radar
            ax.draw_artist(label)
        return _canvas_png(self.canvas)


def _band_key(bench: Benchmark | None) -> Any:
    """What the radar background depends on: the peer group and its quartiles."""
    if bench is None:
        return None
    stats = tuple((q, bench.q1.get(q), bench.median.get(q), bench.q3.get(q)) for q in bench.median)
    return (bench.group, bench.sample, stats)


def _canvas_png(canvas: Any) -> bytes:
    """PNG of the canvas as it stands (charts.figure_png would redraw everything: ~5× slower)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
