"""`readiness score`, `validate` and `framework`: one assessment file scored or checked, the framework described."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import ReadinessError, ValidationError
from ..text import N_, t, tn
from .common import add_lang_option, framework_of, one_line, print_json, read_assessment_file, speaks


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

    framework = sub.add_parser("framework", help=N_("print the questions, choices and points"))
    framework.add_argument("--json", action="store_true", help=N_("print the framework as JSON"))
    add_lang_option(framework)
    framework.set_defaults(run=_framework)


def _score(args: argparse.Namespace) -> int:
    from ..core.scoring import score_assessment

    fw = framework_of(args)
    assessment = read_assessment_file(args.file, fw)
    result = score_assessment(assessment, fw, args.lang)
    print_json(result.to_dict()) if args.json else print(result.summary(fw))
    return 0


def _validate(args: argparse.Namespace) -> int:
    fw, lang = framework_of(args), speaks(args)
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

    fw = framework_of(args)
    lang = speaks(args)
    print_json(framework_to_dict(fw)) if args.json else print(describe_framework(fw, lang))
    return 0
