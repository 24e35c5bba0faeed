"""The framework's records: questions, choices, points, bands and texts, frozen and read-only.

A framework declares its questions in order (2 to 12 of them); each is one dimension of
readiness, of one of the KINDS. Nothing in the code names a question: every output takes the
questions, their columns in the flat table and their blockers from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

KINDS = ("choice", "amount", "website", "yes_no")  # how a question is answered (DESIGN "Framework format 2")
MIN_QUESTIONS, MAX_QUESTIONS = 2, 12
YES_NO = ("no", "yes")  # the two choices of a yes_no question

SHIPPED = Path(__file__).parents[1] / "frameworks"
DEFAULT_ID = "social-media-5q"
DEFAULT_PATH = SHIPPED / "social-media-5q-1.0.toml"
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
    """One question of the framework: one dimension of readiness.

    `columns` names the flat-table column of each part of the answer (`choice`, `goals`,
    `annual_amount`, `currency`, `bounce_rate`, `roi`), see `framework_parser.flat_names`.
    """

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
    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def choice(self, code: str) -> Choice:
        """The choice with this code."""
        return next(c for c in self.choices if c.code == code)

    @property
    def choice_codes(self) -> tuple[str, ...]:
        """Codes of the choices, from least to most mature."""
        return tuple(c.code for c in self.choices)

    @property
    def answered_by_choice(self) -> bool:
        """Whether the answer is one choice among codes (kinds choice and yes_no)."""
        return self.kind in ("choice", "yes_no")

    @property
    def all_choices(self) -> tuple[Choice, ...]:
        """Every choice that carries points: the answers, or the website's returns."""
        return self.choices + (self.website.roi if self.website else ())

    @property
    def issues(self) -> tuple[str, ...]:
        """The blocker and risk codes this question can raise."""
        codes = [code for c in self.all_choices for code in (c.blocker, c.risk)]
        if self.budget:
            codes.append(self.budget.blocker)
        if self.website:
            codes += [self.website.blocker, self.website.unknown_risk]
        return tuple(dict.fromkeys(c for c in codes if c))


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
    def question_ids(self) -> tuple[str, ...]:
        """The question ids, in the framework's order."""
        return tuple(q.id for q in self.questions)

    @property
    def weights(self) -> tuple[float, ...]:
        """Question weights, in the framework's order."""
        return tuple(q.weight for q in self.questions)

    def has_question(self, qid: str) -> bool:
        """Whether the framework asks a question with this id."""
        return qid in self._by_id

    @cached_property
    def issue_sources(self) -> Mapping[str, str]:
        """The question each blocker or risk code comes from (the first one that raises it)."""
        found: dict[str, str] = {}
        for q in self.questions:
            for code in q.issues:
                found.setdefault(code, q.id)
        return MappingProxyType(found)

    @property
    def answer_columns(self) -> tuple[str, ...]:
        """The flat-table columns of the answers, question by question."""
        return tuple(column for q in self.questions for column in q.columns.values())

    def ref(self) -> dict[str, str]:
        """The `{"id", "version"}` reference stored in assessments and results."""
        return {"id": self.id, "version": self.version}
