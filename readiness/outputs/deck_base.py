"""The deck being built: its fixed texts, the presentation with the client's outcome, and the house style's decorations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..core.framework_model import QUESTION_IDS
from ..text.formats import format_date, format_number, pick, t
from .deck_kit import (
    EMU_PER_INCH,
    GREY,
    NAVY,
    WIDE,
    Page,
    add_box,
    add_text,
    fill_paragraphs,
    fit_title,
    fitting_size,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

    from ..core.outcome import ClientOutcome


TEXTS: Mapping[str, Mapping[str, str]] = {
    "assessed_on": {"fr": "Évaluation du {date}", "en": "Assessment of {date}"},
    "prepared_by": {"fr": "Préparé par {name}", "en": "Prepared by {name}"},
    "confidential": {"fr": "Confidentiel", "en": "Confidential"},
    "verdict_title": {"fr": "Verdict : {verdict}", "en": "Verdict: {verdict}"},
    "provisional_title": {"fr": "Résultat provisoire", "en": "Provisional result"},
    "out_of_100": {"fr": "sur 100", "en": "out of 100"},
    "why": {"fr": "Pourquoi ce verdict", "en": "Why this verdict"},
    "where": {"fr": "Où en est l'évaluation", "en": "Where the assessment stands"},
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


class _Deck:
    """The presentation being built, with the outcome and the page geometry of each layout."""

    def __init__(self, prs: Presentation, layouts: Mapping[str, Any], outcome: ClientOutcome, house: bool):
        self.prs, self.layouts, self.m, self.house = prs, layouts, outcome, house
        self.lang = outcome.lang

    def add(self, role: str, title: str) -> tuple[Slide, Page]:
        """A new slide of a layout role, its title filled in; placeholders left empty are removed."""
        slide = self.prs.slides.add_slide(self.layouts[role])
        page = self.page(role)
        if slide.shapes.title is not None:
            slide.shapes.title.text_frame.text = title
            fit_title(slide.shapes.title, self.prs)
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
        """"Sample data" under a slide that shows figures of the shipped sample (never when none are shown)."""
        b = self.m.benchmark
        if b is not None and b.shown and b.sample:
            box = (page.margin, page.bottom, page.width - 2 * page.margin, round(0.3 * EMU_PER_INCH * page.scale))
            add_text(slide, box, [t("sample_data", self.lang)], page.pt(11), color=GREY, italic=True, align="right")


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
