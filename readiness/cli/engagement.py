"""`readiness plan` and `readiness progress`: the path to ready of one assessment, a client's assessments over time."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import Problem, ValidationError
from ..text import N_, Text, t, tn
from .common import add_lang_option, add_store_option, framework_for, load_assessment, print_json


def add_commands(sub: Any) -> None:
    """Add plan (and progress)."""
    plan = sub.add_parser("plan", help=N_("the fewest answer changes that make the verdict ready"))
    plan.add_argument("target", metavar="FILE|ID", help=N_("an assessment JSON file, or an assessment id in --store"))
    plan.add_argument("--json", action="store_true", help=N_("print the path as JSON"))
    add_store_option(plan)
    add_lang_option(plan)
    plan.set_defaults(run=_plan)


def _plan(args: argparse.Namespace) -> int:
    from ..core.plan import path_to_ready
    from ..core.scoring import score_assessment

    assessment = load_assessment(args.target, args)
    fw = framework_for(assessment, args)
    lang = args.lang or assessment.language
    missing = assessment.missing_from(fw)
    if missing:
        message = Text("the path to ready needs every answer; unanswered: {questions}", questions=", ".join(missing))
        raise ValidationError([Problem("answers", message)])
    path = path_to_ready(assessment, fw, lang)
    if path is None:
        raise ValidationError([Problem("answers", Text("no combination of better answers makes this assessment ready"))])
    if args.json:
        print_json(path.to_dict())
        return 0
    print(_plan_text(path, score_assessment(assessment, fw, lang), fw, lang))
    return 0


def _plan_text(path: Any, now: Any, fw: Any, lang: str) -> str:
    """The path read aloud: where the client stands, each change and what it adds, where it leads."""
    from ..text.formats import format_number, pick

    def line(name: str, value: Any) -> str:
        return t("{name}: {value}", lang, name=name, value=value)

    verdict = pick(fw.verdict_labels[now.verdict], lang)
    lines = [line(t("Now", lang), f"{format_number(now.overall, lang)} / 100 — {verdict}")]
    if not path.changes:
        lines.append(t("Already ready: nothing to change.", lang))
        return "\n".join(lines)
    lines.append(line(t("Path to ready", lang), tn("{n} change", "{n} changes", len(path.changes), lang)))
    lines += [f"  {i}. {step.description} (+{format_number(step.gain, lang)} {t('pts', lang)})" for i, step in enumerate(path.changes, start=1)]
    lines.append(line(t("Then", lang), f"{format_number(path.overall, lang)} / 100 — {pick(fw.verdict_labels[path.verdict], lang)}"))
    return "\n".join(lines)
