"""The `readiness` command: the parser, and one-line errors.

Each family of commands lives in its own module of this package, listed in COMMAND_FAMILIES, each
exposing `add_commands(subparsers)`. Every ReadinessError becomes a one-line message and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from .. import __version__
from ..core.errors import ReadinessError
from ..text import N_, t
from . import assess, data, drafts, engagement, portfolio, slides
from .argparse_words import argparse_speaks
from .common import add_framework_option, add_message_language, one_line, parser_class, speaks
from .terminal import quiet_broken_pipe, safe_terminal

COMMAND_FAMILIES = (assess, data, portfolio, slides, drafts, engagement)
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
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = speaks(_given_lang(argv))
    with argparse_speaks(lang):  # usage:, options and argparse's own errors in that language too
        parser = build_parser(lang)
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 2
    try:
        with store_warnings_as_lines(args.command, speaks(args)):
            return args.run(args) or 0
    except ReadinessError as exc:
        print(f"readiness {args.command}: {one_line(exc, speaks(args))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


@contextmanager
def store_warnings_as_lines(command: str, lang: str = "en") -> Iterator[None]:
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
                print(f"readiness {command}: " + t("warning: {message}", lang, message=text), file=sys.stderr)

        warnings.showwarning = show
        yield


def _is_store_warning(category: type[Warning]) -> bool:
    store = sys.modules.get("readiness.store.base")
    return store is not None and issubclass(category, store.StoreWarning)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The parser with every sub-command, its help in `lang`; every command takes --lang."""
    parser = parser_class(lang)(prog="readiness", description=N_("Is this client ready for social media?"))
    add_framework_option(parser, top=True)
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    parser.set_defaults(lang=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for family in COMMAND_FAMILIES:
        family.add_commands(sub)
    for command in sub.choices.values():
        add_framework_option(command)  # (after the command too: `readiness score --framework social-media-2026 FILE`)
    add_message_language(parser)
    return parser


if __name__ == "__main__":
    sys.exit(main())


def _given_lang(argv: list[str]) -> argparse.Namespace:
    """--lang as given anywhere on the command line (the help must be in that language before parsing)."""
    given = None
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
        elif word.startswith("--lang="):
            given = word.split("=", 1)[1]
    return argparse.Namespace(lang=given if given in ("fr", "en") else None)
