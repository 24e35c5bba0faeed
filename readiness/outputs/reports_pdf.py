"""Reports as PDF, printed by a real browser engine: Chromium's own print-to-PDF, driven by Playwright.

    with PdfPrinter() as printer:
        pdf = printer.pdf(html, footer="Boulangerie Tremblay")   # bytes; one browser for many reports

Why Playwright rather than running the `chromium` program once per report: `chromium --headless
--print-to-pdf` starts a whole browser for every page (about 1.4 s each on the 2-core machine),
whereas Playwright keeps one browser and one tab per worker and prints each report in about
0.1 s, with Chromium's options that matter here (the page size of the report's CSS, background
colours, a footer with page numbers, a tagged PDF with an outline). The project already drives
Chromium with Playwright for its browser tests, so no new engine comes in. Playwright's own
browser download is not needed: an installed Chrome, Chromium or Edge is found (or named by
READINESS_CHROMIUM). The page is printed with JavaScript off and every request refused: a
report needs nothing from the network, and that stays true in the PDF.
"""

from __future__ import annotations

import html
import os
import shutil
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..core.errors import ReadinessError
from ..text import Text

VARIABLE = "READINESS_CHROMIUM"
PROGRAMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge", "msedge")
ARGUMENTS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip
FOOTER = (
    '<div style="font-size:8px; width:100%; margin:0 15mm; display:flex; justify-content:space-between; '
    'color:#555; font-family:Arial, \'Liberation Sans\', \'DejaVu Sans\', sans-serif">'
    '<span>{left}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


class NoPdfEngineError(ReadinessError):
    """No browser to print PDF with (one line saying how to get one)."""


def find_browser() -> str | None:
    """The Chromium-family program to print with: $READINESS_CHROMIUM, else one on the PATH, else None (Playwright's own, if installed)."""
    named = os.environ.get(VARIABLE, "").strip()
    if named:
        found = shutil.which(named) or (named if Path(named).is_file() else None)
        if found is None:
            raise NoPdfEngineError(Text("{variable} names {program}, which is not a program", variable=VARIABLE, program=named))
        return found
    return next((path for name in PROGRAMS if (path := shutil.which(name))), None)


def check_engine() -> str | None:
    """The browser PDF will be printed with; NoPdfEngineError (one line) when there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise NoPdfEngineError(Text("PDF reports need Playwright: pip install playwright")) from None
    browser = find_browser()
    if browser is None and not _playwright_browser():
        raise NoPdfEngineError(Text("no browser to print PDF reports with: install Chromium (e.g. apt-get install chromium) "
                                    "or set {variable} to a Chrome, Chromium or Edge program", variable=VARIABLE))  # fmt: skip
    return browser


def _playwright_browser() -> bool:
    """Whether Playwright downloaded a Chromium of its own (`playwright install chromium`)."""
    folder = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    return any(folder.glob("chromium*/")) if folder.is_dir() else False


class PdfPrinter:
    """One headless browser and one tab, printing report pages to PDF one after the other."""

    def __init__(self, browser: str | None = None):
        self._program = browser if browser is not None else check_engine()
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def pdf(self, page_html: str, footer: str = "") -> bytes:
        """The page printed to PDF: its CSS page size, backgrounds, a footer with page numbers, tagged, with an outline."""
        page = self._open()
        try:
            page.set_content(page_html, wait_until="load")
            return page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=True,
                            header_template="<span></span>", footer_template=FOOTER.format(left=html.escape(footer)),
                            tagged=True, outline=True)  # fmt: skip
        except Exception:
            self.close()  # a browser that failed once is started afresh for the next report
            raise

    def _open(self) -> Any:
        if self._page is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            args = ARGUMENTS + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])  # Chromium refuses root otherwise
            self._browser = self._playwright.chromium.launch(executable_path=self._program, args=args)
            context = self._browser.new_context(java_script_enabled=False, offline=True)
            context.route("**/*", _refuse_all_but_data)
            self._page = context.new_page()
        return self._page

    def close(self) -> None:
        """Stop the browser (again: nothing happens)."""
        for closing in (self._browser and self._browser.close, self._playwright and self._playwright.stop):
            if closing:
                with suppress(Exception):  # a browser already gone is closed enough
                    closing()
        self._playwright = self._browser = self._page = None

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refuse_all_but_data(route: Any) -> None:
    """A report fetches nothing: any request the page would make is refused (data: URLs never reach here)."""
    route.abort("blockedbyclient")
