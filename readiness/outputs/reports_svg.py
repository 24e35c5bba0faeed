"""The report's three charts drawn as SVG for the page: radar, overall score among peers, dimensions against peers.

Why not the matplotlib Figures of readiness.outputs.charts, as the chart files and the meeting
use? In a report they cost 170 ms of the 175 ms a page takes (figure, layout, then the SVG
writer), which made a batch of 300 reports about 30 times one report on two cores. A report page
is a web document, so its charts are drawn in the web's own vector format from the same outcome,
as the deck draws native PowerPoint charts: about 1 ms each, crisp at any zoom and on paper,
their text real text (searchable in the PDF, in the page's font), and a few kilobytes.

They follow the house chart rules of charts.py and use its palette and words: fixed 0–100 scales,
the client solid with markers, the peers dashed with a band for the middle half, readable in
black and white, the peer group named (never a client), "sample data" when the peers are the
shipped sample. One axis per question of the framework, whatever their number.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..text import t
from ..text.formats import format_number, pick
from .charts import BAND, CLIENT, GREY, MEDIAN, PEERS, VERDICT_COLOURS, group_label, percentile_text

if TYPE_CHECKING:
    from ..core.outcome import ClientOutcome

FONT = 11  # px in the chart's own units (the chart scales with the page)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(name: str, width: int, height: int, label: str, body: Iterable[str]) -> str:
    return (f'<svg class="chart chart-{name}" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(label)}" '
            f'style="max-width:{width}px" font-size="{FONT}">' + "".join(body) + "</svg>")  # fmt: skip


def _text(x: float, y: float, words: str, *, anchor: str = "start", size: float = FONT, colour: str = "#222",
          weight: str = "normal", italic: bool = False, baseline: str = "middle", halo: bool = False) -> str:
    style = (' font-style="italic"' if italic else "") + (' stroke="#ffffff" stroke-width="3" paint-order="stroke"' if halo else "")
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="{baseline}" font-size="{size}" '
            f'fill="{colour}" font-weight="{weight}"{style}>{_e(words)}</text>')  # fmt: skip


def _lines(x: float, y: float, words: Sequence[str], **style: object) -> str:
    """Several lines of text centred on y."""
    gap = FONT * 1.15
    top = y - gap * (len(words) - 1) / 2
    return "".join(_text(x, top + i * gap, w, **style) for i, w in enumerate(words))  # type: ignore[arg-type]


def _wrap(text: str, width: int) -> list[str]:
    """Words on lines of at most about `width` characters (at most two lines, the rest cut with …)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:1] + ([lines[1] + ("…" if len(lines) > 2 else "")] if len(lines) > 1 else [])


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{width}"{dashes}/>'


def _rect(x: float, y: float, w: float, h: float, fill: str, *, opacity: float = 1, stroke: str = "none", dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}" '
            f'fill-opacity="{opacity}" stroke="{stroke}"{dashes}/>')  # fmt: skip


def _footer(benchmark: object, width: int, height: int, lang: str) -> str:
    """The peer group used (never a name), and "sample data" when the peers are the shipped sample."""
    if benchmark is None:
        return ""
    parts = [_text(4, height - 8, group_label(benchmark, lang), size=9, colour=GREY)]
    if getattr(benchmark, "sample", False):
        parts.append(_text(width - 4, height - 8, t("sample data", lang), anchor="end", size=9, colour=GREY, italic=True))
    return "".join(parts)


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> str:
    """Legend keys in a row from x: ("client" | "median" | "band", label)."""
    parts, at = [], x
    for key, label in items:
        if key == "bar":
            parts.append(_rect(at, y - 5, 22, 10, CLIENT, stroke="#000"))
        elif key == "client":
            parts += [_line(at, y, at + 22, y, CLIENT, 2.4), f'<circle cx="{at + 11}" cy="{y}" r="3" fill="{CLIENT}"/>']
        elif key == "median":
            parts.append(_line(at, y, at + 22, y, MEDIAN, 1.8, "5 3"))
        else:
            parts.append(_rect(at, y - 5, 22, 10, BAND, opacity=0.3, stroke=MEDIAN, dash="2 2"))
        parts.append(_text(at + 27, y, label, size=10))
        at += 27 + 5.6 * len(label) + 18
    return "".join(parts)


def _legend_width(items: Sequence[tuple[str, str]]) -> float:
    return sum(27 + 5.6 * len(label) + 18 for _, label in items) - 18


# ---------------------------------------------------------------- radar


