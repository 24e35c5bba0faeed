"""The path to ready: the fewest answer changes that make the verdict `ready` (DESIGN "Plan and progress").

    path = path_to_ready(assessment, framework, lang="fr")
    path.changes     # (Step(question, before, after, gain, description), …), in the framework's order
    path.target      # the assessment with the planned answers; scores `ready`
    path.to_dict()   # the JSON of `readiness plan --json`

A change raises one question to a better answer (a better choice, a budget up to a band's start or
to the minimum, a bounce rate just under a band, a better return, or both parts of the website).
Among plans with the fewest changes the search prefers the smallest raises (each raise counts the
levels it climbs in its question: the next better answer is 1), then the highest overall score.
The search is exact, not greedy: a dynamic programme over the questions keeps, for each number of
changes and of levels, the highest total of points reachable, so every combination of raises is
weighed at once (about 1 ms for five questions, 3 ms for twelve: benchmarks/bench_plan.py).
Pure: values in, values out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import t
from .advice import better_answers
from .assessment import Assessment
from .framework import Framework, default_framework
from .framework_model import Question
from .scoring import question_points, score_assessment


@dataclass(frozen=True)
class Raise:
    """One better answer to one question: its points, whether it still blocks, and how many levels it climbs."""

    answer: dict[str, Any]
    points: float
    blocked: bool
    levels: int
    description: str


@dataclass(frozen=True)
class Step:
    """One change of the path: a question raised from one answer to another."""

    question: str
    before: dict[str, Any]
    after: dict[str, Any]
    gain: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        """`{"question", "from", "to", "gain", "description"}` as `readiness plan --json` prints it."""
        return {"question": self.question, "from": dict(self.before), "to": dict(self.after), "gain": self.gain, "description": self.description}


@dataclass(frozen=True)
class PathToReady:
    """The changes that make the assessment `ready`, and the assessment they lead to."""

    changes: tuple[Step, ...]
    target: Assessment
    overall: float
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the contract: changes, target (format v1), overall, verdict."""
        return {"changes": [s.to_dict() for s in self.changes], "target": self.target.to_dict(), "overall": self.overall, "verdict": self.verdict}


def path_to_ready(assessment: Assessment, framework: Framework | None = None, lang: str | None = None) -> PathToReady | None:
    """The shortest path to `ready` (None while the assessment is incomplete, or when no raises reach it)."""
    fw = framework or default_framework()
    lang = lang or assessment.language
    if assessment.missing_from(fw):
        return None
    base = score_assessment(assessment, fw, lang)
    if base.verdict == "ready":
        return PathToReady((), assessment, base.overall, "ready")
    now = {q.id: _current(fw, q, assessment) for q in fw.questions}
    options = {q.id: raises(fw, assessment, q.id, lang) for q in fw.questions}
    found = _search(fw, now, options)
    if found is None:
        return None
    chosen = dict(found)
    target = assessment
    for qid, option in chosen.items():
        target = target.with_answer(qid, option.answer)
    result = score_assessment(target, fw, lang)
    total = sum(q.weight for q in fw.questions)
    steps = tuple(
        Step(q.id, dict(assessment.answers[q.id]), chosen[q.id].answer, round(q.weight * (chosen[q.id].points - now[q.id][0]) / total, 1), chosen[q.id].description)
        for q in fw.questions if q.id in chosen
    )  # fmt: skip
    return PathToReady(steps, target, result.overall, result.verdict)


def raises(fw: Framework, a: Assessment, qid: str, lang: str) -> list[Raise]:
    """The better answers to one question, smallest raise first, one per level of points (and of blocking)."""
    q = fw.question(qid)
    candidates = _website_candidates(fw, a, q, lang) if q.kind == "website" else [(ans, text, 1) for ans, text in better_answers(fw, a, qid, lang)]
    if not candidates:
        return []
    points, blocked = question_points(q, [a.answers[qid]] + [c[0] for c in candidates], a.client.size, fw)
    start_points, start_blocked = points[0], bool(blocked[0])
    kept: dict[tuple[float, bool], tuple[int, int, tuple]] = {}
    for i, (answer, text, parts) in enumerate(candidates, start=1):
        p, b = float(points[i]), bool(blocked[i])
        if p > start_points or (start_blocked and not b):
            level = (p, b)
            if level not in kept or parts < kept[level][0]:
                kept[level] = (parts, i, (answer, text))
    ordered = sorted(kept.items(), key=lambda item: (item[0][0], not item[0][1]))
    return [Raise(dict(answer), p, b, n, text) for n, ((p, b), (_, _, (answer, text))) in enumerate(ordered, start=1)]


