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
from ..core.safetext import escaped
from ..text import N_, Text, render, t, tn
from .common import add_store_option, existing_store, framework_of, one_line, progress_shown, speaks

LIST_PAGE = 50  # assessments `list` shows unless told otherwise: a screenful, and quick on a million
LIST_CHUNK = 2000  # rows scored and printed together by `list --all`
LIST_COLUMNS = (("assessed_on", N_("date"), 10), ("client_name", N_("client"), 30), ("industry", N_("industry"), 16),
                ("size", N_("size"), 13), ("overall", N_("overall"), 7), ("verdict", N_("verdict"), 21), ("id", "id", None))  # fmt: skip
# (the id, last, is never cut: it is what delete, history, benchmark, deck and report take)


def add_commands(sub: Any) -> None:
    """Add import, export, list, delete and restore to the `readiness` command."""
    imp = sub.add_parser("import", help=N_("import past assessments from CSV or Excel files (flat layout)"))
    imp.add_argument("files", nargs="+", metavar="FILE", help=N_("CSV (, ; or tab) or XLSX files"))
    imp.add_argument("--check", action="store_true", help=N_("read and check the files, store nothing"))
    imp.add_argument("--no-progress", action="store_true", help=N_("no progress bar on large files"))
    imp.add_argument(
        "--rename", action="store_true", help=N_("accept rows whose id is stored under another client name (a correction)")
    )
    add_store_option(imp)
    imp.set_defaults(run=_import)

    exp = sub.add_parser("export", help=N_("export the stored assessments as CSV (UTF-8) or XLSX"))
    exp.add_argument("out", metavar="OUT.csv|OUT.xlsx")
    _add_filters(exp)
    exp.set_defaults(run=_export)

    ls = sub.add_parser("list", help=N_("the stored assessments, as a table"))
    _add_filters(ls)
    ls.add_argument("--deleted", action="store_true", help=N_("list the deleted (restorable) assessments instead"))
    ls.add_argument("--limit", type=int, metavar="N", help=N_("assessments a page (default 50)"))  # LIST_PAGE
    ls.add_argument("--page", type=int, metavar="P", default=1, help=N_("which page to show (from 1)"))
    ls.add_argument("--all", action="store_true", help=N_("every matching assessment, without pages"))
    ls.set_defaults(run=_list)

    delete = sub.add_parser("delete", help=N_("set aside an assessment (restore brings it back)"))
    delete.add_argument("ids", nargs="+", metavar="ID")
    add_store_option(delete)
    delete.set_defaults(run=_delete)

    restore = sub.add_parser("restore", help=N_("bring back a deleted assessment, or an earlier revision of one (--revision)"))
    restore.add_argument("ids", nargs="+", metavar="ID")
    restore.add_argument("--revision", type=int, metavar="N", help=N_("the revision to bring back (see readiness history)"))
    add_store_option(restore)
    restore.set_defaults(run=_restore)

    history = sub.add_parser("history", help=N_("every saved revision of one assessment, oldest first"))
    history.add_argument("id", metavar="ID")
    add_store_option(history)
    history.set_defaults(run=_history)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--client", help=N_("part of the client name (case and accents ignored)"))
    parser.add_argument("--industry", help=N_("industry"))
    parser.add_argument("--size", help=N_("size code (self_employed, very_small, small, medium, large)"))
    parser.add_argument("--since", metavar="YYYY-MM-DD", help=N_("assessed on or after this day"))
    parser.add_argument("--until", metavar="YYYY-MM-DD", help=N_("assessed on or before this day"))


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {k: getattr(args, k) for k in ("client", "industry", "size", "since", "until")}


def _import(args: argparse.Namespace) -> int:
    from ..sheets.reading import import_files, read_table
    from ..store import open_store

    fw, lang = framework_of(args), speaks(args)
    store = open_store(args.store, fw)
    against = _guard(store, args.rename, lang) if args.check else None  # --check: read only, refusing what import would
    status = 0
    progress = progress_shown(not args.no_progress)
    for name in args.files:
        try:
            if args.check:
                result = read_table(name, fw, progress=progress, against=against, keep=False)
            else:
                result = import_files([name], store, fw, progress=progress, renames=args.rename)
        except ImportFileError as exc:
            print(t("{file}: cannot be read: {reason}", lang, file=name, reason=one_line(exc, lang).removeprefix(name + ": ")))
            status = 2
            continue
        _print_import(name, result, checked=args.check, again=_store_option(args.store), lang=lang)
        status = max(status, 1 if result.errors else 0)
    if not args.check:
        print(t("store: {store}", lang, store=store.describe()))
    elif against is not None:
        print(t("checked against {store}", lang, store=store.describe()))
    store.close()
    return status


