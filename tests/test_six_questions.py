"""The shipped framework with a sixth question, and without its website question: every output follows.

The sixth question is written in the shipped file's own `choice` syntax, its blocker labelled
under [blocker_labels]; the other copy drops the website question. Scoring, the deck's native
radar, the flat table (export and import back) and the meeting form's cards all follow.
"""

from __future__ import annotations

import copy

import pytest
from builders import EXAMPLE, framework_file, six_questions_text, without_website_text
from pptx import Presentation

from readiness.core.assessment import Assessment
from readiness.core.framework import default_framework, load_framework
from readiness.core.rows import flat_columns
from readiness.core.scoring import score_assessment, what_if

SIX = ("objectives", "content", "champion", "budget", "website", "measurement")
FOUR = ("objectives", "content", "champion", "budget")


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    return load_framework(framework_file(tmp_path_factory.mktemp("six"), six_questions_text()))


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    return load_framework(framework_file(tmp_path_factory.mktemp("four"), without_website_text()))


def example_under(fw, **answers) -> Assessment:
    document = copy.deepcopy(EXAMPLE)
    document["framework"] = fw.ref()
    document["answers"] = {q: a for q, a in {**document["answers"], **answers}.items() if fw.has_question(q)}
    document["notes"] = {q: n for q, n in document["notes"].items() if fw.has_question(q) or q == "general"}
    return Assessment.from_dict(document, fw)


# ---------------------------------------------------------------- scoring


def test_the_sixth_question_is_a_dimension_of_the_score(six):
    assert six.question_ids == SIX
    shipped = score_assessment(Assessment.from_dict(EXAMPLE))
    provisional = score_assessment(example_under(six), six)
    assert provisional.missing == ("measurement",) and provisional.verdict is None
    assert {q: provisional.dimensions[q] for q in SIX[:5]} == dict(shipped.dimensions)  # the five score as before
    done = score_assessment(example_under(six, measurement={"choice": "likes"}), six)
    assert done.dimensions["measurement"] == 40
    assert done.overall == pytest.approx((shipped.overall * 5 + 40) / 6, abs=0.05)
    blocked = score_assessment(example_under(six, measurement={"choice": "nothing"}), six)
    assert blocked.blockers == ("no_measurement",) and blocked.verdict == "not_ready"
    assert any(c.dimension == "measurement" and c.changes_verdict for c in what_if(example_under(six, measurement={"choice": "nothing"}), six))


def test_without_the_website_question_four_questions_make_the_score(four):
    assert four.question_ids == FOUR
    result = score_assessment(example_under(four), four)
    assert result.complete and set(result.dimensions) == set(FOUR)
    assert "website_first" not in result.blockers and result.verdict is not None
    with pytest.raises(Exception, match="answers must be keyed by objectives, content, champion, budget, got \"website\""):
        Assessment.from_dict({**EXAMPLE, "framework": four.ref()}, four)


# ---------------------------------------------------------------- the flat table: export, then import back


@pytest.mark.parametrize("which", ["six", "four"])
def test_the_flat_table_follows_the_framework_and_round_trips(request, tmp_path, which):
    from readiness.sheets.reading import read_table
    from readiness.sheets.writing import export_table

    fw = request.getfixturevalue(which)
    v1 = flat_columns(default_framework())
    columns = flat_columns(fw)
    if which == "six":
        assert columns == v1[:-2] + ("measurement", "notes", "follows")  # the v1 columns as they are, the new one before the notes
    else:
        assert columns == tuple(c for c in v1 if c not in ("bounce_rate", "website_roi"))
    assessments = [example_under(fw, measurement={"choice": "dashboard"}), example_under(fw)]
    assessments[1] = Assessment.from_dict({**assessments[1].to_dict(), "id": "second", "client": {"name": "Gîte Aurore"}}, fw)
    for suffix in ("csv", "xlsx"):
        path = export_table(assessments, tmp_path / f"table.{suffix}", fw)
        if suffix == "csv":
            assert path.read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(columns)
        back = read_table(path, fw)
        assert back.errors == [] and back.assessments == assessments


def test_a_v1_file_reads_under_the_six_question_framework_with_the_sixth_unanswered(six, tmp_path):
    from readiness.sheets.reading import read_table
    from readiness.sheets.writing import export_table

    path = export_table([Assessment.from_dict(EXAMPLE)], tmp_path / "v1.csv")
    (read,) = read_table(path, six).assessments
    assert read.framework == six.ref() and "measurement" not in read.answers
    assert score_assessment(read, six).missing == ("measurement",)


# ---------------------------------------------------------------- the deck's native radar


@pytest.mark.parametrize("which, names", [("six", ["Objectifs", "Stratégie de contenu", "Responsable interne", "Budget", "Site Web", "Mesure"]),
                                          ("four", ["Objectifs", "Stratégie de contenu", "Responsable interne", "Budget"])])  # fmt: skip
def test_the_deck_radar_has_one_category_per_question(request, tmp_path, which, names):
    from readiness.outputs.deck import build_deck

    fw = request.getfixturevalue(which)
    a = example_under(fw, measurement={"choice": "likes"})
    path = build_deck(a, None, tmp_path / "deck.pptx", framework=fw)
    charts = [shape.chart for slide in Presentation(str(path)).slides for shape in slide.shapes if shape.has_chart]
    (chart,) = charts
    assert list(chart.plots[0].categories) == names
    assert list(chart.plots[0].series[0].values) == [score_assessment(a, fw).dimensions[q] for q in fw.question_ids]
    texts = " ".join(shape.text_frame.text for slide in Presentation(str(path)).slides for shape in slide.shapes if shape.has_text_frame)
    assert f"Les {len(names)} dimensions" in texts


# ---------------------------------------------------------------- the meeting form's cards (headless)


def test_the_meeting_form_has_a_card_for_the_sixth_question_and_answering_it_counts(six, tmp_path):
    from readiness.meeting.form import meeting_form

    form = meeting_form("fr", str(tmp_path / "store"), framework=six, drafts=tmp_path / "drafts", exports=tmp_path / "exports")
    assert list(form.questions) == list(SIX)
    card = form.questions["measurement"]
    assert "q-measurement" in card.box._dom_classes and card.choice.options[-1] == ("Un tableau de bord mensuel", "dashboard")
    assert "0 / 6" in form.results.answered.value
    card.choice.value = "nothing"
    assert form.result.dimensions["measurement"] == 0 and form.result.blockers == ("no_measurement",)
    assert "1 / 6" in form.results.answered.value and "Rien ne sera mesuré" in form.results.details.value
    assert "✖" in card.chip.value  # its card shows the blocker
    assert form.document["answers"]["measurement"] == {"choice": "nothing"}


def test_the_meeting_form_without_the_website_has_four_cards(four, tmp_path):
    from readiness.meeting.form import meeting_form

    form = meeting_form("en", str(tmp_path / "store"), framework=four, drafts=tmp_path / "drafts", exports=tmp_path / "exports")
    assert list(form.questions) == list(FOUR)
    assert "Verdict once all 4 are answered" in form.results.verdict.value and "0 / 4" in form.results.answered.value
    form.questions["budget"].amount.value = "quinze mille"
    assert "Annual budget: \"quinze mille\"" in form.message
