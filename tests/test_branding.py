"""The agency's branding, in one file for reports and the deck: where it is found, what it accepts, what it refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from builders import EXAMPLE, make_template
from pptx import Presentation

from readiness.cli import main
from readiness.outputs.branding import Branding, BrandingError, Logo, agency_file, load_branding
from readiness.store import paths

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
IMAGES = {
    "logo.png": (PNG, "image/png"),
    "logo.jpg": (b"\xff\xd8\xff\xe0" + bytes(20), "image/jpeg"),
    "logo.gif": (b"GIF89a" + bytes(20), "image/gif"),
    "logo.webp": (b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(20), "image/webp"),
    "logo.svg": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "image/svg+xml"),
    "named.png": (b'\xef\xbb\xbf  <svg width="10" height="10"></svg>', "image/svg+xml"),  # the content decides, not the name
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder of its own (the working folder), with no agency file and no READINESS_AGENCY."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READINESS_AGENCY", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_CHECKOUT", tmp_path / "not-a-checkout")
    return tmp_path


def write(folder: Path, text: str, name: str = "agency.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_an_agency_file_the_house_style_is_used(project):
    assert agency_file() is None and load_branding() == Branding()
    assert Branding().colour("primary") == "#1F3A5F" and Branding().paper == "letter" and Branding().deck_template is None


def test_agency_toml_of_the_project_folder_is_read_with_paths_beside_it(project):
    (project / "brand").mkdir()
    (project / "brand" / "logo.png").write_bytes(PNG)
    make_template(project / "brand" / "corporate.pptx")
    write(project, 'name = "Agence Boréale"\nlogo = "brand/logo.png"\ndeck_template = "brand/corporate.pptx"\npaper = "a4"\n'
                   'footer = {fr = "Montréal", en = "Montreal"}\n[colours]\nprimary = "#123abc"\n')  # fmt: skip
    brand = load_branding()
    assert brand.name == "Agence Boréale" and brand.logo == Logo(PNG, "image/png") and brand.paper == "a4"
    assert brand.deck_template == (project / "brand" / "corporate.pptx").resolve() and brand.colour("primary") == "#123ABC"
    assert brand.colour("accent") == "#E69F00" and brand.footer_text("fr") == "Montréal" and brand.footer_text("en") == "Montreal"


def test_readiness_agency_names_the_file_and_wins(project, monkeypatch, tmp_path):
    write(project, 'name = "In the project"\n')
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    monkeypatch.setenv("READINESS_AGENCY", str(write(elsewhere, 'name = "On the shared drive"\n', "brand.toml")))
    assert load_branding().name == "On the shared drive"
    monkeypatch.setenv("READINESS_AGENCY", str(tmp_path / "missing.toml"))
    with pytest.raises(Exception, match="READINESS_AGENCY names .*missing.toml, which is not a file"):
        load_branding()


@pytest.mark.parametrize(("name", "content_and_type"), IMAGES.items())
def test_a_logo_is_known_by_its_content(project, name, content_and_type):
    content, media_type = content_and_type
    (project / name).write_bytes(content)
    write(project, f'logo = "{name}"\n')
    logo = load_branding().logo
    assert logo.media_type == media_type and logo.data_url().startswith(f"data:{media_type};base64,")


@pytest.mark.parametrize(
    ("toml", "says"),
    [('colours = {primary = "navy"}', 'colours.primary must be a colour such as #1F3A5F, got "navy"'),
     ('colours = {primary = "#12345"}', 'colours.primary must be a colour such as #1F3A5F, got "#12345"'),
     ('colours = {secondary = "#123456"}', "unknown setting colours.secondary"),
     ('colors = "#123456"', "unknown setting colors"),
     ('paper = "legal"', 'paper must be letter or a4, got "legal"'),
     ("name = 12", "name must be one line of at most 120 characters, got 12"),
     ('name = "two\\nlines"', "name must be one line"),
     ('logo = "nowhere.png"', "logo: no such file"),
     ('logo = "notes.txt"', "is not a PNG, JPEG, GIF, WebP or SVG image"),
     ('deck_template = "nowhere.pptx"', "deck_template: no such file"),
     ('deck_template = "notes.txt"', "notes.txt is not a PowerPoint .pptx or .potx file"),
     ('deck_template = "fake.pptx"', "fake.pptx is not a PowerPoint .pptx or .potx file"),
     ("footer = 3", "footer must be a line of text, or one per language ({fr = …, en = …}), got 3"),
     ('name = "unterminated', "not a TOML file")],
)  # fmt: skip
def test_a_bad_setting_is_named_with_its_value(project, toml, says):
    (project / "notes.txt").write_text("not an image", encoding="utf-8")
    (project / "fake.pptx").write_text("not a presentation", encoding="utf-8")  # (the try-out: caught only when a deck failed)
    write(project, toml + "\n")
    with pytest.raises(BrandingError) as caught:
        load_branding()
    assert says in str(caught.value) and str(caught.value).startswith(str(project / "agency.toml"))


def test_every_problem_is_reported_at_once_and_in_french_too(project):
    write(project, 'paper = "legal"\nlogo = "nowhere.png"\n[colours]\nprimary = "navy"\n')
    with pytest.raises(BrandingError) as caught:
        load_branding()
    assert len(caught.value.problems) == 3
    assert "paper doit valoir letter ou a4" in caught.value.text("fr") and "logo : fichier introuvable" in caught.value.text("fr")


def test_a_logo_too_large_for_a_report_is_refused(project):
    (project / "huge.png").write_bytes(PNG + bytes(2 * 1024 * 1024))
    write(project, 'logo = "huge.png"\n')
    with pytest.raises(BrandingError, match="larger than 1024 KB"):
        load_branding()


@pytest.mark.parametrize(
    "change",
    [{"name": "Other"}, {"logo": Logo(PNG + b"x", "image/png")}, {"colours": (("primary", "#000000"), ("accent", "#E69F00"))},
     {"paper": "a4"}, {"footer": (("", "Montréal"),)}],
)  # fmt: skip
def test_what_a_report_shows_changes_the_fingerprint_and_the_deck_template_does_not(change):
    from dataclasses import replace

    base = Branding(name="Agence", logo=Logo(PNG, "image/png"))
    assert replace(base, **change).fingerprint() != base.fingerprint()
    assert replace(base, deck_template=Path("corporate.pptx")).fingerprint() == base.fingerprint()


# ---------------------------------------------------------------- the deck reads its template there too

NAMED = {"Title Slide": "Diapositive de titre", "Title and Content": "Titre et contenu", "Title Only": "Titre seul"}  # as a French PowerPoint names them


def deck_layouts(path: Path) -> set[str]:
    return {slide.slide_layout.name for slide in Presentation(str(path)).slides}


def test_readiness_deck_uses_the_agencys_template_and_template_wins(project, capsys):
    make_template(project / "corporate.pptx", names=NAMED)
    make_template(project / "other.pptx")
    write(project, 'deck_template = "corporate.pptx"\n')
    (project / "client.json").write_text(json.dumps(EXAMPLE), encoding="utf-8")
    assert main(["deck", "client.json", "--store", str(project / "store"), "--no-benchmark", "--out", "agency.pptx"]) == 0
    assert "Diapositive de titre" in deck_layouts(project / "agency.pptx")
    assert main(["deck", "client.json", "--store", str(project / "store"), "--no-benchmark", "--out", "given.pptx",
                 "--template", "other.pptx"]) == 0  # fmt: skip
    assert "Diapositive de titre" not in deck_layouts(project / "given.pptx") and "Title Slide" in deck_layouts(project / "given.pptx")


def test_a_broken_agency_file_stops_the_deck_in_one_line(project, capsys):
    write(project, 'paper = "legal"\n')
    (project / "client.json").write_text(json.dumps(EXAMPLE), encoding="utf-8")
    assert main(["deck", "client.json", "--store", str(project / "store"), "--no-benchmark", "--out", "d.pptx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("readiness deck: ") and 'paper must be letter or a4, got "legal"' in err and err.count("\n") == 1


def test_the_meeting_exports_slides_on_the_agencys_template(project):
    from readiness.meeting.session import MeetingSession

    make_template(project / "corporate.pptx", names=NAMED)
    write(project, 'deck_template = "corporate.pptx"\n')
    session = MeetingSession("fr", str(project / "store"), drafts=project / "drafts", exports=project / "exports")
    document = copy.deepcopy(session.document)
    document["client"] = dict(EXAMPLE["client"])
    document["answers"].update(copy.deepcopy(EXAMPLE["answers"]))
    session.change(document)
    assert "Diapositive de titre" in deck_layouts(session.export_slides())