def _guard(store: Any, renames: bool, lang: str) -> Any:
    """What `--check` compares the files with: the store as it is (read, never changed), else None (and why)."""
    from ..core.errors import StoreError
    from ..sheets.reading import StoreGuard

    if not store.exists():
        print(t("{store} is empty: the files are checked alone", lang, store=store.describe()))
        return None
    try:
        return StoreGuard(store, renames)
    except StoreError as exc:
        print(t("not compared with the store ({reason}): the files are checked alone", lang, reason=one_line(exc)))
        return None


def _import_summary(result: Any, checked: bool, lang: str) -> str:
    """One line for people: rows read, imported (or that would be), rejected."""
    stored = ""
    if result.added + result.revised + result.unchanged:
        stored = " " + t("({added} new, {revised} revised, {unchanged} unchanged)", lang,
                         added=result.added, revised=result.revised, unchanged=result.unchanged)  # fmt: skip
    imported = t("{n} would be imported", lang, n=result.imported) if checked else t("{n} imported", lang, n=result.imported)
    rows = tn("{n} row", "{n} rows", result.rows, lang)
    return t("{rows}: {imported}{stored}, {rejected} rejected", lang, rows=rows, imported=imported, stored=stored, rejected=result.rejected)


def _print_import(name: str, result: Any, checked: bool, again: str, lang: str) -> None:
    line = _import_summary(result, checked, lang)
    encoding = "" if result.encoding in (None, "utf-8", "utf-8-sig", "xlsx") else " " + t("(read as {encoding})", lang, encoding=result.encoding)
    print(f"{name}{encoding}: {line}")
    if result.ignored_columns:
        print("  " + t("columns not in the layout, ignored: {columns}", lang, columns=", ".join(result.ignored_columns)))
    for _, row, messages in result.problems_by_row():
        text = "; ".join(render(m, lang) for m in messages).replace("(readiness restore ", f"(readiness restore{again} ")  # as typed here
        print("  " + t("row {row}: {problems}", lang, row=row, problems=text))


def _export(args: argparse.Namespace) -> int:
    from ..sheets.writing import export_table

    fw, lang = framework_of(args), speaks(args)
    with existing_store(args, fw) as store:
        written = _Counted(store.each(**_filters(args)), fw.id)  # streamed from the store into the file
        path = export_table(written, args.out, fw)
        print(tn("wrote {n} assessment from {store} to {path}", "wrote {n} assessments from {store} to {path}", written.count,
                 lang, store=store.describe(), path=path))  # fmt: skip
    for framework_id, n in sorted(written.others.items()):
        print(tn("left out: {n} assessment made under {framework} (the columns differ): export it with --framework {framework}",
                 "left out: {n} assessments made under {framework} (the columns differ): export them with --framework {framework}",
                 n, lang, framework=framework_id))  # fmt: skip
    return 0


class _Counted:
    """The assessments of one framework, counted as they go through; those of other frameworks counted apart."""

    def __init__(self, items: Any, framework_id: str):
        self.items, self.framework_id = items, framework_id
        self.count = 0
        self.others: dict[str, int] = {}

    def __iter__(self) -> Any:
        for item in self.items:
            framework_id = item.framework.get("id")
            if framework_id != self.framework_id:
                self.others[framework_id] = self.others.get(framework_id, 0) + 1
                continue
            self.count += 1
            yield item


def _list(args: argparse.Namespace) -> int:
    from ..core.assessment import client_key
    from ..store import Page

    fw, lang = framework_of(args), speaks(args)
    size = _page_size(args)
    with existing_store(args, fw) as store:
        where = store.describe()
        if args.all:
            shown = _print_listed(store.deleted() if args.deleted else store.each(**_filters(args)), fw, lang)
            page = Page([], shown)
        elif args.deleted:
            deleted = store.deleted()
            start = (args.page - 1) * size
            page = Page(deleted[start : start + size], len(deleted), start)
            shown = _print_listed(page.assessments, fw, lang)
        else:
            page = store.page(args.page, size, **_filters(args))
            shown = _print_listed(page.assessments, fw, lang)
        known = _industries(store) if args.industry and not page.total and not args.deleted else None
    print(_listed_line(page, shown, args, size, where))
    if known is not None and client_key(args.industry) not in {client_key(i) for i in known}:
        print(t("no assessment has the industry {industry}; industries in the store: {known}", speaks(args),
                industry=repr(args.industry), known=", ".join(known) or t("none", speaks(args))))  # fmt: skip
    return 0


