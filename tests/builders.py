"""What the tests share: the example assessment, builders of assessments, tables and templates, the console script.

No test module imports another test module: what two of them need is here (fixtures are in conftest.py).
"""

from __future__ import annotations

import copy
import csv
import io
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from readiness.core.assessment import Assessment, Client
from readiness.core.rows import flat_columns

QUESTION_IDS = ("objectives", "content", "champion", "budget", "website")  # the shipped framework's questions, in order
V1_COLUMNS = (
    "id", "client_name", "industry", "size", "assessed_on", "consultant", "language",
    "objectives", "goals", "content", "champion", "budget_annual", "currency",
    "bounce_rate", "website_roi", "notes", "follows",
)  # fmt: skip - the flat layout v1 of DESIGN.md, which the shipped framework gives exactly

BEST = {
    "objectives": {"choice": "clear_measurable", "goals": ["awareness"]},
    "content": {"choice": "integrated_strategy"},
    "champion": {"choice": "dedicated"},
    "budget": {"annual_amount": 30000, "currency": "CAD"},
    "website": {"bounce_rate": 30.0, "roi": "good"},
}
WORST = {
    "objectives": {"choice": "everyone_is_there", "goals": []},
    "content": {"choice": "none"},
    "champion": {"choice": "everyone"},
    "budget": {"annual_amount": 0, "currency": "CAD"},
    "website": {"bounce_rate": 100.0, "roi": "none"},
}


def choice(code: str) -> dict[str, Any]:
    """A choice answer."""
    return {"choice": code}


def budget(amount: float, currency: str = "CAD") -> dict[str, Any]:
    """A budget answer."""
    return {"annual_amount": amount, "currency": currency}


def website(bounce_rate: float | None, roi: str = "good") -> dict[str, Any]:
    """A website answer (bounce_rate None = unknown)."""
    return {"bounce_rate": bounce_rate, "roi": roi}


def make(size: str | None = "small", language: str = "fr", base: dict | None = None, **answers: Any) -> Assessment:
    """An assessment with `base` answers (BEST by default), each keyword replacing one (None = unanswered)."""
    merged = {**(BEST if base is None else base), **answers}
    return Assessment(
        id="test-0001",
        client=Client(name="Quincaillerie Test", industry="retail", size=size),
        assessed_on=date(2026, 11, 26),
        language=language,
        answers={q: dict(a) for q, a in merged.items() if a is not None},
    )


# ---------------------------------------------------------------- the example of DESIGN.md

EXAMPLE = {
    "format": "readiness.assessment/1",
    "id": "7d9f0c1e-0000-4000-8000-000000000001",
    "framework": {"id": "social-media-5q", "version": "1.0"},
    "client": {"name": "Boulangerie Tremblay", "industry": "retail", "size": "very_small"},
    "assessed_on": "2026-11-26",
    "consultant": "M. Gagnon",
    "language": "fr",
    "answers": {
        "objectives": {"choice": "clear", "goals": ["awareness", "recruiting"]},
        "content": {"choice": "self_promotion"},
        "champion": {"choice": "part_time_irregular"},
        "budget": {"annual_amount": 6000, "currency": "CAD"},
        "website": {"bounce_rate": 48.5, "roi": "some"},
    },
    "notes": {"objectives": "Wants to recruit two bakers before spring."},
}

KINDS = ["folder", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]  # the stores every store test runs on


def numbered(i: int = 1, **changes) -> Assessment:
    """The DESIGN.md example with its own id, name and date (and any field changed)."""
    doc = copy.deepcopy(EXAMPLE)
    doc["id"] = f"a-{i:04d}"
    doc["client"]["name"] = changes.pop("name", f"Client {i}")
    for key in ("industry", "size"):
        if key in changes:
            doc["client"][key] = changes.pop(key)
    doc["assessed_on"] = changes.pop("assessed_on", f"2025-01-{1 + i % 28:02d}")
    doc.update(changes)
    return Assessment.from_dict(doc)


def spec_of(kind: str, request, tmp_path) -> str:
    if kind == "folder":
        return str(tmp_path / "assessments")
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'team.db'}"
    return request.getfixturevalue("pg_url")


# ---------------------------------------------------------------- tables

GOOD = {
    "client_name": "Boulangerie Tremblay", "industry": "retail", "size": "very_small", "assessed_on": "2025-11-26",
    "consultant": "M. Gagnon", "language": "fr", "objectives": "clear", "goals": "awareness|recruiting",
    "content": "self_promotion", "champion": "part_time_irregular", "budget_annual": "6000", "currency": "CAD",
    "bounce_rate": "48.5", "website_roi": "some", "notes": "",
}  # fmt: skip


