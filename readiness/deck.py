"""The client deck: eight 16:9 slides built with python-pptx, native charts, speaker notes.

Slides: title; verdict and overall score; the five dimensions (native radar chart, editable,
with the peer median); the client against its peers; blockers and risks; recommendations;
next steps ("what would change the verdict"); appendix with the client's answers. The peers
slide is left out when there is no benchmark at all.

Without a template the deck uses the house style (python-pptx's default layouts, widened to
16:9, navy titles, a footer). With the agency's template its master and layouts are used,
picked by name (English or French PowerPoint names), and nothing of ours is drawn over them.
Embedded chart workbooks hold only this client's scores and the peer medians.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ReadinessError
from .framework import QUESTION_IDS
from .i18n import format_date, format_money, format_number, format_percent, pick, t

Line = str | tuple[str, int]  # a line of text, or (text, indent level)

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

    from .slides import Material

WIDE = (12192000, 6858000)  # 13.333 × 7.5 in, in EMU
EMU_PER_INCH = 914400
NAVY, INK, GREY, LIGHT = "1F3A5F", "333333", "666666", "EEF1F5"
VERDICT_INK = {"ready": "FFFFFF", "conditional": "000000", "not_ready": "FFFFFF", None: "000000"}
MAX_NEXT_STEPS = 5

# Layouts by role; each role accepts the English and the French PowerPoint name.
LAYOUTS = {
    "title": ("Title Slide", "Diapositive de titre"),
    "content": ("Title and Content", "Titre et contenu"),
    "title_only": ("Title Only", "Titre seul"),
}

TEXTS: Mapping[str, Mapping[str, str]] = {
    "assessed_on": {"fr": "Évaluation du {date}", "en": "Assessment of {date}"},
    "prepared_by": {"fr": "Préparé par {name}", "en": "Prepared by {name}"},
    "confidential": {"fr": "Confidentiel", "en": "Confidential"},
    "verdict_title": {"fr": "Verdict : {verdict}", "en": "Verdict: {verdict}"},
    "provisional_title": {"fr": "Résultat provisoire", "en": "Provisional result"},
    "out_of_100": {"fr": "sur 100", "en": "out of 100"},
    "why": {"fr": "Pourquoi ce verdict", "en": "Why this verdict"},
    "rule": {"fr": "Prêt à partir de {ready} sur 100, sous conditions à partir de {conditional}, et sans aucun bloquant.",
             "en": "Ready from {ready} out of 100, ready with conditions from {conditional}, and no blocker at all."},
    "n_blockers": {"fr": "Bloquants : {n}", "en": "Blockers: {n}"},
    "n_risks": {"fr": "Risques : {n}", "en": "Risks: {n}"},
    "no_blocker": {"fr": "Aucun bloquant : rien n'empêche le lancement.", "en": "No blocker: nothing stands in the way of a launch."},
    "no_risk": {"fr": "Aucun risque relevé.", "en": "No risk found."},
    "missing_line": {"fr": "Évaluation incomplète, sans réponse : {questions}.", "en": "Incomplete assessment, unanswered: {questions}."},
    "percentile_line": {"fr": "{percentile} parmi ses pairs", "en": "{percentile} among peers"},
    "dimensions": {"fr": "Les cinq dimensions", "en": "The five dimensions"},
    "dimensions_vs_peers": {"fr": "Les cinq dimensions face aux pairs", "en": "The five dimensions against peers"},
    "dimension": {"fr": "Dimension", "en": "Dimension"},
    "peer_median": {"fr": "Médiane des pairs", "en": "Peer median"},
    "peers_title": {"fr": "Face aux clients comparables", "en": "Against comparable clients"},
    "overall_among_peers": {"fr": "Score global parmi les pairs", "en": "Overall score among peers"},
    "percentile": {"fr": "Centile", "en": "Percentile"},
    "verdict_shares": {"fr": "Chez les pairs : {ready} prêts, {conditional} sous conditions, {not_ready} pas prêts.",
                       "en": "Among peers: {ready} ready, {conditional} with conditions, {not_ready} not ready."},
    "no_peers": {"fr": "Pas assez de clients comparables", "en": "Not enough comparable clients"},
    "no_peers_why": {"fr": "Le groupe de comparaison est trop petit pour être montré sans exposer d'autres clients.",
                     "en": "The comparison group is too small to show without exposing other clients."},
    "blockers_risks": {"fr": "Bloquants et risques", "en": "Blockers and risks"},
    "blockers_hint": {"fr": "À régler avant tout lancement", "en": "To settle before any launch"},
    "risks_hint": {"fr": "À surveiller", "en": "To keep an eye on"},
    "no_recommendation": {"fr": "Toutes les réponses sont au maximum : rien à recommander.",
                          "en": "Every answer is at its best: nothing to recommend."},
    "next_steps": {"fr": "Prochaines étapes : ce qui changerait le verdict", "en": "Next steps: what would change the verdict"},
    "next_steps_intro": {"fr": "Un seul changement de réponse à la fois ; en gras, ceux qui changent le verdict.",
                         "en": "One answer changed at a time; in bold, the changes that change the verdict."},
    "change": {"fr": "Changement", "en": "Change"},
    "gain": {"fr": "Gain", "en": "Gain"},
    "new_score": {"fr": "Nouveau score", "en": "New score"},
    "new_verdict": {"fr": "Verdict", "en": "Verdict"},
    "no_change": {"fr": "Aucun changement d'une seule réponse n'améliore le résultat.",
                  "en": "No single-answer change improves the result."},
    "answers_title": {"fr": "Annexe : les réponses du client", "en": "Appendix: the client's answers"},
    "question": {"fr": "Question", "en": "Question"},
    "answer": {"fr": "Réponse", "en": "Answer"},
    "score": {"fr": "Score", "en": "Score"},
    "per_year": {"fr": "{amount} par année", "en": "{amount} a year"},
    "general_note": {"fr": "Note générale", "en": "General note"},
}


def colon(lang: str) -> str:
    """`" : "` in French (with its space before), `": "` in English."""
    return " : " if lang == "fr" else ": "


def text(key: str, lang: str, **values: Any) -> str:
    """A fixed text of the deck in `lang`, with its values filled in."""
    return pick(TEXTS[key], lang).format(**values)


@dataclass(frozen=True)
class Page:
    """The drawable area of a slide: margins, content box and the type scale of this deck."""

    width: int
    height: int
    top: int
    house: bool

    @property
    def scale(self) -> float:
        """Type scale: 1 on a 13.333-inch-wide slide."""
        return self.width / WIDE[0]

    @property
    def margin(self) -> int:
        return round(0.6 * EMU_PER_INCH * self.scale)

    @property
    def bottom(self) -> int:
        return self.height - round(0.75 * EMU_PER_INCH * self.scale)

    def columns(self, *fractions: float, gap: float = 0.4) -> list[tuple[int, int, int, int]]:
        """Boxes (left, top, width, height) side by side, sharing the content width by fractions."""
        gap_emu = round(gap * EMU_PER_INCH * self.scale)
        usable = self.width - 2 * self.margin - gap_emu * (len(fractions) - 1)
        boxes, left = [], self.margin
        for f in fractions:
            width = round(usable * f / sum(fractions))
            boxes.append((left, self.top, width, self.bottom - self.top))
            left += width + gap_emu
        return boxes

    def pt(self, size: float) -> Any:
        from pptx.util import Pt

        return Pt(round(size * self.scale, 1))


# ---------------------------------------------------------------- the deck


def deck_bytes(material: Material, template: str | Path | None = None) -> bytes:
    """The deck as .pptx bytes."""
    prs = open_template(template) if template is not None else house_presentation()
    layouts = {role: find_layout(prs, role, template) for role in LAYOUTS}
    deck = _Deck(prs, layouts, material, house=template is None)
    for build in SLIDES:
        build(deck)
    for slide in prs.slides:
        _drop_empty_placeholders(slide)
    _set_properties(prs, material)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


class _Deck:
    """The presentation being built, with the material and the page geometry of each layout."""

    def __init__(self, prs: Presentation, layouts: Mapping[str, Any], material: Material, house: bool):
        self.prs, self.layouts, self.m, self.house = prs, layouts, material, house
        self.lang = material.lang

    def add(self, role: str, title: str) -> tuple[Slide, Page]:
        """A new slide of a layout role, its title filled in; placeholders left empty are removed."""
        slide = self.prs.slides.add_slide(self.layouts[role])
        page = self.page(role)
        if slide.shapes.title is not None:
            slide.shapes.title.text_frame.text = title
        if self.house and role != "title":
            _house_decorations(self, slide, page)
        return slide, page

    def page(self, role: str) -> Page:
        width, height = self.prs.slide_width, self.prs.slide_height
        title = next((p for p in self.layouts[role].placeholders if p.placeholder_format.idx == 0), None)
        top = title.top + title.height + round(0.2 * EMU_PER_INCH * width / WIDE[0]) if title is not None else 0
        if not 0 < top < height / 2:
            top = round(1.5 * EMU_PER_INCH * width / WIDE[0])
        return Page(width, height, top, self.house)

    def notes(self, slide: Slide, lines: Sequence[str]) -> None:
        """The consultant's notes as speaker notes."""
        lines = [line for line in lines if line]
        if lines:
            slide.notes_slide.notes_text_frame.text = "\n".join(lines)

    def question_notes(self, qids: Sequence[str] = QUESTION_IDS) -> list[str]:
        notes = self.m.assessment.notes
        return [f"{self.short(q)}{colon(self.lang)}{notes[q]}" for q in qids if notes.get(q)]

    def short(self, qid: str) -> str:
        return pick(self.m.framework.question(qid).short, self.lang)

    def verdict_label(self, verdict: str | None) -> str:
        return pick(self.m.framework.verdict_labels[verdict], self.lang) if verdict else t("provisional", self.lang)

    def number(self, value: float | None) -> str:
        return "–" if value is None else format_number(value, self.lang)

    def sample_mark(self, slide: Slide, page: Page) -> None:
        """"Sample data" under the content of a slide whose benchmark comes from the shipped sample."""
        b = self.m.benchmark
        if b is not None and b.sample:
            box = (page.margin, page.bottom, page.width - 2 * page.margin, round(0.3 * EMU_PER_INCH * page.scale))
            add_text(slide, box, [t("sample_data", self.lang)], page.pt(11), color=GREY, italic=True, align="right")


