"""The results panel's "what next": what would change the verdict, the path to ready, what would raise the score.

Verdict and score are kept apart (DESIGN "Plan and progress"): the first list holds only single
changes that change the verdict; when none does, the path to ready says which changes together
do; the last list gives each question's best single change for the score.
"""

from __future__ import annotations

import html
from typing import Any

from ..core.framework import Framework
from ..core.outcome import ClientOutcome
from ..core.scoring import Change
from ..text import t, tn
from ..text.formats import format_date, format_number, pick

RAISES_SHOWN = 3
VERDICT_ICONS = {"ready": "✔", "conditional": "◐", "not_ready": "✖"}


def what_next_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """The three short lists, as HTML for the panel (only the score list while the assessment is provisional)."""
    r = outcome.result
    if r.overall is None:
        return _section(t("What would raise the score", lang)) + _muted(t("Answer a question to see what would raise the score.", lang))
    parts = []
    if r.complete and r.verdict != "ready":
        parts.append(_verdict_html(fw, outcome, lang))
        parts.append(_path_html(fw, outcome, lang))
    parts.append(_raises_html(fw, outcome, lang))
    return "".join(parts)


def _verdict_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    head = _section(t("What would change the verdict", lang))
    flips = outcome.verdict_changes
    if not flips:
        return head + _muted(t("No single change alters the verdict: several are needed together.", lang))
    return head + f'<ul class="rd-list r-verdict-changes">{"".join(_change_html(fw, c, lang) for c in flips)}</ul>'


def _path_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    path = outcome.path
    if path is None or not path.changes or _already_listed(path, outcome):
        return ""  # (one change to ready already listed under what would change the verdict)
    n = len(path.changes)
    head = _section(t("Path to ready", lang) + " — " + tn("{n} change", "{n} changes", n, lang))
    items = "".join(f'<li>{html.escape(s.description)} <span class="rd-gain">+{format_number(s.gain, lang)} {t("pts", lang)}</span></li>' for s in path.changes)
    result = f'{VERDICT_ICONS[path.verdict]} {html.escape(pick(fw.verdict_labels[path.verdict], lang))}, {format_number(path.overall, lang)} / 100'
    return head + f'<ol class="rd-list r-path">{items}</ol><div class="rd-flip">→ {result}</div>'


def _already_listed(path: Any, outcome: ClientOutcome) -> bool:
    """Whether the path is one change that "what would change the verdict" already shows, to the same verdict."""
    if len(path.changes) != 1:
        return False
    step = path.changes[0]
    return any(c.dimension == step.question and c.description == step.description and c.verdict == path.verdict for c in outcome.verdict_changes)


def _raises_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    head = _section(t("What would raise the score", lang))
    raises = outcome.score_raises[:RAISES_SHOWN]
    if not raises and outcome.result.missing:  # a provisional result claims nothing of the questions not answered
        return head + _muted(t("The answers given so far are at their best; still to answer: {n}.", lang, n=len(outcome.result.missing)))
    if not raises:
        return head + _muted(t("Nothing to improve: every answer is at its best.", lang))
    return head + f'<ul class="rd-list r-what-if">{"".join(_change_html(fw, c, lang) for c in raises)}</ul>'


def _change_html(fw: Framework, change: Change, lang: str) -> str:
    gain = f'<span class="rd-gain">+{format_number(change.gain, lang)} {t("pts", lang)}</span>'
    flip = ""
    if change.changes_verdict and change.verdict:
        flip = f' <span class="rd-flip">→ {VERDICT_ICONS[change.verdict]} {html.escape(pick(fw.verdict_labels[change.verdict], lang))}</span>'
    return f"<li>{html.escape(change.description)} {gain}{flip}</li>"


def _section(heading: str) -> str:
    return f'<div class="rd-section">{html.escape(heading)}</div>'


def _muted(text: str) -> str:
    return f'<div class="rd-muted">{html.escape(text)}</div>'


def since_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """For a follow-up: the change since the visit before (score, verdict, each dimension that moved) and the actions done and open."""
    progress = outcome.progress
    if progress is None or len(progress.visits) < 2:
        return ""
    before, now = progress.visits[-2], progress.visits[-1]
    head = _section(t("Since last time ({date})", lang, date=format_date(before.assessed_on, lang)))
    delta = now.delta or {}
    lines = []
    if "overall" in delta:
        verdicts = ""
        if before.verdict and now.verdict and before.verdict != now.verdict:
            verdicts = f" · {html.escape(pick(fw.verdict_labels[before.verdict], lang))} → {html.escape(pick(fw.verdict_labels[now.verdict], lang))}"
        lines.append(f'<li><b>{_signed(delta["overall"], lang)} {t("pts", lang)}</b>{verdicts}</li>')
    moved = [(q.id, delta[q.id]) for q in fw.questions if delta.get(q.id)]
    lines += [f'<li>{html.escape(pick(fw.question(qid).short, lang))} <span class="rd-gain">{_signed(v, lang)}</span></li>' for qid, v in moved]
    plan = outcome.assessment.plan
    if plan:
        done = sum(1 for item in plan if item.done)
        lines.append(f"<li>{html.escape(t('Actions: {done} done, {open} open', lang, done=done, open=len(plan) - done))}</li>")
    return head + f'<ul class="rd-list r-since">{"".join(lines)}</ul>'


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + format_number(value, lang)


def last_time(outcome: ClientOutcome) -> tuple | None:
    """The dimension scores of the visit before, in the framework's order (None when this is not a follow-up)."""
    progress = outcome.progress
    if progress is None or len(progress.visits) < 2:
        return None
    before = progress.visits[-2].dimensions
    return tuple(before.get(qid) for qid in outcome.framework.question_ids)


def draw_last_time(figure: Any, before: tuple, lang: str) -> None:
    """Add the last visit's scores to a radar as a grey dashed line, with its entry in the legend."""
    import numpy as np

    ax = figure.axes[0]
    angles = np.linspace(0, 2 * np.pi, len(before), endpoint=False)
    values = np.array([np.nan if v is None else v for v in before], dtype=float)
    ax.plot(np.append(angles, angles[0]), np.append(values, values[0]), color="#555555", linestyle=":", linewidth=1.8, label=t("Last time", lang), gid="last-time")
    for legend in list(figure.legends):
        legend.remove()
    from ..outputs.charts import legend_size

    handles, labels = ax.get_legend_handles_labels()
    size = legend_size(labels, figure.get_figwidth(), 8)  # (the four entries on one row, within the picture)
    figure.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.045), ncol=4, fontsize=size, frameon=False)
