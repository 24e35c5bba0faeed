"""`readiness drafts`: the meeting form's unsaved drafts, from the command line.

    readiness drafts [list] [--json]                 every unsaved draft, newest first
    readiness drafts show ID                         the draft's assessment (format v1 JSON)
    readiness drafts save ID... [--store S]          save drafts into the store (then remove them)
    readiness drafts discard ID...                   delete drafts for good

A closed tab or a crashed kernel loses nothing: the form writes a draft on every change. Reopened,
the form names no other client unasked (the screen is shared), so this command, the form's
"Drafts…" button (JupyterLab) and typing the client's name again are the ways back to a draft.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import NotFoundError
from ..core.safetext import escaped
from ..text import N_, Text, t, tn
from .common import add_store_option, chosen_framework, print_json, speaks

LIST_COLUMNS = ((N_("saved"), 16), (N_("client"), 30), (N_("answered"), 10), ("id", 36))


def add_commands(sub: Any) -> None:
    """Add `drafts` (list, show, save, discard) to the `readiness` command."""
    drafts = sub.add_parser("drafts", help=N_("unsaved drafts of the meeting form: list, show, save or discard them"))
    actions = drafts.add_subparsers(dest="action", metavar="ACTION")
    _folder_option(drafts)
    _json_option(drafts)
    drafts.set_defaults(run=_list)

    listing = actions.add_parser("list", help=N_("every unsaved draft, newest first"))
    _json_option(listing)
    _folder_option(listing)
    listing.set_defaults(run=_list)

    show = actions.add_parser("show", help=N_("print a draft's assessment as format v1 JSON"))
    show.add_argument("id", metavar="ID")
    _folder_option(show)
    show.set_defaults(run=_show)

    save = actions.add_parser("save", help=N_("save drafts into the store (each needs a client name), then remove them"))
    save.add_argument("ids", nargs="+", metavar="ID")
    _folder_option(save)
    add_store_option(save)
    save.set_defaults(run=_save)

    discard = actions.add_parser("discard", help=N_("delete drafts for good"))
    discard.add_argument("ids", nargs="+", metavar="ID")
    _folder_option(discard)
    discard.set_defaults(run=_discard)


def _folder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", metavar="DIR", default=argparse.SUPPRESS,
                        help=N_("the drafts folder (default: $READINESS_DRAFTS, else the project's data/drafts/)"))  # fmt: skip


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=N_("print the list as JSON"))


def _folder(args: argparse.Namespace) -> Any:
    return getattr(args, "drafts", None)


def _list(args: argparse.Namespace) -> int:
    from ..store.drafts import list_drafts
    from ..store.paths import drafts_folder

    drafts, lang, framework = list_drafts(_folder(args)), speaks(args), chosen_framework(args)
    if getattr(args, "json", False):
        print_json([_entry(d) for d in drafts])
        return 0
    print("  ".join(_fit(t(title, lang), width) for title, width in LIST_COLUMNS).rstrip())
    for d in drafts:
        cells = (f"{d.saved_at:%Y-%m-%d %H:%M}", d.client_name or t("(no name)", lang), d.progress_under(framework), d.id)
        print("  ".join(_fit(cell, width) for cell, (_, width) in zip(cells, LIST_COLUMNS, strict=True)).rstrip())
    print(tn("{n} unsaved draft in {folder}", "{n} unsaved drafts in {folder}", len(drafts), lang, folder=drafts_folder(_folder(args))))
    return 0


def _show(args: argparse.Namespace) -> int:
    print_json(_found(args.id, args).document)
    return 0


def _save(args: argparse.Namespace) -> int:
    from ..core.errors import ValidationError
    from ..store import open_store
    from ..store.drafts import delete_draft, draft_assessment

    fw = chosen_framework(args)
    drafts = [_found(key, args) for key in args.ids]
    ready = []
    for draft in drafts:  # every draft checked before any is saved (under --framework, else the shipped one it names)
        try:
            ready.append(draft_assessment(draft, fw))
        except ValidationError as exc:
            raise ValidationError(list(exc.problems), source=f"draft {draft.id}") from None
    with open_store(args.store, fw) as store:
        for draft, assessment in zip(drafts, ready, strict=True):
            store.save(assessment)
            delete_draft(draft.id, _folder(args))
            print(t("saved {name} ({id}) into {store}; its draft is removed", speaks(args), name=assessment.client.name,
                    id=assessment.id, store=store.describe()))  # fmt: skip
    return 0


def _discard(args: argparse.Namespace) -> int:
    from ..store.drafts import delete_draft

    drafts = [_found(key, args) for key in args.ids]
    for draft in drafts:
        delete_draft(draft.id, _folder(args))
        print(t("discarded the draft {id} ({name})", speaks(args), id=draft.id, name=draft.client_name or t("(no name)", speaks(args))))
    return 0


def _found(key: str, args: argparse.Namespace) -> Any:
    from ..store.drafts import find_draft
    from ..store.paths import drafts_folder

    draft = find_draft(key, _folder(args))
    if draft is None:
        raise NotFoundError(Text("no draft {key} in {folder} (readiness drafts lists them)", key=repr(key), folder=drafts_folder(_folder(args))))
    return draft


def _entry(d: Any) -> dict[str, Any]:
    return {"id": d.id, "client": d.client_name, "answered": d.answered, "questions": d.questions, "saved_at": d.saved_at.isoformat(), "path": str(d.path)}


def _fit(text: str, width: int) -> str:
    """The text in its column: escaped as the terminal will show it (so columns line up), cut with … if too long."""
    text = escaped(text)
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)
