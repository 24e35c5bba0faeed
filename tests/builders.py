"""Small builders for test assessments: best answers everywhere, then override what the test is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness.core.assessment import Assessment, Client

BEST = {
    "objectives": {"choice": "clear_measurable", "goals": ["awareness"]},
    "content": {"choice": "integrated_strategy"},
    "champion": {"choice": "dedicated"},
    "budget": {"annual_amount": 30000, "currency": "CAD"},
    "website": {"bounce_rate": 30.0, "roi": "good"},
}
WORST = {
    "objectives": {"choice": "everyone_is_there", "goals": []},
    "content": {"choice": "none"},
    "champion": {"choice": "everyone"},
    "budget": {"annual_amount": 0, "currency": "CAD"},
    "website": {"bounce_rate": 100.0, "roi": "none"},
}


def choice(code: str) -> dict[str, Any]:
    """A choice answer."""
    return {"choice": code}


def budget(amount: float, currency: str = "CAD") -> dict[str, Any]:
    """A budget answer."""
    return {"annual_amount": amount, "currency": currency}


def website(bounce_rate: float | None, roi: str = "good") -> dict[str, Any]:
    """A website answer (bounce_rate None = unknown)."""
    return {"bounce_rate": bounce_rate, "roi": roi}


def make(size: str | None = "small", language: str = "fr", base: dict | None = None, **answers: Any) -> Assessment:
    """An assessment with `base` answers (BEST by default), each keyword replacing one (None = unanswered)."""
    merged = {**(BEST if base is None else base), **answers}
    return Assessment(
        id="test-0001",
        client=Client(name="Quincaillerie Test", industry="retail", size=size),
        assessed_on=date(2026, 11, 26),
        language=language,
        answers={q: dict(a) for q, a in merged.items() if a is not None},
    )
