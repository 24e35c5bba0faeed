"""What every command shares: the --store and --lang options, the framework chosen, reading an assessment, printing JSON and one-line errors."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import ReadinessError, ValidationError
from ..store.paths import default_store
from ..text import LANGUAGES, N_, language, t


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """Add `--store S` (a folder or an SQLAlchemy URL; default $READINESS_STORE or data/assessments)."""
    parser.add_argument(
        "--store",
        default=default_store(),
        action=_StoreGiven,
        help=N_("folder or database URL (default: $READINESS_STORE, else the project's data/assessments/)"),
    )
    parser.set_defaults(store_given=False)


class _StoreGiven(argparse.Action):
    """--store, remembering that it was given (a store named on purpose must exist to be read)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None) -> None:
        namespace.store, namespace.store_given = values, True


def existing_store(args: argparse.Namespace, framework=None):
    """The store of --store to read from, opened; StoreError if it does not exist (reading creates nothing).

    Only the default folder store may be missing (a new checkout has none yet): it reads as empty.
    A store named with --store, or a database URL in $READINESS_STORE, that is not there is
    most likely mistyped; a command that only reads says so rather than make an empty one.
    """
    from ..core.errors import StoreError
    from ..store import FolderStore, open_store
    from ..text import Text

    store = open_store(args.store, framework)
    if store.exists() or (isinstance(store, FolderStore) and not getattr(args, "store_given", False)):
        return store
    store.close()
    raise StoreError(Text("the store {store} does not exist: check its path or URL (an import or a save makes it)", store=store.describe()))


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Add `--lang fr|en` to a command whose output is for the client (default: each assessment's own language)."""
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,  # (not given here: the one before the command stays)
                        help=N_("language of the output and the messages (default: the assessment's)"))  # fmt: skip


def add_message_language(parser: argparse.ArgumentParser, top: bool = True) -> None:
    """Add `--lang fr|en` (the language of the messages) to a command and its actions that have none.

    `readiness --lang fr list` and `readiness list --lang fr` both speak French: a command's own
    --lang, when not given, leaves the one given before the command in place.
    """
    if not any("--lang" in action.option_strings for action in parser._actions):
        parser.add_argument("--lang", choices=LANGUAGES, default=None if top else argparse.SUPPRESS,
                            help=N_("language of the messages (default: $READINESS_LANG, else your locale)"))  # fmt: skip
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                add_message_language(command, top=False)


def speaks(args: argparse.Namespace | None = None) -> str:
    """The consultant's language: --lang, else $READINESS_LANG, else the locale (fr_*: French), else English."""
    return language(getattr(args, "lang", None))


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose help (and its commands' help) is shown in `lang` (the help texts are catalogue messages)."""
    help_class = type("TranslatedHelp", (TranslatedHelp,), {"lang": lang})

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any):
            kwargs.setdefault("formatter_class", help_class)
            super().__init__(*args, **kwargs)

    return Parser


class TranslatedHelp(argparse.HelpFormatter):
    """Help texts translated when shown (argparse's own words, such as usage:, stay as Python writes them)."""

    lang = "en"

    def _expand_help(self, action: argparse.Action) -> str:
        if action.help and action.help is not argparse.SUPPRESS:
            action = copy.copy(action)
            action.help = t(action.help, self.lang)
        return super()._expand_help(action)

    def add_text(self, text: str | None) -> None:
        super().add_text(t(text, self.lang) if text and text is not argparse.SUPPRESS else text)


def add_framework_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Add `--framework ID|FILE` (a shipped framework's id, or a TOML, YAML, JSON or XLSX file), on the command line's top or on a command."""
    parser.add_argument(
        "--framework", metavar="ID|FILE", default=None if top else argparse.SUPPRESS,
        help=N_("a shipped framework's id (social-media-5q, social-media-2026) or a framework file of your own (TOML, YAML, JSON or XLSX)"),
    )  # fmt: skip


def chosen_framework(args: argparse.Namespace):
    """The framework given with --framework (an id or a file), or None when none was given."""
    from ..sheets.framework_book import open_framework

    spec = getattr(args, "framework", None)
    return open_framework(spec) if spec else None


def framework_of(args: argparse.Namespace):
    """The framework chosen with --framework, or the shipped one."""
    from ..core.framework import default_framework

    return chosen_framework(args) or default_framework()


def framework_for(assessment: Any, args: argparse.Namespace):
    """The framework to score an assessment under: --framework when it is the assessment's, else the shipped one it names."""
    from ..core.errors import Problem
    from ..core.framework import framework_for as known
    from ..text import Text

    chosen = chosen_framework(args)
    framework_id = assessment.framework.get("id")
    fw = known(framework_id, chosen)
    if fw is None:
        message = Text("{id} is not a framework known here; give its file with --framework", id=repr(framework_id))
        raise ValidationError([Problem("framework.id", message)])
    return fw


def read_assessment_file(path: str | Path, framework=None):
    """Read and validate one assessment JSON file (under `framework`, else the shipped one it names); errors name the file and the field."""
    from ..core.assessment import Assessment
    from ..core.limits import read_document

    path = Path(path)
    data = read_document(path, N_("an assessment file"))
    try:
        return Assessment.from_json(data, framework)
    except ValidationError as exc:
        raise ValidationError(list(exc.problems), source=str(path)) from None


def past_assessments(args: argparse.Namespace, k: int | None = None, framework=None, **options: Any):
    """The past assessments to compare with (readiness.store.past.load_past) from the store of --store, which must exist."""
    from ..core.benchmark import K_DEFAULT
    from ..store.past import load_past

    existing_store(args).close()
    return load_past(args.store, K_DEFAULT if k is None else k, framework, **options)


def load_assessment(target: str, args: argparse.Namespace):
    """An assessment from a JSON file path, or else by id from the store given with --store."""
    if Path(target).is_file() or target.endswith(".json"):
        return read_assessment_file(target, chosen_framework(args))
    with existing_store(args, chosen_framework(args)) as store:
        return store.get(target)


def progress_shown(wanted: bool = True) -> bool:
    """Whether to draw progress bars: when wanted and stderr is a terminal (in a log file they are debris)."""
    return wanted and sys.stderr.isatty()


def one_line(exc: BaseException, lang: str = "en") -> str:
    """An error message on one line, in `lang` where it is a catalogue message, any password in it hidden."""
    from ..store.redaction import redact

    text = exc.text(lang) if isinstance(exc, ReadinessError) else str(exc)
    return redact(" ".join(text.split()))


def print_json(data: Any) -> None:
    """Print JSON as UTF-8 text, readable by people and programs."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