# ---------------------------------------------------------------- the slides, in order


def title_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title", m.client)
    lines = [pick(m.framework.title, lang), text("assessed_on", lang, date=format_date(m.assessment.assessed_on, lang))]
    if m.assessment.consultant:
        lines.append(text("prepared_by", lang, name=m.assessment.consultant))
    body = body_placeholder(slide)
    if body is not None:
        fill_paragraphs(body.text_frame, lines, page.pt(20), align="left" if d.house else None)
    else:
        add_text(slide, page.columns(1)[0], lines, page.pt(20))
    if d.house:
        _house_title(d, slide, page)
    general = m.assessment.notes.get("general")
    d.notes(slide, [f"{text('general_note', lang)}{colon(lang)}{general}"] if general else [])


def verdict_slide(d: _Deck) -> None:
    m, lang, r = d.m, d.lang, d.m.result
    title = text("verdict_title", lang, verdict=d.verdict_label(r.verdict)) if r.verdict else text("provisional_title", lang)
    slide, page = d.add("title_only", title)
    inch = round(EMU_PER_INCH * page.scale)
    gauge = round(1.45 * inch) if r.overall is not None else 0
    left, right = ((x, y, w, h - gauge) for x, y, w, h in page.columns(0.36, 0.64))
    _verdict_badge(slide, page, left, r.verdict, d.verdict_label(r.verdict))
    score = (left[0], left[1] + round(1.2 * inch), left[2], round(1.3 * inch))
    add_text(slide, score, [d.number(r.overall)], page.pt(66), bold=True, color=NAVY, align="center")
    caption = (left[0], score[1] + score[3], left[2], round(0.5 * inch))
    add_text(slide, caption, [f"{t('overall', lang)}, {text('out_of_100', lang)}"], page.pt(16), color=GREY, align="center")
    heading = (right[0], right[1], right[2], round(0.55 * inch))
    add_text(slide, heading, [text("why", lang)], page.pt(22), bold=True, color=NAVY)
    add_bullets(slide, (right[0], right[1] + heading[3], right[2], right[3] - heading[3]), _verdict_reasons(d), page)
    if r.overall is not None:
        _score_scale(d, slide, page, (page.margin, page.bottom - gauge, page.width - 2 * page.margin, gauge), r.overall)
    if m.benchmark is not None and m.benchmark.shown:
        d.sample_mark(slide, page)
    general = m.assessment.notes.get("general")
    d.notes(slide, [general] if general else [])


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
        ink = VERDICT_INK[verdict] if here else INK
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
    _solid(marker, NAVY)
    add_text(slide, (x - inch // 2, bar_top - size - round(0.33 * inch), inch, round(0.3 * inch)), [label], page.pt(13),
             bold=True, color=NAVY, align="center")


def tint(colour: str, strength: float) -> str:
    """The colour mixed with white (strength 1 = the colour itself)."""
    rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb)


