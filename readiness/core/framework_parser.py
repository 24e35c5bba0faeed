"""Reading a framework file (TOML, YAML or JSON) into frozen records, every problem collected and reported at once."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import FrameworkError, Problem
from .framework_model import (
    QUESTION_IDS,
    QUESTION_KINDS,
    Advice,
    Band,
    BudgetRule,
    Choice,
    Framework,
    Question,
    Texts,
    WebsiteRule,
)


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
