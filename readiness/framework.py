"""The framework: questions, choices, points, thresholds, weights and texts, as read-only data.

The shipped framework is `social-media-5q` 1.0 (frameworks/social-media-5q-1.0.toml). An agency
can load its own file (TOML, YAML or JSON) with `load_framework(path)`; every problem in that
file is reported at once, each with where it is.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import FrameworkError, Problem

QUESTION_IDS = ("objectives", "content", "champion", "budget", "website")
QUESTION_KINDS = {
    "objectives": "choice",
    "content": "choice",
    "champion": "choice",
    "budget": "amount",
    "website": "website",
}
DEFAULT_PATH = Path(__file__).parent / "frameworks" / "social-media-5q-1.0.toml"
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


def text(texts: Texts, lang: str) -> str:
    """The text in `lang`, falling back to English, then to any language."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@cache
def default_framework() -> Framework:
    """The shipped framework, social-media-5q 1.0."""
    return load_framework(DEFAULT_PATH)


def load_framework(path: str | Path | None = None) -> Framework:
    """Read, validate and freeze a framework file (TOML, YAML or JSON)."""
    if path is None:
        return default_framework()
    path = Path(path)
    raw = _read_file(path)
    return parse_framework(raw, source=str(path))


def parse_framework(raw: Mapping[str, Any], source: str | None = None) -> Framework:
    """Validate a framework given as plain data; report every problem at once."""
    parser = _Parser()
    framework = parser.framework(raw)
    if parser.problems:
        raise FrameworkError(parser.problems, source=source)
    return framework


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    """The framework as plain data in the file layout, so it can be edited and loaded back."""
    return {
        "id": fw.id,
        "version": fw.version,
        "languages": list(fw.languages),
        "sizes": list(fw.sizes),
        "title": dict(fw.title),
        "verdict": {"ready_at": fw.ready_at, "conditional_at": fw.conditional_at},
        **{key: _plain(getattr(fw, key)) for key in ("size_labels", "verdict_labels", "blocker_labels", "risk_labels")},
        "questions": [_question_dict(q) for q in fw.questions],
    }


def describe_framework(fw: Framework, lang: str = "fr") -> str:
    """The questions, choices and points as text a consultant can read, in `lang`."""
    from .i18n import t

    lines = [f"{text(fw.title, lang)} ({fw.id} {fw.version})", ""]
    for n, q in enumerate(fw.questions, 1):
        lines.append(f"{n}. {text(q.text, lang)}  [{q.id}, {t('weight', lang)} {q.weight:g}]")
        for c in q.choices + (q.website.roi if q.website else ()):
            flag = f"  ← {c.blocker or c.risk}" if c.blocker or c.risk else ""
            lines.append(f"   {c.points:>5g}  {c.code}: {text(c.label, lang)}{flag}")
        if q.budget:
            lines += _describe_budget(fw, q.budget, lang)
        if q.website:
            lines += _describe_website(q.website, lang)
        lines.append("")
    return "\n".join(lines).rstrip()


def _describe_budget(fw: Framework, rule: BudgetRule, lang: str) -> list[str]:
    from .i18n import format_money, t

    def money(amount: float) -> str:
        return format_money(amount, rule.currency, lang)

    exempt = ", ".join(text(fw.size_labels.get(s, {}), lang) or s for s in rule.exempt_sizes)
    lines = [f"   {t('minimum', lang)} {money(rule.minimum)} {t('per_year', lang)} ({t('except', lang)} {exempt}) ← {rule.blocker}"]
    lines += [f"   {b.points:>5g}  {t('from', lang)} {money(b.start)}" for b in rule.bands]
    for bands, sizes in _size_groups(rule):
        lines.append("   " + ", ".join(text(fw.size_labels.get(s, {}), lang) or s for s in sizes) + ":")
        lines += [f"   {b.points:>5g}  {t('from', lang)} {money(b.start)}" for b in bands]
    return lines


def _describe_website(rule: WebsiteRule, lang: str) -> list[str]:
    from .i18n import format_percent, t

    name = t("bounce_rate", lang).lower()
    lines = [f"   {name} ≥ {format_percent(rule.blocker_at, lang)} ← {rule.blocker}"]
    lines += [f"   {b.points:>5g}  {name} {t('from', lang)} {format_percent(b.start, lang)}" for b in rule.bounce_bands]
    lines.append(f"   {rule.unknown_points:>5g}  {name} {t('unknown', lang)} ← {rule.unknown_risk}")
    return lines


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _question_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "kind": q.kind, "weight": q.weight, "text": dict(q.text), "short": dict(q.short)}
    if q.help:
        out["help"] = dict(q.help)
    if q.choices:
        out["choices"] = [_choice_dict(c) for c in q.choices]
    if q.goals:
        out["goals"] = _plain(q.goals)
    if q.budget:
        out.update(_budget_dict(q.budget))
    if q.website:
        out.update(_website_dict(q.website))
    return out