def _website_candidates(fw: Framework, a: Assessment, q: Question, lang: str) -> list[tuple[dict, str, int]]:
    """Each part of the website raised alone, and both together (one change of one question)."""
    current = a.answers[q.id]
    singles = list(better_answers(fw, a, q.id, lang))
    bounces = [(ans, text) for ans, text in singles if ans.get("bounce_rate") != current.get("bounce_rate")]
    returns = [(ans, text) for ans, text in singles if ans.get("roi") != current.get("roi")]
    candidates = [(ans, text, 1) for ans, text in singles]
    prefix = len(t("{name}: {value}", lang, name=_short(q, lang), value=""))
    for (b_ans, b_text), (r_ans, r_text) in itertools.product(bounces, returns):
        candidates.append(({**current, "bounce_rate": b_ans["bounce_rate"], "roi": r_ans["roi"]}, f"{b_text}; {r_text[prefix:]}", 2))
    return candidates


def _short(q: Question, lang: str) -> str:
    from ..text.formats import pick

    return pick(q.short, lang)


def _current(fw: Framework, q: Question, a: Assessment) -> tuple[float, bool]:
    points, blocked = question_points(q, [a.answers[q.id]], a.client.size, fw)
    return float(points[0]), bool(blocked[0])


def _search(fw: Framework, now: dict[str, tuple[float, bool]], options: dict[str, list[Raise]]) -> tuple[tuple[str, Raise], ...] | None:
    """The plan of fewest changes, then fewest levels, then highest overall: exact, by dynamic programming.

    `best[c, l]` is the highest weighted total of points reachable with c changes climbing l levels
    over the questions seen so far (summed in the framework's order, as scoring sums them). A
    blocked question must change, to an answer that does not block; the others may stay.
    """
    n = len(fw.questions)
    usable = {q.id: [o for o in options[q.id] if not o.blocked] for q in fw.questions}
    width = 1 + sum(max((o.levels for o in usable[qid]), default=0) for qid in fw.question_ids)
    best = np.full((n + 1, width), -np.inf)
    best[0, 0] = 0.0
    picks = []
    weight = 0.0
    for q in fw.questions:
        weight = weight + q.weight
        new, pick = np.full_like(best, -np.inf), np.full(best.shape, -2)
        if not now[q.id][1]:
            _better(new, pick, best + q.weight * now[q.id][0], -1)
        for j, o in enumerate(usable[q.id]):
            shifted = np.full_like(best, -np.inf)
            shifted[1:, o.levels :] = best[:-1, : width - o.levels] + q.weight * o.points
            _better(new, pick, shifted, j)
        best = new
        picks.append(pick)
    ready = np.isfinite(best) & (np.round(best / weight, 1) >= fw.ready_at)
    if not ready.any():
        return None
    changes, levels = min(zip(*np.nonzero(ready), strict=True))
    chosen = []
    for q, pick in zip(reversed(fw.questions), reversed(picks), strict=True):
        j = int(pick[changes, levels])
        if j >= 0:
            option = usable[q.id][j]
            chosen.append((q.id, option))
            changes, levels = changes - 1, levels - option.levels
    return tuple(reversed(chosen))


def _better(best: np.ndarray, pick: np.ndarray, candidate: np.ndarray, j: int) -> None:
    """Keep, in place, the candidate totals that beat the best so far, and which option gave them."""
    wins = candidate > best
    best[wins] = candidate[wins]
    pick[wins] = j
