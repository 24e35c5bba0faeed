"""Where past assessments come from: the agency's own clients, or the shipped synthetic sample.

Rows of the shipped sample carry their mark in their id, `sample-<uuid>`. The id is the one field
that the flat CSV/XLSX layout, every store and format v1 keep exactly as written, so the sample's
rows stay "sample data" after `readiness import data/sample/past_assessments.csv`, and every
chart, deck, report or portfolio built on any of them says so.

`Sources` records which assessments a comparison or a portfolio used and why others were left out;
`load_past` (readiness.store.past) attaches it to the table it returns (`frame.attrs["sources"]`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..text import N_, t

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

SAMPLE_ID_PREFIX = "sample-"


def is_sample_id(assessment_id: object) -> bool:
    """Whether an assessment id marks a row of the shipped synthetic sample."""
    return isinstance(assessment_id, str) and assessment_id.startswith(SAMPLE_ID_PREFIX)


def sample_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which rows of a table are synthetic: by their ids; a table labelled `attrs["sample"]` whose ids
    carry no mark (made by hand, or without ids) is synthetic throughout."""
    import numpy as np

    marked = np.zeros(len(frame), dtype=bool)
    if "id" in frame:
        marked = frame["id"].astype("str").str.startswith(SAMPLE_ID_PREFIX).to_numpy(dtype=bool, na_value=False)
    if not marked.any() and frame.attrs.get("sample") is True:
        return np.ones(len(frame), dtype=bool)
    return marked


@dataclass(frozen=True)
class Sources:
    """Which past assessments were used, and why any were left out."""

    used: str  # "store" or "sample"
    assessments: int  # how many were used
    sample_rows: int  # how many of those are synthetic
    store: str  # the store, described for people (no password)
    stored: int  # how many the store holds (of the framework compared under)
    k: int
    framework: str = ""  # the id of the framework compared under
    left_out: Mapping[str, int] = field(default_factory=dict)  # assessments of other frameworks, by framework id

    def to_dict(self) -> dict[str, Any]:
        """As plain values (for frame.attrs, which pandas copies deeply)."""
        return asdict(self)

    def lines(self, lang: str) -> list[str]:
        """What was used and what was left out, in a consultant's words."""
        return self._used(lang) + self._other_frameworks(lang)

    def _used(self, lang: str) -> list[str]:
        values = {**self.to_dict(), "real": self.assessments - self.sample_rows}
        if self.used == "sample":
            key = "sample_only" if self.stored == 0 else "sample_instead"
            return [t(SOURCES[key], lang, **values)]
        if self.sample_rows == self.assessments:
            return [t("{assessments} assessments from the store {store}, all of them imported sample data (fictitious clients).", lang).format(**values)]
        if self.sample_rows:
            return [t("{assessments} assessments from the store {store}: {sample_rows} of them imported from the sample data (fictitious clients), {real} of your own clients.", lang).format(**values)]
        return [t("{assessments} assessments from the store {store}.", lang).format(**values)]

    def _other_frameworks(self, lang: str) -> list[str]:
        """The assessments left out because they were made under another framework (comparisons stay within one)."""
        if not self.left_out:
            return []
        others = ", ".join(f"{framework_id} ({n})" for framework_id, n in self.left_out.items())
        return [t("Left out: {n} assessments made under another framework ({others}); only assessments of {framework} are compared.", lang,
                  n=sum(self.left_out.values()), others=others, framework=self.framework)]  # fmt: skip


SOURCES = {  # which assessments were used, in a consultant's words
    "sample_only": N_("{assessments} assessments of the shipped sample data (fictitious clients): the store {store} is empty."),
    "sample_instead": N_("{assessments} assessments of the shipped sample data (fictitious clients). Left out: the {stored} assessments in the store {store}, fewer than k = {k} (too few to show without risking identifying a client)."),
    "store_only": N_("{assessments} assessments from the store {store}."),
    "store_with_sample": N_("{assessments} assessments from the store {store}: {sample_rows} of them imported from the sample data (fictitious clients), {real} of your own clients."),
    "store_all_sample": N_("{assessments} assessments from the store {store}, all of them imported sample data (fictitious clients)."),
}
