"""The framework: questions, choices, points, thresholds, weights and texts, as read-only data.

The shipped framework is `social-media-5q` 1.0 (frameworks/social-media-5q-1.0.toml). An agency
can load its own file (TOML, YAML or JSON) with `load_framework(path)`; every problem in that
file is reported at once, each with where it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..text import t
from ..text.formats import pick
from .errors import FrameworkError
from .framework_model import DEFAULT_PATH, Advice, Band, BudgetRule, Choice, Framework, Question, WebsiteRule
from .framework_parser import _Parser, _read_file


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

    lines = [f"{pick(fw.title, lang)} ({fw.id} {fw.version})", ""]
    for n, q in enumerate(fw.questions, 1):
        lines.append(f"{n}. {pick(q.text, lang)}  [{q.id}, {t('weight', lang)} {q.weight:g}]")
        for c in q.choices + (q.website.roi if q.website else ()):
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
    lines = [f"   {t('minimum', lang)} {money(rule.minimum)} {t('a year', lang)} ({t('except', lang)} {exempt}) ← {rule.blocker}"]
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
