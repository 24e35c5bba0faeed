"""What to do about an assessment: recommendations, the better answers to each question, and the result read aloud.

`better_answers` lists, question by question and by kind, the single answers that score higher
(a better choice; a budget raised to a band's start or to the minimum; a lower bounce rate or a
better return): the space `scoring.what_if` searches, for any framework. Pure: values in, values out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..text import N_, t
from ..text.formats import format_money, format_number, format_percent, pick
from .assessment import Assessment
from .framework import Band, Framework


@dataclass(frozen=True)
class Recommendation:
    """What to do about one dimension below its maximum."""

    dimension: str
    code: str
    text: str


# ---------------------------------------------------------------- recommendations and better answers


def recommendations(fw: Framework, a: Assessment, dims: Mapping[str, float | None], lang: str):
    """A recommendation for each answered dimension below its maximum, in the framework's order."""
    for qid in fw.question_ids:
        if dims[qid] is None or dims[qid] >= 100:
            continue
        for advice in _advice_for(fw, a, qid):
            yield Recommendation(qid, advice.code, pick(advice.text, lang))


def _advice_for(fw: Framework, a: Assessment, qid: str) -> list:
    question, answer = fw.question(qid), a.answers[qid]
    if question.answered_by_choice:
        return [x for x in (question.choice(answer["choice"]).advice,) if x is not None]
    if question.kind == "amount":
        rule = question.budget
        return [_band_at(rule.bands_for(a.client.size), answer["annual_amount"] * rule.rates[answer["currency"]]).advice]
    rule = question.website
    rate = answer["bounce_rate"]
    bounce = rule.unknown_advice if rate is None else _band_at(rule.bounce_bands, rate).advice
    return [x for x in (bounce, rule.roi_choice(answer["roi"]).advice) if x is not None]


def _band_at(bands: tuple[Band, ...], value: float) -> Band:
    return [b for b in bands if b.start <= value][-1]


def better_answers(fw: Framework, a: Assessment, qid: str, lang: str):
    """Alternative answers to one question that score higher, each with a description."""
    question, answer = fw.question(qid), a.answers[qid]
    name = pick(question.short, lang)
    if question.answered_by_choice:
        current = question.choice(answer["choice"])
        for c in question.choices:
            if c.points > current.points:
                yield {**answer, "choice": c.code}, _described(name, f"{pick(current.label, lang)} → {pick(c.label, lang)}", lang)
    elif question.kind == "amount":
        yield from _better_budgets(question.budget, a, answer, name, lang)
    else:
        yield from _better_websites(question.website, answer, name, lang)


def _better_budgets(rule: Any, a: Assessment, answer: Mapping[str, Any], name: str, lang: str):
    currency = answer["currency"]
    rate = rule.rates[currency]
    targets = {b.start for b in rule.bands_for(a.client.size)}
    if a.client.size not in rule.exempt_sizes and rule.blocker:
        targets.add(rule.minimum)
    for target in sorted(targets):
        amount = math.ceil(target / rate)
        if amount > answer["annual_amount"]:
            text = _described(name, f"{format_money(answer['annual_amount'], currency, lang)} → {format_money(amount, currency, lang)}", lang)
            yield {"annual_amount": amount, "currency": currency}, text


def _better_websites(rule: Any, answer: Mapping[str, Any], name: str, lang: str):
    rate = answer["bounce_rate"]
    label = t("Bounce rate", lang)
    shown = t("unknown", lang) if rate is None else format_percent(rate, lang)
    bands = rule.bounce_bands
    for i, band in enumerate(bands):
        top = bands[i + 1].start - 1 if i + 1 < len(bands) else band.start
        target = max(band.start, top)
        if rate is not None and target < rate:
            yield {**answer, "bounce_rate": target}, _described(name, f"{label} {shown} → {format_percent(target, lang)}", lang)
    current = rule.roi_choice(answer["roi"])
    for c in rule.roi:
        if c.points > current.points:
            yield {**answer, "roi": c.code}, _described(name, f"{pick(current.label, lang)} → {pick(c.label, lang)}", lang)


def _described(dimension: str, change: str, lang: str) -> str:
    """`Budget : 6 000 $ → 15 000 $` in French (a no-break space before the colon), `Budget: …` in English."""
    return t("{name}: {value}", lang, name=dimension, value=change)


# ---------------------------------------------------------------- readable summary


def summary_lines(r: Any, fw: Framework):
    """A Result as a few lines a consultant can read aloud."""
    lang = r.language

    def line(name: str, value: Any) -> str:
        return t("{name}: {value}", lang, name=name, value=value)  # French: a no-break space before the colon

    verdict = pick(fw.verdict_labels[r.verdict], lang) if r.verdict else t("Provisional", lang)
    overall = "–" if r.overall is None else format_number(r.overall, lang)
    yield line(t("Overall score", lang), f"{overall} / 100 — {line(t('Verdict', lang), verdict)}")
    total = len(fw.questions)
    yield line(t("Questions answered", lang), f"{total - len(r.missing)} / {total}")
    for q in fw.questions:
        score = r.dimensions[q.id]
        yield "  " + line(pick(q.short, lang), t("unanswered", lang) if score is None else format_number(score, lang))
    for heading, codes, labels in ((N_("Blockers"), r.blockers, fw.blocker_labels), (N_("Risks"), r.risks, fw.risk_labels)):
        yield line(t(heading, lang), t("none", lang) if not codes else "")
        yield from (f"  - {pick(labels[c], lang)}" for c in codes)
    if r.recommendations:
        yield t("{name}:", lang, name=t("Recommendations", lang))
        yield from (f"  - {rec.text}" for rec in r.recommendations)
