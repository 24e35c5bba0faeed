"""The client report's engagement sections as HTML: what next (verdict, path to ready, score).

Verdict and score are kept apart as on the meeting screen and in the deck (DESIGN "Plan and progress").
"""

from __future__ import annotations

import html
from typing import Any

from ..core.outcome import ClientOutcome
from ..text import t, tn
from ..text.formats import format_number, pick


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
