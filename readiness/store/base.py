"""The Store contract: what a folder of JSON files and a SQL database (SQLite, PostgreSQL) both promise.

Both stores keep the same promises (one contract test suite runs on each):

- `save(a)` is atomic and durable; the same id with different content adds a new revision and
  keeps the earlier ones, identical content adds nothing; saving a deleted id brings it back.
- `get(id)` is the latest revision, `revisions(id)` all of them oldest first, `list(...)` the
  latest non-deleted ones, `delete(id)` is recoverable with `restore(id)`.
- `load_frame(framework)` is the flat table (one row per assessment) of one framework's
  assessments with their score columns; `every_framework=True` takes every assessment, its
  answers read by question id (what the framework cannot read is left blank, and said).

A store holds assessments of any framework: each JSON document names its own, and is kept whole
whatever the framework (the document is the source of truth; the SQL store's flat columns are an
index for the shipped framework's questions).

The contract lives here (Store, Filter, Page, SaveSummary) with what both stores share; the folder
store is in `folder` (its layout is described there), the SQL store in `sql`.
"""

from __future__ import annotations

import gc
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.assessment import Assessment, client_key
from ..core.errors import NotFoundError, Problem, ValidationError
from ..core.framework import Framework, default_framework, framework_for
from ..core.rows import flat_columns, number_columns, parse_date
from ..text import Text

if TYPE_CHECKING:
    import pandas as pd
try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
BATCH = 2000  # files flushed to disk together (folder store)
URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class Identity(NamedTuple):
    """Whose assessment a stored id is: its client and date as stored, and whether it is deleted."""

    client_name: str
    assessed_on: date
    deleted: bool = False


class StoreWarning(UserWarning):
    """A stored file was skipped because it cannot be read (named in the message)."""


@dataclass(frozen=True)
class SaveSummary:
    """What a batch of saves did: new assessments, new revisions, and unchanged ones."""

    added: int = 0
    revised: int = 0
    unchanged: int = 0

    def __add__(self, other: SaveSummary) -> SaveSummary:
        return SaveSummary(self.added + other.added, self.revised + other.revised, self.unchanged + other.unchanged)


@dataclass(frozen=True)
class Page:
    """One page of what `Store.list` gives: its assessments, how many match in all, and where it starts (from 0)."""

    assessments: list[Assessment]
    total: int
    start: int = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during bulk work that makes many lasting objects and no cycles.

    Left running, it scans the growing heap again and again: a third of a large import's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def frame_of(
    assessments: Iterable[Assessment],
    framework: Framework | None = None,
    *,
    keep_order: bool = False,
    every_framework: bool = False,
) -> pd.DataFrame:
    """The flat table of these assessments under `framework` plus score columns (text as str, numbers as float).

    Only the assessments of that framework's id (the others are counted in `attrs["left_out"]`),
    or with `every_framework` all of them, read by question id (`attrs["other_frameworks"]` says
    what could not be scored). Rows by date then client, or in the order given (`keep_order`).
    """
    from ..core.crossing import Crossing

    fw = framework or default_framework()
    crossing = Crossing(fw, every_framework)
    rows = [crossing.row(a) for a in assessments]
    frame = _scored_frame([r for r in rows if r is not None], fw, ordered=keep_order)
    crossing.describe(frame)
    return frame


def overview_frame(assessments: Iterable[Assessment], framework: Framework | None = None) -> pd.DataFrame:
    """Each assessment's profile, overall score and verdict, scored under its own framework (what `readiness list` shows)."""
    import pandas as pd

    groups: dict[str, list[tuple[int, Assessment]]] = {}
    for i, a in enumerate(assessments):
        groups.setdefault(a.framework.get("id"), []).append((i, a))
    shown = ["id", "client_name", "industry", "size", "assessed_on", "overall", "verdict"]
    parts = []
    for framework_id, members in groups.items():
        fw = framework_for(framework_id, framework)
        if fw is None:  # kept in the store, scored nowhere: its framework's file is not given here
            profile = [{"id": a.id, "client_name": a.client.name, "industry": a.client.industry, "size": a.client.size,
                        "assessed_on": pd.Timestamp(a.assessed_on), "overall": float("nan"), "verdict": None} for _, a in members]  # fmt: skip
            parts.append(pd.DataFrame(profile, index=[i for i, _ in members], columns=shown))
            continue
        part = frame_of([a for _, a in members], fw, keep_order=True)
        parts.append(part.set_axis([i for i, _ in members])[shown])
    return pd.concat(parts).sort_index() if parts else frame_of([], framework)


