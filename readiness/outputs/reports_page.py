"""One client's report as a self-contained HTML page: the template filled from the client's outcome, charts inline.

    report_html(outcome, branding)  -> str   # the page a consultant sends: opens offline, prints cleanly

The page loads nothing: its style is in it, the charts are inline SVG (reports_svg: text kept as
text, so the PDF can be searched) and the agency's logo is a data: URL. The texts come from `report_view`
(labels, in the client's language); the look from `templates/report.html.j2` and its style sheet,
with the agency's colours and paper size (readiness.outputs.branding).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..text import t
from .branding import Branding
from .reports_view import ReportView, report_view

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..core.outcome import ClientOutcome

TEMPLATES = Path(__file__).parent / "templates"
PAGE = "report.html.j2"
PAPER_SIZES = {"letter": "Letter", "a4": "A4"}


def report_html(outcome: ClientOutcome, branding: Branding | None = None, *, charts: bool = True) -> str:
    """The client's report as one HTML page that needs nothing else (no script, style sheet, font or image to fetch)."""
    view = report_view(outcome)
    brand = branding or Branding()
    svgs = chart_svgs(outcome) if charts else {}
    return environment().get_template(PAGE).render(v=view, brand=_brand(brand), charts=svgs, style=_style(brand))


def section_html(outcome: ClientOutcome, section: str) -> str:
    """One section of the report (`header`, `details`, `what_if`, `comparison`, `answers`), as the page shows it."""
    module = environment().get_template("report_sections.html.j2").module
    return str(getattr(module, section)(report_view(outcome)))


def chart_svgs(outcome: ClientOutcome) -> dict[str, str]:
    """The report's charts as inline SVG elements (reports_svg), each named for readers who cannot see it."""
    from .reports_svg import bars_svg, distribution_svg, radar_svg

    words = chart_labels(outcome.lang)
    return {
        "radar": radar_svg(outcome, words["radar"]),
        "distribution": distribution_svg(outcome, words["distribution"]),
        "bars": bars_svg(outcome, words["bars"]),
    }


def chart_labels(lang: str) -> dict[str, str]:
    """What each chart shows, for readers who cannot see it (the SVG's accessible name)."""
    return {
        "radar": t("Radar chart: the client's score on each dimension against the peer median and the middle half of peers", lang),
        "distribution": t("Overall score: the client among peers", lang),
        "bars": t("Bar chart: the client's score on each dimension against peers", lang),
    }


def _brand(brand: Branding) -> dict[str, Any]:
    return {"name": brand.name, "logo": brand.logo.data_url() if brand.logo else None, "footer": brand.footer_text}


def _style(brand: Branding) -> dict[str, str]:
    return {"primary": brand.colour("primary"), "accent": brand.colour("accent"), "paper": PAPER_SIZES[brand.paper]}


@cache
def environment() -> Environment:
    """The Jinja environment of the report templates: HTML escaped everywhere, an unknown name an error."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)  # fmt: skip


@cache
def renderer_fingerprint() -> str:
    """A hash of what makes a page besides its data: the package version, the templates and this renderer's code."""
    digest = hashlib.sha256(__version__.encode())
    sources = sorted(TEMPLATES.glob("*")) + [Path(__file__), Path(__file__).with_name("reports_view.py"), Path(__file__).with_name("reports_svg.py"),
                                             Path(__file__).with_name("charts.py")]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


__all__ = ["ReportView", "chart_svgs", "renderer_fingerprint", "report_html", "section_html"]
