"""The meeting form in plain text (its summary, a draft's label): no widgets, so the session uses them too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.framework import Framework
from ..core.outcome import ClientOutcome
from ..text import N_, t
from ..text.formats import format_number, pick

if TYPE_CHECKING:
    from ..store.drafts import Draft


def draft_label(draft: Draft, lang: str) -> str:
    """`Boulangerie Tremblay — 3 / 5 — 2026-11-26 14:02`: enough to recognise a draft (answered out of its framework's questions)."""
    name = draft.client_name or t("(no name)", lang)
    return f"{name} — {draft.progress} — {draft.saved_at:%Y-%m-%d %H:%M}"


def summary_text(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """What the panel shows, as a few lines of text (the form's plain-text representation)."""
    r = outcome.result
    score = "–" if r.overall is None else format_number(r.overall, lang)
    total = len(fw.questions)
    verdict = pick(fw.verdict_labels[r.verdict], lang) if r.verdict else t("Verdict once all {total} are answered", lang, total=total)
    lines = [f"{t('Client meeting', lang)} — {pick(fw.title, lang)}", t("Questions answered: {n} / {total}", lang, n=total - len(r.missing), total=total)]
    label = t("Overall score", lang) if r.complete else t("Provisional score", lang)
    lines.append(t("{label}: {value}", lang, label=label, value=f"{score} / 100 — {verdict}"))
    for q in fw.questions:
        value = r.dimensions[q.id]
        shown = t("to answer", lang) if value is None else format_number(value, lang) + " / 100"
        lines.append("  " + t("{label}: {value}", lang, label=pick(q.short, lang), value=shown))
    for heading, codes, labels in ((N_("Blockers"), r.blockers, fw.blocker_labels), (N_("Risks"), r.risks, fw.risk_labels)):
        lines.append(f"{t(heading, lang)} ({len(codes)})")
        lines += [f"  - {pick(labels[c], lang)}" for c in codes]
    return "\n".join(lines)
