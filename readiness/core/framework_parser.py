"""Reading framework data into frozen records, every problem collected and reported at once.

Each problem names the key it is about (`questions[5].choices[0].blocker`); `framework_places`
adds the line of the file (TOML, YAML, JSON), and the workbook reader (readiness.sheets) the
sheet, row and column. Messages are catalogue messages, so a French consultant reads them in French.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from ..text import LANGUAGES, N_, Text, t
from .errors import Problem
from .framework_model import (
    KINDS,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    YES_NO,
    Advice,
    Band,
    BudgetRule,
    Choice,
    Framework,
    Question,
    Texts,
    WebsiteRule,
)

QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
PROFILE_COLUMNS = ("id", "client_name", "industry", "size", "assessed_on", "consultant", "language")
RESULT_NAMES = ("overall", "verdict", "complete", "missing", "blockers", "risks")
RESERVED = frozenset(PROFILE_COLUMNS + RESULT_NAMES + ("notes", "general", "framework"))
MAX_ISSUES = 62  # blockers (and risks) are kept as bits of one 64-bit integer per assessment while scoring
YES_NO_DEFAULTS = {"yes": (100.0, N_("Yes")), "no": (0.0, N_("No"))}  # labels unless the file gives its own
KIND_NAMES = {str: Text("text"), float: Text("a number"), list: Text("a list"), Mapping: Text("a table"), int: Text("a number")}


class _Parser:
    """Turns plain framework data into frozen records, collecting every problem on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("fr", "en")
        self.blocker_codes: Mapping[str, Any] = {}
        self.risk_codes: Mapping[str, Any] = {}

    def fail(self, where: str, problem: Text) -> None:
        where = where.lstrip(".")
        self.problems.append(Problem(where, Text("{where}: {problem}", where=where, problem=problem)))

    def get(self, d: Any, key: str, where: str, kind: type | tuple = str, default: Any = ...) -> Any:
        if not isinstance(d, Mapping) or d.get(key) is None:  # JSON/YAML null means "not given"
            if default is ...:
                self.fail(f"{where}.{key}", Text("is missing"))
            return None if default is ... else default
        value = d[key]
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.fail(f"{where}.{key}", Text("must be {kind}, got {value}", kind=_kind_name(kind), value=_shown(value)))
            return None if default is ... else default
        return value

    def texts(self, d: Any, key: str, where: str, required: bool = True, defaults: Texts | None = None) -> Texts:
        value = self.get(d, key, where, Mapping, default=... if required and not defaults else None)
        value = {**(defaults or {}), **(value or {})}
        if not value and not required:
            return MappingProxyType({})
        for lang in self.languages:
            if not isinstance(value.get(lang), str) or not value.get(lang).strip():
                self.fail(f"{where}.{key}.{lang}", Text("text is missing"))
        return MappingProxyType({k: str(v) for k, v in value.items() if isinstance(v, str)})

    def points(self, d: Any, key: str, where: str, default: Any = ...) -> float:
        """Points from 0 to 100; NaN when missing or not a number (reported once: the checks of consistency skip it)."""
        value = self.get(d, key, where, float, default=default)
        if value is not None and not 0 <= value <= 100:
            self.fail(f"{where}.{key}", Text("must be between 0 and 100, got {value}", value=f"{value:g}"))
        return value if value is not None else math.nan

    def code(self, d: Any, key: str, where: str, default: Any = ...) -> Any:
        value = self.get(d, key, where, default=default)
        if isinstance(value, str) and not QUESTION_ID.fullmatch(value):
            self.fail(f"{where}.{key}", Text("must be a code of lower-case letters, digits and _ (starting with a letter, at most 40), got {value}", value=_shown(value)))
        return value

    # ------------------------------------------------------------ the framework

    def framework(self, raw: Mapping[str, Any]) -> Framework:
        if not isinstance(raw, Mapping):
            self.fail("framework", Text("must be a table of settings"))
            raw = {}
        self.languages = self.declared_languages(raw)
        verdict = self.get(raw, "verdict", "", Mapping, default={})
        ready_at = self.get(verdict, "ready_at", "verdict", float, default=75.0)
        conditional_at = self.get(verdict, "conditional_at", "verdict", float, default=50.0)
        if conditional_at > ready_at:
            self.fail("verdict.conditional_at", Text("conditional_at ({conditional}) must not exceed ready_at ({ready})", conditional=f"{conditional_at:g}", ready=f"{ready_at:g}"))
        elif not 0 < conditional_at <= ready_at <= 100:
            self.fail("verdict", Text("the thresholds must be above 0 and at most 100: 0 < conditional_at ≤ ready_at ≤ 100"))
        labels = {key: self.label_table(raw, key) for key in ("size_labels", "verdict_labels", "blocker_labels", "risk_labels")}
        self.blocker_codes, self.risk_codes = labels["blocker_labels"], labels["risk_labels"]
        questions = self.questions(self.get(raw, "questions", "", list, default=[]))
        fw = Framework(
            id=self.framework_id(raw),
            version=str(self.get(raw, "version", "", (str, int, float)) or ""),
            languages=self.languages,
            sizes=tuple(self.get(raw, "sizes", "", list, default=[]) or ()),
            title=self.texts(raw, "title", ""),
            ready_at=ready_at,
            conditional_at=conditional_at,
            **labels,
            questions=questions,
        )
        self.check_cross_references(fw)
        return fw

    def framework_id(self, raw: Mapping[str, Any]) -> str:
        value = self.get(raw, "id", "") or ""
        if value and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value):
            self.fail("id", Text("must be letters, digits, '.', '_' or '-' (at most 64), got {value}", value=_shown(value)))
        return value

    def declared_languages(self, raw: Any) -> tuple[str, ...]:
        langs = self.get(raw, "languages", "", list, default=["fr", "en"])
        bad = [x for x in langs if not isinstance(x, str) or not re.fullmatch(r"[a-z]{2,3}", x)]
        if bad or not langs:
            self.fail("languages", Text("must list language codes such as fr and en, got {value}", value=_shown(langs)))
        return tuple(x for x in langs if isinstance(x, str) and x not in bad) or ("en",)

    def label_table(self, raw: Mapping[str, Any], key: str) -> Mapping[str, Texts]:
        table = self.get(raw, key, "", Mapping, default={})
        if key in ("blocker_labels", "risk_labels") and len(table) > MAX_ISSUES:
            self.fail(key, Text("at most {n} codes, got {count}", n=MAX_ISSUES, count=len(table)))
        return MappingProxyType({code: self.texts(table, code, key) for code in table})

    # ------------------------------------------------------------ the questions

    def questions(self, items: list) -> tuple[Question, ...]:
        if not MIN_QUESTIONS <= len(items) <= MAX_QUESTIONS:
            self.fail("questions", Text("a framework asks from {low} to {high} questions, got {n}", low=MIN_QUESTIONS, high=MAX_QUESTIONS, n=len(items)))
        found = [self.question(item, f"questions[{i}]") for i, item in enumerate(items)]
        ids = Counter(q.id for q in found if q.id)
        for qid, n in ids.items():
            if n > 1:
                again = [i for i, q in enumerate(found) if q.id == qid][1]  # (pointed at where it is asked the second time)
                self.fail(f"questions[{again}].id", Text("question {id} appears more than once", id=_shown(qid)))
        if found and sum(q.weight for q in found) <= 0:
            self.fail("questions", Text("the weights must add up to more than 0"))
        return self.with_columns(tuple(found))

    def question(self, raw: Any, where: str) -> Question:
        qid = self.question_id(raw, where)
        kind = self.get(raw, "kind", where) or ""
        if kind and kind not in KINDS:
            self.fail(f"{where}.kind", Text("question {id}: unknown kind {kind}; expected one of {kinds}", id=_shown(qid), kind=_shown(kind), kinds=", ".join(KINDS)))
        weight = self.get(raw, "weight", where, float, default=1.0)
        if weight < 0:
            self.fail(f"{where}.weight", Text("must be ≥ 0, got {value}", value=f"{weight:g}"))
        common = dict(
            id=qid,
            kind=kind,
            weight=weight,
            text=self.texts(raw, "text", where),
            short=self.texts(raw, "short", where),
            help=self.texts(raw, "help", where, required=False),
        )
        if kind == "choice":
            goals = self.get(raw, "goals", where, Mapping, default={})
            question = Question(
                **common,
                choices=self.choices(raw, "choices", where),
                goals=MappingProxyType({g: self.texts(goals, g, f"{where}.goals") for g in goals}),
            )
        elif kind == "yes_no":
            question = Question(**common, choices=self.yes_no(raw, where))
        elif kind == "amount":
            question = Question(**common, budget=self.budget(raw, where))
        elif kind == "website":
            question = Question(**common, website=self.website(raw, where))
        else:
            return Question(**common)
        self.check_range(question, where)
        return question

    def check_range(self, q: Question, where: str) -> None:
        """The worst answer of a question is worth 0 and the best 100, without a blocker: so the worst answers
        everywhere give 0 and the best 100 and ready, whatever the framework (DESIGN "Scoring rules")."""
        for points, place in _extremes(q, where):
            if points and not any(math.isnan(p) for p in points) and (min(points) != 0 or max(points) != 100):
                self.fail(place, Text("the worst answer must be worth 0 points and the best 100, got {low} to {high}", low=f"{min(points):g}", high=f"{max(points):g}"))
        for choices in (q.choices, q.website.roi if q.website else ()):
            if any(math.isnan(c.points) for c in choices):
                continue
            free = [c.points for c in choices if not c.blocker]
            blocked = [c for c in choices if c.blocker and (not free or c.points >= min(free))]
            for c in blocked:  # else raising an answer could add a blocker, and the best answers could not be ready
                self.fail(where, Text("answer {code} is a blocker worth {points} points: a blocker must be worth less than every answer that is not one", code=_shown(c.code), points=f"{c.points:g}"))
        if q.website and q.website.unknown_points < 100 and q.website.unknown_advice is None:
            self.fail(f"{where}.unknown_advice", Text("is missing: an unknown bounce rate is worth {points} points, under 100", points=f"{q.website.unknown_points:g}"))
        if q.website and q.website.blocker_at <= 0:
            self.fail(f"{where}.blocker_at", Text("must be above 0 (a bounce rate of 0 is the best there is), got {value}", value=f"{q.website.blocker_at:g}"))

    def question_id(self, raw: Any, where: str) -> str:
        qid = self.get(raw, "id", where) or ""
        if qid and not QUESTION_ID.fullmatch(qid):
            self.fail(f"{where}.id", Text("must be a code of lower-case letters, digits and _ (starting with a letter, at most 40), got {value}", value=_shown(qid)))
        elif qid in RESERVED or qid.endswith("_score"):
            self.fail(f"{where}.id", Text("{value} is a column of the flat table already; choose another id", value=_shown(qid)))
        return qid

    def with_columns(self, questions: tuple[Question, ...]) -> tuple[Question, ...]:
        """Each question with the flat-table column of each part of its answer; two questions may not share one."""
        shared = Counter(field for q in questions for field in _fields(q))
        named = tuple(replace(q, columns=MappingProxyType(flat_names(q, shared))) for q in questions)
        taken = Counter(c for q in named for c in q.columns.values())
        scores = {f"{q.id}_score" for q in named}
        for i, q in enumerate(named):
            for column in q.columns.values():
                if q.id and (taken[column] > 1 or column in RESERVED or column in scores):
                    self.fail(f"questions[{i}].id", Text("question {id}: its column {column} is another column's name too; choose another id", id=_shown(q.id), column=_shown(column)))
        return named

    # ------------------------------------------------------------ choices

    def choices(self, raw: Any, key: str, where: str) -> tuple[Choice, ...]:
        items = self.get(raw, key, where, list, default=[])
        if not items:
            self.fail(f"{where}.{key}", Text("needs at least one choice"))
        result = tuple(self.choice(c, f"{where}.{key}[{i}]") for i, c in enumerate(items))
        codes = Counter(c.code for c in result)
        for code, n in codes.items():
            if n > 1:
                self.fail(f"{where}.{key}", Text("choice code {code} appears more than once", code=_shown(code)))
        return tuple(sorted(result, key=lambda c: c.points))

    def choice(self, raw: Any, where: str, code: str | None = None, defaults: tuple[float, Texts] | None = None) -> Choice:
        choice = Choice(
            code=code or self.code(raw, "code", where) or "",
            points=self.points(raw, "points", where, default=defaults[0] if defaults else ...),
            label=self.texts(raw, "label", where, defaults=defaults[1] if defaults else None),
            blocker=self.issue(raw, "blocker", where, self.blocker_codes),
            risk=self.issue(raw, "risk", where, self.risk_codes),
            advice=self.advice(raw, "advice", where),
        )
        self.check_advice(choice, where)
        return choice

    def check_advice(self, item: Choice | Band, where: str) -> None:
        """An answer worth less than 100 says what to do about it: each dimension below its maximum yields a recommendation."""
        if item.advice is None and item.points < 100:
            self.fail(f"{where}.advice", Text("is missing: this answer is worth {points} points, under 100, so it needs an advice (what to do about it)", points=f"{item.points:g}"))

    def issue(self, raw: Any, key: str, where: str, labels: Mapping[str, Any], default: Any = None) -> str | None:
        """A blocker or risk code, which must have its label under blocker_labels or risk_labels."""
        code = self.get(raw, key, where, default=default)
        if code and code not in labels:
            table = "blocker_labels" if labels is self.blocker_codes else "risk_labels"
            self.fail(f"{where}.{key}", Text("{kind} {code} has no label (under [{table}] in a TOML file, a row of list {list} in a workbook's labels sheet)",
                                             kind=key, code=_shown(code), table=table, list=table.removesuffix("_labels")))  # fmt: skip
        return code

    def yes_no(self, raw: Any, where: str) -> tuple[Choice, ...]:
        """The `no` and `yes` answers: points (0 and 100 unless given), blocker, risk, advice; labels default to Yes/No."""
        found = []
        for code in YES_NO:
            points, word = YES_NO_DEFAULTS[code]
            labels = MappingProxyType({lang: t(word, lang) for lang in self.languages if lang in LANGUAGES})
            found.append(self.choice(self.get(raw, code, where, Mapping, default={}), f"{where}.{code}", code, (points, labels)))
        if found[0].points > found[1].points:
            self.fail(f"{where}.yes", Text("yes must be worth at least as many points as no"))
        return tuple(found)

    def advice(self, raw: Any, key: str, where: str) -> Advice | None:
        value = self.get(raw, key, where, Mapping, default=None)
        if value is None:
            return None
        code = self.get(value, "code", f"{where}.{key}") or ""
        texts = {lang: value.get(lang) for lang in self.languages}
        for lang, text in texts.items():
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{where}.{key}.{lang}", Text("text is missing"))
        return Advice(code, MappingProxyType({k: v for k, v in texts.items() if isinstance(v, str)}))

    # ------------------------------------------------------------ numbers: bands, budget, website

    def bands(self, items: Any, where: str) -> tuple[Band, ...]:
        if not isinstance(items, list) or not items:
            self.fail(where, Text("needs at least one band"))
            return (Band(0.0, 0.0),)
        bands = tuple(
            Band(
                start=self.get(b, "from", f"{where}[{i}]", float, default=0.0),
                points=self.points(b, "points", f"{where}[{i}]"),
                advice=self.advice(b, "advice", f"{where}[{i}]"),
            )
            for i, b in enumerate(items)
        )
        for i, band in enumerate(bands):
            self.check_advice(band, f"{where}[{i}]")
        starts = [b.start for b in bands]
        if starts[0] != 0:
            self.fail(f"{where}[0].from", Text("the first band must start at 0, got {value}", value=f"{starts[0]:g}"))
        if starts != sorted(set(starts)):
            self.fail(where, Text("bands must be listed by increasing `from`, each once"))
        return bands

    def budget(self, raw: Any, where: str) -> BudgetRule:
        minimum = self.get(raw, "minimum", where, float, default=0.0)
        if minimum < 0:
            self.fail(f"{where}.minimum", Text("must be ≥ 0, got {value}", value=f"{minimum:g}"))
        rates = self.get(raw, "rates", where, Mapping, default={})
        currency = self.get(raw, "currency", where, default="CAD")
        clean_rates = {currency: 1.0}
        for code, rate in rates.items():
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0:
                clean_rates[str(code)] = float(rate)
            else:
                self.fail(f"{where}.rates.{code}", Text("must be a number > 0, got {value}", value=_shown(rate)))
        size_bands: dict[str, tuple[Band, ...]] = {}
        for i, group in enumerate(self.get(raw, "size_bands", where, list, default=[])):
            bands = self.bands(self.get(group, "bands", f"{where}.size_bands[{i}]", list), f"{where}.size_bands[{i}].bands")
            self.check_monotone_bands(bands, f"{where}.size_bands[{i}].bands", increasing=True)
            for size in self.get(group, "sizes", f"{where}.size_bands[{i}]", list) or []:
                size_bands[str(size)] = bands
        bands = self.bands(self.get(raw, "bands", where, list), f"{where}.bands")
        self.check_monotone_bands(bands, f"{where}.bands", increasing=True)
        return BudgetRule(
            currency=currency,
            minimum=minimum,
            blocker=self.issue(raw, "blocker", where, self.blocker_codes, default=... if minimum > 0 else "") or "",
            exempt_sizes=tuple(self.get(raw, "exempt_sizes", where, list, default=[])),
            rates=MappingProxyType(clean_rates),
            bands=bands,
            size_bands=MappingProxyType(size_bands),
        )

    def website(self, raw: Any, where: str) -> WebsiteRule:
        bounce_bands = self.bands(self.get(raw, "bounce_bands", where, list), f"{where}.bounce_bands")
        self.check_monotone_bands(bounce_bands, f"{where}.bounce_bands", increasing=False)
        bw = self.get(raw, "bounce_weight", where, float, default=0.5)
        rw = self.get(raw, "roi_weight", where, float, default=0.5)
        if bw < 0 or rw < 0 or bw + rw <= 0:
            self.fail(f"{where}.bounce_weight", Text("bounce_weight and roi_weight must be ≥ 0 and not both 0"))
        roi = self.choices(raw, "roi", where)
        if "unknown" not in [c.code for c in roi]:
            self.fail(f"{where}.roi", Text("needs a choice with code 'unknown'"))
        return WebsiteRule(
            bounce_weight=bw,
            roi_weight=rw,
            blocker_at=self.get(raw, "blocker_at", where, float, default=100.0),
            blocker=self.issue(raw, "blocker", where, self.blocker_codes, default=...) or "",
            unknown_risk=self.issue(raw, "unknown_risk", where, self.risk_codes, default=...) or "",
            unknown_points=self.points(raw, "unknown_points", where),
            unknown_advice=self.advice(raw, "unknown_advice", where),
            bounce_bands=bounce_bands,
            roi=roi,
        )

    def check_monotone_bands(self, bands: tuple[Band, ...], where: str, increasing: bool) -> None:
        pts = [b.points for b in bands]
        if any(math.isnan(p) for p in pts):
            return
        if increasing and pts != sorted(pts):
            self.fail(where, Text("points must rise from band to band, got {points}", points=_numbers(pts)))
        elif not increasing and pts != sorted(pts, reverse=True):
            self.fail(where, Text("points must fall from band to band, got {points}", points=_numbers(pts)))

    # ------------------------------------------------------------ what refers to what

    def check_cross_references(self, fw: Framework) -> None:
        for i, q in enumerate(fw.questions):
            sizes = (*q.budget.exempt_sizes, *q.budget.size_bands) if q.budget else ()
            for size in dict.fromkeys(sizes):
                if size not in fw.sizes:
                    self.fail(f"questions[{i}]", Text("size {size} is not one of the sizes ({sizes})", size=_shown(size), sizes=", ".join(fw.sizes)))
        for size in fw.sizes:
            if size not in fw.size_labels:
                self.fail(f"size_labels.{size}", Text("label is missing"))
        for verdict in ("ready", "conditional", "not_ready"):
            if verdict not in fw.verdict_labels:
                self.fail(f"verdict_labels.{verdict}", Text("label is missing"))


