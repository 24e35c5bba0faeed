"""The deck's engagement slides: next steps (the path to ready, or what would raise the score), the action plan, progress.

Verdict and score are kept apart as on the meeting screen: a client not yet ready sees the fewest
changes that together make it ready; a ready client (or a provisional result) sees each question's
best single change for the score.
"""

from __future__ import annotations

from ..text import N_, t, tn
from ..text.formats import format_date, format_number, pick
from .deck_base import _Deck
from .deck_kit import EMU_PER_INCH, GREY, add_bullets, add_table, add_text

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
    raises = m.score_raises[:MAX_NEXT_STEPS]
    if not raises:
        return  # every answer at its best (or the rest still to answer): no slide left nearly empty to say so
    slide, page = d.add("title_only", t("Next steps: what would raise the score", lang))
    box = page.columns(1)[0]
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


def action_plan_slide(d: _Deck) -> None:
    """The action plan agreed with the client: what, on which question, who, by when, done or not (only when there is one)."""
    plan, lang = d.m.assessment.plan, d.lang
    if not plan:
        return
    slide, page = d.add("title_only", t("Action plan", lang))
    box = page.columns(1)[0]
    header = [t("Dimension", lang), t("Action", lang), t("Owner", lang), t("Due", lang), t("Status", lang)]
    rows = [[d.short(item.question) if item.question else "–", item.action, item.owner or "–",
             format_date(item.due, lang) if item.due else "–", t(STATUS_WORDS[item.status], lang)] for item in plan[:MAX_ITEMS_SHOWN]]  # fmt: skip
    add_table(slide, box, header, rows, page, widths=(0.17, 0.35, 0.18, 0.18, 0.12), bold_rows=[not item.done for item in plan[:MAX_ITEMS_SHOWN]])
    if len(plan) > MAX_ITEMS_SHOWN:
        d.notes(slide, [f"- {item.action}" for item in plan[MAX_ITEMS_SHOWN:]])


def progress_slide(d: _Deck) -> None:
    """For a follow-up: the score at each visit against the verdict thresholds (a native chart), and what changed since last time."""
    from .deck_charts import add_progress

    m, lang = d.m, d.lang
    progress = m.progress
    if progress is None or len(progress.visits) < 2:
        return
    slide, page = d.add("title_only", t("Progress over the visits", lang))
    left, right = page.columns(0.62, 0.38)
    fw, visits = m.framework, [v for v in progress.visits if v.overall is not None]
    thresholds = {t("{verdict} from {at}", lang, verdict=pick(fw.verdict_labels[code], lang), at=format_number(at, lang)): at
                  for code, at in (("conditional", fw.conditional_at), ("ready", fw.ready_at))}  # fmt: skip
    add_progress(slide, left, [format_date(v.assessed_on, lang) for v in visits], t("Overall score", lang),
                 [v.overall for v in visits], thresholds, page)  # fmt: skip
    add_bullets(slide, right, since_last_time(m, lang), page, sizes=(18, 16, 14, 12))


def since_last_time(m, lang: str) -> list[str]:
    """What changed since the visit before: the score, the verdict, the dimensions that moved, the actions done."""
    before, now = m.progress.visits[-2], m.progress.visits[-1]
    delta = now.delta or {}
    lines = [t("Since {date}: {change} points", lang, date=format_date(before.assessed_on, lang), change=_signed(delta.get("overall", 0), lang))]
    if before.verdict != now.verdict and before.verdict and now.verdict:
        lines.append(t("{label}: {value}", lang, label=t("Verdict", lang),
                       value=f"{pick(m.framework.verdict_labels[before.verdict], lang)} → {pick(m.framework.verdict_labels[now.verdict], lang)}"))  # fmt: skip
    moved = sorted(((q, v) for q, v in delta.items() if q != "overall" and v), key=lambda item: -abs(item[1]))
    lines += [t("{name}: {value}", lang, name=pick(m.framework.question(q).short, lang), value=_signed(v, lang)) for q, v in moved]
    items = before.assessment.plan
    if items:
        done = {i.action for i in m.assessment.plan if i.done}
        lines.append(t("Actions done: {done} / {total}", lang, done=sum(1 for i in items if i.action in done), total=len(items)))
    return lines


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + format_number(value, lang)


STATUS_WORDS = {"open": N_("open"), "done": N_("done")}
MAX_ITEMS_SHOWN = 10
