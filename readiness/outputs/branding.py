"""The agency's branding, in one small file: its name, logo, colours, paper and deck template.

    [agency.toml]
    name = "Agence Boréale"
    logo = "logo.png"                 # PNG, JPEG, GIF, WebP or SVG, beside this file or a path; at most 1 MB
    deck_template = "corporate.pptx"  # the PowerPoint template of `readiness deck` and the form's Export slides
    paper = "letter"                  # "letter" or "a4": the size of the printed and PDF reports
    footer = "Agence Boréale · 514 555-0199 · bonjour@boreale.example"  # or {fr = "…", en = "…"}

    [colours]
    primary = "#1F3A5F"   # the report's header band and headings
    accent = "#E69F00"    # its highlights

`load_branding()` reads the file named by `READINESS_AGENCY`, else `agency.toml` in the project
folder (the readiness checkout), else gives the house style (no name, no logo, Letter paper).
Reports and the deck both read it, so the agency is configured in one place. Every problem in
the file is reported at once, in one line naming the setting and its value (BrandingError).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import ReadinessError
from ..core.limits import read_bounded, read_document, shown
from ..store.paths import project_folder
from ..text import Text, render

FILE_NAME = "agency.toml"
VARIABLE = "READINESS_AGENCY"
LOGO_MOST = 1024 * 1024  # bytes: a logo travels inside every report
PAPERS = ("letter", "a4")
HOUSE_COLOURS = {"primary": "#1F3A5F", "accent": "#E69F00"}
SETTINGS = ("name", "logo", "deck_template", "paper", "footer", "colours")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_NAME_MOST = 120


class BrandingError(ReadinessError):
    """The agency file has problems (every one listed, on one line)."""

    def __init__(self, source: str, problems: list[Text]):
        self.source, self.problems = source, tuple(problems)
        super().__init__(f"{source}: " + "; ".join(self.problems))

    def text(self, lang: str) -> str:
        """Every problem in `lang`, after the file's name."""
        return f"{self.source}: " + "; ".join(render(p, lang) for p in self.problems)


@dataclass(frozen=True)
class Logo:
    """The agency's logo: its bytes and their media type (embedded in reports as a data: URL)."""

    data: bytes
    media_type: str

    def data_url(self) -> str:
        """`data:image/png;base64,…`: the logo inside the page, with nothing to fetch."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Branding:
    """How the agency's documents look: name, logo, colours, paper, footer and deck template."""

    name: str = ""
    logo: Logo | None = None
    colours: tuple[tuple[str, str], ...] = tuple(HOUSE_COLOURS.items())
    paper: str = "letter"
    footer: tuple[tuple[str, str], ...] = ()  # (language, text); "" for every language
    deck_template: Path | None = None
    source: Path | None = field(default=None, compare=False)

    def colour(self, role: str) -> str:
        """The colour of a role (`primary`, `accent`) as #RRGGBB."""
        return dict(self.colours).get(role, HOUSE_COLOURS[role])

    def footer_text(self, lang: str) -> str:
        """The footer line in `lang` (the one for every language when there is no translation)."""
        texts = dict(self.footer)
        return texts.get(lang, texts.get("", ""))

    def fingerprint(self) -> str:
        """A hash of everything a report shows of the branding (a changed logo or colour redoes the reports)."""
        shown_parts = {k: v for k, v in asdict(self).items() if k not in ("source", "deck_template", "logo")}
        shown_parts["logo"] = hashlib.sha256(self.logo.data).hexdigest() if self.logo else None
        return hashlib.sha256(json.dumps(shown_parts, sort_keys=True, default=str).encode()).hexdigest()


def agency_file(start: Path | None = None) -> Path | None:
    """The agency file in force: $READINESS_AGENCY, else agency.toml in the project folder, else None."""
    named = os.environ.get(VARIABLE, "").strip()
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ReadinessError(Text("{variable} names {path}, which is not a file", variable=VARIABLE, path=str(path)))
        return path
    candidate = project_folder(start) / FILE_NAME
    return candidate if candidate.is_file() else None


def load_branding(path: str | os.PathLike | None = None) -> Branding:
    """The branding of `path`, else of the agency file in force (agency_file), else the house style."""
    chosen = Path(path) if path is not None else agency_file()
    if chosen is None:
        return Branding()
    raw = _read_toml(chosen)
    return _parse(raw, chosen)