def _choice_dict(c: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {"code": c.code, "points": c.points, "label": dict(c.label)}
    out.update({k: v for k, v in (("blocker", c.blocker), ("risk", c.risk)) if v})
    if c.advice:
        out["advice"] = _advice_dict(c.advice)
    return out


def _advice_dict(a: Advice) -> dict[str, str]:
    return {"code": a.code, **a.text}


def _bands_list(bands: tuple[Band, ...]) -> list[dict[str, Any]]:
    return [{"from": b.start, "points": b.points, **({"advice": _advice_dict(b.advice)} if b.advice else {})} for b in bands]


def _budget_dict(rule: BudgetRule) -> dict[str, Any]:
    return {
        "currency": rule.currency,
        "minimum": rule.minimum,
        "blocker": rule.blocker,
        "exempt_sizes": list(rule.exempt_sizes),
        "rates": dict(rule.rates),
        "bands": _bands_list(rule.bands),
        "size_bands": [{"sizes": sizes, "bands": _bands_list(bands)} for bands, sizes in _size_groups(rule)],
    }


def _size_groups(rule: BudgetRule) -> list[tuple[tuple[Band, ...], list[str]]]:
    """The sizes that share one list of bands, as the file groups them."""
    groups: dict[int, tuple[tuple[Band, ...], list[str]]] = {}
    for size, bands in rule.size_bands.items():
        groups.setdefault(id(bands), (bands, []))[1].append(size)
    return list(groups.values())


def _website_dict(rule: WebsiteRule) -> dict[str, Any]:
    out = {
        "bounce_weight": rule.bounce_weight,
        "roi_weight": rule.roi_weight,
        "blocker_at": rule.blocker_at,
        "blocker": rule.blocker,
        "unknown_risk": rule.unknown_risk,
        "unknown_points": rule.unknown_points,
        "bounce_bands": _bands_list(rule.bounce_bands),
        "roi": [_choice_dict(c) for c in rule.roi],
    }
    if rule.unknown_advice:
        out["unknown_advice"] = _advice_dict(rule.unknown_advice)
    return out


def _read_file(path: Path) -> Mapping[str, Any]:
    from .errors import ImportFileError, ValidationError
    from .limits import check_json_depth, described, parse_json, read_document, shown

    try:
        data = read_document(path, "a framework file")
    except ImportFileError as exc:
        reason = str(exc).removeprefix(f"{path}: ").removeprefix("cannot read the file: ")
        raise FrameworkError([Problem("file", f"cannot read framework file: {reason}")], str(path)) from None
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(data.decode("utf-8"))
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            text = data.decode("utf-8-sig")
            if check_json_depth(text) is not None:  # YAML's flow style nests [ and { as JSON does
                raise ValueError(f"nested deeper than {described('json_depth')}")
            return yaml.safe_load(text) or {}
        return parse_json(data)
    except ValidationError as exc:
        raise FrameworkError([Problem("file", f"not a valid framework file: {exc.problems[0].message}")], str(path)) from None
    except Exception as exc:  # any parser's syntax error (or a recursion too deep): report it as a framework problem
        reason = shown(" ".join(str(exc).split()) or type(exc).__name__, 200)[1:-1]
        raise FrameworkError([Problem("file", f"not a valid framework file: {reason}")], str(path)) from None


class _Parser:
    """Turns plain framework data into frozen records, collecting every problem on the way."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("fr", "en")

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, f"{where}: {message}"))

    def get(self, d: Any, key: str, where: str, kind: type | tuple = str, default: Any = ...) -> Any:
        if not isinstance(d, Mapping) or d.get(key) is None:  # JSON/YAML null means "not given"
            if default is ...:
                self.fail(f"{where}.{key}".lstrip("."), "is missing")
            return None if default is ... else default
        value = d[key]
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.fail(f"{where}.{key}".lstrip("."), f"must be {_kind_name(kind)}, got {value!r}")
            return None if default is ... else default
        return value

    def texts(self, d: Any, key: str, where: str, required: bool = True) -> Texts:
        value = self.get(d, key, where, Mapping, default=... if required else None)
        if value is None:
            return MappingProxyType({})
        for lang in self.languages:
            if not isinstance(value.get(lang), str) or not value.get(lang).strip():
                self.fail(f"{where}.{key}.{lang}".lstrip("."), "text is missing")
        return MappingProxyType({k: str(v) for k, v in value.items() if isinstance(v, str)})

    def points(self, d: Any, key: str, where: str) -> float:
        value = self.get(d, key, where, float)
        if value is not None and not 0 <= value <= 100:
            self.fail(f"{where}.{key}", f"must be between 0 and 100, got {value:g}")
        return value if value is not None else 0.0

    def framework(self, raw: Mapping[str, Any]) -> Framework:
        if not isinstance(raw, Mapping):
            self.fail("framework", "must be a table of settings")
            raw = {}
        langs = self.get(raw, "languages", "", list, default=["fr", "en"])
        self.languages = tuple(str(x) for x in langs) or ("en",)
        verdict = self.get(raw, "verdict", "", Mapping, default={})
        ready_at = self.get(verdict, "ready_at", "verdict", float, default=75.0)
        conditional_at = self.get(verdict, "conditional_at", "verdict", float, default=50.0)
        if conditional_at > ready_at:
            self.fail("verdict", f"conditional_at ({conditional_at:g}) must not exceed ready_at ({ready_at:g})")
        questions = self.questions(self.get(raw, "questions", "", list, default=[]))
        fw = Framework(
            id=self.get(raw, "id", "") or "",
            version=str(self.get(raw, "version", "", (str, int, float)) or ""),
            languages=self.languages,
            sizes=tuple(self.get(raw, "sizes", "", list, default=[]) or ()),
            title=self.texts(raw, "title", ""),
            ready_at=ready_at,
            conditional_at=conditional_at,
            size_labels=self.label_table(raw, "size_labels"),
            verdict_labels=self.label_table(raw, "verdict_labels"),
            blocker_labels=self.label_table(raw, "blocker_labels"),
            risk_labels=self.label_table(raw, "risk_labels"),
            questions=questions,
        )
        self.check_cross_references(fw)
        return fw

    def label_table(self, raw: Mapping[str, Any], key: str) -> Mapping[str, Texts]:
        table = self.get(raw, key, "", Mapping, default={})
        return MappingProxyType({code: self.texts(table, code, key) for code in table})

    def questions(self, items: list) -> tuple[Question, ...]:
        found = [self.question(item, f"questions[{i}]") for i, item in enumerate(items)]
        ids = [q.id for q in found]
        for qid in QUESTION_IDS:
            if qid not in ids:
                self.fail("questions", f"question {qid!r} is missing")
        for qid in dict.fromkeys(ids):  # each problem once, however often the id repeats
            if qid not in QUESTION_IDS:
                self.fail("questions", f"unknown question {qid!r}; expected one of {', '.join(QUESTION_IDS)}")
            elif ids.count(qid) > 1:
                self.fail("questions", f"question {qid!r} appears more than once")
        by_id = {q.id: q for q in found}
        ordered = tuple(by_id[q] for q in QUESTION_IDS if q in by_id)
        if ordered and sum(q.weight for q in ordered) <= 0:
            self.fail("questions", "the weights must add up to more than 0")
        return ordered

    def question(self, raw: Any, where: str) -> Question:
        qid = self.get(raw, "id", where) or ""
        kind = self.get(raw, "kind", where) or ""
        if qid in QUESTION_KINDS and kind and kind != QUESTION_KINDS[qid]:
            self.fail(f"{where}.kind", f"question {qid!r} must be of kind {QUESTION_KINDS[qid]!r}, got {kind!r}")
        weight = self.get(raw, "weight", where, float, default=1.0)
        if weight < 0:
            self.fail(f"{where}.weight", f"must be ≥ 0, got {weight:g}")
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
            return Question(
                **common,
                choices=self.choices(raw, "choices", where),
                goals=MappingProxyType({g: self.texts(goals, g, f"{where}.goals") for g in goals}),
            )
        if kind == "amount":
            return Question(**common, budget=self.budget(raw, where))
        if kind == "website":
            return Question(**common, website=self.website(raw, where))
        return Question(**common)

    def choices(self, raw: Any, key: str, where: str) -> tuple[Choice, ...]:
        items = self.get(raw, key, where, list, default=[])
        if not items:
            self.fail(f"{where}.{key}", "needs at least one choice")
        result = tuple(self.choice(c, f"{where}.{key}[{i}]") for i, c in enumerate(items))
        codes = [c.code for c in result]
        for code in set(codes):
            if codes.count(code) > 1:
                self.fail(f"{where}.{key}", f"choice code {code!r} appears more than once")
        return tuple(sorted(result, key=lambda c: c.points))

    def choice(self, raw: Any, where: str) -> Choice:
        return Choice(
            code=self.get(raw, "code", where) or "",
            points=self.points(raw, "points", where),
            label=self.texts(raw, "label", where),
            blocker=self.get(raw, "blocker", where, default=None),
            risk=self.get(raw, "risk", where, default=None),
            advice=self.advice(raw, "advice", where),
        )

    def advice(self, raw: Any, key: str, where: str) -> Advice | None:
        value = self.get(raw, key, where, Mapping, default=None)
        if value is None:
            return None
        code = self.get(value, "code", f"{where}.{key}") or ""
        texts = {lang: value.get(lang) for lang in self.languages}
        for lang, t in texts.items():
            if not isinstance(t, str) or not t.strip():
                self.fail(f"{where}.{key}.{lang}", "text is missing")
        return Advice(code, MappingProxyType({k: v for k, v in texts.items() if isinstance(v, str)}))

    def bands(self, items: Any, where: str) -> tuple[Band, ...]:
        if not isinstance(items, list) or not items:
            self.fail(where, "needs at least one band")
            return (Band(0.0, 0.0),)
        bands = tuple(
            Band(
                start=self.get(b, "from", f"{where}[{i}]", float, default=0.0),
                points=self.points(b, "points", f"{where}[{i}]"),
                advice=self.advice(b, "advice", f"{where}[{i}]"),
            )
            for i, b in enumerate(items)
        )
        starts = [b.start for b in bands]
        if starts[0] != 0:
            self.fail(f"{where}[0].from", f"the first band must start at 0, got {starts[0]:g}")
        if starts != sorted(set(starts)):
            self.fail(where, "bands must be listed by increasing `from`, each once")
        return bands

    def budget(self, raw: Any, where: str) -> BudgetRule:
        minimum = self.get(raw, "minimum", where, float, default=0.0)
        if minimum < 0:
            self.fail(f"{where}.minimum", f"must be ≥ 0, got {minimum:g}")
        rates = self.get(raw, "rates", where, Mapping, default={})
        currency = self.get(raw, "currency", where) or "CAD"
        clean_rates = {currency: 1.0}
        for code, rate in rates.items():
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0:
                clean_rates[str(code)] = float(rate)
            else:
                self.fail(f"{where}.rates.{code}", f"must be a number > 0, got {rate!r}")
        size_bands: dict[str, tuple[Band, ...]] = {}
        for i, group in enumerate(self.get(raw, "size_bands", where, list, default=[])):
            bands = self.bands(self.get(group, "bands", f"{where}.size_bands[{i}]", list), f"{where}.size_bands[{i}].bands")
            for size in self.get(group, "sizes", f"{where}.size_bands[{i}]", list) or []:
                size_bands[str(size)] = bands
        bands = self.bands(self.get(raw, "bands", where, list), f"{where}.bands")
        self.check_monotone_bands(bands, f"{where}.bands", increasing=True)
        for size, sb in size_bands.items():
            self.check_monotone_bands(sb, f"{where}.size_bands ({size})", increasing=True)
        return BudgetRule(
            currency=currency,
            minimum=minimum,
            blocker=self.get(raw, "blocker", where) or "",
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
            self.fail(f"{where}.bounce_weight", "bounce_weight and roi_weight must be ≥ 0 and not both 0")
        roi = self.choices(raw, "roi", where)
        if "unknown" not in [c.code for c in roi]:
            self.fail(f"{where}.roi", "needs a choice with code 'unknown'")
        return WebsiteRule(
            bounce_weight=bw,
            roi_weight=rw,
            blocker_at=self.get(raw, "blocker_at", where, float, default=100.0),
            blocker=self.get(raw, "blocker", where) or "",
            unknown_risk=self.get(raw, "unknown_risk", where) or "",
            unknown_points=self.points(raw, "unknown_points", where),
            unknown_advice=self.advice(raw, "unknown_advice", where),
            bounce_bands=bounce_bands,
            roi=roi,
        )

    def check_monotone_bands(self, bands: tuple[Band, ...], where: str, increasing: bool) -> None:
        pts = [b.points for b in bands]
        ok = pts == sorted(pts) if increasing else pts == sorted(pts, reverse=True)
        if not ok:
            direction = "rise" if increasing else "fall"
            self.fail(where, f"points must {direction} from band to band, got {pts}")

    def check_cross_references(self, fw: Framework) -> None:
        for q in fw.questions:
            for c in q.choices + (q.website.roi if q.website else ()):
                if c.blocker and c.blocker not in fw.blocker_labels:
                    self.fail(f"questions.{q.id}.{c.code}", f"blocker {c.blocker!r} has no entry in blocker_labels")
                if c.risk and c.risk not in fw.risk_labels:
                    self.fail(f"questions.{q.id}.{c.code}", f"risk {c.risk!r} has no entry in risk_labels")
            rule = q.budget or q.website
            if rule and rule.blocker not in fw.blocker_labels:
                self.fail(f"questions.{q.id}.blocker", f"blocker {rule.blocker!r} has no entry in blocker_labels")
        for size in fw.sizes:
            if size not in fw.size_labels:
                self.fail(f"size_labels.{size}", "label is missing")


def _kind_name(kind: type | tuple) -> str:
    names = {str: "text", float: "a number", list: "a list", Mapping: "a table", int: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)
