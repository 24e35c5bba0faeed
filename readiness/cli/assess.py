"""`readiness score`, `validate` and `framework`: one assessment file scored or checked; the framework described, listed, checked or written as a workbook."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import ReadinessError, ValidationError
from ..text import N_, t, tn
from .common import (
    add_lang_option,
    chosen_framework,
    framework_for,
    framework_of,
    one_line,
    print_json,
    read_assessment_file,
    speaks,
)


def add_commands(sub: Any) -> None:
    """Add score, validate and framework."""
    score = sub.add_parser("score", help=N_("score one assessment file"))
    score.add_argument("file", help=N_("assessment JSON file (format v1)"))
    score.add_argument("--json", action="store_true", help=N_("print the result as JSON"))
    add_lang_option(score)
    score.set_defaults(run=_score)

    validate = sub.add_parser("validate", help=N_("check assessment files and report every problem"))
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=_validate)

    framework = sub.add_parser("framework", help=N_("print the questions, choices and points; list, check or write frameworks"))
    actions = framework.add_mutually_exclusive_group()
    actions.add_argument("--json", action="store_true", help=N_("print the framework as JSON"))
    actions.add_argument("--list", action="store_true", help=N_("list the shipped frameworks"))
    actions.add_argument("--check", nargs="+", metavar="FILE", help=N_("check framework files (TOML, YAML, JSON or XLSX): every problem, with where it is"))
    actions.add_argument("--to-xlsx", metavar="OUT.xlsx", help=N_("write the framework as a workbook to fill in Excel (check it with --check)"))
    actions.add_argument("--schema", action="store_true", help=N_("print the JSON Schema of its assessments (format v1)"))
    add_lang_option(framework)
    framework.set_defaults(run=_framework)


def _score(args: argparse.Namespace) -> int:
    from ..core.scoring import score_assessment

    assessment = read_assessment_file(args.file, chosen_framework(args))
    fw = framework_for(assessment, args)
    result = score_assessment(assessment, fw, args.lang)
    print_json(result.to_dict()) if args.json else print(result.summary(fw))
    return 0


def _validate(args: argparse.Namespace) -> int:
    fw, lang = chosen_framework(args), speaks(args)
    bad = 0
    for name in args.files:
        try:
            read_assessment_file(name, fw)
            print(t("{file}: ok", lang, file=name))
        except ValidationError as exc:
            bad += 1
            count = len(exc.problems)
            print(tn("{file}: {n} problem", "{file}: {n} problems", count, lang, file=name))
            for problem in exc.problems:
                print(f"  - {problem.text(lang)}")
        except ReadinessError as exc:
            bad += 1
            print(one_line(exc, lang))  # the message names the file already
    return 2 if bad else 0


def _framework(args: argparse.Namespace) -> int:
    from ..core.framework import describe_framework, framework_to_dict

    lang = speaks(args)
    if args.check:
        return _check_frameworks(args.check, lang)
    if args.list:
        return _list_frameworks(lang)
    fw = framework_of(args)
    if args.schema:
        from ..core.schema import assessment_schema

        print_json(assessment_schema(fw))
        return 0
    if args.to_xlsx:
        from ..sheets.framework_book_write import write_framework_book

        path = write_framework_book(fw, args.to_xlsx)
        print(t("wrote {framework} {version} as a workbook: {path} (check it with readiness framework --check {path})", lang,
                framework=fw.id, version=fw.version, path=path))  # fmt: skip
        return 0
    print_json(framework_to_dict(fw)) if args.json else print(describe_framework(fw, lang))
    return 0


def _check_frameworks(files: list[str], lang: str) -> int:
    """Check each framework file; print ok and its questions, or every problem with where it is. Exit 2 if any has a problem."""
    from ..core.errors import FrameworkError
    from ..sheets.framework_book import open_framework
    from ..text.formats import pick

    bad = 0
    for name in files:
        try:
            fw = open_framework(name)
        except FrameworkError as exc:
            bad += 1
            print(tn("{file}: {n} problem", "{file}: {n} problems", len(exc.problems), lang, file=name))
            for problem in exc.problems:
                print(f"  - {problem.text(lang)}")
            continue
        questions = ", ".join(pick(q.short, lang) for q in fw.questions)
        print(t("{file}: ok — {framework} {version}, {n} questions: {questions}", lang, file=name, framework=fw.id,
                version=fw.version, n=len(fw.questions), questions=questions))  # fmt: skip
    return 2 if bad else 0


def _list_frameworks(lang: str) -> int:
    """The shipped frameworks: id, version, how many questions, title."""
    from ..core.framework import shipped_frameworks
    from ..text.formats import pick

    for fw in shipped_frameworks().values():
        questions = tn("{n} question", "{n} questions", len(fw.questions), lang)
        print(f"{fw.id:<20} {fw.version:<6} {questions:<14} {pick(fw.title, lang)}")
    return 0
