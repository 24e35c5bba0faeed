"""The path to ready is exact: checked against brute force on every answer combination of the shipped framework and on random frameworks.

Brute force tries every combination of raises of every question at once (keep the answer, or any of
its better answers) and ranks the ready ones by the contract's order: fewest changes, then the
smallest raises (levels climbed), then the highest overall. The search must find a plan of the same
rank, and its target must score `ready` under the real scorer.
"""

from __future__ import annotations

import itertools
import json
from datetime import date

import numpy as np
import pytest
from builders import BEST, SCRIPT, budget, choice, website
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents_of, raw_frameworks

from readiness.core.advice import better_answers
from readiness.core.assessment import Assessment, Client
from readiness.core.framework import default_framework, parse_framework
from readiness.core.plan import path_to_ready, raises
from readiness.core.scoring import question_points, score_assessment

FW = default_framework()


def brute_force(fw, a, lang="en"):
    """The rank (changes, levels, -overall) of the best ready combination of raises, or None."""
    points, blocked, levels, changed = [], [], [], []
    for q in fw.questions:
        now_points, now_blocked = question_points(q, [a.answers[q.id]], a.client.size, fw)
        options = raises(fw, a, q.id, lang)
        points.append(np.array([now_points[0]] + [o.points for o in options]))
        blocked.append(np.array([now_blocked[0]] + [o.blocked for o in options]))
        levels.append(np.array([0] + [o.levels for o in options]))
        changed.append(np.array([0] + [1] * len(options)))
    grid = np.indices([len(p) for p in points]).reshape(len(points), -1)
    total, weight = 0.0, 0.0
    for i, q in enumerate(fw.questions):
        total = total + q.weight * points[i][grid[i]]
        weight = weight + q.weight
    overall = np.round(total / weight, 1)
    block = np.zeros(grid.shape[1], dtype=bool)
    for i in range(len(points)):
        block |= blocked[i][grid[i]]
    ready = ~block & (overall >= fw.ready_at)
    if not ready.any():
        return None
    n_changes = sum(changed[i][grid[i]] for i in range(len(points)))
    n_levels = sum(levels[i][grid[i]] for i in range(len(points)))
    return min(zip(n_changes[ready].tolist(), n_levels[ready].tolist(), (-overall[ready]).tolist(), strict=True))


def rank_of(fw, a, path, lang="en"):
    """The rank of a path found by the search, in brute force's terms."""
    levels = 0
    for step in path.changes:
        levels += next(o.levels for o in raises(fw, a, step.question, lang) if o.answer == step.after)
    return (len(path.changes), levels, -path.overall)


def check_exact(fw, a):
    path = path_to_ready(a, fw, "en")
    expected = brute_force(fw, a)
    if score_assessment(a, fw).verdict == "ready":
        assert path is not None and path.changes == () and expected[0] == 0
        return
    assert (path is None) == (expected is None)
    if path is None:
        return
    assert rank_of(fw, a, path) == expected
    scored = score_assessment(path.target, fw)
    assert (scored.verdict, scored.overall) == ("ready", path.overall)
    assert [s.question for s in path.changes] == [q for q in fw.question_ids if q in {s.question for s in path.changes}]
    assert all(path.target.answers[q] == a.answers[q] for q in fw.question_ids if q not in {s.question for s in path.changes})


def shipped_space(size):
    """Every answer combination of the shipped framework: each choice, and a value in each band of budget and bounce rate."""
    objectives, content, champion = (FW.question(q).choice_codes for q in ("objectives", "content", "champion"))
    amounts = (0, 2000, 5000, 15000, 30000) if size == "very_small" else (0, 5000, 15000, 30000)
    websites = [website(rate, roi) for rate in (None, 20, 45, 60, 80) for roi in ("good", "some", "unknown", "none")]
    for o, c, h, amount, site in itertools.product(objectives, content, champion, amounts, websites):
        answers = {"objectives": choice(o), "content": choice(c), "champion": choice(h), "budget": budget(amount), "website": site}
        yield Assessment("a", Client("Client", size=size), date(2026, 1, 5), answers=answers)


@pytest.mark.parametrize("size", ["small", "very_small"])
def test_the_path_is_minimal_on_every_answer_combination_of_the_shipped_framework(size):
    count = 0
    for a in shipped_space(size):
        check_exact(FW, a)
        count += 1
    assert count == 64 * (5 if size == "very_small" else 4) * 20


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw_frameworks(max_questions=6).map(parse_framework).flatmap(lambda fw: st.tuples(st.just(fw), documents_of(fw, complete=True))))
def test_the_path_is_minimal_on_random_frameworks(pair):
    fw, document = pair
    check_exact(fw, Assessment.from_dict(document, fw))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw_frameworks().map(parse_framework).flatmap(lambda fw: st.tuples(st.just(fw), documents_of(fw, complete=True))))
def test_every_better_answer_is_one_of_the_raises_searched(pair):
    fw, document = pair
    a = Assessment.from_dict(document, fw)
    for q in fw.questions:
        now = question_points(q, [a.answers[q.id]], a.client.size, fw)
        levels = {(o.points, o.blocked) for o in raises(fw, a, q.id, "en")}
        for answer, _ in better_answers(fw, a, q.id, "en"):
            p, b = question_points(q, [answer], a.client.size, fw)
            if p[0] > now[0][0] or (now[1][0] and not b[0]):
                assert (float(p[0]), bool(b[0])) in levels


def example(**answers):
    return Assessment("a", Client("Client", size="small"), date(2026, 1, 5), answers={**BEST, **answers})


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"budget": budget(6000)}, [("budget", budget(15000))]),  # to the minimum, not to the top band
        ({"website": website(75, "good")}, [("website", website(69, "good"))]),  # just under the blocker
        ({"budget": budget(6000), "champion": choice("everyone")}, [("champion", choice("outsourced")), ("budget", budget(15000))]),
        ({}, []),  # already ready
    ],
)
def test_the_path_takes_the_smallest_raises(answers, expected):
    path = path_to_ready(example(**answers), FW, "en")
    assert [(s.question, s.after) for s in path.changes] == expected
    assert path.verdict == "ready"


def test_an_incomplete_assessment_has_no_path_yet():
    a = example()
    assert path_to_ready(a.with_answer("budget", None), FW) is None


def test_plan_command_prints_the_json_of_the_contract(tmp_path):
    import subprocess

    a = example(budget=budget(6000), champion=choice("everyone"))
    path = tmp_path / "client.json"
    path.write_text(a.to_json(), encoding="utf-8")
    out = subprocess.run([SCRIPT, "plan", str(path), "--json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert set(data) == {"changes", "target", "overall", "verdict"}
    assert [(c["question"], c["from"], c["to"]) for c in data["changes"]] == [
        ("champion", choice("everyone"), choice("outsourced")),
        ("budget", budget(6000), budget(15000)),
    ]
    assert data["verdict"] == "ready" and score_assessment(Assessment.from_dict(data["target"]), FW).overall == data["overall"]
    text = subprocess.run([SCRIPT, "plan", str(path), "--lang", "en"], capture_output=True, text=True, check=True).stdout
    assert "Path to ready: 2 changes" in text and "Budget: $6,000 → $15,000" in text


def test_plan_of_an_incomplete_assessment_is_one_line_and_exit_2(tmp_path):
    import subprocess

    path = tmp_path / "client.json"
    path.write_text(example().with_answer("website", None).to_json(), encoding="utf-8")
    out = subprocess.run([SCRIPT, "plan", str(path), "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0 and "website" in out.stderr
