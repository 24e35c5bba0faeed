"""The store commands: `readiness import`, `export`, `list`, `delete` and `restore`.

readiness import FILE... [--store S] [--check]    exit 0: every row imported, 1: some rows
                                                   rejected (each listed), 2: a file unreadable
readiness export OUT.csv|OUT.xlsx [--store S] [filters]   streamed: a store of any size
readiness list [--store S] [filters] [--deleted] [--limit N] [--page P] [--all]
                                                  a page of 50 at a time, unless --all
readiness delete ID / readiness restore ID        deleting is recoverable
readiness history ID [--store S]                  every saved revision of one assessment
readiness restore ID --revision N                 bring revision N back as the latest (a new revision)
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from ..core.errors import ImportFileError
from .common import add_store_option, framework_of, one_line, progress_shown

LIST_PAGE = 50  # assessments `list` shows unless told otherwise: a screenful, and quick on a million
LIST_CHUNK = 2000  # rows scored and printed together by `list --all`
LIST_COLUMNS = (("assessed_on", "date", 10), ("client_name", "client", 30), ("industry", "industry", 16),
                ("size", "size", 13), ("overall", "overall", 7), ("verdict", "verdict", 11), ("id", "id", 36))  # fmt: skip


def add_commands(sub: Any) -> None:
    """Add import, export, list, delete and restore to the `readiness` command."""
    imp = sub.add_parser("import", help="import past assessments from CSV or Excel files (flat layout)")
    imp.add_argument("files", nargs="+", metavar="FILE", help="CSV (, ; or tab) or XLSX files")
    imp.add_argument("--check", action="store_true", help="read and check the files, store nothing")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar on large files")
    imp.add_argument(
        "--rename", action="store_true", help="accept rows whose id is stored under another client name (a correction)"
    )
    add_store_option(imp)
    imp.set_defaults(run=_import)

    exp = sub.add_parser("export", help="export the stored assessments as CSV (UTF-8) or XLSX")
    exp.add_argument("out", metavar="OUT.csv|OUT.xlsx")
    _add_filters(exp)
    exp.set_defaults(run=_export)

    ls = sub.add_parser("list", help="the stored assessments, as a table")
    _add_filters(ls)
    ls.add_argument("--deleted", action="store_true", help="list the deleted (restorable) assessments instead")
    ls.add_argument("--limit", type=int, metavar="N", help=f"assessments a page (default {LIST_PAGE})")
    ls.add_argument("--page", type=int, metavar="P", default=1, help="which page to show (from 1)")
    ls.add_argument("--all", action="store_true", help="every matching assessment, without pages")
    ls.set_defaults(run=_list)

    delete = sub.add_parser("delete", help="set aside an assessment (restore brings it back)")
    delete.add_argument("ids", nargs="+", metavar="ID")
    add_store_option(delete)
    delete.set_defaults(run=_delete)

    restore = sub.add_parser("restore", help="bring back a deleted assessment, or an earlier revision of one (--revision)")
    restore.add_argument("ids", nargs="+", metavar="ID")
    restore.add_argument("--revision", type=int, metavar="N", help="the revision to bring back (see readiness history)")
    add_store_option(restore)
    restore.set_defaults(run=_restore)

    history = sub.add_parser("history", help="every saved revision of one assessment, oldest first")
    history.add_argument("id", metavar="ID")
    add_store_option(history)
    history.set_defaults(run=_history)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--client", help="part of the client name (case and accents ignored)")
    parser.add_argument("--industry", help="industry")
    parser.add_argument("--size", help="size code (self_employed, very_small, small, medium, large)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="assessed on or after this day")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="assessed on or before this day")


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {k: getattr(args, k) for k in ("client", "industry", "size", "since", "until")}


def _import(args: argparse.Namespace) -> int:
    from ..sheets.reading import import_files, read_table
    from ..store import open_store

    fw = framework_of(args)
    store = open_store(args.store, fw)
    against = _guard(store, args.rename) if args.check else None  # --check: read only, refusing what import would
    status = 0
    progress = progress_shown(not args.no_progress)
    for name in args.files:
        try:
            if args.check:
                result = read_table(name, fw, progress=progress, against=against, keep=False)
            else:
                result = import_files([name], store, fw, progress=progress, renames=args.rename)
        except ImportFileError as exc:
            print(f"{name}: cannot be read: {one_line(exc).removeprefix(name + ': ')}")
            status = 2
            continue
        _print_import(name, result, checked=args.check, again=_store_option(args.store))
        status = max(status, 1 if result.errors else 0)
    if not args.check:
        print(f"store: {store.describe()}")
    elif against is not None:
        print(f"checked against {store.describe()}")
    store.close()
    return status


def _guard(store: Any, renames: bool) -> Any:
    """What `--check` compares the files with: the store as it is (read, never changed), else None (and why)."""
    from ..core.errors import StoreError
    from ..sheets.reading import StoreGuard

    if not store.exists():
        print(f"{store.describe()} is empty: the files are checked alone")
        return None
    try:
        return StoreGuard(store, renames)
    except StoreError as exc:
        print(f"not compared with the store ({one_line(exc)}): the files are checked alone")
        return None


def _print_import(name: str, result: Any, checked: bool, again: str) -> None:
    verb = "would be imported" if checked else "imported"
    line = result.summary().replace("imported", verb)
    encoding = "" if result.encoding in (None, "utf-8", "utf-8-sig", "xlsx") else f" (read as {result.encoding})"
    print(f"{name}{encoding}: {line}")
    if result.ignored_columns:
        print(f"  columns not in the layout, ignored: {', '.join(result.ignored_columns)}")
    for _, row, messages in result.problems_by_row():
        text = "; ".join(messages).replace("(readiness restore ", f"(readiness restore{again} ")  # as typed here
        print(f"  row {row}: {text}")


def _export(args: argparse.Namespace) -> int:
    from ..sheets.writing import export_table
    from ..store import open_store

    with open_store(args.store, framework_of(args)) as store:
        written = _Counted(store.each(**_filters(args)))  # streamed from the store into the file
        path = export_table(written, args.out)
        print(f"wrote {written.count} assessment{'' if written.count == 1 else 's'} from {store.describe()} to {path}")
    return 0


class _Counted:
    """An iterable that counts what went through it."""

    def __init__(self, items: Any):
        self.items = items
        self.count = 0

    def __iter__(self) -> Any:
        for item in self.items:
            self.count += 1
            yield item


def _list(args: argparse.Namespace) -> int:
    from ..core.assessment import client_key
    from ..store import Page, open_store

    fw = framework_of(args)
    size = _page_size(args)
    with open_store(args.store, fw) as store:
        where = store.describe()
        if args.all:
            shown = _print_listed(store.deleted() if args.deleted else store.each(**_filters(args)), fw)
            page = Page([], shown)
        elif args.deleted:
            deleted = store.deleted()
            start = (args.page - 1) * size
            page = Page(deleted[start : start + size], len(deleted), start)
            shown = _print_listed(page.assessments, fw)
        else:
            page = store.page(args.page, size, **_filters(args))
            shown = _print_listed(page.assessments, fw)
        known = _industries(store) if args.industry and not page.total and not args.deleted else None
    print(_listed_line(page, shown, args, size, where))
    if known is not None and client_key(args.industry) not in {client_key(i) for i in known}:
        print(f"no assessment has the industry {args.industry!r}; industries in the store: {', '.join(known) or 'none'}")
    return 0


def _page_size(args: argparse.Namespace) -> int:
    """The page size asked for (--limit), checked with --page; ValidationError names a bad one."""
    from ..core.errors import Problem, ValidationError

    problems = [
        Problem(name, f"--{name} must be a whole number from 1, got {value}")
        for name, value in (("limit", args.limit), ("page", args.page))
        if value is not None and value < 1
    ]
    if args.all and (args.limit is not None or args.page != 1):
        problems.append(Problem("all", "--all shows every assessment: leave out --limit and --page"))
    if problems:
        raise ValidationError(problems)
    return args.limit or LIST_PAGE


def _print_listed(assessments: Any, fw: Any) -> int:
    """Print the table a chunk at a time, its header once, as the rows come; how many rows."""
    from itertools import islice

    from ..store import frame_of

    count, rows = 0, iter(assessments)
    while chunk := list(islice(rows, LIST_CHUNK)):
        lines = _table(frame_of(chunk, fw, keep_order=True)).splitlines()
        print("\n".join(lines[1:] if count else lines), flush=True)
        count += len(chunk)
    if not count:
        print(_table(frame_of([], fw)))
    return count


def _listed_line(page: Any, shown: int, args: argparse.Namespace, size: int, where: str) -> str:
    """The last line: how many are shown of how many, and how to see the others."""
    kind = "deleted assessment" if args.deleted else "assessment"
    plural = "" if page.total == 1 else "s"
    if shown == page.total:
        return f"{page.total} {kind}{plural} in {where}"
    if not shown:
        pages = -(-page.total // size)
        return f"page {args.page} is past the end: {page.total} {kind}{plural} in {where}, {pages} page{'s' if pages > 1 else ''} of {size}"
    first, last = page.start + 1, page.start + shown
    more = f"--page {args.page + 1} for the next {min(size, page.total - last)}, " if last < page.total else ""
    return f"{first}–{last} of {page.total} {kind}s in {where} (oldest first; {more}--limit N for N a page, --all for every one)"


def _industries(store: Any) -> list[str]:
    """The industries the store's assessments name (to show when --industry matched nothing)."""
    return sorted({a.client.industry for a in store.each() if a.client.industry})


