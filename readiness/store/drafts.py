"""Autosaved drafts of the assessment on screen, so a crashed kernel or a closed tab loses nothing.

The meeting form writes a draft on every change: one JSON file per assessment,
`<drafts folder>/<assessment id>.draft.json`, written by the one writer (readiness.store.writer):
whole, durable and private (readable by its owner only). Saving the assessment to the store deletes its draft. The drafts folder is
`$READINESS_DRAFTS`, or `data/drafts/` in the project folder (git-ignored: drafts hold
client data).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.errors import NotFoundError, ReadinessError, StoreError
from ..core.limits import parse_json, read_document
from ..text import N_, Text
from .paths import drafts_folder
from .writer import WriteError, write_atomically

DRAFT_FORMAT = "readiness.draft/1"
SUFFIX = ".draft.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    """One autosaved draft: where it is, when it was written, and the assessment document."""

    path: Path
    saved_at: datetime
    document: dict[str, Any]

    @property
    def id(self) -> str:
        """The id of the assessment this draft belongs to."""
        return str(self.document.get("id") or self.path.name.removesuffix(SUFFIX))

    @property
    def client_name(self) -> str:
        """The client's name as typed so far (may be empty)."""
        return str((self.document.get("client") or {}).get("name") or "")

    @property
    def answered(self) -> int:
        """How many questions the draft answers."""
        return sum(1 for v in (self.document.get("answers") or {}).values() if v is not None)

    @property
    def questions(self) -> int | None:
        """How many questions its framework asks (None when that framework is not known here)."""
        fw = _framework_of(self.document)
        return len(fw.questions) if fw is not None else None

    @property
    def progress(self) -> str:
        """`3 / 5`: answered out of asked (just the answered count for a framework not known here)."""
        total = self.questions
        return f"{self.answered} / {total}" if total else str(self.answered)

    @property
    def framework_id(self) -> str:
        """The id of the framework the draft was made under (a draft that names none: the shipped one)."""
        from ..core.framework import default_framework

        ref = self.document.get("framework")
        return str(ref.get("id")) if isinstance(ref, dict) else default_framework().id

    def progress_under(self, framework: Any = None) -> str:
        """`3 / 6`: like `progress`, counting the questions of `framework` (a file) when the draft is of it."""
        if framework is not None and framework.id == self.framework_id:
            return f"{self.answered} / {len(framework.questions)}"
        return self.progress

    @property
    def holds_work(self) -> bool:
        """Whether the draft holds an answer or a note (one that holds a profile alone is a stub)."""
        return holds_work(self.document)


def holds_work(document: dict[str, Any]) -> bool:
    """Whether a document holds anything worth a draft: an answer, a note or an action (a name alone is typed again in a second)."""
    answers = document.get("answers") or {}
    return any(v is not None for v in answers.values()) or bool(document.get("notes")) or bool(document.get("plan"))


def draft_path(assessment_id: str, folder: str | Path | None = None) -> Path:
    """Where the draft of this assessment is written."""
    return drafts_folder(folder) / f"{assessment_id}{SUFFIX}"


def save_draft(document: dict[str, Any], folder: str | Path | None = None) -> Path:
    """Write the draft of one assessment document atomically; return its path."""
    path = draft_path(document["id"], folder)
    content = {"format": DRAFT_FORMAT, "saved_at": datetime.now().isoformat(timespec="seconds"), "assessment": document}
    text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
    try:  # private: a draft is the consultant's own unsaved work, not something to share
        write_atomically(path, text.encode("utf-8"), private=True)
    except WriteError as exc:
        raise StoreError(Text("cannot write the draft {path}: {reason}", path=path, reason=exc.reason)) from None
    return path


def load_draft(path: str | Path) -> Draft:
    """Read one draft file."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(Text("no draft at {path}", path=path))
    try:  # bounded like every input: a draft nested without end, or of any size, is refused in one line
        content = parse_json(read_document(path, N_("a draft")), "draft")
    except ReadinessError as exc:
        reason = str(exc).removeprefix(f"{path}: ").removeprefix("draft: ")
        raise StoreError(Text("cannot read the draft {path}: {reason}", path=path, reason=reason)) from None
    if not isinstance(content, dict) or content.get("format") != DRAFT_FORMAT or not isinstance(content.get("assessment"), dict):
        raise StoreError(Text("{path} is not a readiness draft (format {format} expected)", path=path, format=repr(DRAFT_FORMAT)))
    return Draft(path=path, saved_at=_saved_at(content, path), document=content["assessment"])


def list_drafts(folder: str | Path | None = None) -> list[Draft]:
    """Every readable draft, newest first (an unreadable file is logged and left in place)."""
    drafts = []
    for path in drafts_folder(folder).glob(f"*{SUFFIX}"):
        try:
            drafts.append(load_draft(path))
        except StoreError as exc:
            log.warning("draft skipped: %s", exc)
    return sorted(drafts, key=lambda d: (d.saved_at, d.path.stat().st_mtime), reverse=True)


def latest_draft(folder: str | Path | None = None) -> Draft | None:
    """The most recently written draft, or None."""
    drafts = list_drafts(folder)
    return drafts[0] if drafts else None


def find_draft(key: str, folder: str | Path | None = None) -> Draft | None:
    """The draft with this file path or assessment id, or None."""
    path = Path(key)
    if path.name.endswith(SUFFIX) and path.is_file():
        return load_draft(path)
    candidate = draft_path(key, folder) if "/" not in key and os.sep not in key else None
    return load_draft(candidate) if candidate and candidate.is_file() else None


def draft_assessment(draft: Draft, framework: Any = None) -> Any:
    """The draft as an Assessment to save (it needs a client name; a half-answered website counts as unanswered)."""
    from ..core.assessment import Assessment

    return Assessment.from_dict(without_half_answers(draft.document, framework), framework)


def without_half_answers(document: dict[str, Any], framework: Any = None) -> dict[str, Any]:
    """A website question counts as answered once both parts are (bounce rate or "unknown", and return);
    until then the half typed stays on screen and in the draft, but nothing is invented for the rest."""
    fw = framework or _framework_of(document)
    answers = document.get("answers") or {}
    half = [
        q.id for q in (fw.questions if fw is not None else ())
        if q.kind == "website" and isinstance(answers.get(q.id), dict)
        and not ("bounce_rate" in answers[q.id] and answers[q.id].get("roi") is not None)
    ]  # fmt: skip
    if not half:
        return document
    return {**document, "answers": {**answers, **dict.fromkeys(half)}}


def _framework_of(document: dict[str, Any]) -> Any:
    """The framework a document names, if known here (a document that names none is of the shipped one)."""
    from ..core.framework import default_framework, framework_for

    ref = document.get("framework")
    if ref is None:
        return default_framework()
    return framework_for(ref.get("id")) if isinstance(ref, dict) else None


def delete_draft(assessment_id: str, folder: str | Path | None = None) -> bool:
    """Delete the draft of this assessment; True if there was one."""
    try:
        draft_path(assessment_id, folder).unlink()
    except FileNotFoundError:
        return False
    return True


def _saved_at(content: dict[str, Any], path: Path) -> datetime:
    try:
        return datetime.fromisoformat(str(content.get("saved_at")))
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime)
