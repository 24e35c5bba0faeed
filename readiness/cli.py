"""The `readiness` command.

Core commands live here (score, validate, framework); the store, portfolio and slides
commands are added by their own small modules, listed in COMMAND_MODULES, each exposing
`add_commands(subparsers)`. Every ReadinessError becomes a one-line message and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReadinessError, ValidationError
from .paths import default_store
from .terminal import quiet_broken_pipe, safe_terminal

COMMAND_MODULES = ("readiness.cli_data", "readiness.cli_portfolio", "readiness.cli_slides", "readiness.cli_drafts")
SKIPPED_PREFIX = "skipped: "  # how a StoreWarning starts (see readiness.store)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Everything printed goes through `safe_terminal` (control characters escaped); a reader that
    stops early (`readiness list | head -1`) ends the command quietly.
    """
    with safe_terminal():
        try:
            status = _main(argv)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return status
        except BrokenPipeError:
            return quiet_broken_pipe()


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        with store_warnings_as_lines(args.command):
            return args.run(args) or 0
    except ReadinessError as exc:
        print(f"readiness {args.command}: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


@contextmanager
def store_warnings_as_lines(command: str) -> Iterator[None]:
    """Show each distinct StoreWarning (a skipped damaged file) once, as one plain line on stderr.

    Not Python's `store.py:190: StoreWarning: …` plus a source line, repeated by every read of
    the store. Other warnings are shown as usual. StoreWarning is recognised by its module
    (imported only by the commands that open a store), so this costs the others nothing.
    """
    shown: set[str] = set()
    with warnings.catch_warnings():
        warnings.filterwarnings("always", message=SKIPPED_PREFIX, category=UserWarning)  # each reaches us; we dedupe
        usual = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):  # warnings.showwarning's signature
            if not _is_store_warning(category):
                return usual(message, category, filename, lineno, file, line)
            text = one_line(message)
            if text not in shown:
                shown.add(text)
                print(f"readiness {command}: warning: {text}", file=sys.stderr)

        warnings.showwarning = show
        yield


def _is_store_warning(category: type[Warning]) -> bool:
    store = sys.modules.get("readiness.store")
    return store is not None and issubclass(category, store.StoreWarning)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="readiness", description="Is this client ready for social media?")
    parser.add_argument("--framework", metavar="FILE", help="a framework file of your own (TOML, YAML or JSON)")
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_core_commands(sub)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return parser


# ---------------------------------------------------------------- shared helpers for command modules


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """Add `--store S` (a folder or an SQLAlchemy URL; default $READINESS_STORE or data/assessments)."""
    parser.add_argument(
        "--store",
        default=default_store(),
        help="folder or database URL (default: $READINESS_STORE, else the project's data/assessments/)",
    )


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Add `--lang fr|en` (default: each assessment's own language)."""
    parser.add_argument("--lang", choices=("fr", "en"), help="language of the output (default: the assessment's)")


def framework_of(args: argparse.Namespace):
    """The framework chosen with --framework, or the shipped one."""
    from .framework import load_framework

    return load_framework(getattr(args, "framework", None))


def read_assessment_file(path: str | Path, framework=None):
    """Read and validate one assessment JSON file; errors name the file and the field."""
    from .assessment import Assessment
    from .limits import read_document

    path = Path(path)
    data = read_document(path, "an assessment file")
    try:
        return Assessment.from_json(data, framework)
    except ValidationError as exc:
        raise ValidationError(list(exc.problems), source=str(path)) from None


def load_assessment(target: str, args: argparse.Namespace):
    """An assessment from a JSON file path, or else by id from the store given with --store."""
    if Path(target).is_file() or target.endswith(".json"):
        return read_assessment_file(target, framework_of(args))
    from .store import open_store

    return open_store(args.store).get(target)


def progress_shown(wanted: bool = True) -> bool:
    """Whether to draw progress bars: when wanted and stderr is a terminal (in a log file they are debris)."""
    return wanted and sys.stderr.isatty()


def one_line(exc: BaseException) -> str:
    """An error message on one line, any password in it hidden."""
    from .redaction import redact

    return redact(" ".join(str(exc).split()))


def print_json(data: Any) -> None:
    """Print JSON as UTF-8 text, readable by people and programs."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- core commands


def _add_core_commands(sub: Any) -> None:
    score = sub.add_parser("score", help="score one assessment file")
    score.add_argument("file", help="assessment JSON file (format v1)")
    score.add_argument("--json", action="store_true", help="print the result as JSON")
    add_lang_option(score)
    score.set_defaults(run=_score)

    validate = sub.add_parser("validate", help="check assessment files and report every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=_validate)

    framework = sub.add_parser("framework", help="print the questions, choices and points")
    framework.add_argument("--json", action="store_true", help="print the framework as JSON")
    add_lang_option(framework)
    framework.set_defaults(run=_framework)


def _score(args: argparse.Namespace) -> int:
    from .scoring import score_assessment

    fw = framework_of(args)
    assessment = read_assessment_file(args.file, fw)
    result = score_assessment(assessment, fw, args.lang)
    print_json(result.to_dict()) if args.json else print(result.summary(fw))
    return 0


def _validate(args: argparse.Namespace) -> int:
    fw = framework_of(args)
    bad = 0
    for name in args.files:
        try:
            read_assessment_file(name, fw)
            print(f"{name}: ok")
        except ValidationError as exc:
            bad += 1
            count = len(exc.problems)
            print(f"{name}: {count} problem{'s' if count > 1 else ''}")
            for problem in exc.problems:
                print(f"  - {problem}")
        except ReadinessError as exc:
            bad += 1
            print(one_line(exc))  # the message names the file already
    return 2 if bad else 0


def _framework(args: argparse.Namespace) -> int:
    from .framework import describe_framework, framework_to_dict

    fw = framework_of(args)
    lang = args.lang or "fr"
    print_json(framework_to_dict(fw)) if args.json else print(describe_framework(fw, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