def _verdict_reasons(d: _Deck) -> list[Line]:
    """Why the verdict: the rule, what is missing, the blockers and risks, the rank among peers."""
    m, lang, r = d.m, d.lang, d.m.result
    fw = m.framework
    reasons: list[Line] = [text("rule", lang, ready=format_number(fw.ready_at, lang), conditional=format_number(fw.conditional_at, lang))]
    if r.missing:
        reasons.append(text("missing_line", lang, questions=", ".join(d.short(q) for q in r.missing)))
    reasons.append(text("n_blockers", lang, n=len(r.blockers)) if r.blockers else text("no_blocker", lang))
    reasons += [(pick(fw.blocker_labels[c], lang), 1) for c in r.blockers]
    if r.risks:
        reasons.append(text("n_risks", lang, n=len(r.risks)))
        reasons += [(pick(fw.risk_labels[c], lang), 1) for c in r.risks]
    b = m.benchmark
    if b is not None and b.shown and b.percentile.get("overall") is not None:
        from .charts import group_label, percentile_text

        reasons.append(text("percentile_line", lang, percentile=percentile_text(b.percentile["overall"], lang)))
        reasons.append((group_label(b, lang), 1))
    return reasons


def dimensions_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    b = m.benchmark
    peers = b is not None and b.shown
    slide, page = d.add("title_only", text("dimensions_vs_peers" if peers else "dimensions", lang))
    left, right = page.columns(0.56, 0.44)
    labels = [d.short(q) for q in QUESTION_IDS]
    series = {t("client", lang): [m.result.dimensions.get(q) for q in QUESTION_IDS]}
    if peers:
        series[text("peer_median", lang)] = [b.median.get(q) for q in QUESTION_IDS]
    add_radar(slide, left, labels, series, page)
    header = [text("dimension", lang), t("client", lang)] + ([text("peer_median", lang)] if peers else [])
    rows = [[labels[i], d.number(series[t("client", lang)][i])] + ([d.number(b.median.get(q))] if peers else [])
            for i, q in enumerate(QUESTION_IDS)]
    rows.append([t("overall", lang), d.number(m.result.overall)] + ([d.number(b.median.get("overall"))] if peers else []))
    table_box = (right[0], right[1] + round(0.5 * EMU_PER_INCH * page.scale), right[2], right[3])
    add_table(slide, table_box, header, rows, page, widths=(0.46, 0.22, 0.32) if peers else (0.6, 0.4), numeric=(1, 2), bold_last=True)
    if peers or (b is not None and b.sample):
        d.sample_mark(slide, page)
    d.notes(slide, d.question_notes())


