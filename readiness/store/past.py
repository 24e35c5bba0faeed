"""Past assessments to compare with: the store's, or the shipped sample when the store holds fewer than k, scored under one framework.

Comparisons only use assessments of the chosen framework's id (DESIGN "Framework format 2"); the
portfolio asks for every assessment (`every_framework=True`), re-scored under the chosen one.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..core.benchmark import K_DEFAULT, check_k
from ..core.framework import Framework, default_framework
from .paths import default_store

if TYPE_CHECKING:
    import pandas as pd


def load_past(
    store: str | None = None, k: int = K_DEFAULT, framework: Framework | None = None, *, every_framework: bool = False
) -> pd.DataFrame:
    """The past assessments of the store, or the shipped sample when it holds fewer than k, scored under `framework`.

    This is the one place past clients are scored for a comparison: the meeting form, the deck,
    the charts, the report and `readiness benchmark` all compare with what it gives (under the
    framework they were given, the shipped one by default): assessments of that framework's id
    only, unless `every_framework` (the portfolio). `attrs["sample"]` says whether any row is
    synthetic (the sample, or sample rows imported into the store); `attrs["sources"]` which
    assessments were used and why any were left out.
    """
    from ..core.provenance import Sources, sample_rows

    check_k(k)
    fw = framework or default_framework()
    spec = default_store(store)
    frame = _store_frame(spec, fw, every_framework)
    where = frame.attrs.get("store", spec) if frame is not None else _described(spec)
    stored = 0 if frame is None else len(frame)
    if frame is None or stored < k:
        from .sample import load_sample

        left_out = frame.attrs.get("left_out", {}) if frame is not None else {}
        frame, used = load_sample(framework=fw), "sample"
        frame.attrs["left_out"] = left_out
    else:
        used = "store"
    synthetic = int(sample_rows(frame).sum())
    frame.attrs["sample"] = synthetic > 0
    frame.attrs["sources"] = Sources(used, len(frame), synthetic, where, stored, k, fw.id, frame.attrs.get("left_out", {})).to_dict()
    return frame


def _store_frame(spec: str, framework: Framework, every_framework: bool) -> pd.DataFrame | None:
    """The store's scored table under the framework, or None when there is no store there yet."""
    from . import open_store

    if "://" not in spec and not os.path.isdir(spec):
        return None
    with open_store(spec, framework) as store:  # (reading a SQLite file that is not there would make it)
        return store.load_frame(framework, every_framework=every_framework) if store.exists() else None


def _described(spec: str) -> str:
    from .redaction import shown_store

    return shown_store(spec)