def table(rows: list[dict], sep: str = ",", columns=flat_columns()) -> str:
    """CSV text of rows (missing cells blank) under a header of `columns`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def row(**changes) -> dict:
    return GOOD | changes


# ---------------------------------------------------------------- decks

def example_assessment(language: str = "fr", **changes) -> Assessment:
    """The assessment of DESIGN.md, with top-level fields or answers replaced."""
    data = copy.deepcopy(EXAMPLE)
    data["language"] = language
    for key, value in changes.items():
        if key in data["answers"]:
            data["answers"][key] = value
        else:
            data[key] = value
    return Assessment.from_dict(data)


def slide_text(slide, above_footer: bool = False) -> str:
    """Every text on a slide: text boxes, placeholders and table cells (or only those above the footer)."""
    from pptx.util import Inches

    parts = []
    for shape in slide.shapes:
        if above_footer and shape.top >= Inches(6.7):
            continue
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(parts).replace("\u00a0", " ").replace("\u202f", " ")


def make_template(path: Path, *, names: dict[str, str] | None = None, drop: str | None = None, width: float = 13.333,
                  example_text: str = "Other Client Inc") -> Path:  # fmt: skip
    """A template like an agency's: renamed layouts, a moved title, an example slide naming someone else."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    ratio = width / 10
    prs.slide_width, prs.slide_height = Inches(width), Inches(7.5)
    for part in [prs.slide_master, *prs.slide_layouts]:  # the default layouts are drawn for 10-inch slides
        for shape in part.placeholders:
            if shape._element.xfrm is not None:  # the others inherit their place from the master
                shape.left, shape.width = round(shape.left * ratio), round(shape.width * ratio)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for old, new in (names or {}).items():
        layouts[old]._element.cSld.set("name", new)
    if drop:
        prs.slide_layouts.remove(layouts[drop])
    title = layouts["Title Only"].placeholders[0]
    title.left, title.top, title.width, title.height = title.left, Inches(0.21), title.width, title.height
    example = prs.slides.add_slide(layouts["Title Slide"])
    example.shapes.title.text = example_text
    prs.core_properties.title = f"{example_text} — pitch"
    prs.save(str(path))
    return path


# ---------------------------------------------------------------- the console script

def readiness_script() -> str:
    """The console script installed next to this interpreter (else the one on PATH)."""
    beside = Path(sys.executable).with_name("readiness.exe" if os.name == "nt" else "readiness")
    found = str(beside) if beside.exists() else shutil.which("readiness")
    assert found, "the `readiness` console script is not installed: pip install -e ."
    return found


SCRIPT = readiness_script()


# ---------------------------------------------------------------- the shipped framework's file, with a sixth question or without one

SIXTH_QUESTION = """
# ---------------------------------------------------------------- measurement (an agency's sixth question)
[[questions]]
id = "measurement"
kind = "choice"
weight = 1.0
text = { fr = "Comment l'entreprise mesurera-t-elle les résultats ?", en = "How will the company measure the results?" }
short = { fr = "Mesure", en = "Measurement" }

[[questions.choices]]
code = "nothing"
points = 0
blocker = "no_measurement"
label = { fr = "Rien n'est prévu", en = "Nothing is planned" }
advice = { code = "define_kpis", fr = "Choisir deux indicateurs liés à l'objectif.", en = "Pick two indicators tied to the objective." }

[[questions.choices]]
code = "likes"
points = 40
label = { fr = "Les mentions J'aime", en = "Likes" }
advice = { code = "tie_to_goals", fr = "Relier les chiffres à l'objectif.", en = "Tie the figures to the objective." }

[[questions.choices]]
code = "dashboard"
points = 100
label = { fr = "Un tableau de bord mensuel", en = "A monthly dashboard" }
"""
SIXTH_LABEL = 'no_measurement = { fr = "Rien ne sera mesuré.", en = "Nothing will be measured." }\n'


def shipped_text() -> str:
    from readiness.core.framework import DEFAULT_PATH

    return DEFAULT_PATH.read_text(encoding="utf-8")


def six_questions_text() -> str:
    """The shipped file with a sixth question in its own `choice` syntax, and its blocker's label under [blocker_labels]."""
    text = shipped_text().replace('id = "social-media-5q"', 'id = "agency-6q"', 1)
    return text.replace("[blocker_labels]\n", "[blocker_labels]\n" + SIXTH_LABEL, 1) + SIXTH_QUESTION


def without_website_text() -> str:
    """The shipped file without its website question (the last one)."""
    text = shipped_text().replace('id = "social-media-5q"', 'id = "agency-4q"', 1)
    return text[: text.index("# ---------------------------------------------------------------- website")]


def framework_file(folder: Path, text: str, name: str = "agency.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
