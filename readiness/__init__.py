"""readiness: is this client ready for social media? Five questions, one score, one verdict.

The public entry points are listed in __all__ and imported lazily, so `import readiness`
stays fast; heavy parts (pandas, matplotlib, widgets, pptx) load only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Assessment": "assessment",
    "Client": "assessment",
    "new_assessment": "assessment",
    "Framework": "framework",
    "load_framework": "framework",
    "default_framework": "framework",
    "Result": "scoring",
    "score_assessment": "scoring",
    "score_table": "scoring",
    "with_scores": "scoring",
    "what_if": "scoring",
    "load_sample": "sample",
    "Benchmark": "benchmark",
    "compare": "benchmark",
    "compare_assessment": "benchmark",
    "prepare_peers": "benchmark",
    "load_past": "portfolio",
    "analyse_portfolio": "portfolio",
    "client_report": "reports",
    "assessment_schema": "schema",
    "ReadinessError": "errors",
    "ValidationError": "errors",
    "FrameworkError": "errors",
    "StoreError": "errors",
    "NotFoundError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'readiness' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
