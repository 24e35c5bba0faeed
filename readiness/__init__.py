"""readiness: is this client ready for social media? A question set as data, one score, one verdict.

The public entry points are listed in __all__ and imported lazily, so `import readiness`
stays fast; heavy parts (pandas, matplotlib, widgets, pptx) load only when used. The package is
layered (docs/architecture.md): core, text, store, sheets, outputs, and the two faces, meeting and cli.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import _moved

__version__ = "0.1.0"
_moved.install()  # old module paths (readiness.tables, readiness.slides…) keep working, with a warning

_EXPORTS = {
    "Assessment": "core.assessment",
    "Client": "core.assessment",
    "new_assessment": "core.assessment",
    "Framework": "core.framework",
    "load_framework": "core.framework",
    "default_framework": "core.framework",
    "shipped_frameworks": "core.framework",
    "open_framework": "sheets.framework_book",
    "Result": "core.scoring",
    "score_assessment": "core.scoring",
    "score_table": "core.scoring",
    "with_scores": "core.scoring",
    "what_if": "core.scoring",
    "load_sample": "store.sample",
    "ClientOutcome": "core.outcome",
    "client_outcome": "core.outcome",
    "Benchmark": "core.benchmark",
    "compare": "core.benchmark",
    "compare_assessment": "core.benchmark",
    "prepare_peers": "core.benchmark",
    "load_past": "store.past",
    "analyse_portfolio": "outputs.portfolio",
    "client_report": "outputs.reports",
    "assessment_schema": "core.schema",
    "ReadinessError": "core.errors",
    "ValidationError": "core.errors",
    "FrameworkError": "core.errors",
    "StoreError": "core.errors",
    "NotFoundError": "core.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'readiness' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
