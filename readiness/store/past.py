"""Past assessments to compare with: the store's, or the shipped sample when the store holds fewer than k, scored under one framework."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..core.benchmark import K_DEFAULT, check_k
from ..core.framework import Framework, default_framework
from .paths import default_store

if TYPE_CHECKING:
    import pandas as pd


def load_past(store: str | None = None, k: int = K_DEFAULT, framework: Framework | None = None) -> pd.DataFrame:
    """The past assessments of the store, or the shipped sample when it holds fewer than k, scored under `framework`.

    This is the one place past clients are scored for a comparison: the meeting form, the deck,
    the charts, the report and `readiness benchmark` all compare with what it gives (under the
    framework they were given, the shipped one by default). `attrs["sample"]` says whether any
    row is synthetic (the sample, or sample rows imported into the store); `attrs["sources"]`
    which assessments were used and why any were left out.
    """
    from ..core.provenance import Sources, sample_rows

    check_k(k)
    spec = default_store(store)
    frame = _store_frame(spec)
    where = frame.attrs.get("store", spec) if frame is not None else _described(spec)
    stored = 0 if frame is None else len(frame)
    if frame is None or stored < k:
        from .sample import load_sample

        frame, used = load_sample(), "sample"
    else:
        used = "store"
    if framework is not None and framework is not default_framework():
        frame = _rescored(frame, framework)
    synthetic = int(sample_rows(frame).sum())
    frame.attrs["sample"] = synthetic > 0
    frame.attrs["sources"] = Sources(used, len(frame), synthetic, where, stored, k).to_dict()
    return frame


def _rescored(frame: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The table scored under another framework (its flat columns kept, its attributes too)."""
    from ..core.scoring import with_scores

    rescored = with_scores(frame, framework)
    rescored.attrs.update(frame.attrs)
    return rescored


def _store_frame(spec: str) -> pd.DataFrame | None:
    """The store's scored table, or None when there is no store there yet."""
    from . import open_store

    if "://" not in spec and not os.path.isdir(spec):
        return None
    with open_store(spec) as store:
        return store.load_frame() if store.exists() else None  # (reading a SQLite file that is not there would make it)


def _described(spec: str) -> str:
    from .redaction import shown_store

    return shown_store(spec)