def radar_svg(outcome: ClientOutcome, label: str) -> str:
    """One axis per question (0–100 from the centre), the peers' middle half as a band, their median dashed, the client solid."""
    m = outcome
    fw, lang, b = m.framework, m.lang, m.benchmark
    questions = [q.id for q in fw.questions]
    width, height, cx, cy, radius = 520, 400, 260, 186, 120
    n = len(questions)
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(angle: float, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(value, 100.0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [_rect(0, 0, width, height, "#ffffff")]
    tick_angle = -math.pi / 2 + math.pi / n  # between the first two axes, clear of their labels
    for level in (25, 50, 75, 100):
        r = radius * level / 100
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r:.1f}" fill="none" stroke="#cccccc" stroke-width="0.8"/>')
        if level < 100:
            parts.append(_text(cx + r * math.cos(tick_angle) + 2, cy + r * math.sin(tick_angle), str(level), size=8, colour=GREY))
    for angle, qid in zip(angles, questions, strict=True):
        parts.append(_line(cx, cy, *point(angle, 100), "#cccccc", 0.8))
        lx, ly = cx + (radius + 16) * math.cos(angle), cy + (radius + 16) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        words = _wrap(pick(fw.question(qid).short, lang), 16)
        shift = -FONT * 0.6 * (len(words) - 1) if math.sin(angle) < -0.3 else (FONT * 0.6 * (len(words) - 1) if math.sin(angle) > 0.3 else 0)
        parts.append(_lines(lx, ly + shift, words, anchor=anchor, size=12))
    legend = [("client", t("Client", lang))]
    if b is not None and b.shown:
        outer = [point(a, b.q3[q]) for a, q in zip(angles, questions, strict=True)]
        inner = [point(a, b.q1[q]) for a, q in zip(angles, questions, strict=True)]
        band = _path(outer, closed=True) + " " + _path(inner, closed=True)
        parts.append(f'<path d="{band}" fill="{BAND}" fill-opacity="0.22" fill-rule="evenodd" stroke="none"/>')
        median = [point(a, b.median[q]) for a, q in zip(angles, questions, strict=True)]
        parts.append(f'<path d="{_path(median, closed=True)}" fill="none" stroke="{PEERS}" stroke-width="1.8" stroke-dasharray="6 4"/>')
        legend = [("band", t("Peers: 25th–75th percentile", lang)), ("median", t("Peer median", lang))] + legend
    values = [m.result.dimensions.get(q) for q in questions]
    client = [point(a, v) if v is not None else None for a, v in zip(angles, values, strict=True)]
    parts.append(f'<path d="{_client_path(client)}" fill="none" stroke="{CLIENT}" stroke-width="2.4" stroke-linejoin="round"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{CLIENT}"/>' for x, y in filter(None, client)]
    parts.append(_legend((width - _legend_width(legend)) / 2, height - 34, legend))
    parts.append(_footer(b, width, height, lang))
    return _svg("radar", width, height, label, parts)


def _path(points: Sequence[tuple[float, float]], closed: bool = False) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'} {x:.1f} {y:.1f}" for i, (x, y) in enumerate(points))
    return d + (" Z" if closed else "")


def _client_path(points: Sequence[tuple[float, float] | None]) -> str:
    """The client's polygon, broken where a question is unanswered (nothing is drawn for it)."""
    if all(p is not None for p in points):
        return _path(points, closed=True)  # type: ignore[arg-type]
    d, pen = [], False
    for p in [*points, points[0]]:
        if p is None:
            pen = False
            continue
        d.append(f"{'L' if pen else 'M'} {p[0]:.1f} {p[1]:.1f}")
        pen = True
    return " ".join(d) or "M 0 0"


# ---------------------------------------------------------------- overall score among peers


def distribution_svg(outcome: ClientOutcome, label: str) -> str:
    """The peers' overall scores in 10-point bins (share of peers), the verdict zones, and the client's line and rank."""
    m = outcome
    fw, lang, b, overall = m.framework, m.lang, m.benchmark, m.result.overall
    width, height = 640, 270
    left, right, top, bottom = 58, 620, 36, 200
    x = lambda v: left + (right - left) * v / 100  # noqa: E731 - a scale, read as one
    parts = [_rect(0, 0, width, height, "#ffffff")]
    zones = ((0, fw.conditional_at, "not_ready"), (fw.conditional_at, fw.ready_at, "conditional"), (fw.ready_at, 100, "ready"))
    for start, end, verdict in zones:
        parts.append(_rect(x(start), top, x(end) - x(start), bottom - top, VERDICT_COLOURS[verdict], opacity=0.08))
        parts.append(_text((x(start) + x(end)) / 2, top - 8, pick(fw.verdict_labels[verdict], lang), anchor="middle", size=9, colour=GREY))
    shown = b is not None and b.shown and sum(b.histogram) > 0
    peak = 20.0
    if shown:
        total = sum(b.histogram)
        shares = [100 * c / total for c in b.histogram]
        peak = max(20.0, 10 * math.ceil(max(shares) / 10 + 0.15))
        y = lambda s: bottom - (bottom - top) * s / peak  # noqa: E731
        for i, share in enumerate(shares):
            parts.append(_rect(x(10 * i) + 2.5, y(share), x(10) - x(0) - 5, bottom - y(share), PEERS, opacity=0.75, stroke=MEDIAN, dash="4 2"))
    else:
        parts.append(_text((left + right) / 2, (top + bottom) / 2, t("Not enough comparable clients to show", lang), anchor="middle", colour=GREY))
    parts += _axes(left, right, top, bottom, peak, t("Overall score (0–100)", lang), t("Share of peers (%)", lang), lang)
    if overall is not None:
        parts.append(_line(x(overall), top, x(overall), bottom, CLIENT, 2.6))
        note = t("{label}: {value}", lang, label=t("Client", lang), value=format_number(overall, lang))
        if shown and b.percentile.get("overall") is not None:
            note += " · " + percentile_text(b.percentile["overall"], lang)
        flip = overall > 62
        parts.append(_text(x(overall) + (-6 if flip else 6), top + 14, note, anchor="end" if flip else "start", colour=CLIENT, weight="bold", halo=True))
    if shown:
        parts.append(_legend(left + 8, top + 34, [("band", f"{t('Peers', lang)} (n = {b.group.n})")]))
    parts.append(_footer(b, width, height, lang))
    return _svg("distribution", width, height, label, parts)


def _axes(left: float, right: float, top: float, bottom: float, peak: float, x_label: str, y_label: str, lang: str) -> list[str]:
    parts = [_line(left, bottom, right, bottom, "#444"), _line(left, top, left, bottom, "#444")]
    for v in range(0, 101, 10):
        px = left + (right - left) * v / 100
        parts += [_line(px, bottom, px, bottom + 4, "#444"), _text(px, bottom + 14, str(v), anchor="middle", size=9)]
    for s in range(0, int(peak) + 1, 10 if peak <= 60 else 20):
        py = bottom - (bottom - top) * s / peak
        parts += [_line(left - 4, py, left, py, "#444"), _text(left - 7, py, format_number(s, lang, 0), anchor="end", size=9)]
    parts.append(_text((left + right) / 2, bottom + 32, x_label, anchor="middle", size=10))
    parts.append(f'<text transform="translate({left - 38},{(top + bottom) / 2:.1f}) rotate(-90)" text-anchor="middle" '
                 f'dominant-baseline="middle" font-size="10" fill="#222">{_e(y_label)}</text>')  # fmt: skip
    return parts


# ---------------------------------------------------------------- dimensions against peers


def bars_svg(outcome: ClientOutcome, label: str) -> str:
    """One bar per question for the client, over the peers' middle half (band) and median (dashed)."""
    m = outcome
    fw, lang, b = m.framework, m.lang, m.benchmark
    questions = [q.id for q in fw.questions]
    row = 27
    width, left, right, top = 640, 190, 620, 40
    bottom = top + row * len(questions)
    height = bottom + 62
    x = lambda v: left + (right - left) * v / 100  # noqa: E731
    peers = b is not None and b.shown
    parts = [_rect(0, 0, width, height, "#ffffff")]
    for i, qid in enumerate(questions):
        mid = top + row * i + row / 2
        parts.append(_lines(left - 8, mid, _wrap(pick(fw.question(qid).short, lang), 28), anchor="end", size=10.5))
        if peers:
            parts.append(_rect(x(b.q1[qid]), mid - 11, max(x(b.q3[qid]) - x(b.q1[qid]), 1.5), 22, BAND, opacity=0.3, stroke=MEDIAN, dash="2 2"))
            parts.append(_line(x(b.median[qid]), mid - 12, x(b.median[qid]), mid + 12, MEDIAN, 1.8, "4 3"))
        value = m.result.dimensions.get(qid)
        if value is None:
            parts.append(_text(x(0) + 4, mid, "–"))
            continue
        parts.append(_rect(x(0), mid - 6.5, x(value) - x(0), 13, CLIENT, stroke="#000"))
        inside = value >= 15
        parts.append(_text(x(value) + (-4 if inside else 4), mid, format_number(value, lang), anchor="end" if inside else "start",
                           size=10, colour="#fff" if inside else "#000", weight="bold"))  # fmt: skip
    parts += [_line(left, bottom, right, bottom, "#444")]
    for v in range(0, 101, 10):
        parts += [_line(x(v), bottom, x(v), bottom + 4, "#444"), _text(x(v), bottom + 14, str(v), anchor="middle", size=9)]
    parts.append(_text((left + right) / 2, bottom + 32, t("Score (0–100)", lang), anchor="middle", size=10))
    legend = [("bar", t("Client", lang))] + ([("median", t("Peer median", lang)), ("band", t("Peers: 25th–75th percentile", lang))] if peers else [])
    parts.append(_legend((width - _legend_width(legend)) / 2, 16, legend))
    parts.append(_footer(b, width, height, lang))
    return _svg("bars", width, height, label, parts)
