"""The eight slides of the client deck, in order, each drawn from the client's outcome."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..text.formats import format_date, format_money, format_number, format_percent, pick
from .deck_charts import add_columns, add_radar
from .deck_kit import (
    EMU_PER_INCH,
    GREY,
    Line,
    Page,
    add_box,
    add_bullets,
    add_table,
    add_text,
    body_placeholder,
    fill_paragraphs,
    fitting_size,
    solid,
    tint,
)

if TYPE_CHECKING:
    from pptx.slide import Slide

    from ..core.outcome import ClientOutcome
from ..text import t
from .deck_base import _Deck, _house_title
from .deck_plan import action_plan_slide, next_steps_slide, progress_slide

VERDICT_INK = {"ready": "FFFFFF", "conditional": "000000", "not_ready": "FFFFFF", None: "000000"}


def title_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title", m.client)
    lines = [pick(m.framework.title, lang), t("Assessment of {date}", lang, date=format_date(m.assessment.assessed_on, lang))]
    if m.assessment.consultant:
        lines.append(t("Prepared by {name}", lang, name=m.assessment.consultant))
    body = body_placeholder(slide)
    if body is not None:
        fill_paragraphs(body.text_frame, lines, page.pt(20), align="left" if d.house else None)
    else:
        add_text(slide, page.columns(1)[0], lines, page.pt(20))
    if d.house:
        _house_title(d, slide, page)
    general = m.assessment.notes.get("general")
    d.notes(slide, [t("{label}: {value}", lang, label=t("General note", lang), value=general)] if general else [])


def verdict_slide(d: _Deck) -> None:
    m, lang, r = d.m, d.lang, d.m.result
    title = t("Verdict: {verdict}", lang, verdict=d.verdict_label(r.verdict)) if r.verdict else t("Provisional result", lang)
    slide, page = d.add("title_only", title)
    inch = round(EMU_PER_INCH * page.scale)
    gauge = round(1.45 * inch) if r.overall is not None else 0
    left, right = ((x, y, w, h - gauge) for x, y, w, h in page.columns(0.36, 0.64))
    _verdict_badge(slide, page, left, r.verdict, d.verdict_label(r.verdict))
    score = (left[0], left[1] + round(1.2 * inch), left[2], round(1.3 * inch))
    add_text(slide, score, [d.number(r.overall)], page.pt(66), bold=True, color=page.heading, align="center")
    caption = (left[0], score[1] + score[3], left[2], round(0.5 * inch))
    add_text(slide, caption, [_score_caption(d)], page.pt(16), color=GREY, align="center")
    heading = (right[0], right[1], right[2], round(0.55 * inch))
    add_text(slide, heading, [t("Why this verdict", lang) if r.verdict else t("Where the assessment stands", lang)], page.pt(22), bold=True, color=page.heading)
    add_bullets(slide, (right[0], right[1] + heading[3], right[2], right[3] - heading[3]), _verdict_reasons(d), page)
    if r.overall is not None:
        _score_scale(d, slide, page, (page.margin, page.bottom - gauge, page.width - 2 * page.margin, gauge), r.overall)
    if m.benchmark is not None and m.benchmark.percentile.get("overall") is not None:
        d.sample_mark(slide, page)
    general = m.assessment.notes.get("general")
    d.notes(slide, [general] if general else [])


def _score_caption(d: _Deck) -> str:
    """`Overall score, out of 100`, or, while questions are unanswered, a provisional score on how many."""
    r, lang, total = d.m.result, d.lang, len(d.qids)
    if r.complete:
        return f"{t('Overall score', lang)}, {t('out of 100', lang)}"
    answered = total - len(r.missing)
    return t("Provisional score", lang) + (", " + t("on {n} of {total} questions: not a result yet", lang, n=answered, total=total) if answered else "")


def _score_scale(d: _Deck, slide: Slide, page: Page, box: tuple, overall: float) -> None:
    """The 0–100 scale cut into the three verdict zones, with a marker at the client's score."""
    from .charts import VERDICT_COLOURS

    fw, inch = d.m.framework, round(EMU_PER_INCH * page.scale)
    left, top, width, _ = box
    bar_top, bar_height = top + round(0.55 * inch), round(0.5 * inch)
    x = lambda value: left + round(width * value / 100)  # noqa: E731
    zones = ((0, fw.conditional_at, "not_ready"), (fw.conditional_at, fw.ready_at, "conditional"), (fw.ready_at, 100, "ready"))
    for start, end, verdict in zones:
        here = start <= overall < end or (overall == end == 100)
        colour = VERDICT_COLOURS[verdict].lstrip("#")
        zone = add_box(slide, (x(start), bar_top, x(end) - x(start), bar_height), colour if here else tint(colour, 0.3))
        ink = VERDICT_INK[verdict] if here else page.ink
        fill_paragraphs(zone.text_frame, [d.verdict_label(verdict)], page.pt(14), bold=here, color=ink, align="center")
        zone.text_frame.word_wrap = True
    for value in (0, fw.conditional_at, fw.ready_at, 100):
        align = "left" if value == 0 else "right" if value == 100 else "center"
        at = {"left": x(value), "right": x(value) - inch, "center": x(value) - inch // 2}[align]
        add_text(slide, (at, bar_top + bar_height + round(0.05 * inch), inch, round(0.3 * inch)), [format_number(value, d.lang)],
                 page.pt(11), color=GREY, align=align)
    _score_marker(slide, page, x(overall), bar_top, d.number(overall))


def _score_marker(slide: Slide, page: Page, x: int, bar_top: int, label: str) -> None:
    """A navy triangle pointing down at the score, the score written above it."""
    from pptx.enum.shapes import MSO_SHAPE

    inch = round(EMU_PER_INCH * page.scale)
    size = round(0.24 * inch)
    marker = slide.shapes.add_shape(MSO_SHAPE.ISOSCELES_TRIANGLE, x - size // 2, bar_top - size, size, size)
    marker.rotation = 180
    solid(marker, page.heading)
    add_text(slide, (x - inch // 2, bar_top - size - round(0.33 * inch), inch, round(0.3 * inch)), [label], page.pt(13),
             bold=True, color=page.heading, align="center")


def _verdict_reasons(d: _Deck) -> list[Line]:
    """Why the verdict: the rule, what is missing, the blockers and risks, the rank among peers."""
    m, lang, r = d.m, d.lang, d.m.result
    fw = m.framework
    reasons: list[Line] = [t("Ready from {ready} out of 100, ready with conditions from {conditional}, and no blocker at all.", lang, ready=format_number(fw.ready_at, lang), conditional=format_number(fw.conditional_at, lang))]
    if r.missing:
        reasons.append(t("Incomplete assessment, unanswered: {questions}.", lang, questions=", ".join(d.short(q) for q in r.missing)))
    reasons.append(t("Blockers: {n}", lang, n=len(r.blockers)) if r.blockers else t("No blocker: nothing stands in the way of a launch.", lang))
    reasons += [(pick(fw.blocker_labels[c], lang), 1) for c in r.blockers]
    if r.risks:
        reasons.append(t("Risks: {n}", lang, n=len(r.risks)))
        reasons += [(pick(fw.risk_labels[c], lang), 1) for c in r.risks]
    b = m.benchmark
    if b is not None and b.shown and b.percentile.get("overall") is not None and r.complete:
        from .charts import group_label
        from .standing import standing_text

        reasons.append(standing_text(b.percentile["overall"], lang))
        reasons.append((group_label(b, lang), 1))
    return reasons


def dimensions_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    b = m.benchmark
    peers = b is not None and b.shown
    n = len(d.qids)
    slide, page = d.add("title_only", t("The {n} dimensions against peers", lang, n=n) if peers else t("The {n} dimensions", lang, n=n))
    left, right = page.columns(0.56, 0.44)
    labels = [d.short(q) for q in d.qids]
    series = {t("Client", lang): [m.result.dimensions.get(q) for q in d.qids]}
    if peers:
        series[t("Peer median", lang)] = [b.median.get(q) for q in d.qids]
    add_radar(slide, left, labels, series, page)
    header = [t("Dimension", lang), t("Client", lang)] + ([t("Peer median", lang)] if peers else [])
    rows = [[labels[i], d.number(series[t("Client", lang)][i])] + ([d.number(b.median.get(q))] if peers else [])
            for i, q in enumerate(d.qids)]
    rows.append([t("Overall score", lang) if m.result.complete else t("Provisional score", lang), d.number(m.result.overall)] + ([d.number(b.median.get("overall"))] if peers else []))
    table_box = (right[0], right[1] + round(0.5 * EMU_PER_INCH * page.scale), right[2], right[3])
    add_table(slide, table_box, header, rows, page, widths=(0.46, 0.22, 0.32) if peers else (0.6, 0.4), numeric=(1, 2), bold_last=True)
    d.sample_mark(slide, page)
    d.notes(slide, d.question_notes())


def peers_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    b = m.benchmark
    if b is None:
        return
    slide, page = d.add("title_only", t("Against comparable clients", lang))
    if not b.shown:
        _no_peers(slide, page, lang)
    else:
        _peer_figures(d, slide, page)
    d.sample_mark(slide, page)


def _no_peers(slide: Slide, page: Page, lang: str) -> None:
    box = page.columns(1)[0]
    middle = (box[0], box[1] + box[3] // 3, box[2], round(1.0 * EMU_PER_INCH * page.scale))
    add_text(slide, middle, [t("Not enough comparable clients", lang)], page.pt(30), bold=True, color=page.heading, align="center")
    below = (box[0], middle[1] + middle[3], box[2], round(1.0 * EMU_PER_INCH * page.scale))
    add_text(slide, below, [t("The comparison group is too small to show without exposing other clients.", lang)], page.pt(18), color=GREY, align="center")


def _peer_figures(d: _Deck, slide: Slide, page: Page) -> None:
    from .charts import group_label
    from .standing import percentile_text

    m, lang, b = d.m, d.lang, d.m.benchmark
    left, right = page.columns(0.5, 0.5)
    _distribution_chart(d, slide, page, left)
    y, inch = right[1], round(EMU_PER_INCH * page.scale)
    overall = b.percentile.get("overall") if m.result.complete else None
    big = percentile_text(overall, lang) if overall is not None else "–"
    add_text(slide, (right[0], y, right[2], round(0.9 * inch)), [big], page.pt(40 if len(big) <= 14 else 30), bold=True, color=page.heading)
    below = t("Overall score among peers", lang) if m.result.complete else t("Rank among peers once all {total} questions are answered.", lang, total=len(d.qids))
    add_text(slide, (right[0], y + round(0.9 * inch), right[2], round(0.45 * inch)), [below], page.pt(16), color=GREY)
    shares = {v: format_percent(100 * b.verdict_shares.get(v, 0.0), lang, 0) for v in ("ready", "conditional", "not_ready")}
    facts = [group_label(b, lang), t("Among peers: {ready} ready, {conditional} with conditions, {not_ready} not ready.", lang, **shares)]
    add_bullets(slide, (right[0], y + round(1.4 * inch), right[2], round(1.3 * inch)), facts, page, sizes=(16, 14, 12))
    rows = [[d.short(q), "–" if b.percentile.get(q) is None else percentile_text(b.percentile[q], lang)] for q in d.qids]
    add_table(slide, (right[0], y + round(2.8 * inch), right[2], right[3] - round(2.8 * inch)),
              [t("Dimension", lang), t("Percentile", lang)], rows, page, widths=(0.55, 0.45), numeric=(1,), size=14 if len(rows) <= 5 else None)


def _distribution_chart(d: _Deck, slide: Slide, page: Page, box: tuple) -> None:
    """Peers' overall scores as a native column chart (share of peers per 10 points), the client's column in blue."""
    from .charts import peers_label

    m, lang, b = d.m, d.lang, d.m.benchmark
    counts = list(b.histogram)
    total = sum(counts) or 1
    shares = [100 * c / total for c in counts]
    bins = [f"{start}–{start + 10}" for start in range(0, 100, 10)]
    overall = m.result.overall if m.result.complete else None  # (a provisional score is not placed among final ones)
    at = None if overall is None else min(int(overall // 10), 9)
    label = None if overall is None else t("{label}: {value}", lang, label=t("Client", lang), value=format_number(overall, lang))
    add_columns(slide, box, bins, peers_label(b, lang), shares, page, highlight=at, label=label,
                axis_titles=(t("Overall score (0–100)", lang), t("Share of peers (%)", lang)))


def blockers_slide(d: _Deck) -> None:
    m, lang, r = d.m, d.lang, d.m.result
    if not (r.blockers or r.risks):
        return  # nothing to say beyond the verdict slide's "no blocker": no near-empty slide
    slide, page = d.add("title_only", t("Blockers and risks", lang))
    fw = m.framework
    left, right = page.columns(0.5, 0.5)
    blockers = [_issue(d, c, fw.blocker_labels) for c in r.blockers]
    risks = [_issue(d, c, fw.risk_labels) for c in r.risks]
    _labelled_column(slide, page, left, t("Blockers", lang), t("To settle before any launch", lang), blockers or [t("No blocker: nothing stands in the way of a launch.", lang)], "D55E00")
    _labelled_column(slide, page, right, t("Risks", lang), t("To keep an eye on", lang), risks or [t("No risk found.", lang)], "E69F00")
    d.notes(slide, d.question_notes([q for q in d.qids if any(_dimension_of(m, c) == q for c in r.blockers + r.risks)]))


def _issue(d: _Deck, code: str, labels: Mapping[str, Any]) -> str:
    """`Objectives — No real objective…`: a blocker or risk with the dimension it comes from."""
    qid = _dimension_of(d.m, code)
    label = pick(labels[code], d.lang)
    return f"{d.short(qid)} — {label}" if qid else label


def _labelled_column(slide: Slide, page: Page, box: tuple, heading: str, hint: str, items: list[str], colour: str) -> None:
    """A coloured heading band, a hint line below it, then the items as bullets."""
    inch = round(EMU_PER_INCH * page.scale)
    band = add_box(slide, (box[0], box[1], box[2], round(0.6 * inch)), colour)
    fill_paragraphs(band.text_frame, [heading], page.pt(20), bold=True, color="FFFFFF" if colour == "D55E00" else "000000")
    add_text(slide, (box[0], box[1] + round(0.7 * inch), box[2], round(0.45 * inch)), [hint], page.pt(14), color=GREY, italic=True)
    add_bullets(slide, (box[0], box[1] + round(1.2 * inch), box[2], box[3] - round(1.2 * inch)), items, page, bold_prefix=" — ")


def _dimension_of(m: ClientOutcome, code: str) -> str | None:
    """The question a blocker or risk code belongs to."""
    return m.framework.issue_sources.get(code)


def recommendations_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    recs = m.result.recommendations
    if not recs:
        return  # every answer at its best: the verdict slide says enough
    slide, page = d.add("content", t("Recommendations", lang))
    lines = [f"{d.short(r.dimension)} — {r.text}" for r in recs]
    body = body_placeholder(slide)
    if body is not None:
        size = fitting_size(lines, body.width, body.height, page, (22, 20, 18, 16, 14, 12))
        fill_paragraphs(body.text_frame, lines, page.pt(size), bold_prefix=" — ")
    else:
        add_bullets(slide, page.columns(1)[0], lines, page)
    d.notes(slide, d.question_notes(list(dict.fromkeys(r.dimension for r in recs))))


def answers_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title_only", t("Appendix: the client's answers", lang))
    rows = [[d.short(q), answer_text(m, q), d.number(m.result.dimensions.get(q))] for q in d.qids]
    add_table(slide, page.columns(1)[0], [t("Question", lang), t("Answer", lang), t("Score", lang)], rows, page,
              widths=(0.2, 0.68, 0.12), numeric=(2,), size=15 if len(rows) <= 5 else None)
    d.notes(slide, d.question_notes())


def answer_text(m: ClientOutcome, qid: str) -> str:
    """The client's answer to one question, as a consultant would say it."""
    lang, fw = m.lang, m.framework
    answer = m.assessment.answers.get(qid)
    if answer is None:
        return t("unanswered", lang)
    question = fw.question(qid)
    if question.answered_by_choice:
        words = pick(question.choice(answer["choice"]).label, lang)
        goals = [pick(question.goals[g], lang) for g in answer.get("goals", []) if g in question.goals]
        return f"{words}. " + t("{label}: {value}", lang, label=t("Goals", lang), value=", ".join(goals)) if goals else words
    if question.kind == "amount":
        return t("{amount} a year", lang, amount=format_money(answer["annual_amount"], answer["currency"], lang))
    rate = answer.get("bounce_rate")
    shown = t("unknown", lang) if rate is None else format_percent(rate, lang)
    roi = pick(question.website.roi_choice(answer["roi"]).label, lang)
    return t("{label}: {value}", lang, label=t("Bounce rate", lang), value=shown) + ". " + t("{label}: {value}", lang, label=t("Website return", lang), value=roi)


SLIDES = (title_slide, verdict_slide, dimensions_slide, peers_slide, blockers_slide, recommendations_slide,
          next_steps_slide, action_plan_slide, progress_slide, answers_slide)  # fmt: skip


def _verdict_badge(slide: Slide, page: Page, box: tuple, verdict: str | None, label: str) -> None:
    """The verdict as a coloured badge: colour and words, so it reads in black and white too."""
    from pptx.enum.text import MSO_ANCHOR

    from .charts import VERDICT_COLOURS

    height = round(1.1 * EMU_PER_INCH * page.scale)
    badge = add_box(slide, (box[0], box[1], box[2], height), VERDICT_COLOURS[verdict].lstrip("#"), rounded=True)
    badge.text_frame.word_wrap = True
    badge.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    size = 28 if len(label) <= 14 else 24
    fill_paragraphs(badge.text_frame, [label], page.pt(size), bold=True, color=VERDICT_INK[verdict], align="center")