def flat_names(q: Question, shared: Mapping[str, int]) -> dict[str, str]:
    """The flat-table column of each part of a question's answer.

    A choice is the question's id; an amount `<id>_annual`; the website's return `<id>_roi`;
    goals, currency and bounce rate keep their short names (`goals`, `currency`, `bounce_rate`)
    while a single question of the framework has them, else `<id>_goals`…: so the shipped
    framework's columns are exactly those of the flat layout v1.
    """
    names = {"choice": q.id, "annual_amount": f"{q.id}_annual", "roi": f"{q.id}_roi"}
    return {field: names.get(field) or (field if shared[field] == 1 else f"{q.id}_{field}") for field in _fields(q)}


def _fields(q: Question) -> tuple[str, ...]:
    """The parts of a question's answer, in column order."""
    if q.kind == "choice":
        return ("choice", "goals") if q.goals else ("choice",)
    return {"yes_no": ("choice",), "amount": ("annual_amount", "currency"), "website": ("bounce_rate", "roi")}.get(q.kind, ())


def _extremes(q: Question, where: str) -> list[tuple[list[float], str]]:
    """The points of each list of answers of a question (choices, bands…) and the key they were read from."""
    found = [([c.points for c in q.choices], f"{where}.choices" if q.kind == "choice" else where)]
    if q.budget:
        found.append(([b.points for b in q.budget.bands], f"{where}.bands"))
        groups = {id(bands): bands for bands in q.budget.size_bands.values()}.values()  # (sizes that share their bands: once)
        found += [([b.points for b in bands], f"{where}.size_bands") for bands in groups]
    if q.website:
        found += [([b.points for b in q.website.bounce_bands], f"{where}.bounce_bands"), ([c.points for c in q.website.roi], f"{where}.roi")]
    return found


def _kind_name(kind: type | tuple) -> Text:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = [KIND_NAMES.get(k, Text(k.__name__)) for k in kinds]
    return names[0] if len(names) == 1 else Text("{first} or {second}", first=names[0], second=names[-1])


def _shown(value: Any) -> str:
    """A value as a problem names it: text quoted, at most about 60 characters."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _numbers(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"
