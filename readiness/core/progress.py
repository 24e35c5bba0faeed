"""One client's assessments over time: scores, verdicts, what changed since the visit before, what is still open.

    progress = client_progress(assessments, framework)    # any order; one client's
    progress.visits     # oldest first: Visit(id, assessed_on, overall, verdict, dimensions, delta, follows)
    progress.open_items # the items of the latest action plan not done yet
    progress.to_dict()  # the JSON of `readiness progress CLIENT --json` (DESIGN "Plan and progress")

Each assessment is scored under its own framework (`frameworks` resolves it); a delta compares the
overall score and the dimensions both visits have. Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .action_plan import ActionItem, open_items
from .assessment import Assessment
from .framework import Framework
from .scoring import score_assessment

VERDICT_RANK = {"not_ready": 0, "conditional": 1, "ready": 2}


@dataclass(frozen=True)
class Visit:
    """One assessment of the client, scored, with its change since the one before (None for the first)."""

    assessment: Assessment
    overall: float | None
    verdict: str | None
    dimensions: Mapping[str, float | None]
    delta: Mapping[str, float] | None

    @property
    def id(self) -> str:
        """The assessment's id."""
        return self.assessment.id

    @property
    def assessed_on(self) -> date:
        """The day of the meeting."""
        return self.assessment.assessed_on

    def to_dict(self) -> dict[str, Any]:
        """As `readiness progress --json` prints it."""
        return {"id": self.id, "assessed_on": self.assessed_on.isoformat(), "overall": self.overall, "verdict": self.verdict,
                "dimensions": dict(self.dimensions), "delta": None if self.delta is None else dict(self.delta),
                "follows": self.assessment.follows}  # fmt: skip


@dataclass(frozen=True)
class Progress:
    """A client's visits, oldest first, and the action items still open."""

    client: str
    visits: tuple[Visit, ...]
    open_items: tuple[ActionItem, ...]

    @property
    def latest(self) -> Visit | None:
        """The most recent visit."""
        return self.visits[-1] if self.visits else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the contract: the visits oldest first with deltas, and the open action items."""
        return {"client": self.client, "assessments": [v.to_dict() for v in self.visits], "open_items": [i.to_dict() for i in self.open_items]}


def client_progress(assessments: Iterable[Assessment], frameworks: Callable[[Assessment], Framework], lang: str = "fr") -> Progress:
    """The client's visits oldest first (by date; on one day, a follow-up after the one it follows), each scored under its framework, with deltas."""
    ordered = in_order(list(assessments))
    visits: list[Visit] = []
    for a in ordered:
        result = score_assessment(a, frameworks(a), lang)
        before = visits[-1] if visits else None
        visits.append(Visit(a, result.overall, result.verdict, dict(result.dimensions), _delta(before, result) if before else None))
    latest_plan = next((a.plan for a in reversed(ordered) if a.plan), ())  # a follow-up without a plan keeps the last one's
    name = ordered[-1].client.name if ordered else ""
    return Progress(name, tuple(visits), open_items(latest_plan))


def in_order(assessments: list[Assessment]) -> list[Assessment]:
    """Oldest first: by date, then by how many follow-ups lead to it (a follow-up made the same day comes after), then id."""
    by_id = {a.id: a for a in assessments}

    def depth(a: Assessment) -> int:
        seen = {a.id}
        while a.follows in by_id and a.follows not in seen:
            a = by_id[a.follows]
            seen.add(a.id)
        return len(seen) - 1

    return sorted(assessments, key=lambda a: (a.assessed_on, depth(a), a.id))


def _delta(before: Visit, result: Any) -> dict[str, float]:
    """Overall and per-dimension change since the visit before (only what both have scored)."""
    delta = {}
    if before.overall is not None and result.overall is not None:
        delta["overall"] = round(result.overall - before.overall, 1)
    for qid, score in result.dimensions.items():
        old = before.dimensions.get(qid)
        if score is not None and old is not None:
            delta[qid] = round(score - old, 1)
    return delta


def previous_of(assessment: Assessment, visits: Iterable[Visit]) -> Visit | None:
    """The visit an assessment follows up: the one named by `follows`, else the latest one before its date."""
    earlier = [v for v in visits if v.id != assessment.id]
    named = [v for v in earlier if v.id == assessment.follows]
    if named:
        return named[0]
    before = [v for v in earlier if v.assessed_on <= assessment.assessed_on]
    return before[-1] if before else None


def moved_up(before: str | None, after: str | None) -> bool:
    """Whether the verdict went up between two visits."""
    return before is not None and after is not None and VERDICT_RANK[after] > VERDICT_RANK[before]
