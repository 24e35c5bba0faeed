"""Batch analysis of past assessments: load them, re-score them, summarise them, report on each.

Everything here works on the scored flat table (one row per assessment). Outputs are the
agency's own aggregated view: any segment with fewer than k assessments is suppressed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .benchmark import K_DEFAULT

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_STORE = "data/assessments"


def load_past(store: str | None = None, k: int = K_DEFAULT) -> pd.DataFrame:
    """The scored past assessments of the store, or the shipped sample when it holds fewer than k."""
    frame = _store_frame(store or os.environ.get("READINESS_STORE", DEFAULT_STORE))
    if frame is not None and len(frame) >= k:
        frame.attrs["sample"] = False
        return frame
    from .sample import load_sample

    sample = load_sample()
    sample.attrs["sample"] = True
    return sample


def _store_frame(spec: str) -> pd.DataFrame | None:
    """The store's scored table, or None when there is no store there yet."""
    from .store import open_store

    if "://" not in spec and not os.path.isdir(spec):
        return None
    return open_store(spec).load_frame()
