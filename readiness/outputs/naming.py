"""Where a client's files go and what they are called: file-name-safe slugs, exports/<client>/, <client>-<date>."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ReadinessError
from ..store.paths import exports_folder
from ..text import Text

if TYPE_CHECKING:

    from ..core.assessment import Assessment


MAX_NAME = 60


# Names Windows refuses as file names, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}


# Letters that Unicode does not decompose into a base letter plus an accent.
FOLDS = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "&": " and "})  # fmt: skip


def safe_name(text: Any) -> str:
    """A file-name-safe slug of a client name (`Café Łódź & Fils` → `cafe-lodz-and-fils`), never empty."""
    raw = "" if text is None else str(text)
    folded = unicodedata.normalize("NFKD", raw.translate(FOLDS))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_NAME:
        slug = slug[:MAX_NAME].rsplit("-", 1)[0] if "-" in slug[:MAX_NAME] else slug[:MAX_NAME]
    if not slug:  # a name with no Latin letter at all: keep different names apart
        return "client-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8] if raw.strip() else "client"
    return f"{slug}-client" if slug in RESERVED else slug


def deck_path(assessment: Assessment, out: str | Path | None) -> Path:
    """Where the deck goes: `out` itself, or the default file name inside a folder."""
    name = f"{file_stem(assessment)}.pptx"
    if out is None:
        return client_folder(assessment) / name
    folder = str(out).endswith(("/", os.sep))
    out = Path(out)
    if folder or out.is_dir():
        return out / name
    if out.suffix.lower() != ".pptx":
        raise ReadinessError(Text("out must be a .pptx file or a folder, got {out}", out=repr(str(out))))
    return out


def client_folder(assessment: Assessment) -> Path:
    """`exports/<client>/` (or `$READINESS_EXPORTS/<client>/`): where one client's files go by default."""
    return exports_folder() / safe_name(assessment.client.name)


def file_stem(assessment: Assessment) -> str:
    """`<client>-<date>`: the start of every file name of one assessment."""
    return f"{safe_name(assessment.client.name)}-{assessment.assessed_on.isoformat()}"