def peers_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    b = m.benchmark
    if b is None:
        return
    slide, page = d.add("title_only", text("peers_title", lang))
    if not b.shown:
        _no_peers(slide, page, lang)
    else:
        _peer_figures(d, slide, page)
    d.sample_mark(slide, page)


def _no_peers(slide: Slide, page: Page, lang: str) -> None:
    box = page.columns(1)[0]
    middle = (box[0], box[1] + box[3] // 3, box[2], round(1.0 * EMU_PER_INCH * page.scale))
    add_text(slide, middle, [text("no_peers", lang)], page.pt(30), bold=True, color=NAVY, align="center")
    below = (box[0], middle[1] + middle[3], box[2], round(1.0 * EMU_PER_INCH * page.scale))
    add_text(slide, below, [text("no_peers_why", lang)], page.pt(18), color=GREY, align="center")


def _peer_figures(d: _Deck, slide: Slide, page: Page) -> None:
    from .charts import HALF_SLIDE, group_label, percentile_text, plot_distribution
    from .slides import figure_bytes

    m, lang, b = d.m, d.lang, d.m.benchmark
    left, right = page.columns(0.5, 0.5)
    picture = figure_bytes(plot_distribution(m.result.overall, b, framework=m.framework, lang=lang, size=HALF_SLIDE), "png")
    height = min(left[3], round(left[2] * HALF_SLIDE[1] / HALF_SLIDE[0]))
    slide.shapes.add_picture(io.BytesIO(picture), left[0], left[1], height=height)
    y, inch = right[1], round(EMU_PER_INCH * page.scale)
    overall = b.percentile.get("overall")
    big = percentile_text(overall, lang) if overall is not None else "–"
    add_text(slide, (right[0], y, right[2], round(0.9 * inch)), [big], page.pt(40), bold=True, color=NAVY)
    add_text(slide, (right[0], y + round(0.9 * inch), right[2], round(0.45 * inch)), [text("overall_among_peers", lang)], page.pt(16), color=GREY)
    shares = {v: format_percent(100 * b.verdict_shares.get(v, 0.0), lang, 0) for v in ("ready", "conditional", "not_ready")}
    facts = [group_label(b, lang), text("verdict_shares", lang, **shares)]
    add_bullets(slide, (right[0], y + round(1.4 * inch), right[2], round(1.3 * inch)), facts, page, sizes=(16, 14, 12))
    rows = [[d.short(q), "–" if b.percentile.get(q) is None else percentile_text(b.percentile[q], lang)] for q in QUESTION_IDS]
    add_table(slide, (right[0], y + round(2.8 * inch), right[2], right[3] - round(2.8 * inch)),
              [text("dimension", lang), text("percentile", lang)], rows, page, widths=(0.55, 0.45), numeric=(1,), size=14)


def blockers_slide(d: _Deck) -> None:
    m, lang, r = d.m, d.lang, d.m.result
    slide, page = d.add("title_only", text("blockers_risks", lang))
    fw = m.framework
    left, right = page.columns(0.5, 0.5)
    blockers = [_issue(d, c, fw.blocker_labels) for c in r.blockers]
    risks = [_issue(d, c, fw.risk_labels) for c in r.risks]
    _labelled_column(slide, page, left, t("blockers", lang), text("blockers_hint", lang), blockers or [text("no_blocker", lang)], "D55E00")
    _labelled_column(slide, page, right, t("risks", lang), text("risks_hint", lang), risks or [text("no_risk", lang)], "E69F00")
    d.notes(slide, d.question_notes([q for q in QUESTION_IDS if any(_dimension_of(m, c) == q for c in r.blockers + r.risks)]))


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


def _dimension_of(m: Material, code: str) -> str | None:
    """The question a blocker or risk code belongs to."""
    fw = m.framework
    for q in fw.questions:
        codes = {c.blocker for c in q.choices} | {c.risk for c in q.choices}
        if q.budget is not None:
            codes.add(q.budget.blocker)
        if q.website is not None:
            codes |= {q.website.blocker, q.website.unknown_risk}
        if code in codes:
            return q.id
    return None


def recommendations_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    recs = m.result.recommendations
    slide, page = d.add("content", t("recommendations", lang))
    lines = [f"{d.short(r.dimension)} — {r.text}" for r in recs] or [text("no_recommendation", lang)]
    body = body_placeholder(slide)
    if body is not None:
        size = fitting_size(lines, body.width, body.height, page, (22, 20, 18, 16, 14, 12))
        fill_paragraphs(body.text_frame, lines, page.pt(size), bold_prefix=" — ")
    else:
        add_bullets(slide, page.columns(1)[0], lines, page)
    d.notes(slide, d.question_notes(list(dict.fromkeys(r.dimension for r in recs))))


def next_steps_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title_only", text("next_steps", lang))
    box = page.columns(1)[0]
    steps = pick_next_steps(m.changes)
    if not steps:
        add_text(slide, box, [text("no_change", lang)], page.pt(20), color=INK)
        return
    inch = round(EMU_PER_INCH * page.scale)
    add_text(slide, (box[0], box[1], box[2], round(0.5 * inch)), [text("next_steps_intro", lang)], page.pt(15), color=GREY, italic=True)
    header = [text("dimension", lang), text("change", lang), text("gain", lang), text("new_score", lang), text("new_verdict", lang)]
    rows = [[d.short(c.dimension), _change_text(d, c), f"+{format_number(c.gain, lang)}", format_number(c.overall, lang),
             d.verdict_label(c.verdict)] for c in steps]
    bold = [c.changes_verdict for c in steps]
    add_table(slide, (box[0], box[1] + round(0.6 * inch), box[2], box[3] - round(0.6 * inch)), header, rows, page,
              widths=(0.17, 0.42, 0.09, 0.13, 0.19), numeric=(2, 3), bold_rows=bold)


def _change_text(d: _Deck, change: Any) -> str:
    """The change without the dimension name in front (the table has its own column for it)."""
    prefix = f"{d.short(change.dimension)}:"
    text_ = change.description
    return text_[len(prefix) :].strip() if text_.startswith(prefix) else text_


def pick_next_steps(changes: Sequence[Any]) -> list[Any]:
    """One step per dimension: the smallest change that flips the verdict, else the biggest gain."""
    best: dict[str, Any] = {}
    for c in changes:
        kept = best.get(c.dimension)
        if kept is None or _better_step(c, kept):
            best[c.dimension] = c
    ranked = sorted(best.values(), key=lambda c: (not c.changes_verdict, -c.gain))
    return ranked[:MAX_NEXT_STEPS]


def _better_step(new: Any, kept: Any) -> bool:
    if new.changes_verdict != kept.changes_verdict:
        return new.changes_verdict
    return new.gain < kept.gain if new.changes_verdict else new.gain > kept.gain


def answers_slide(d: _Deck) -> None:
    m, lang = d.m, d.lang
    slide, page = d.add("title_only", text("answers_title", lang))
    rows = [[d.short(q), answer_text(m, q), d.number(m.result.dimensions.get(q))] for q in QUESTION_IDS]
    add_table(slide, page.columns(1)[0], [text("question", lang), text("answer", lang), text("score", lang)], rows, page,
              widths=(0.2, 0.68, 0.12), numeric=(2,), size=15)
    d.notes(slide, d.question_notes())


def answer_text(m: Material, qid: str) -> str:
    """The client's answer to one question, as a consultant would say it."""
    lang, fw = m.lang, m.framework
    answer = m.assessment.answers.get(qid)
    if answer is None:
        return t("unanswered", lang)
    question = fw.question(qid)
    if question.kind == "choice":
        words = pick(question.choice(answer["choice"]).label, lang)
        goals = [pick(question.goals[g], lang) for g in answer.get("goals", []) if g in question.goals]
        return f"{words}. {t('goals', lang)}{colon(lang)}{', '.join(goals)}" if goals else words
    if question.kind == "amount":
        return text("per_year", lang, amount=format_money(answer["annual_amount"], answer["currency"], lang))
    rate = answer.get("bounce_rate")
    shown = t("unknown", lang) if rate is None else format_percent(rate, lang)
    sep = colon(lang)
    return f"{t('bounce_rate', lang)}{sep}{shown}. {t('roi', lang)}{sep}{pick(question.website.roi_choice(answer['roi']).label, lang)}"


SLIDES = (title_slide, verdict_slide, dimensions_slide, peers_slide, blockers_slide, recommendations_slide,
          next_steps_slide, answers_slide)  # fmt: skip


# ---------------------------------------------------------------- templates and layouts


def open_template(template: str | Path) -> Presentation:
    """The agency's template (.pptx or .potx, 16:9) with its example slides removed (they may name other clients)."""
    from pptx import Presentation

    path = Path(template)
    if not path.is_file():
        raise ReadinessError(f"template {str(path)!r} does not exist")
    try:
        prs = Presentation(io.BytesIO(_as_presentation(path.read_bytes())))
    except Exception as exc:  # python-pptx raises many kinds on a file that is not a .pptx
        raise ReadinessError(f"template {str(path)!r} is not a PowerPoint .pptx or .potx file ({type(exc).__name__})") from None
    ratio = prs.slide_width / prs.slide_height
    if abs(ratio - 16 / 9) > 0.02:
        inches = f"{prs.slide_width / EMU_PER_INCH:.3g} × {prs.slide_height / EMU_PER_INCH:.3g} in"
        raise ReadinessError(f"template {str(path)!r} has {inches} slides; the deck needs a 16:9 template (e.g. 13.333 × 7.5 in)")
    for slide_id in list(prs.slides._sldIdLst):
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A .potx (PowerPoint template) relabelled as a presentation, which python-pptx can open."""
    import zipfile

    template_type = b"presentationml.template.main+xml"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return data  # python-pptx reports it
    if template_type not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in archive.infolist():
            body = archive.read(item)
            copy.writestr(item, types.replace(template_type, b"presentationml.presentation.main+xml") if item.filename == "[Content_Types].xml" else body)
    return out.getvalue()


def find_layout(prs: Presentation, role: str, template: str | Path | None) -> Any:
    """The layout for a role, by name; a ReadinessError names the missing layout and lists the others."""
    names = LAYOUTS[role]
    available = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    for wanted in names:
        for layout in available:
            if layout.name.strip().casefold() == wanted.casefold():
                return layout
    where = f"template {Path(template).name!r}" if template is not None else "the default template"
    have = ", ".join(repr(layout.name) for layout in available) or "none"
    raise ReadinessError(f"{where} has no layout named {names[0]!r} (or {names[1]!r}); its layouts are: {have}")


def house_presentation() -> Presentation:
    """python-pptx's default template widened to 16:9, with navy left-aligned titles."""
    from pptx import Presentation

    prs = Presentation()
    ratio = WIDE[0] / prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    for part in [prs.slide_master, *prs.slide_master.slide_layouts]:
        for shape in part.placeholders:
            shape.left, shape.width = round(shape.left * ratio), round(shape.width * ratio)
    inch = EMU_PER_INCH
    for layout in [prs.slide_master, *(find_layout(prs, r, None) for r in ("content", "title_only"))]:
        for shape in layout.placeholders:
            if shape.placeholder_format.idx == 0:
                shape.left, shape.top, shape.width, shape.height = round(0.6 * inch), round(0.35 * inch), WIDE[0] - round(1.2 * inch), round(0.95 * inch)
            elif shape.placeholder_format.idx == 1:
                shape.left, shape.top, shape.width, shape.height = round(0.6 * inch), round(1.55 * inch), WIDE[0] - round(1.2 * inch), round(5.1 * inch)
    title_layout = find_layout(prs, "title", None)
    for shape in title_layout.placeholders:
        if shape.placeholder_format.idx == 0:
            shape.left, shape.top, shape.width, shape.height = round(0.9 * inch), round(1.7 * inch), round(11.5 * inch), round(1.9 * inch)
        elif shape.placeholder_format.idx == 1:
            shape.left, shape.top, shape.width, shape.height = round(0.9 * inch), round(3.95 * inch), round(11.5 * inch), round(1.8 * inch)
    _house_text_styles(prs)
    return prs


def _house_text_styles(prs: Presentation) -> None:
    """Titles 30 pt, navy, bold, left-aligned; body text dark grey, a size smaller per level."""
    from pptx.oxml.ns import qn

    styles = prs.slide_master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _restyle(title.find(qn("a:defRPr")), 3000, NAVY, bold=True)
    for level, size in zip(range(1, 6), (2200, 2000, 1800, 1600, 1600), strict=True):
        para = styles.find(qn("p:bodyStyle")).find(qn(f"a:lvl{level}pPr"))
        _restyle(para.find(qn("a:defRPr")), size, INK)
        para.find(qn("a:spcBef")).find(qn("a:spcPct")).set("val", "50000")


def _restyle(run_props: Any, size: int, colour: str, bold: bool = False) -> None:
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    run_props.set("sz", str(size))
    if bold:
        run_props.set("b", "1")
    fill = run_props.find(qn("a:solidFill"))
    for child in list(fill):
        fill.remove(child)
    srgb = OxmlElement("a:srgbClr")
    srgb.set("val", colour)
    fill.append(srgb)


def _house_decorations(d: _Deck, slide: Slide, page: Page) -> None:
    """A short accent rule under the title and a footer with the client, the date and page number."""
    from .charts import CLIENT

    inch = EMU_PER_INCH
    add_box(slide, (page.margin, round(1.3 * inch), round(1.1 * inch), round(0.06 * inch)), CLIENT.lstrip("#"))
    footer_top = page.height - round(0.5 * inch)
    footer = f"{d.m.client} · {format_date(d.m.assessment.assessed_on, d.lang)} · {text('confidential', d.lang)}"
    add_text(slide, (page.margin, footer_top, round(9 * inch), round(0.3 * inch)), [footer], page.pt(10), color=GREY)
    number = str(len(d.prs.slides))
    add_text(slide, (page.width - page.margin - inch, footer_top, inch, round(0.3 * inch)), [number], page.pt(10), color=GREY, align="right")


def _house_title(d: _Deck, slide: Slide, page: Page) -> None:
    """The title slide on a navy background: client name in white, a sky-blue rule, the date below."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR

    band = add_box(slide, (0, 0, page.width, page.height), NAVY)
    slide.shapes._spTree.remove(band._element)
    slide.shapes._spTree.insert(2, band._element)  # behind the placeholders
    title = slide.shapes.title
    size = fitting_size([d.m.client], title.width, title.height, page, (40, 36, 32, 28, 24))
    fill_paragraphs(title.text_frame, [d.m.client], page.pt(size), bold=True, color="FFFFFF", align="left")
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    title.text_frame.word_wrap = True
    for shape in slide.placeholders:
        if shape.placeholder_format.idx != 0:
            for run in (run for p in shape.text_frame.paragraphs for run in p.runs):
                run.font.color.rgb = RGBColor.from_string("D6E2F0")
    inch = EMU_PER_INCH
    add_box(slide, (round(0.9 * inch), round(3.72 * inch), round(1.4 * inch), round(0.07 * inch)), "56B4E9")
    add_text(slide, (round(0.9 * inch), page.height - round(0.7 * inch), round(6 * inch), round(0.3 * inch)),
             [text("confidential", d.lang)], page.pt(11), color="D6E2F0")


def _drop_empty_placeholders(slide: Slide) -> None:
    """Remove placeholders left empty (a template's layout may have more than we fill)."""
    for shape in list(slide.placeholders):
        if not (shape.has_text_frame and shape.text_frame.text.strip()):
            shape._element.getparent().remove(shape._element)


def _set_properties(prs: Presentation, m: Material) -> None:
    """Document properties about this client only (a template's own may name someone else)."""
    props = prs.core_properties
    props.title = f"{m.client} — {pick(m.framework.title, m.lang)}"
    props.subject = pick(m.framework.title, m.lang)
    props.author = m.assessment.consultant or ""
    props.last_modified_by = m.assessment.consultant or ""
    props.keywords = props.comments = props.category = props.content_status = props.identifier = ""
    props.language = {"fr": "fr-CA", "en": "en-CA"}[m.lang]
    props.revision = 1


# ---------------------------------------------------------------- drawing helpers


def add_text(slide: Slide, box: tuple, lines: Sequence[str], size: Any, *, bold: bool = False, italic: bool = False,
             color: str = INK, align: str = "left", bold_prefix: str | None = None) -> Any:
    """A text box with one paragraph per line, wrapped inside the box."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    fill_paragraphs(frame, lines, size, bold=bold, italic=italic, color=color, align=align, bold_prefix=bold_prefix)
    return shape


def add_bullets(slide: Slide, box: tuple, lines: Sequence[Line], page: Page, sizes: Sequence[float] = (20, 18, 16, 14, 12),
                bold_prefix: str | None = None) -> Any:
    """A text box of bulleted lines (level 1 indented, a size smaller) at the largest size that fits."""
    from pptx.util import Pt

    levels = [line[1] if isinstance(line, tuple) else 0 for line in lines]
    texts = [line[0] if isinstance(line, tuple) else line for line in lines]
    size = fitting_size(texts, box[2], box[3], page, sizes)
    shape = add_text(slide, box, texts, page.pt(size), bold_prefix=bold_prefix)
    for paragraph, level in zip(shape.text_frame.paragraphs, levels, strict=True):
        own = size - 2 * level
        indent = round(Pt(own * page.scale) * 0.9)
        _bullet(paragraph, indent, indent * (1 + 1.2 * level), "–" if level else "•")
        paragraph.space_after = Pt(round(own * 0.4 * page.scale))
        for run in paragraph.runs:
            run.font.size = page.pt(own)
    return shape


def _bullet(paragraph: Any, indent: int, left: float, char: str) -> None:
    from pptx.oxml.xmlchemy import OxmlElement

    props = paragraph._p.get_or_add_pPr()
    props.set("marL", str(round(left)))
    props.set("indent", str(-indent))
    font = OxmlElement("a:buFont")
    font.set("typeface", "Arial")
    mark = OxmlElement("a:buChar")
    mark.set("char", char)
    props.append(font)
    props.append(mark)


def fill_paragraphs(frame: Any, lines: Sequence[str], size: Any, *, bold: bool = False, italic: bool = False,
                    color: str | None = None, align: str | None = None, bold_prefix: str | None = None) -> None:
    """Replace a text frame's text with one paragraph per line, formatted run by run."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN

    frame.clear()
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align:
            paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        parts = line.split(bold_prefix, 1) if bold_prefix and bold_prefix in line else [line]
        for j, part in enumerate(parts):
            run = paragraph.add_run()
            run.text = part + (bold_prefix if len(parts) > 1 and j == 0 else "")
            run.font.size, run.font.italic = size, italic or None
            run.font.bold = True if bold or (len(parts) > 1 and j == 0) else None
            if color:
                run.font.color.rgb = RGBColor.from_string(color)


def add_box(slide: Slide, box: tuple, colour: str, rounded: bool = False) -> Any:
    """A filled rectangle (or rounded rectangle) without outline."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE, *box)
    _solid(shape, colour)
    return shape


def _solid(shape: Any, colour: str) -> None:
    """Fill a shape with one colour, no outline, no shadow."""
    from pptx.dml.color import RGBColor

    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False


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


def add_radar(slide: Slide, box: tuple, categories: Sequence[str], series: Mapping[str, Sequence[float | None]], page: Page) -> Any:
    """A native, editable radar chart on a fixed 0–100 scale: client solid blue, peers dashed orange."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE
    from pptx.util import Pt

    from .charts import CLIENT, PEERS

    data = CategoryChartData(number_format="0")
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, *box, data).chart
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 25
    axis.tick_labels.font.size = page.pt(10)
    chart.font.size = page.pt(14)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for plot_series, colour, dash in zip(chart.plots[0].series, (CLIENT, PEERS), (MSO_LINE.SOLID, MSO_LINE.DASH), strict=False):
        plot_series.format.line.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        plot_series.format.line.width = Pt(2.75 if dash == MSO_LINE.SOLID else 2.25)
        plot_series.format.line.dash_style = dash
        plot_series.smooth = False
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if dash == MSO_LINE.SOLID else XL_MARKER_STYLE.NONE
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return chart


def add_table(slide: Slide, box: tuple, header: Sequence[str], rows: Sequence[Sequence[str]], page: Page, *,
              widths: Sequence[float], numeric: Sequence[int] = (), size: float | None = None, bold_last: bool = False,
              bold_rows: Sequence[bool] | None = None) -> Any:
    """A native table: navy header, light banding, numbers right-aligned, type sized to fit."""
    from pptx.util import Emu

    columns = [round(box[2] * w / sum(widths)) for w in widths]
    size = size or next((s for s in (18, 16, 14, 12) if table_height([header, *rows], columns, s, page) <= box[3]), 11)
    row_height = round(size * page.scale * 2.1 * 12700)
    table = slide.shapes.add_table(len(rows) + 1, len(header), box[0], box[1], box[2], row_height * (len(rows) + 1)).table
    for i, width in enumerate(columns):
        table.columns[i].width = Emu(width)
    for r, values in enumerate([header, *rows]):
        table.rows[r].height = Emu(row_height)
        bold = r == 0 or (bold_last and r == len(rows)) or bool(bold_rows and r > 0 and bold_rows[r - 1])
        for c, value in enumerate(values):
            _cell(table.cell(r, c), value, page.pt(size), bold, header=r == 0, banded=r % 2 == 0,
                  align="right" if c in numeric else "left")
    return table


def _cell(cell: Any, value: str, size: Any, bold: bool, *, header: bool, banded: bool, align: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR

    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(NAVY if header else (LIGHT if banded else "FFFFFF"))
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    fill_paragraphs(cell.text_frame, [value], size, bold=bold, color="FFFFFF" if header else INK, align=align)


def table_height(rows: Sequence[Sequence[str]], columns: Sequence[int], size: float, page: Page) -> int:
    """Estimated height of a table whose rows grow to fit their wrapped text (wide-font estimate)."""
    scaled = size * page.scale
    total = 0.0
    for row in rows:
        lines = max(max(1, math.ceil(len(value) / max(1, int((w / 12700 - 14.4) / (scaled * 0.6))))) for value, w in zip(row, columns, strict=True))
        total += max(lines * scaled * 1.2 + 7.2, scaled * 2.1)
    return round(total * 12700)


def fitting_size(lines: Sequence[str], width: int, height: int, page: Page, sizes: Sequence[float]) -> float:
    """The largest type size at which the lines, wrapped, fit the box (wide-font estimate)."""
    width_pt, height_pt = width / 12700, height / 12700
    for size in sizes:
        scaled = size * page.scale
        per_line = max(1, int(width_pt / (scaled * 0.56)))
        rows = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
        if rows * scaled * 1.25 + len(lines) * scaled * 0.5 <= height_pt:
            return size
    return sizes[-1]


def body_placeholder(slide: Slide) -> Any:
    """The slide's main text placeholder (body, content or subtitle), if its layout has one."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
    return next((p for p in slide.placeholders if p.placeholder_format.idx != 0 and p.placeholder_format.type in kinds), None)
