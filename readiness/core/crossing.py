"""One framework's view of assessments made under others: answers read by question id, and what could not be scored.

A store may hold assessments of several frameworks. Benchmarks compare only assessments of the
same framework id; the portfolio re-scores every assessment under one chosen framework. This
module decides, for each assessment, which of its answers the chosen framework can read (same
question id, an answer of the right shape with codes it knows) and keeps count of the rest:

    crossing = Crossing(framework, every_framework=True)
    rows = [crossing.row(a) for a in assessments]     # flat rows under `framework` (None: left out)
    crossing.notes()   # [{"framework": "social-media-5q", "assessments": 300, "not_asked": ["measurement", …], "not_scored": []}]

Pure: values in, values out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .assessment import Assessment, _is_number
from .framework import Framework, framework_for
from .framework_model import Question
from .rows import flat_values

if TYPE_CHECKING:
    import pandas as pd


class Crossing:
    """Rows of assessments under one framework: its own assessments as they are, others (if wanted) by question id."""

    def __init__(self, framework: Framework, every_framework: bool = False):
        self.fw = framework
        self.every = every_framework
        self.left_out: Counter[str] = Counter()
        self.others: dict[str, dict[str, Any]] = {}

    def row(self, a: Assessment) -> tuple | None:
        """The assessment's flat row under the framework, or None when it is left out (another framework's)."""
        framework_id = str(a.framework.get("id"))
        if framework_id == self.fw.id:
            return flat_values(a, self.fw)
        if not self.every:
            self.left_out[framework_id] += 1
            return None
        kept, dropped = readable_answers(a, self.fw)
        note = self.others.setdefault(framework_id, {"assessments": 0, "answered": set(), "not_scored": set()})
        note["assessments"] += 1
        note["answered"] |= set(kept)
        note["not_scored"] |= set(dropped)
        size = a.client.size if a.client.size in self.fw.sizes else None
        readable = replace(a, answers=kept, client=replace(a.client, size=size), framework=self.fw.ref())
        return flat_values(readable, self.fw)

    def notes(self) -> list[dict[str, Any]]:
        """Per other framework: how many of its assessments, the questions it does not ask, the answers not scored."""
        found = []
        for framework_id, note in sorted(self.others.items()):
            other = framework_for(framework_id)
            asked = set(other.question_ids) if other is not None else note["answered"]
            not_asked = [q for q in self.fw.question_ids if q not in asked]
            found.append({"framework": framework_id, "assessments": note["assessments"], "not_asked": not_asked, "not_scored": sorted(note["not_scored"])})
        return found

    def describe(self, frame: pd.DataFrame) -> None:
        """Say on the table what was left out (`attrs["left_out"]`) or read across frameworks (`attrs["other_frameworks"]`)."""
        frame.attrs["left_out"] = dict(sorted(self.left_out.items()))
        frame.attrs["other_frameworks"] = self.notes()


def readable_answers(a: Assessment, fw: Framework) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The answers `fw` can read (same question id, right shape, known codes), and the ids of those it cannot."""
    kept, dropped = {}, []
    for qid, answer in a.answers.items():
        if answer is None:
            continue
        read = _readable(fw.question(qid), answer) if fw.has_question(qid) else None
        if read is None:
            dropped.append(qid)
        else:
            kept[qid] = read
    return kept, dropped


def _readable(q: Question, answer: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answer as `q` reads it, or None when it cannot."""
    if q.answered_by_choice:
        if answer.get("choice") not in q.choice_codes:
            return None
        goals = answer.get("goals") if isinstance(answer.get("goals"), list) else []
        return {"choice": answer["choice"], "goals": [g for g in goals if g in q.goals]} if q.goals else {"choice": answer["choice"]}
    if q.kind == "amount":
        amount, currency = answer.get("annual_amount"), answer.get("currency") or q.budget.currency
        ok = _is_number(amount) and amount >= 0 and currency in q.budget.rates
        return {"annual_amount": amount, "currency": currency} if ok else None
    rate, roi = answer.get("bounce_rate"), answer.get("roi") or "unknown"
    ok = (rate is None or (_is_number(rate) and 0 <= rate <= 100)) and roi in [c.code for c in q.website.roi]
    return {"bounce_rate": rate, "roi": roi} if ok else None