def _read_toml(path: Path) -> Mapping[str, Any]:
    data = read_document(path, "an agency file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BrandingError(str(path), [Text("not a TOML file ({reason})", reason=str(exc))]) from None


def _parse(raw: Mapping[str, Any], path: Path) -> Branding:
    """A Branding from the file's settings; every problem gathered before one BrandingError."""
    problems: list[Text] = []
    problems += [Text("unknown setting {setting}", setting=key) for key in raw if key not in SETTINGS]
    name = _name(raw.get("name", ""), problems)
    logo = _logo(raw.get("logo"), path.parent, problems)
    colours = _colours(raw.get("colours", {}), problems)
    paper = raw.get("paper", "letter")
    if paper not in PAPERS:
        problems.append(Text("paper must be letter or a4, got {value}", value=shown(paper)))
    footer = _footer(raw.get("footer", ""), problems)
    template = _template(raw.get("deck_template"), path.parent, problems)
    if problems:
        raise BrandingError(str(path), problems)
    return Branding(name, logo, colours, paper, footer, template, path)


def _name(value: Any, problems: list[Text]) -> str:
    if not isinstance(value, str) or len(value) > _NAME_MOST or any(ord(c) < 32 for c in value):
        problems.append(Text("name must be one line of at most {most} characters, got {value}", most=_NAME_MOST, value=shown(value)))
        return ""
    return value.strip()


def _colours(value: Any, problems: list[Text]) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        problems.append(Text("colours must be a table such as [colours], got {value}", value=shown(value)))
        return tuple(HOUSE_COLOURS.items())
    chosen = dict(HOUSE_COLOURS)
    for role, colour in value.items():
        if role not in HOUSE_COLOURS:
            problems.append(Text("unknown setting {setting}", setting=f"colours.{role}"))
        elif not (isinstance(colour, str) and _COLOUR.fullmatch(colour)):
            problems.append(Text("colours.{role} must be a colour such as #1F3A5F, got {value}", role=role, value=shown(colour)))
        else:
            chosen[role] = colour.upper()
    return tuple(chosen.items())


def _footer(value: Any, problems: list[Text]) -> tuple[tuple[str, str], ...]:
    texts = {"": value} if isinstance(value, str) else value
    if not isinstance(texts, Mapping) or not all(isinstance(v, str) and len(v) <= 300 for v in texts.values()):
        problems.append(Text("footer must be a line of text, or one per language ({{fr = …, en = …}}), got {value}", value=shown(value)))
        return ()
    return tuple((lang, " ".join(text.split())) for lang, text in sorted(texts.items()) if text.strip())


def _file(setting: str, value: Any, folder: Path, problems: list[Text], wrong: Text) -> Path | None:
    """The file a setting names (relative to the agency file's folder); `wrong` or "no such file" noted otherwise."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(wrong)
        return None
    path = (folder / Path(value).expanduser()).resolve()
    if not path.is_file():
        problems.append(Text("{setting}: no such file {path}", setting=setting, path=str(path)))
        return None
    return path


def _logo(value: Any, folder: Path, problems: list[Text]) -> Logo | None:
    wrong = Text("logo must be the path of an image file, got {value}", value=shown(value))
    path = _file("logo", value, folder, problems, wrong)
    if path is None:
        return None
    if path.stat().st_size > LOGO_MOST:
        problems.append(Text("logo: {path} is larger than {most} KB", path=str(path), most=LOGO_MOST // 1024))
        return None
    data = read_bounded(path, LOGO_MOST, "a logo", "json_kb")
    media_type = _media_type(data)
    if media_type is None:
        problems.append(Text("logo: {path} is not a PNG, JPEG, GIF, WebP or SVG image", path=str(path)))
        return None
    return Logo(data, media_type)


def _media_type(data: bytes) -> str | None:
    """The image type of a logo, from its first bytes (never from its name)."""
    signatures = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif", b"GIF89a": "image/gif"}
    for start, media_type in signatures.items():
        if data.startswith(start):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    return None


def _template(value: Any, folder: Path, problems: list[Text]) -> Path | None:
    wrong = Text("deck_template must be the path of a .pptx or .potx file, got {value}", value=shown(value))
    path = _file("deck_template", value, folder, problems, wrong)
    if path is not None and not _is_presentation(path):
        problems.append(Text("deck_template: {path} is not a PowerPoint .pptx or .potx file", path=str(path)))
        return None
    return path


def _is_presentation(path: Path) -> bool:
    """Whether a file is a PowerPoint presentation or template (checked when the agency file is read, not when a deck fails)."""
    import zipfile

    if path.suffix.lower() not in (".pptx", ".potx"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "ppt/presentation.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