def _table(frame: Any) -> str:
    """A plain-text table, one line per assessment, long texts cut with an ellipsis."""
    lines = ["  ".join(title.ljust(width) for _, title, width in LIST_COLUMNS).rstrip()]
    for record in frame.to_dict("records"):
        cells = [_fit(_shown(record.get(column)), width, column == "overall") for column, _, width in LIST_COLUMNS]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _shown(value: Any) -> str:
    if value is None or value != value:  # NaN: unanswered, or no verdict yet
        return "–"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _fit(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def _delete(args: argparse.Namespace) -> int:
    from ..store import open_store

    again = _store_option(args.store)
    with open_store(args.store, framework_of(args)) as store:
        for assessment_id in args.ids:
            store.delete(assessment_id)
            print(f"deleted {assessment_id} (readiness restore{again} {shlex.quote(assessment_id)} brings it back)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ..store import open_store

    if args.revision is not None:
        return _restore_revision(args)
    with open_store(args.store, framework_of(args)) as store:
        for assessment_id in args.ids:
            was_deleted = not _in_use(store, assessment_id)
            store.restore(assessment_id)  # NotFoundError when the store never had it
            print(f"restored {assessment_id}" if was_deleted else f"{assessment_id} was not deleted: nothing to restore")
    return 0


def _restore_revision(args: argparse.Namespace) -> int:
    """Save an earlier revision again: it becomes the latest, and every revision stays (a deleted one comes back)."""
    from ..core.errors import Problem, ValidationError
    from ..store import open_store

    if len(args.ids) != 1:
        raise ValidationError([Problem("ids", f"--revision brings back one assessment at a time, got {len(args.ids)} ids")])
    (assessment_id,) = args.ids
    with open_store(args.store, framework_of(args)) as store:
        revisions = store.revisions(assessment_id)
        if not 1 <= args.revision <= len(revisions):
            message = f"revision must be between 1 and {len(revisions)} for {assessment_id}, got {args.revision}"
            raise ValidationError([Problem("revision", message)])
        was_deleted = not _in_use(store, assessment_id)
        if was_deleted:
            store.restore(assessment_id)
        back = " (it was deleted: it is back in the lists)" if was_deleted else ""
        chosen = revisions[args.revision - 1]
        if chosen.to_dict() == revisions[-1].to_dict():
            print(f"{assessment_id}: revision {args.revision} is already the current one{back or ': nothing to do'}")
            return 0
        store.save(chosen)
        print(f"{assessment_id}: revision {args.revision} is the latest again (as revision {len(revisions) + 1}){back}")
    return 0


def _history(args: argparse.Namespace) -> int:
    """Each revision on one line: its number, then what `list` shows."""
    from ..store import frame_of, open_store

    fw = framework_of(args)
    with open_store(args.store, fw) as store:
        revisions = store.revisions(args.id)
        deleted = not _in_use(store, args.id)
    lines = _table(frame_of(revisions, fw, keep_order=True)).splitlines()  # oldest first, as saved
    print("revision  " + lines[0])
    for number, line in enumerate(lines[1:], start=1):
        print(f"{number:>8}  {line}")
    count = f"{len(revisions)} revision{'' if len(revisions) == 1 else 's'} of {args.id}"
    if deleted:
        print(f"{count}; the assessment is deleted (readiness restore{_store_option(args.store)} {args.id} brings it back)")
    else:
        print(f"{count}; the last one is current")
    return 0


def _in_use(store: Any, assessment_id: str) -> bool:
    """Whether the assessment is in the store and not deleted."""
    from ..core.errors import NotFoundError

    try:
        store.get(assessment_id)
    except NotFoundError:
        return False
    return True


def _store_option(store: str) -> str:
    """` --store S` to repeat in a hint when S is not the default store (any password hidden), else ""."""
    from ..store.paths import default_store
    from ..store.redaction import redact

    if store == default_store():
        return ""
    if redact(store) != store:  # a password: the hint cannot show it
        return " --store <your store URL>"
    return f" --store {shlex.quote(store)}"
