"""`readiness plan` and `readiness progress`: the path to ready of one assessment, a client's assessments over time."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import Problem, ValidationError
from ..text import N_, Text, t, tn
from .common import (
    add_lang_option,
    add_store_option,
    chosen_framework,
    framework_for,
    load_assessment,
    print_json,
    speaks,
)


def add_commands(sub: Any) -> None:
    """Add plan (and progress)."""
    plan = sub.add_parser("plan", help=N_("the fewest answer changes that make the verdict ready"))
    plan.add_argument("target", metavar="FILE|ID", help=N_("an assessment JSON file, or an assessment id in --store"))
    plan.add_argument("--json", action="store_true", help=N_("print the path as JSON"))
    add_store_option(plan)
    add_lang_option(plan)
    plan.set_defaults(run=_plan)

    progress = sub.add_parser("progress", help=N_("a client's assessments over time: scores, verdicts, changes, open actions"))
    progress.add_argument("client", metavar="CLIENT", help=N_("the client's name (case and accents do not count)"))
    progress.add_argument("--json", action="store_true", help=N_("print the progress as JSON"))
    add_store_option(progress)
    add_lang_option(progress)
    progress.set_defaults(run=_progress)


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


def _progress(args: argparse.Namespace) -> int:
    from ..store import open_store

    store = open_store(args.store, chosen_framework(args))
    try:
        frameworks = lambda a: framework_for(a, args)  # noqa: E731
        progress = client_history(store, args.client, frameworks, args.lang or speaks(args))
    finally:
        store.close()
    if args.json:
        print_json(progress.to_dict())
        return 0
    print(_progress_text(progress, frameworks, args.lang or speaks(args)))
    return 0


def client_history(store: Any, name: str, frameworks: Any, lang: str) -> Any:
    """The progress of the client of this name in the store (exact name, else the one client whose name contains it)."""
    from ..core.assessment import client_key
    from ..core.progress import client_progress
    from ..store.history import client_assessments

    found = store.list(client=name)
    exact = client_assessments(store, name)
    names = sorted({client_key(a.client.name): a.client.name for a in found}.values())
    if not exact and len(names) > 1:
        raise ValidationError([Problem("client", Text("several clients match {name}: {names}", name=repr(name), names=", ".join(names)))])
    chosen = exact or found
    if not chosen:
        raise ValidationError([Problem("client", Text("no assessment of a client named {name} in the store", name=repr(name)))])
    return client_progress(chosen, frameworks, lang)


def _progress_text(progress: Any, frameworks: Any, lang: str) -> str:
    """One line per visit (date, score, verdict, change), then the open actions."""
    from ..text.formats import format_date, format_number, pick

    lines = [progress.client]
    for v in progress.visits:
        verdict = pick(frameworks(v.assessment).verdict_labels[v.verdict], lang) if v.verdict else t("Provisional", lang)
        score = "–" if v.overall is None else format_number(v.overall, lang)
        change = ""
        if v.delta and "overall" in v.delta:
            change = f"  ({'+' if v.delta['overall'] >= 0 else ''}{format_number(v.delta['overall'], lang)})"
        lines.append(f"  {format_date(v.assessed_on, lang):<18} {score:>5} / 100  {verdict}{change}")
    lines.append(t("{name}: {value}", lang, name=t("Open actions", lang), value=len(progress.open_items)))
    for item in progress.open_items:
        extra = ", ".join(x for x in (item.owner, format_date(item.due, lang) if item.due else None) if x)
        lines.append(f"  - {item.action}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)

