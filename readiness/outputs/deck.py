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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..text.formats import pick
from .deck_kit import (
    LAYOUTS,
    find_layout,
    house_presentation,
    open_template,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd
    from pptx.presentation import Presentation
    from pptx.slide import Slide

    from ..core.assessment import Assessment
    from ..core.benchmark import PeerTable
    from ..core.framework import Framework
    from .branding import Branding

from ..core.benchmark import K_DEFAULT
from ..core.outcome import ClientOutcome, client_outcome
from ..store.writer import write_atomically
from .deck_base import _Deck
from .deck_slides import SLIDES
from .naming import deck_path

LANGUAGE_TAGS = {"fr": "fr-CA", "en": "en-CA"}
CORE_PROPERTY_MAX = 255  # characters python-pptx (and PowerPoint) accept in a document property


def deck_bytes(outcome: ClientOutcome, template: str | Path | None = None, speaker_notes: bool = False, branding: Branding | None = None) -> bytes:
    """The deck as .pptx bytes (with the consultant's notes as speaker notes only when `speaker_notes`); without a template,
    in the house style with the agency's colour, logo and name (agency.toml)."""
    from .branding import load_branding

    brand = branding if branding is not None else load_branding()
    primary = brand.colour("primary").lstrip("#").upper()
    prs = open_template(template) if template is not None else house_presentation(primary)
    layouts = {role: find_layout(prs, role, template) for role in LAYOUTS}
    deck = _Deck(prs, layouts, outcome, house=template is None, speaker_notes=speaker_notes, brand=brand)
    for build in SLIDES:
        build(deck)
    for slide in prs.slides:
        _drop_empty_placeholders(slide)
        _mark_language(slide, outcome.lang)
    _set_properties(prs, outcome)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _drop_empty_placeholders(slide: Slide) -> None:
    """Remove placeholders left empty (a template's layout may have more than we fill)."""
    for shape in list(slide.placeholders):
        if not (shape.has_text_frame and shape.text_frame.text.strip()):
            shape._element.getparent().remove(shape._element)


def _mark_language(slide: Slide, lang: str) -> None:
    """Tag every run with the deck's language, so PowerPoint checks the spelling in French or English."""
    from pptx.oxml.ns import qn

    tag = LANGUAGE_TAGS[lang]
    parts = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
    for part in parts:
        for run in part.iter(qn("a:r")):
            run.get_or_add_rPr().set("lang", tag)
        for end in part.iter(qn("a:endParaRPr")):
            end.set("lang", tag)


def _set_properties(prs: Presentation, m: ClientOutcome) -> None:
    """Document properties about this client only (a template's own may name someone else)."""
    props = prs.core_properties
    props.title = _property(f"{m.client} — {pick(m.framework.title, m.lang)}")
    props.subject = _property(pick(m.framework.title, m.lang))
    props.author = _property(m.assessment.consultant or "")
    props.last_modified_by = _property(m.assessment.consultant or "")
    props.keywords = props.comments = props.category = props.content_status = props.identifier = ""
    props.language = LANGUAGE_TAGS[m.lang]
    props.revision = 1
    props.created = props.modified = datetime.now().replace(microsecond=0)  # (not the date of python-pptx's own template)


def _property(text: str) -> str:
    """A document property as PowerPoint holds it: at most 255 characters (an agency's framework title may be long)."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def build_deck(
    assessment: Assessment,
    past: pd.DataFrame | PeerTable | None = None,
    out: str | Path | None = None,
    *,
    lang: str | None = None,
    template: str | Path | None = None,
    framework: Framework | None = None,
    k: int = K_DEFAULT,
    speaker_notes: bool = False,
    earlier: Iterable[Assessment] = (),
) -> Path:
    """Write the client's 16:9 deck and return its path.

    `past` is scored under `framework` (readiness.store.past.load_past does it); `out` is a .pptx
    file or a folder (default `exports/<client>/<client>-<date>.pptx`); `template` is the agency's
    own .pptx whose master and layouts are used; `speaker_notes` puts the consultant's notes in
    the speaker notes (a deck for the consultant: a client who gets the file could read them);
    `earlier`: the client's other assessments (a follow-up's deck shows its progress).
    """
    return write_deck(client_outcome(assessment, past, framework, lang, k, earlier), out, template=template, speaker_notes=speaker_notes)


def write_deck(outcome: ClientOutcome, out: str | Path | None = None, *, template: str | Path | None = None,
               speaker_notes: bool = False) -> Path:  # fmt: skip
    """Write the deck of one client's outcome (as the screen shows it); its path."""
    path = deck_path(outcome.assessment, out)
    write_atomically(path, deck_bytes(outcome, template, speaker_notes))
    return path
