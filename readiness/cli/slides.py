"""`readiness deck` and `readiness charts`: the client's slides and chart files after the meeting."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..text import N_, t
from .common import add_lang_option, add_store_option, framework_for, load_assessment, past_assessments, speaks


def add_commands(sub: Any) -> None:
    """Add the `deck` and `charts` commands."""
    deck = sub.add_parser("deck", help=N_("write the client's 16:9 PowerPoint deck (native, editable charts)"))
    _common(deck)
    deck.add_argument("--out", metavar="PPTX", help=N_("the .pptx file or a folder (default exports/<client>/<client>-<date>.pptx)"))
    deck.add_argument("--template", metavar="PPTX",
                      help=N_("the agency's template (.pptx or .potx, 16:9) whose layouts to use (default: deck_template of agency.toml)"))  # fmt: skip
    deck.add_argument("--speaker-notes", action="store_true",
                      help=N_("put your notes on each question in the speaker notes (a deck for you: the client would read them)"))  # fmt: skip
    deck.set_defaults(run=_deck)

    charts = sub.add_parser("charts", help=N_("write the client's charts as PNG (200 dpi), SVG and PDF at slide sizes"))
    _common(charts)
    charts.add_argument("--out", metavar="DIR", help=N_("folder for the files (default exports/<client>/)"))
    charts.add_argument("--format", default="png,svg,pdf", help=N_("comma-separated formats among png, svg, pdf (default: all)"))
    charts.add_argument("--size", default="full,half", help=N_("comma-separated slide sizes among full, half (default: both)"))
    charts.set_defaults(run=_charts)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="FILE|ID", help=N_("an assessment JSON file, or an assessment id in --store"))
    add_store_option(parser)
    add_lang_option(parser)
    parser.add_argument("--no-benchmark", action="store_true", help=N_("leave out the comparison with past clients"))


def _deck(args: argparse.Namespace) -> int:
    from ..outputs.branding import load_branding
    from ..outputs.deck import build_deck

    template = args.template or load_branding().deck_template  # --template wins over the agency's file
    assessment = load_assessment(args.target, args)
    fw = framework_for(assessment, args)
    path = build_deck(assessment, _past(args, fw), args.out, lang=args.lang, template=template, framework=fw,
                      speaker_notes=args.speaker_notes, earlier=_earlier(args, assessment))  # fmt: skip
    print(path)
    return 0


def _charts(args: argparse.Namespace) -> int:
    from ..outputs.figures import export_charts

    assessment = load_assessment(args.target, args)
    fw = framework_for(assessment, args)
    paths = export_charts(assessment, _past(args, fw), args.out, formats=args.format, sizes=args.size, lang=args.lang, framework=fw)
    for path in paths:
        print(path)
    return 0


def _past(args: argparse.Namespace, fw: Any):
    """The past assessments to compare with (the store's, or the shipped sample), scored under `fw`; or None."""
    if args.no_benchmark:
        return None
    from ..core.provenance import Sources

    past = past_assessments(args, framework=fw)  # assessments of the client's framework, scored under it
    if past.attrs.get("sample"):  # the shipped sample instead of a store too small, or sample rows imported into it
        for line in Sources(**past.attrs["sources"]).lines(speaks(args)):
            print(t("note: {line}", speaks(args), line=line), file=sys.stderr)
    return past


def _earlier(args: argparse.Namespace, assessment: Any) -> list:
    """The client's other assessments in the store (none when there is no store): a follow-up's deck shows its progress."""
    from ..store import open_store
    from ..store.history import client_assessments

    with open_store(args.store) as store:
        return client_assessments(store, assessment.client.name) if store.exists() else []
