"""argparse's own words (usage:, options, its error messages) in the consultant's language.

argparse looks its words up through `gettext` as it builds a parser and as it parses; while the
command line is read, `argparse_speaks(lang)` answers those look-ups from our catalogue.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..text import N_, t

ARGPARSE_WORDS = (  # the words argparse (Python 3.11+) shows a consultant, for the catalogue
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


@contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """While the parser is built and the command line read, argparse's words are in `lang`."""
    usual = argparse._
    argparse._ = lambda message: t(message, lang)  # (argparse looks `_` up in its module each time)
    try:
        yield
    finally:
        argparse._ = usual
