"""The client report's engagement sections as HTML: what next (verdict, path to ready, score).

Verdict and score are kept apart as on the meeting screen and in the deck (DESIGN "Plan and progress").
"""

from __future__ import annotations

import html
from typing import Any

from ..core.outcome import ClientOutcome
from ..text import N_, t, tn
from ..text.formats import format_date, format_number, pick


def what_next_html(m: ClientOutcome) -> str:
    """What would change the verdict, the path to ready, and what would raise the score."""
    lang, fw, r = m.lang, m.framework, m.result
    parts = []
    if r.complete and r.verdict != "ready":
        parts.append(f"<h3>{_e(t('What would change the verdict', lang))}</h3>")
        flips = m.verdict_changes
        if not flips:
            parts.append(f"<p>{_e(t('No single change alters the verdict: several are needed together.', lang))}</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{_change(m, c)}</li>" for c in flips) + "</ul>")
        if m.path is not None and m.path.changes:
            n = len(m.path.changes)
            parts.append(f"<h3>{_e(t('Path to ready', lang))} — {_e(tn('{n} change', '{n} changes', n, lang))}</h3>")
            steps = "".join(f"<li>{_e(s.description)} (+{_e(format_number(s.gain, lang))} {_e(t('points', lang))})</li>" for s in m.path.changes)
            verdict = pick(fw.verdict_labels[m.path.verdict], lang)
            parts.append(f"<ol>{steps}</ol><p>→ {_e(verdict)}, {_e(format_number(m.path.overall, lang))} / 100</p>")
    if r.overall is not None:
        parts.append(f"<h3>{_e(t('What would raise the score', lang))}</h3>")
        raises = m.score_raises
        if not raises:
            parts.append(f"<p>{_e(t('Nothing to improve: every answer is at its best.', lang))}</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{_change(m, c)}</li>" for c in raises) + "</ul>")
    return "".join(parts)


def _change(m: ClientOutcome, c: Any) -> str:
    lang = m.lang
    verdict = f" → {_e(pick(m.framework.verdict_labels[c.verdict], lang))}" if c.changes_verdict and c.verdict else ""
    return f"{_e(c.description)}{verdict} ({_e(format_number(c.overall, lang))} / 100, +{_e(format_number(c.gain, lang))} {_e(t('points', lang))})"


def _e(value: Any) -> str:
    return html.escape(str(value))


def action_plan_html(m: ClientOutcome) -> str:
    """The action plan as a table: dimension, action, owner, due date, status (nothing when there is none)."""
    lang, fw, plan = m.lang, m.framework, m.assessment.plan
    if not plan:
        return f"<h3>{_e(t('Action plan', lang))}</h3><p>{_e(t('No action plan recorded with this assessment.', lang))}</p>"
    head = "".join(f"<th>{_e(t(c, lang))}</th>" for c in (N_("Dimension"), N_("Action"), N_("Owner"), N_("Due"), N_("Status")))
    rows = "".join(
        f"<tr><td>{_e(pick(fw.question(i.question).short, lang) if i.question else '–')}</td><td>{_e(i.action)}</td>"
        f"<td>{_e(i.owner or '–')}</td><td>{_e(format_date(i.due, lang) if i.due else '–')}</td><td>{_e(t(i.status, lang))}</td></tr>"
        for i in plan
    )
    return f"<h3>{_e(t('Action plan', lang))}</h3><table><tr>{head}</tr>{rows}</table>"


def progress_html(m: ClientOutcome) -> str:
    """The client's visits (date, score, verdict, change) and the actions still open (nothing for a first assessment)."""
    from ..core.action_plan import open_items

    lang, fw, progress = m.lang, m.framework, m.progress
    if progress is None:
        return f"<h3>{_e(t('Progress since the first assessment', lang))}</h3><p>{_e(t('First assessment of this client: its progress shows from the first follow-up.', lang))}</p>"
    head = "".join(f"<th>{_e(t(c, lang))}</th>" for c in (N_("Date"), N_("Overall score"), N_("Verdict"), N_("Change")))
    rows = "".join(
        f"<tr><td>{_e(format_date(v.assessed_on, lang))}</td><td>{_e(format_number(v.overall, lang)) if v.overall is not None else '–'}</td>"
        f"<td>{_e(pick(fw.verdict_labels[v.verdict], lang)) if v.verdict else '–'}</td>"
        f"<td>{_e(_signed(v.delta['overall'], lang)) if v.delta and 'overall' in v.delta else '–'}</td></tr>"
        for v in progress.visits
    )
    parts = [f"<h3>{_e(t('Progress since the first assessment', lang))}</h3>{_chart(m)}<table><tr>{head}</tr>{rows}</table>"]
    still = open_items(m.assessment.plan) if m.assessment.plan else progress.open_items
    if still:
        items = "".join(f"<li>{_e(i.action)}{_e(' (' + i.owner + ')') if i.owner else ''}</li>" for i in still)
        parts.append(f"<p>{_e(t('{name}: {value}', lang, name=t('Open actions', lang), value=len(still)))}</p><ul>{items}</ul>")
    return "".join(parts)


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + format_number(value, lang)


def _chart(m: ClientOutcome) -> str:
    """The progress chart as an inline PNG (the report page is one self-contained file)."""
    import base64

    from .charts import figure_png
    from .charts_progress import plot_progress

    png = figure_png(plot_progress(m.progress, m.framework, m.lang), dpi=90)
    words = _e(t("Overall score at each assessment, on the verdict bands", m.lang))
    return f'<p><img alt="{words}" style="max-width:100%" src="data:image/png;base64,{base64.b64encode(png).decode()}"></p>'