class Store(ABC):
    """Assessments kept somewhere, with revisions and recoverable deletion."""

    framework: Framework | None = None

    def save(self, assessment: Assessment) -> Assessment:
        """Store one assessment atomically and durably; return it. ValidationError names any bad field."""
        self._store_one(_valid(assessment, self.framework))
        return assessment

    def save_many(
        self,
        assessments: Iterable[Assessment],
        progress: Callable[[int], Any] | None = None,
        *,
        validated: bool = False,
    ) -> SaveSummary:
        """Store many assessments quickly (same rules as `save`), calling `progress(n)` as batches land.

        `validated=True` skips checking each record again when they were just read by
        `Assessment.from_dict` or `from_row` with this store's framework (as an import does).
        """
        records = assessments if validated else (_valid(a, self.framework) for a in assessments)
        with collector_paused():
            return self._store_many(records, progress)

    @abstractmethod
    def _store_one(self, assessment: Assessment) -> None:
        """Write one checked assessment, durably."""

    @abstractmethod
    def _store_many(self, assessments: Iterable[Assessment], progress: Callable[[int], Any] | None) -> SaveSummary:
        """Write many checked assessments."""

    @abstractmethod
    def get(self, assessment_id: str) -> Assessment:
        """The latest revision; NotFoundError names the id when absent or deleted."""

    @abstractmethod
    def revisions(self, assessment_id: str) -> list[Assessment]:
        """Every revision of one assessment, oldest first (deleted ones too)."""

    @abstractmethod
    def delete(self, assessment_id: str) -> None:
        """Set an assessment aside; `restore` brings it back."""

    @abstractmethod
    def restore(self, assessment_id: str) -> None:
        """Bring back a deleted assessment (nothing to do if it is not deleted)."""

    @abstractmethod
    def deleted(self) -> list[Assessment]:
        """The deleted assessments that can still be restored."""

    def exists(self) -> bool:
        """Whether the store is there already (finding out creates nothing)."""
        return True

    @abstractmethod
    def index(self) -> dict[str, Identity]:
        """Every stored id (deleted ones too) with its client and date: what an import checks rows against."""

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for people (passwords hidden)."""

    @abstractmethod
    def _candidates(self, wanted: Filter) -> Iterable[Assessment]:
        """Latest non-deleted assessments, possibly narrowed already by `wanted`."""

    def list(
        self,
        client: str | None = None,
        industry: str | None = None,
        size: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> list[Assessment]:
        """Latest revisions of the non-deleted assessments that match, by date then client."""
        wanted = Filter.of(client, industry, size, since, until, self.framework)
        with collector_paused():
            return sorted((a for a in self._candidates(wanted) if wanted.matches(a)), key=_order)

    def each(self, **filters: Any) -> Iterator[Assessment]:
        """What `list(**filters)` gives, in the same order, one at a time: memory stays small whatever the store's size."""
        wanted = Filter.of(**filters, framework=self.framework)
        return (a for a in self._in_order(wanted) if wanted.matches(a))

    def page(self, number: int = 1, per_page: int = 50, **filters: Any) -> Page:
        """Page `number` (from 1) of what `list(**filters)` gives, `per_page` a page, and how many match in all."""
        wanted = Filter.of(**filters, framework=self.framework)
        return self._page(wanted, (max(number, 1) - 1) * per_page, per_page)

    @abstractmethod
    def _in_order(self, wanted: Filter) -> Iterator[Assessment]:
        """Latest non-deleted assessments in list order, streamed, possibly narrowed already by `wanted`."""

    def _page(self, wanted: Filter, start: int, size: int) -> Page:
        """A page of the matching assessments, counting them all (stores may do it with less reading)."""
        shown, total = [], 0
        for a in self._in_order(wanted):
            if wanted.matches(a):
                if start <= total < start + size:
                    shown.append(a)
                total += 1
        return Page(shown, total, start)

    def load_frame(self, framework: Framework | None = None, *, every_framework: bool = False) -> pd.DataFrame:
        """One row per (latest, non-deleted) assessment of `framework` (default: the store's, else the shipped one): flat columns plus score columns.

        `every_framework`: every assessment, read by question id (see `frame_of`).
        """
        fw = framework or self.framework or default_framework()
        with collector_paused():
            frame = frame_of(self._candidates(Filter()), fw, every_framework=every_framework)
        frame.attrs["store"] = self.describe()
        return frame

    def __len__(self) -> int:
        return sum(1 for _ in self._candidates(Filter()))

    def __bool__(self) -> bool:
        return True  # an empty store is still a store (`store or default` must not replace it)

    def close(self) -> None:  # noqa: B027 - an optional hook: only SQL stores hold connections
        """Release connections (nothing to do for a folder)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


@dataclass(frozen=True)
class Filter:
    """What `Store.list` keeps: part of the client name, industry, size, a date range."""

    client: str | None = None
    industry: str | None = None
    size: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, client=None, industry=None, size=None, since=None, until=None, framework=None) -> Filter:
        """A filter from user values (dates may be ISO text); a bad size or date raises ValidationError."""
        problems: list[Problem] = []
        first, last = _as_date(since, "since", problems), _as_date(until, "until", problems)
        sizes = (framework or default_framework()).sizes
        code = re.sub(r"[\s-]+", "_", size.strip().lower()) if size else None
        if code and code not in sizes:
            problems.append(Problem("size", Text('size must be one of {codes}, got "{value}"', codes=", ".join(sizes), value=size)))
        if problems:
            raise ValidationError(problems)
        return cls(client_key(client) or None, client_key(industry) or None, code, first, last)

    def matches(self, a: Assessment) -> bool:
        """Whether the assessment passes every condition given."""
        return (
            self.names_match(a.client.name, a.client.industry)
            and (self.size is None or self.size == a.client.size)
            and (self.since is None or a.assessed_on >= self.since)
            and (self.until is None or a.assessed_on <= self.until)
        )

    def names_match(self, client_name: str, industry: str | None) -> bool:
        """Whether a client name and industry pass the client and industry conditions (the others aside)."""
        return (self.client is None or self.client in client_key(client_name)) and (
            self.industry is None or self.industry == client_key(industry)
        )


def _checked_id(assessment_id: str) -> str:
    """The id, refused when it could not be a stored id (so it can never name another path)."""
    if not isinstance(assessment_id, str) or not _ID.fullmatch(assessment_id):
        raise NotFoundError(Text("{id} is not an assessment id (letters, digits, '.', '_' or '-')", id=repr(assessment_id)))
    return assessment_id


def _valid(a: Assessment, framework: Framework | None) -> Assessment:
    """The assessment if it can be stored and read back; else ValidationError naming every bad field."""
    if not isinstance(a.id, str) or not _ID.fullmatch(a.id):
        raise ValidationError(
            [Problem("id", Text("id must be letters, digits, '.', '_' or '-' (at most 128), got {value}", value=repr(a.id)))]
        )
    Assessment.from_dict(a.to_dict(), framework)
    return a


def _as_date(value: Any, name: str, problems: list[Problem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    day = parse_date(str(value))
    if day is None:
        problems.append(Problem(name, f'{name} must be a real date written YYYY-MM-DD or DD/MM/YYYY, got "{value}"'))
    return day


def _as_day(value: date | str) -> date:
    """A date as the database gives it back (SQLite may give ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _order(a: Assessment) -> tuple:
    return (a.assessed_on, a.client.name, a.id)


def _without_repeats(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Drop a revision identical to the one before it (left by a save interrupted mid-way)."""
    kept: list[Assessment] = []
    for a in assessments:
        if not kept or kept[-1].to_dict() != a.to_dict():
            kept.append(a)
    return kept


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _runs(assessments: Iterable[Assessment], size: int | None = None) -> Iterator[list[Assessment]]:
    """Batches of at most `size` (default BATCH) assessments with distinct ids."""
    for chunk in _chunks(assessments, size or BATCH):
        yield from _unique_runs(chunk)


def _unique_runs(batch: list[Assessment]) -> Iterator[list[Assessment]]:
    """Split a batch so that no id appears twice in one part."""
    run: list[Assessment] = []
    seen: set[str] = set()
    for a in batch:
        if a.id in seen:
            yield run
            run, seen = [], set()
        run.append(a)
        seen.add(a.id)
    if run:
        yield run


def _scored_frame(rows: list[tuple], framework: Framework | None, ordered: bool = False) -> pd.DataFrame:
    """Typed flat table (str text, float numbers, datetime dates) by date then client, plus scores."""
    import pandas as pd

    from ..core.scoring import with_scores

    fw = framework or default_framework()
    columns, numbers = flat_columns(fw), number_columns(fw)
    raw = pd.DataFrame.from_records(rows, columns=list(columns))
    frame = pd.DataFrame(index=raw.index)
    for column in columns:
        if column in numbers:
            frame[column] = pd.to_numeric(raw[column]).astype("float64")
        elif column == "assessed_on":
            frame[column] = pd.to_datetime(raw[column].astype("str"), format="%Y-%m-%d").astype("datetime64[ns]")
        else:
            frame[column] = raw[column].astype("str")
    if not ordered:
        frame = frame.sort_values(["assessed_on", "client_name", "id"], kind="stable", ignore_index=True)
    scored = with_scores(frame, fw)
    scored.attrs["framework"] = fw.id
    return scored
