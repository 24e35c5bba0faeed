"""The meeting: `session` (everything the meeting does, without widgets) and `form` (the widgets).

    from readiness.meeting import meeting_form
    form = meeting_form(language="fr")   # in a notebook or Voila: shows the form

Names are imported when first used, so the notebook pre-save hook (`clean_notebooks`) and the
session load no widget library.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"meeting_form": "form", "MeetingForm": "form"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
