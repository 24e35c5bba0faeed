"""One outcome for every face: built once from (assessment, past, framework, language, k), rendered everywhere."""

from __future__ import annotations

import copy
import json
from dataclasses import FrozenInstanceError

import pytest
from builders import EXAMPLE

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.benchmark import compare_assessment
from readiness.core.errors import ValidationError
from readiness.core.framework import default_framework, framework_to_dict, parse_framework
from readiness.core.outcome import ClientOutcome, client_outcome
from readiness.core.plan import path_to_ready
from readiness.core.scoring import score_assessment, what_if
from readiness.meeting import meeting_form
from readiness.outputs.portfolio_tables import rescore
from readiness.store.sample import load_sample


def stricter_framework():
    """The shipped framework, but ready only from 90 (so past clients' verdicts change when re-scored)."""
    data = copy.deepcopy(framework_to_dict(default_framework()))
    data["version"], data["verdict"]["ready_at"] = "2.0", 90.0
    return parse_framework(data)


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_the_outcome_is_the_result_the_changes_and_the_peers(sample):
    a = Assessment.from_dict(copy.deepcopy(EXAMPLE))
    outcome = client_outcome(a, sample, lang="en", k=5)
    result = score_assessment(a, language="en")
    assert outcome.result == result
    assert outcome.changes == what_if(a, language="en")
    assert outcome.benchmark == compare_assessment(a, result, sample, k=5)
    assert outcome.path == path_to_ready(a, lang="en")
    assert (outcome.lang, outcome.k, outcome.client) == ("en", 5, "Boulangerie Tremblay")
    with pytest.raises(FrozenInstanceError):
        outcome.k = 6


@pytest.mark.parametrize(("k", "level"), [(5, "industry_size"), (40, "size"), (300, None)])
def test_the_outcome_compares_with_the_k_it_is_given(sample, k, level):
    outcome = client_outcome(Assessment.from_dict(copy.deepcopy(EXAMPLE)), sample, k=k)
    assert outcome.benchmark.k == k
    assert (outcome.benchmark.group.level if outcome.benchmark.shown else None) == level


@pytest.mark.parametrize(("lang", "k"), [("de", 5), ("fr", 4), ("fr", 2.5)])
def test_a_bad_language_or_k_is_refused_by_name(lang, k):
    with pytest.raises(ValidationError, match="lang|k must"):
        client_outcome(Assessment.from_dict(copy.deepcopy(EXAMPLE)), None, lang=lang, k=k)


def test_the_forms_exports_render_the_outcome_on_screen_same_k_and_framework(tmp_path, monkeypatch):
    fw = stricter_framework()
    form = meeting_form("fr", str(tmp_path / "store"), framework=fw, k=9, drafts=tmp_path / "d", exports=tmp_path / "e")
    document = copy.deepcopy(EXAMPLE)
    form.profile.name.value = document["client"]["name"]
    form.profile.size.value = "very_small"
    form.questions["content"].choice.value = "integrated_strategy"
    rendered = []
    monkeypatch.setattr("readiness.outputs.deck.deck_bytes", lambda outcome, template=None, speaker_notes=False: rendered.append(outcome) or b"pptx")
    monkeypatch.setattr("readiness.outputs.figures.chart_figures", lambda outcome, size="full": rendered.append(outcome) or {})
    form.export_slides()
    form.export_charts()
    assert len(rendered) == 3  # the deck, then the charts at both sizes
    for outcome in rendered:
        assert isinstance(outcome, ClientOutcome)
        assert (outcome.k, outcome.framework, outcome.lang) == (9, fw, "fr")
        assert (outcome.result, outcome.benchmark, outcome.changes) == (form.outcome.result, form.outcome.benchmark, form.outcome.changes)
        assert outcome.assessment.client.name == "Boulangerie Tremblay"


@pytest.mark.parametrize("command", ["deck", "charts", "benchmark"])
def test_deck_charts_and_benchmark_rescore_past_clients_under_the_framework_as_portfolio_does(tmp_path, monkeypatch, capsys, sample, command):
    fw = stricter_framework()
    (tmp_path / "fw.json").write_text(json.dumps(framework_to_dict(fw)), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(EXAMPLE), encoding="utf-8")
    rendered = []
    monkeypatch.setattr("readiness.outputs.deck.write_deck", lambda outcome, out=None, template=None, speaker_notes=False: rendered.append(outcome) or tmp_path)
    monkeypatch.setattr("readiness.outputs.figures.write_charts", lambda outcome, out_dir=None, **kw: rendered.append(outcome) or [])
    monkeypatch.setattr("readiness.cli.portfolio._benchmark_json", lambda a, r, b: rendered.append(b) or {})
    (tmp_path / "empty").mkdir()  # a store that holds nothing yet: the comparison falls back on the sample
    argv = ["--framework", str(tmp_path / "fw.json"), command, str(tmp_path / "a.json"), "--store", str(tmp_path / "empty")]
    assert main(argv + (["--json"] if command == "benchmark" else [])) == 0
    shown = rendered[0].benchmark if command != "benchmark" else rendered[0]
    a = Assessment.from_dict(copy.deepcopy(EXAMPLE), fw)
    as_portfolio = compare_assessment(a, score_assessment(a, fw), rescore(sample, fw).table)
    unchanged = compare_assessment(a, score_assessment(a), sample)
    assert shown == as_portfolio
    assert shown.verdict_shares != unchanged.verdict_shares  # fewer peers are ready from 90: the re-scoring shows
