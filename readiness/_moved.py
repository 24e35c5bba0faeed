"""Old module paths of readiness (before the layered layout) keep working, with a warning naming the new place.

`import readiness.tables` or `from readiness.slides import build_deck` still work: a finder on
`sys.meta_path` gives, for each old name, a module whose attributes are looked up in the modules
that took its contents, and warns (DeprecationWarning) where they are now. A name that no longer
exists fails with an AttributeError (an ImportError for `from … import`) naming where to look.
`python -m readiness.sample` (or any old module run as a program) runs the new module.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from typing import Any

MOVED: dict[str, tuple[str, ...]] = {
    "readiness.errors": ("readiness.core.errors",),
    "readiness.framework": ("readiness.core.framework", "readiness.core.framework_model"),
    "readiness.assessment": ("readiness.core.assessment", "readiness.core.rows"),
    "readiness.scoring": ("readiness.core.scoring",),
    "readiness.benchmark": ("readiness.core.benchmark",),
    "readiness.limits": ("readiness.core.limits",),
    "readiness.safetext": ("readiness.core.safetext",),
    "readiness.provenance": ("readiness.core.provenance",),
    "readiness.schema": ("readiness.core.schema",),
    "readiness.i18n": ("readiness.text.formats", "readiness.text"),
    "readiness.paths": ("readiness.store.paths",),
    "readiness.redaction": ("readiness.store.redaction",),
    "readiness.files": ("readiness.store.writer",),
    "readiness.drafts": ("readiness.store.drafts",),
    "readiness.sample": ("readiness.store.sample",),
    "readiness.sql_faults": ("readiness.store.sql_faults",),
    "readiness.folder_undo": ("readiness.store.folder_undo",),
    "readiness.tables": ("readiness.sheets.reading", "readiness.sheets.rowreader", "readiness.sheets.writing",
                         "readiness.sheets.sheet", "readiness.core.rows"),
    "readiness.csvrows": ("readiness.sheets.csvrows",),
    "readiness.formulas": ("readiness.sheets.formulas",),
    "readiness.charts": ("readiness.outputs.charts",),
    "readiness.slides": ("readiness.outputs.figures", "readiness.outputs.deck", "readiness.outputs.naming"),
    "readiness.deck": ("readiness.outputs.deck", "readiness.outputs.deck_slides", "readiness.outputs.deck_base"),
    "readiness.deck_kit": ("readiness.outputs.deck_kit",),
    "readiness.reports": ("readiness.outputs.reports", "readiness.outputs.report_batch"),
    "readiness.portfolio": ("readiness.outputs.portfolio", "readiness.outputs.portfolio_tables", "readiness.store.past"),
    "readiness.meeting_view": ("readiness.meeting.panel",),
    "readiness.meeting_drafts": ("readiness.meeting.draft_offers",),
    "readiness.clean_notebooks": ("readiness.meeting.clean_notebooks",),
    "readiness.cli_data": ("readiness.cli.data",),
    "readiness.cli_portfolio": ("readiness.cli.portfolio",),
    "readiness.cli_slides": ("readiness.cli.slides",),
    "readiness.cli_drafts": ("readiness.cli.drafts",),
    "readiness.terminal": ("readiness.cli.terminal",),
}  # fmt: skip


class MovedModule(types.ModuleType):
    """An old module path: each attribute is looked up in the modules that took its contents."""

    def __init__(self, name: str, targets: tuple[str, ...]):
        super().__init__(name, f"Moved to {', '.join(targets)}.")
        self.__moved_to__ = targets

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        for target in self.__moved_to__:
            module = importlib.import_module(target)
            if hasattr(module, attribute):
                return getattr(module, attribute)
        raise AttributeError(
            f"{self.__name__}.{attribute} no longer exists: {self.__name__} moved to {', '.join(self.__moved_to__)} "
            "(see docs/architecture.md for where each part is now)"
        )

    def __dir__(self) -> list[str]:
        return sorted({n for t in self.__moved_to__ for n in dir(importlib.import_module(t))})


class MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old module paths of MOVED (and only those)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=False)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        targets = MOVED[spec.name]
        warnings.warn(f"{spec.name} moved to {' and '.join(targets)}: import it from there", DeprecationWarning, stacklevel=3)
        return MovedModule(spec.name, targets)

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the attributes come from the new modules."""

    def get_code(self, fullname: str) -> types.CodeType:
        """`python -m <old name>` runs the (first) new module as a program."""
        source = f"import runpy\nrunpy.run_module({MOVED[fullname][0]!r}, run_name='__main__', alter_sys=True)\n"
        return compile(source, f"<{fullname}, moved to {MOVED[fullname][0]}>", "exec")


def install() -> None:
    """Put the finder on sys.meta_path (once)."""
    if not any(isinstance(finder, MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(MovedFinder())
