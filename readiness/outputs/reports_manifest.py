"""What a report folder holds and what each report was made from, so a batch run redoes only what changed.

The manifest is `.readiness-reports.json` in the report folder:

    {"format": "readiness.reports/1",
     "reports": {"<assessment id>": {"hash": "<sha256>", "inputs": "<sha256>", "files": ["boulangerie-…-7d9f0c1e.html", "….pdf"]}}}

A report's `hash` covers everything the report shows or is made with: the assessment itself,
the aggregates of its peers that the report shows (group, n, percentiles, medians, quartiles,
verdict shares, histogram, whether they are sample data), the framework, the language, k, the
agency's branding, and the renderer (package version, templates and the code that draws the
page). A report whose hash is unchanged and whose files asked for (HTML, PDF, notebook) are all
there is up to date; anything else is made again. Files of an earlier run that no longer match
(the client renamed, a PDF of an older version of the report) are removed; a PDF of the same
report is kept when a later run asks for the HTML alone.

`inputs` is a quicker check, made before anything is loaded or computed: the assessment, every
assessment of the store the peers are drawn from (or the shipped sample's file), and the same
settings. When it is unchanged too, the report
is up to date without even comparing the client with its peers; when only other clients changed,
the client is compared again and its report is made again only if what it shows changed.
The manifest is written whole (store.writer), at the end of a run and from time to time during
it, so an interrupted run keeps what it finished.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store.writer import write_atomically

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.assessment import Assessment
    from ..core.outcome import ClientOutcome

MANIFEST = ".readiness-reports.json"
FORMAT = "readiness.reports/1"


@dataclass(frozen=True)
class Entry:
    """One report as the manifest knows it: the hash it was made from and its files (names in the folder)."""

    hash: str
    files: tuple[str, ...]
    inputs: str = ""

    def up_to_date(self, wanted: str, folder: Path, names: Iterable[str], *, inputs: bool = False) -> bool:
        """Whether it was made from `wanted` (its hash, or its inputs' hash) and holds the files `names`, all still there."""
        made_from = self.inputs if inputs else self.hash
        return bool(made_from) and made_from == wanted and all(n in self.files and (folder / n).is_file() for n in names)

    def after(self, written: Entry) -> Entry:
        """The entry once `written` is made: the files of the same content kept (a PDF made before, now not asked for)."""
        if written.hash != self.hash:
            return written  # (the others no longer match the report: record.py removes them)
        return Entry(written.hash, tuple(dict.fromkeys(written.files + self.files)), written.inputs)


class Manifest:
    """The report folder's manifest: read once, updated as reports are written, saved whole."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None):
        self.folder = folder
        self.entries = entries or {}
        self.changed = False

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none or it cannot be read (everything is made again)."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            reports = data["reports"] if data.get("format") == FORMAT else {}
            entries = {str(i): Entry(str(e["hash"]), tuple(str(f) for f in e["files"]), str(e.get("inputs", ""))) for i, e in reports.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(folder, entries)

    def get(self, assessment_id: str) -> Entry | None:
        """The entry of one assessment's report, if it was made before."""
        return self.entries.get(assessment_id)

    def record(self, assessment_id: str, entry: Entry) -> list[str]:
        """Note a report just written; the names of its earlier files it no longer has (a renamed client), to remove."""
        before = self.entries.get(assessment_id)
        self.entries[assessment_id] = entry
        self.changed = True
        return [name for name in (before.files if before else ()) if name not in entry.files]

    def save(self) -> None:
        """Write the manifest whole (WriteError when the disk is full: the previous one stays)."""
        reports = {i: {"hash": e.hash, "inputs": e.inputs, "files": list(e.files)} for i, e in sorted(self.entries.items())}
        body = json.dumps({"format": FORMAT, "reports": reports}, ensure_ascii=False, indent=1)
        write_atomically(self.folder / MANIFEST, body.encode("utf-8"))
        self.changed = False


def report_hash(outcome: ClientOutcome, made_with: dict[str, Any]) -> str:
    """The hash of one report: its assessment, the peers' aggregates it shows, and what it is made with."""
    shown = {
        "assessment": json.loads(outcome.assessment.to_json()),
        "peers": outcome.benchmark.to_dict() if outcome.benchmark is not None else None,
        "progress": outcome.progress.to_dict() if outcome.progress is not None else None,  # a follow-up's earlier visits
        "lang": outcome.lang,
        "k": outcome.k,
        **made_with,
    }
    return _digest(shown)


def inputs_hash(assessment: Assessment, peers: str, made_with: dict[str, Any], language: str | None) -> str:
    """The hash of what one report is made from, known before any comparison: the assessment, the peers' source, the settings."""
    shown = {"assessment": assessment.to_json(), "peers": peers, "language": language, **made_with}
    return _digest(shown)


def peers_fingerprint(assessments: Iterable[Assessment], k: int, framework_id: str = "social-media-5q") -> tuple[str, int]:
    """A hash of every assessment the peers are drawn from, and how many there are, read without scoring anything.

    The peers are the store's assessments (load_past), or the shipped sample when the store holds fewer than k.
    """
    from ..store.sample import SAMPLES

    digest, count = hashlib.sha256(), 0
    for assessment in assessments:
        digest.update(hashlib.sha256(assessment.to_json().encode("utf-8")).digest())
        count += 1
    if count < k:
        spec = SAMPLES.get(framework_id)
        shipped = spec.path.read_bytes() if spec is not None and spec.path.is_file() else framework_id.encode("utf-8")
        return "sample:" + hashlib.sha256(shipped).hexdigest(), count
    return digest.hexdigest(), count


def framework_fingerprint(framework_data: dict[str, Any]) -> str:
    """A hash of a framework's content (its questions, points, texts and version)."""
    return _digest(framework_data)


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
