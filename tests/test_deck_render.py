"""Render check: LibreOffice turns the decks into PDFs, one page per slide, text on the page.

The PDFs are kept in $READINESS_ARTIFACTS (default `artifacts/`, git-ignored) for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import example_assessment as assessment
from builders import make_template

from readiness.outputs import deck as deck_module

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SOFFICE and POPPLER),
        reason="LibreOffice (soffice) or poppler-utils (pdfinfo, pdftotext) is missing: "
        "apt-get install --no-install-recommends libreoffice-impress poppler-utils",
    ),
]

DECKS = {"fr": ("fr", True, False, 7), "en": ("en", True, False, 7), "template": ("fr", False, True, 6), "ready": ("en", True, False, 5),
         "provisional": ("fr", True, False, 7),
         "followup": ("fr", False, False, 8)}  # fmt: skip
READY = {"objectives": {"choice": "clear_measurable"}, "content": {"choice": "integrated_strategy"}, "champion": {"choice": "dedicated"},
         "budget": {"annual_amount": 30000, "currency": "CAD"}, "website": {"bounce_rate": 30, "roi": "good"}}  # fmt: skip
ANSWERS = {"fr": {}, "en": {}, "template": {}, "ready": READY, "provisional": {"budget": None, "website": None, "champion": None},
           "followup": {}}
PLAN = [{"question": "content", "action": "Écrire un calendrier de contenu", "owner": "Marie", "due": "2026-12-15", "status": "done"},
        {"question": "budget", "action": "Prévoir 15 000 $ par année", "owner": "Luc", "due": "2027-03-31", "status": "open"}]  # fmt: skip


def followup(lang: str):
    """A follow-up of the example client with its action plan, and the assessment it follows (six months before, worse)."""
    first = assessment(lang, id="first-visit", assessed_on="2026-05-20", content={"choice": "none"}, plan=PLAN)
    again = assessment(lang, id="second-visit", follows="first-visit", plan=PLAN)
    return again, [first]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """name -> (pdf path, slides in the deck): the French and English decks and one on an agency template."""
    from readiness.store.sample import load_sample

    folder = tmp_path_factory.mktemp("render")
    template = make_template(folder / "corporate.pptx")
    past = load_sample()
    decks = []
    for name, (lang, benchmark, templated, _) in DECKS.items():
        out = folder / f"deck-{name}.pptx"
        client, earlier = followup(lang) if name == "followup" else (assessment(lang, **ANSWERS[name]), [])
        decks.append(deck_module.build_deck(client, past if benchmark else None, out, template=template if templated else None, earlier=earlier))
    profile = (folder / "libreoffice-profile").as_uri()  # a profile of our own: no clash with a running LibreOffice
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, *map(str, decks)], check=True, capture_output=True, timeout=240)
    artifacts = Path(os.environ.get("READINESS_ARTIFACTS") or "artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    for name in DECKS:
        shutil.copyfile(folder / f"deck-{name}.pdf", artifacts / f"slides-deck-{name}.pdf")
    return {name: folder / f"deck-{name}.pdf" for name in DECKS}


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("name", DECKS)
def test_one_pdf_page_per_slide(rendered, name):
    info = subprocess.run(["pdfinfo", str(rendered[name])], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages == DECKS[name][3]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert abs(float(size.group(1)) / float(size.group(2)) - 16 / 9) < 0.01


@pytest.mark.parametrize(
    "name, page, words",
    [("fr", 1, ["Boulangerie Tremblay", "26 novembre 2026"]), ("fr", 2, ["Prêt sous conditions", "63,5"]),
     ("en", 1, ["Boulangerie Tremblay", "November 26, 2026"]), ("en", 2, ["Ready with conditions", "63.5"]),
     ("en", 7, ["$6,000 a year"]), ("template", 1, ["Boulangerie Tremblay"]),

     ("followup", 6, ["Plan d'action", "Écrire un calendrier de contenu", "Marie", "décembre", "fait", "ouvert"]),
     ("followup", 7, ["Les progrès au fil des rencontres", "Stratégie de contenu", "Actions faites : 1 / 2"])],
)  # fmt: skip
def test_the_pages_show_the_client(rendered, name, page, words):
    text = pdf_text(rendered[name], page).replace("\u00a0", " ").replace("\u202f", " ")
    for word in words:
        assert word in text


@pytest.mark.parametrize("name", DECKS)
def test_every_word_of_every_slide_is_on_its_page(rendered, name):
    """Text that overflows its box runs off the slide, and what is off the page is not in the PDF."""
    from builders import slide_text
    from pptx import Presentation

    deck = Presentation(str(rendered[name].with_suffix(".pptx")))
    for number, slide in enumerate(deck.slides, start=1):
        shown = set(words(pdf_text(rendered[name], number)))
        missing = [w for w in words(slide_text(slide)) if w not in shown]
        assert missing == [], f"slide {number}: {missing} not on the page"


def words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").replace("\u202f", " ").split()


@pytest.mark.parametrize("name", DECKS)
def test_every_page_has_content_below_its_title(rendered, name, tmp_path):
    """Each rendered page, below its title band, has ink on a good share of it: no near-empty slide."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "30", str(rendered[name]), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == DECKS[name][3]
    for number, path in enumerate(pages, start=1):
        image = Image.open(path).convert("L")
        width, height = image.size
        body = image.crop((0, round(height * 0.2), width, round(height * 0.9)))
        inked = sum(body.histogram()[:200]) / (body.width * body.height)  # (grey levels darker than 200 of 255)
        least = 0.01 if number == 1 else 0.03  # (the title slide: the client's name and the date)
        assert inked > least, f"page {number} of {name}: only {inked:.1%} of it has content"
