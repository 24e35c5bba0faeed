"""Reports as PDF, printed by Chromium and read back page by page (pdftotext, pdftoppm); nothing fetched while printing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import make, numbered

from readiness.cli import main
from readiness.core.framework import default_framework
from readiness.core.outcome import client_outcome
from readiness.core.scoring import score_assessment
from readiness.outputs import reports_pdf
from readiness.outputs.branding import Branding
from readiness.outputs.report_batch import run_reports
from readiness.outputs.reports_page import report_html
from readiness.outputs.reports_pdf import PdfPrinter
from readiness.store import open_store
from readiness.store.past import load_past

POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")
PAGE_SIZES = {"letter": (612, 792), "a4": (595, 842)}  # points, rounded


@pytest.fixture(scope="module", autouse=True)
def engine():
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"reading PDF pages needs poppler-utils ({', '.join(missing)}): apt-get install poppler-utils")
    try:
        reports_pdf.check_engine()
    except reports_pdf.NoPdfEngineError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def store(tmp_path) -> str:
    s = open_store(tmp_path / "store")
    for i in range(1, 8):
        s.save(numbered(i, industry="retail", size="small", language="fr" if i % 2 else "en"))
    return str(tmp_path / "store")


def pages_of(pdf: Path) -> list[str]:
    """The text of each page."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout for n in range(1, count + 1)]  # fmt: skip


def inked(pdf: Path, folder: Path) -> list[float]:
    """The share of non-white pixels of each page, rendered at 20 dpi in grey."""
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(folder / "page")], check=True)
    shares = []
    for image in sorted(folder.glob("page*.pgm")):
        data = image.read_bytes()
        header, pixels = _pgm(data)
        shares.append(sum(1 for p in pixels if p < 200) / len(pixels))
    return shares


def _pgm(data: bytes) -> tuple[bytes, bytes]:
    """A binary PGM's header and pixels (P5, width, height, maxval, then one byte a pixel)."""
    fields, at = [], 0
    while len(fields) < 4:
        while data[at : at + 1].isspace():
            at += 1
        start = at
        while not data[at : at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    return b" ".join(fields), data[at + 1 :]


def page_size(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return round(float(width)), round(float(height))


def test_every_pdf_page_has_text_and_ink_and_the_client_and_verdict_are_there(store, tmp_path):
    ids = [a.id for a in open_store(store).each()][:2]
    run = run_reports(ids, store=store, out=tmp_path / "r", pdf=True, jobs=1, progress=False)
    pdfs = [p for p in run.written if p.suffix == ".pdf"]
    assert not run.failed and len(pdfs) == 2
    for pdf in pdfs:
        assessment = next(a for a in open_store(store).each() if pdf.stem.startswith(f"client-{a.client.name.split()[-1]}-"))
        texts = pages_of(pdf)
        result = score_assessment(assessment)
        verdict = default_framework().verdict_labels[result.verdict][assessment.language]
        assert len(texts) >= 2 and all(t.strip() for t in texts), "every page has text"
        assert assessment.client.name in texts[0] and verdict in " ".join(texts[0].split())
        assert all(re.search(rf"\b{n}\s*/\s*{len(texts)}\b", t) for n, t in enumerate(texts, 1)), "each page numbered in its footer"
        folder = tmp_path / pdf.stem
        folder.mkdir()
        assert all(share > 0.01 for share in inked(pdf, folder)), "no blank page"
        assert page_size(pdf) == PAGE_SIZES["letter"]


def test_the_paper_follows_the_branding(tmp_path):
    outcome = client_outcome(make(), load_past(None), lang="en")
    with PdfPrinter() as printer:
        pdf = tmp_path / "a4.pdf"
        pdf.write_bytes(printer.pdf(report_html(outcome, Branding(name="Agence", paper="a4")), "Quincaillerie Test — Agence"))
    assert page_size(pdf) == PAGE_SIZES["a4"]
    texts = pages_of(pdf)
    assert "Agence" in texts[0] and all("Quincaillerie Test — Agence" in t for t in texts)


def test_printing_fetches_nothing_even_when_a_page_asks(tmp_path, monkeypatch):
    asked = []
    real = reports_pdf._refuse_all_but_data
    monkeypatch.setattr(reports_pdf, "_refuse_all_but_data", lambda route: asked.append(route.request.url) or real(route))
    page = report_html(client_outcome(make(), load_past(None), lang="en"))
    with PdfPrinter() as printer:
        assert printer.pdf(page).startswith(b"%PDF")
        assert asked == []  # the report itself asks for nothing
        hostile = page.replace("</body>", '<img src="https://tracker.example/pixel.png"><link rel="stylesheet" href="http://cdn.example/x.css"></body>')
        assert printer.pdf(hostile).startswith(b"%PDF")
    assert sorted(asked) == ["http://cdn.example/x.css", "https://tracker.example/pixel.png"]  # asked, and refused


@pytest.mark.parametrize(
    ("environment", "says"),
    [({"READINESS_CHROMIUM": "/nowhere/chromium"}, "READINESS_CHROMIUM names /nowhere/chromium, which is not a program"),
     ({"PATH": "", "PLAYWRIGHT_BROWSERS_PATH": "/nowhere"}, "no browser to print PDF reports with: install Chromium")],
)  # fmt: skip
def test_without_a_pdf_engine_the_command_says_so_in_one_line_and_writes_nothing(store, tmp_path, monkeypatch, capsys, environment, says):
    monkeypatch.delenv("READINESS_CHROMIUM", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(["report", "--all", "--pdf", "--store", store, "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("readiness report: ") and says in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").iterdir())


def test_a_pdf_is_kept_while_its_report_holds_and_removed_once_it_no_longer_matches(store, tmp_path):
    out = tmp_path / "r"
    ids = [a.id for a in open_store(store).each()][:2]
    first = run_reports(ids, store=store, out=out, pdf=True, jobs=1, progress=False)
    pdfs = sorted(p.name for p in first.written if p.suffix == ".pdf")
    html_only = run_reports(ids, store=store, out=out, jobs=1, progress=False)
    assert html_only.skipped == 2 and sorted(p.name for p in out.glob("*.pdf")) == pdfs  # the PDFs still show these reports
    changed = open_store(store).get(ids[0]).with_answer("content", {"choice": "integrated_strategy"})
    open_store(store).save(changed)
    redone = run_reports(ids, store=store, out=out, jobs=1, progress=False)
    assert redone.reports == 2  # (the peers of the other changed too)
    assert list(out.glob("*.pdf")) == []  # a PDF of an older report is never left beside the new page
    again = run_reports(ids, store=store, out=out, pdf=True, jobs=1, progress=False)
    assert again.reports == 2 and len(list(out.glob("*.pdf"))) == 2
