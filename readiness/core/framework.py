"""The framework: questions, choices, points, thresholds, weights and texts, as read-only data.

Two frameworks are shipped (readiness/frameworks/): `social-media-5q` 1.0, the five questions,
and `social-media-2026` 1.0, which adds measurement and community management. An agency can load
its own file (TOML, YAML or JSON) with `load_framework(path)`, or name a shipped one by its id;
every problem in a file is reported at once, each with its key and line. (A framework written as
an XLSX workbook is read by readiness.sheets.framework_book; `readiness.open_framework` takes all.)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..text import Text, t
from ..text.formats import pick
from .errors import FrameworkError, Problem
from .framework_files import located, read_framework_file
from .framework_model import (
    DEFAULT_ID,
    DEFAULT_PATH,
    SHIPPED,
    Advice,
    Band,
    BudgetRule,
    Choice,
    Framework,
    Question,
    WebsiteRule,
)
from .framework_parser import _Parser

FILE_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


@cache
def default_framework() -> Framework:
    """The shipped framework, social-media-5q 1.0."""
    return _read_framework(DEFAULT_PATH)


@cache
def shipped_frameworks() -> Mapping[str, Framework]:
    """The frameworks shipped with readiness, by id (social-media-5q first)."""
    from types import MappingProxyType

    found = {DEFAULT_ID: default_framework()}
    for path in sorted(SHIPPED.glob("*.toml")):
        if path != DEFAULT_PATH:
            fw = _read_framework(path)
            found[fw.id] = fw
    return MappingProxyType(found)


def framework_for(framework_id: Any, *given: Framework | None) -> Framework | None:
    """The framework with this id: one of `given` (an agency's own), else a shipped one, else None."""
    for fw in given:
        if fw is not None and fw.id == framework_id:
            return fw
    return shipped_frameworks().get(framework_id) if isinstance(framework_id, str) else None


def load_framework(spec: str | Path | Framework | None = None) -> Framework:
    """A framework: None for the default, a shipped framework's id, or a file (TOML, YAML or JSON) read, checked and frozen."""
    if spec is None:
        return default_framework()
    if isinstance(spec, Framework):
        return spec
    path = Path(spec)
    if not path.exists() and isinstance(spec, str) and spec in shipped_frameworks():
        return shipped_frameworks()[spec]
    if path.suffix.lower() == ".xlsx":
        raise FrameworkError([Problem("file", Text("a framework workbook (XLSX) is opened with readiness.open_framework"))], str(path))
    if not path.exists() and path.suffix.lower() not in FILE_SUFFIXES:
        known = ", ".join(shipped_frameworks())
        raise FrameworkError([Problem("framework", Text("no framework file or shipped framework named {name} (shipped: {known})", name=str(spec), known=known))])
    return _read_framework(path)


def _read_framework(path: Path) -> Framework:
    raw, places = read_framework_file(path)
    return parse_framework(raw, source=str(path), places=places)


def parse_framework(raw: Mapping[str, Any], source: str | None = None, places: Mapping[str, Any] | None = None) -> Framework:
    """Validate a framework given as plain data; report every problem at once (with its place in the file, when known)."""
    parser = _Parser()
    framework = parser.framework(raw)
    if parser.problems:
        raise FrameworkError(located(parser.problems, places or {}), source=source)
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

    lines = [f"{pick(fw.title, lang)} ({fw.id} {fw.version})", ""]
    for n, q in enumerate(fw.questions, 1):
        lines.append(f"{n}. {pick(q.text, lang)}  [{q.id}, {t('weight', lang)} {q.weight:g}]")
        for c in q.all_choices:
            flag = f"  ← {c.blocker or c.risk}" if c.blocker or c.risk else ""
            lines.append(f"   {c.points:>5g}  {c.code}: {pick(c.label, lang)}{flag}")
        if q.budget:
            lines += _describe_budget(fw, q.budget, lang)
        if q.website:
            lines += _describe_website(q.website, lang)
        lines.append("")
    return "\n".join(lines).rstrip()


def _describe_budget(fw: Framework, rule: BudgetRule, lang: str) -> list[str]:
    from ..text.formats import format_money

    def money(amount: float) -> str:
        return format_money(amount, rule.currency, lang)

    exempt = ", ".join(pick(fw.size_labels.get(s, {}), lang) or s for s in rule.exempt_sizes)
    lines = []
    if rule.minimum > 0:
        but = f" ({t('except', lang)} {exempt})" if exempt else ""
        lines.append(f"   {t('minimum', lang)} {money(rule.minimum)} {t('a year', lang)}{but} ← {rule.blocker}")
    lines += [f"   {b.points:>5g}  {t('from', lang)} {money(b.start)}" for b in rule.bands]
    for bands, sizes in _size_groups(rule):
        lines.append("   " + ", ".join(pick(fw.size_labels.get(s, {}), lang) or s for s in sizes) + ":")
        lines += [f"   {b.points:>5g}  {t('from', lang)} {money(b.start)}" for b in bands]
    return lines


def _describe_website(rule: WebsiteRule, lang: str) -> list[str]:
    from ..text.formats import format_percent

    name = t("Bounce rate", lang).lower()
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
    if q.kind == "yes_no":
        out.update({c.code: {k: v for k, v in _choice_dict(c).items() if k != "code"} for c in q.choices})
    elif q.choices:
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
        **({"blocker": rule.blocker} if rule.blocker else {}),
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
