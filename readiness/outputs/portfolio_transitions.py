"""Clients over time, aggregated: who moved from not ready, how long it took to get ready, and what changed before a verdict went up.

A client is followed when it has two complete assessments or more (the same client name, case and
accents aside). Only counts, shares and medians come out, never a client; a table built on fewer
than k clients (or k verdict changes) is left empty, as every other portfolio table under k.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.assessment import client_key
from ..core.framework import Framework
from ..core.progress import VERDICT_RANK
from ..text import N_, t
from ..text.formats import pick

if TYPE_CHECKING:
    import pandas as pd

RANK = VERDICT_RANK  # not_ready < conditional < ready
MEASURES = (
    N_("Clients assessed more than once"),
    N_("Not ready at first"),
    N_("…then ready with conditions (%)"),
    N_("…then ready (%)"),
    N_("Median days from not ready to ready"),
)


def followed(done: pd.DataFrame) -> pd.DataFrame:
    """The complete assessments of clients assessed more than once, each client's oldest first (column `client`)."""
    table = done.assign(client=done["client_name"].map(client_key), day=done["assessed_on"].astype("datetime64[ns]"))
    table = table.sort_values(["client", "day", "id"], kind="stable")
    counts = table["client"].value_counts()
    return table.loc[table["client"].isin(counts[counts >= 2].index)]


def transitions(done: pd.DataFrame, lang: str = "fr", k: int = 5) -> pd.DataFrame:
    """Measure and value: clients followed, not ready at first, where they stand last (%), median days to ready."""
    import pandas as pd

    table = followed(done)
    clients = table.groupby("client", sort=False)
    first, last = clients["verdict"].first(), clients["verdict"].last()
    started = first == "not_ready"
    values: list[float | None] = [len(first), int(started.sum()), None, None, None]
    if started.sum() >= k:
        values[2] = round(100 * float((last[started] == "conditional").mean()), 1)
        values[3] = round(100 * float((last[started] == "ready").mean()), 1)
        days = [_days_to_ready(group) for _, group in clients if group["verdict"].iloc[0] == "not_ready"]
        reached = [d for d in days if d is not None]
        values[4] = float(pd.Series(reached).median()) if len(reached) >= k else None
    if len(first) < k:
        values = [len(first), None, None, None, None]
    return pd.DataFrame({"measure": [t(m, lang) for m in MEASURES], "value": values})


def _days_to_ready(visits: pd.DataFrame) -> int | None:
    """Days from the first assessment to the first one that is ready (None if never)."""
    ready = visits.loc[visits["verdict"] == "ready", "day"]
    return None if ready.empty else int((ready.iloc[0] - visits["day"].iloc[0]).days)


def flip_precursors(done: pd.DataFrame, framework: Framework, lang: str = "fr", k: int = 5) -> pd.DataFrame:
    """Per question: how many times its score rose between two visits whose verdict went up, and the share of those flips."""
    import pandas as pd

    table = followed(done)
    ups, raised = 0, dict.fromkeys(framework.question_ids, 0)
    for _, visits in table.groupby("client", sort=False):
        rows = visits.to_dict("records")
        for before, after in zip(rows, rows[1:], strict=False):
            if RANK[after["verdict"]] <= RANK[before["verdict"]]:
                continue
            ups += 1
            for qid in framework.question_ids:
                if after[f"{qid}_score"] > before[f"{qid}_score"]:
                    raised[qid] += 1
    if ups < k:
        return pd.DataFrame({"dimension": [], "assessments": [], "share": []})
    names = [pick(framework.question(qid).short, lang) for qid in raised]
    found = pd.DataFrame({"dimension": names, "assessments": list(raised.values())})
    found["share"] = (100 * found["assessments"] / ups).round(1)
    return found.loc[found["assessments"] > 0].sort_values(["assessments", "dimension"], ascending=[False, True], ignore_index=True)
