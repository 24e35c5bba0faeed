"""The deck being built: its fixed texts, the presentation with the client's outcome, and the house style's decorations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..text import t
from ..text.formats import format_date, format_number, pick
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


class _Deck:
    """The presentation being built, with the outcome and the page geometry of each layout."""

    def __init__(self, prs: Presentation, layouts: Mapping[str, Any], outcome: ClientOutcome, house: bool, speaker_notes: bool = False):
        self.prs, self.layouts, self.m, self.house = prs, layouts, outcome, house
        self.speaker_notes = speaker_notes  # the consultant's notes go in only when asked: a deck is usually sent to the client
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
        """The consultant's notes as speaker notes, when the deck is for the consultant (speaker_notes)."""
        lines = [line for line in lines if line]
        if lines and self.speaker_notes:
            slide.notes_slide.notes_text_frame.text = "\n".join(lines)

    def question_notes(self, qids: Sequence[str] | None = None) -> list[str]:
        """The consultant's notes on these questions (default: every question of the framework), each after the question's name."""
        notes = self.m.assessment.notes
        qids = self.m.framework.question_ids if qids is None else qids
        return [t("{label}: {value}", self.lang, label=self.short(q), value=notes[q]) for q in qids if notes.get(q)]

    @property
    def qids(self) -> tuple[str, ...]:
        """The questions of the outcome's framework, in order: the deck's dimensions."""
        return self.m.framework.question_ids

    def short(self, qid: str) -> str:
        return pick(self.m.framework.question(qid).short, self.lang)

    def verdict_label(self, verdict: str | None) -> str:
        return pick(self.m.framework.verdict_labels[verdict], self.lang) if verdict else t("Provisional", self.lang)

    def number(self, value: float | None) -> str:
        return "–" if value is None else format_number(value, self.lang)

    def sample_mark(self, slide: Slide, page: Page) -> None:
        """"Sample data" under a slide that shows figures of the shipped sample (never when none are shown)."""
        b = self.m.benchmark
        if b is not None and b.shown and b.sample:
            box = (page.margin, page.bottom, page.width - 2 * page.margin, round(0.3 * EMU_PER_INCH * page.scale))
            add_text(slide, box, [t("sample data", self.lang)], page.pt(11), color=GREY, italic=True, align="right")


def _house_decorations(d: _Deck, slide: Slide, page: Page) -> None:
    """A short accent rule under the title and a footer with the client, the date and page number."""
    from .charts import CLIENT

    inch = EMU_PER_INCH
    add_box(slide, (page.margin, round(1.3 * inch), round(1.1 * inch), round(0.06 * inch)), CLIENT.lstrip("#"))
    footer_top = page.height - round(0.5 * inch)
    footer = f"{d.m.client} · {format_date(d.m.assessment.assessed_on, d.lang)} · {t('Confidential', d.lang)}"
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
             [t("Confidential", d.lang)], page.pt(11), color="D6E2F0")
