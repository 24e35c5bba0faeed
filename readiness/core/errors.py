"""Errors raised by readiness.

ReadinessError                 base of everything below
├── FrameworkError             a framework file has problems (all listed at once)
├── ValidationError            an assessment has bad fields (all listed at once)
├── StoreError                 the store cannot be opened, read or written
│   └── NotFoundError          no assessment with that id
└── ImportFileError            a table file cannot be read at all
    └── InputLimitError        an input goes beyond a limit (readiness.core.limits)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import render, t


class ReadinessError(Exception):
    """Base of every error readiness raises on purpose."""

    def text(self, lang: str) -> str:
        """The message in `lang` (English when it was not written as a catalogue message)."""
        return render(self.args[0], lang) if self.args else str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    field: str
    message: str  # a catalogue message (Text) where it is translated, else English
    row: int | None = None
    place: str | None = None  # where in a file, when the field alone does not say it (`line 42`, a sheet's cell)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """The problem in `lang` (its message, where it is)."""
        message = render(self.message, lang)
        if self.place is not None:
            message = t("{place}: {message}", lang, place=render(self.place, lang), message=message)
        if self.row is None:
            return str(message)
        return t("{message} (row {row})", lang, message=message, row=self.row)


class _ProblemsError(ReadinessError):
    """An error that carries every problem found in one input."""

    def __init__(self, problems: list[Problem], source: str | None = None):
        self.problems = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in self.problems))

    def text(self, lang: str) -> str:
        """Every problem in `lang`, after the input's name."""
        head = f"{self.source}: " if self.source else ""
        return head + "; ".join(p.text(lang) for p in self.problems)


class FrameworkError(_ProblemsError):
    """A framework file has one or more problems."""


class ValidationError(_ProblemsError):
    """An assessment has one or more invalid fields."""


class StoreError(ReadinessError):
    """The store cannot be opened, read or written."""


class NotFoundError(StoreError, KeyError):
    """No assessment with that id in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class ImportFileError(ReadinessError):
    """A table file cannot be read at all."""


class InputLimitError(ImportFileError):
    """An input goes beyond one of the limits of readiness.core.limits (its size, depth, rows…)."""
