"""The framework's records: questions, choices, points, bands and texts, frozen and read-only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

QUESTION_IDS = ("objectives", "content", "champion", "budget", "website")
QUESTION_KINDS = {
    "objectives": "choice",
    "content": "choice",
    "champion": "choice",
    "budget": "amount",
    "website": "website",
}


DEFAULT_PATH = Path(__file__).parents[1] / "frameworks" / "social-media-5q-1.0.toml"
Texts = Mapping[str, str]


@dataclass(frozen=True)
class Advice:
    """A recommendation attached to an answer below the maximum."""

    code: str
    text: Texts


@dataclass(frozen=True)
class Choice:
    """One possible answer to a question, with its points."""

    code: str
    points: float
    label: Texts
    blocker: str | None = None
    risk: str | None = None
    advice: Advice | None = None


@dataclass(frozen=True)
class Band:
    """Points for every number from `start` up to the next band's start."""

    start: float
    points: float
    advice: Advice | None = None


@dataclass(frozen=True)
class BudgetRule:
    """How an annual amount maps to points and to the `no_budget` blocker."""

    currency: str
    minimum: float
    blocker: str
    exempt_sizes: tuple[str, ...]
    rates: Mapping[str, float]
    bands: tuple[Band, ...]
    size_bands: Mapping[str, tuple[Band, ...]]

    def bands_for(self, size: str | None) -> tuple[Band, ...]:
        """The point bands that apply to a client of this size."""
        return self.size_bands.get(size, self.bands) if size else self.bands


@dataclass(frozen=True)
class WebsiteRule:
    """How bounce rate and return on investment map to points, blockers and risks."""

    bounce_weight: float
    roi_weight: float
    blocker_at: float
    blocker: str
    unknown_risk: str
    unknown_points: float
    unknown_advice: Advice | None
    bounce_bands: tuple[Band, ...]
    roi: tuple[Choice, ...]

    def roi_choice(self, code: str) -> Choice:
        """The return-on-investment choice with this code."""
        return next(c for c in self.roi if c.code == code)


@dataclass(frozen=True)
class Question:
    """One of the five questions: one dimension of readiness."""

    id: str
    kind: str
    weight: float
    text: Texts
    short: Texts
    help: Texts
    choices: tuple[Choice, ...] = ()
    goals: Mapping[str, Texts] = field(default_factory=lambda: MappingProxyType({}))
    budget: BudgetRule | None = None
    website: WebsiteRule | None = None

    def choice(self, code: str) -> Choice:
        """The choice with this code."""
        return next(c for c in self.choices if c.code == code)

    @property
    def choice_codes(self) -> tuple[str, ...]:
        """Codes of the choices, from least to most mature."""
        return tuple(c.code for c in self.choices)


@dataclass(frozen=True)
class Framework:
    """A complete, validated, read-only framework version."""

    id: str
    version: str
    languages: tuple[str, ...]
    sizes: tuple[str, ...]
    title: Texts
    ready_at: float
    conditional_at: float
    size_labels: Mapping[str, Texts]
    verdict_labels: Mapping[str, Texts]
    blocker_labels: Mapping[str, Texts]
    risk_labels: Mapping[str, Texts]
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question:
        """The question with this id."""
        return self._by_id[qid]

    @cached_property
    def _by_id(self) -> Mapping[str, Question]:
        return MappingProxyType({q.id: q for q in self.questions})

    @property
    def weights(self) -> tuple[float, ...]:
        """Question weights, in QUESTION_IDS order."""
        return tuple(self.question(q).weight for q in QUESTION_IDS)

    def ref(self) -> dict[str, str]:
        """The `{"id", "version"}` reference stored in assessments and results."""
        return {"id": self.id, "version": self.version}
