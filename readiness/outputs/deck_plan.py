"""The deck's engagement slides: next steps (the path to ready, or what would raise the score).

Verdict and score are kept apart as on the meeting screen: a client not yet ready sees the fewest
changes that together make it ready; a ready client (or a provisional result) sees each question's
best single change for the score.
"""

from __future__ import annotations

from ..text import t, tn
from ..text.formats import format_number
from .deck_base import _Deck
from .deck_kit import EMU_PER_INCH, GREY, add_table, add_text

MAX_NEXT_STEPS = 6


def next_steps_slide(d: _Deck) -> None:
    """The path to ready when there is one to walk, else what would raise the score."""
    m = d.m
    if m.path is not None and m.path.changes:
        _path_slide(d)
    else:
        _raises_slide(d)


def _path_slide(d: _Deck) -> None:
    m, lang, path = d.m, d.lang, d.m.path
    slide, page = d.add("title_only", t("Next steps: the path to ready", lang))
    box = page.columns(1)[0]
    inch = round(EMU_PER_INCH * page.scale)
    together = tn("This change makes the verdict {verdict} ({score} / 100).", "Together these {n} changes make the verdict {verdict} ({score} / 100).",
                  len(path.changes), lang, verdict=d.verdict_label(path.verdict), score=format_number(path.overall, lang))  # fmt: skip
    flips = {c.dimension for c in m.verdict_changes}
    note = t("In bold, a change that alone changes the verdict.", lang) if flips & {s.question for s in path.changes} else ""
    add_text(slide, (box[0], box[1], box[2], round(0.6 * inch)), [" ".join(x for x in (together, note) if x)], page.pt(15), color=GREY, italic=True)
    header = [t("Dimension", lang), t("Change", lang), t("Gain", lang)]
    rows = [[d.short(s.question), _without_name(d, s.question, s.description), f"+{format_number(s.gain, lang)}"] for s in path.changes]
    add_table(slide, (box[0], box[1] + round(0.7 * inch), box[2], box[3] - round(0.7 * inch)), header, rows, page,
              widths=(0.2, 0.66, 0.14), numeric=(2,), bold_rows=[s.question in flips for s in path.changes])  # fmt: skip


def _raises_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title_only", t("Next steps: what would raise the score", lang))
    box = page.columns(1)[0]
    raises = m.score_raises[:MAX_NEXT_STEPS]
    if not raises:
        add_text(slide, box, [t("No single-answer change improves the result.", lang)], page.pt(20), color=page.ink)
        return
    inch = round(EMU_PER_INCH * page.scale)
    add_text(slide, (box[0], box[1], box[2], round(0.5 * inch)), [t("One answer changed at a time: each question's best change.", lang)], page.pt(15), color=GREY, italic=True)
    header = [t("Dimension", lang), t("Change", lang), t("Gain", lang), t("New score", lang)]
    rows = [[d.short(c.dimension), _without_name(d, c.dimension, c.description), f"+{format_number(c.gain, lang)}", format_number(c.overall, lang)] for c in raises]
    add_table(slide, (box[0], box[1] + round(0.6 * inch), box[2], box[3] - round(0.6 * inch)), header, rows, page,
              widths=(0.19, 0.53, 0.12, 0.16), numeric=(2, 3))  # fmt: skip


def _without_name(d: _Deck, qid: str, description: str) -> str:
    """The change without the dimension name in front (the table has its own column for it)."""
    for prefix in (f"{d.short(qid)}:", f"{d.short(qid)}\u00a0:"):
        if description.startswith(prefix):
            return description[len(prefix) :].strip()
    return description