def _page_size(args: argparse.Namespace) -> int:
    """The page size asked for (--limit), checked with --page; ValidationError names a bad one."""
    from ..core.errors import Problem, ValidationError

    problems = [
        Problem(name, Text("--{name} must be a whole number from 1, got {value}", name=name, value=value))
        for name, value in (("limit", args.limit), ("page", args.page))
        if value is not None and value < 1
    ]
    if args.all and (args.limit is not None or args.page != 1):
        problems.append(Problem("all", "--all shows every assessment: leave out --limit and --page"))
    if problems:
        raise ValidationError(problems)
    return args.limit or LIST_PAGE


def _print_listed(assessments: Any, fw: Any, lang: str) -> int:
    """Print the table a chunk at a time, its header once, as the rows come; how many rows."""
    from itertools import islice

    from ..store.base import overview_frame

    count, rows = 0, iter(assessments)
    while chunk := list(islice(rows, LIST_CHUNK)):
        lines = _table(overview_frame(chunk, fw), lang, fw).splitlines()
        print("\n".join(lines[1:] if count else lines), flush=True)
        count += len(chunk)
    if not count:
        print(_table(overview_frame([], fw), lang, fw))
    return count


def _listed_line(page: Any, shown: int, args: argparse.Namespace, size: int, where: str) -> str:
    """The last line: how many are shown of how many, and how to see the others."""
    lang, total = speaks(args), page.total
    if args.deleted:
        found = tn("{n} deleted assessment in {store}", "{n} deleted assessments in {store}", total, lang, store=where)
    else:
        found = tn("{n} assessment in {store}", "{n} assessments in {store}", total, lang, store=where)
    if shown == total:
        return found
    if not shown:
        pages = tn("{n} page of {size}", "{n} pages of {size}", -(-total // size), lang, size=size)
        return t("page {page} is past the end: {found}, {pages}", lang, page=args.page, found=found, pages=pages)
    first, last = page.start + 1, page.start + shown
    more = t("--page {page} for the next {n}, ", lang, page=args.page + 1, n=min(size, total - last)) if last < total else ""
    if args.deleted:
        return t("{first}–{last} of {n} deleted assessments in {store} (oldest first; {more}--limit N for N a page, --all for every one)",
                 lang, first=first, last=last, n=total, store=where, more=more)  # fmt: skip
    return t("{first}–{last} of {n} assessments in {store} (oldest first; {more}--limit N for N a page, --all for every one)",
             lang, first=first, last=last, n=total, store=where, more=more)  # fmt: skip


def _industries(store: Any) -> list[str]:
    """The industries the store's assessments name (to show when --industry matched nothing)."""
    return sorted({a.client.industry for a in store.each() if a.client.industry})


def _table(frame: Any, lang: str, fw: Any) -> str:
    """A plain-text table, one line per assessment, long texts cut with an ellipsis (columns line up, escaped texts too).

    Industry and size stay the codes `--industry` and `--size` take; the score is written as the
    language writes numbers and the verdict in words.
    """
    lines = ["  ".join(_fit(t(title, lang), width, False) for _, title, width in LIST_COLUMNS).rstrip()]
    for record in frame.to_dict("records"):
        cells = [_fit(_shown(column, record.get(column), lang, fw), width, column == "overall") for column, _, width in LIST_COLUMNS]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _shown(column: str, value: Any, lang: str, fw: Any) -> str:
    from ..text.formats import format_number, pick

    if value is None or value != value:  # NaN: unanswered, or no verdict yet
        return "–"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if column == "verdict" and value in fw.verdict_labels:
        return pick(fw.verdict_labels[value], lang)
    if isinstance(value, float):
        return format_number(value, lang)
    return str(value)


def _fit(text: str, width: int | None, right: bool) -> str:
    """The text in its column (None: the last one, whole): escaped as the terminal will show it, cut with … if too wide.

    Widths are counted as a terminal draws them (wcwidth): 東 takes two columns, an accent typed
    as a combining mark none, so the columns line up whatever the names hold.
    """
    text = escaped(text)
    if width is None:
        return text
    if _columns(text) > width:
        cut = ""
        for character in text:
            if _columns(cut + character) > width - 1:
                break
            cut += character
        text = cut + "…"
    padding = " " * (width - _columns(text))
    return padding + text if right else text + padding


def _columns(text: str) -> int:
    """How many terminal columns a text takes (its length where wcwidth cannot tell)."""
    from wcwidth import wcswidth

    found = wcswidth(text)
    return found if found >= 0 else len(text)


def _delete(args: argparse.Namespace) -> int:

    again = _store_option(args.store)
    with existing_store(args, framework_of(args)) as store:
        for assessment_id in args.ids:
            store.delete(assessment_id)
            print(t("deleted {id} ({command} brings it back)", speaks(args), id=assessment_id,
                    command=f"readiness restore{again} {shlex.quote(assessment_id)}"))  # fmt: skip
    return 0


def _restore(args: argparse.Namespace) -> int:

    if args.revision is not None:
        return _restore_revision(args)
    with existing_store(args, framework_of(args)) as store:
        for assessment_id in args.ids:
            was_deleted = not _in_use(store, assessment_id)
            store.restore(assessment_id)  # NotFoundError when the store never had it
            lang = speaks(args)
            print(t("restored {id}", lang, id=assessment_id) if was_deleted else t("{id} was not deleted: nothing to restore", lang, id=assessment_id))
    return 0


def _restore_revision(args: argparse.Namespace) -> int:
    """Save an earlier revision again: it becomes the latest, and every revision stays (a deleted one comes back)."""
    from ..core.errors import Problem, ValidationError

    if len(args.ids) != 1:
        raise ValidationError([Problem("ids", Text("--revision brings back one assessment at a time, got {n} ids", n=len(args.ids)))])
    (assessment_id,) = args.ids
    with existing_store(args, framework_of(args)) as store:
        revisions = store.revisions(assessment_id)
        if not 1 <= args.revision <= len(revisions):
            message = Text("revision must be between 1 and {last} for {id}, got {revision}", last=len(revisions), id=assessment_id,
                           revision=args.revision)  # fmt: skip
            raise ValidationError([Problem("revision", message)])
        was_deleted = not _in_use(store, assessment_id)
        if was_deleted:
            store.restore(assessment_id)
        lang = speaks(args)
        back = " " + t("(it was deleted: it is back in the lists)", lang) if was_deleted else ""
        chosen = revisions[args.revision - 1]
        if chosen.to_dict() == revisions[-1].to_dict():
            if was_deleted:
                print(t("{id}: revision {n} is already the current one", lang, id=assessment_id, n=args.revision) + back)
            else:
                print(t("{id}: revision {n} is already the current one: nothing to do", lang, id=assessment_id, n=args.revision))
            return 0
        store.save(chosen)
        print(t("{id}: revision {n} is the latest again (as revision {new})", lang, id=assessment_id, n=args.revision,
                new=len(revisions) + 1) + back)  # fmt: skip
    return 0


def _history(args: argparse.Namespace) -> int:
    """Each revision on one line: its number, then what `list` shows."""
    from ..store.base import overview_frame

    fw, lang = framework_of(args), speaks(args)
    with existing_store(args, fw) as store:
        revisions = store.revisions(args.id)
        deleted = not _in_use(store, args.id)
    lines = _table(overview_frame(revisions, fw), lang, fw).splitlines()  # oldest first, as saved
    print(f"{t('revision', lang):>8}  " + lines[0])
    for number, line in enumerate(lines[1:], start=1):
        print(f"{number:>8}  {line}")
    count = tn("{n} revision of {id}", "{n} revisions of {id}", len(revisions), lang, id=args.id)
    if deleted:
        command = f"readiness restore{_store_option(args.store)} {args.id}"
        print(t("{count}; the assessment is deleted ({command} brings it back)", lang, count=count, command=command))
    else:
        print(t("{count}; the last one is current", lang, count=count))
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
    from ..store.redaction import shown_store

    if store == default_store():
        return ""
    if shown_store(store) != store:  # a password: the hint cannot show it
        return " --store <your store URL>"
    return f" --store {shlex.quote(store)}"
