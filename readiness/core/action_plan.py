"""An assessment's action plan: what the client agreed to change, who does it, by when (DESIGN "Plan and progress").

    {"plan": [{"question": "budget", "action": "Set aside 15 000 $", "owner": "Marie", "due": "2026-06-30", "status": "open"}],
     "follows": "<id of the client's previous assessment>"}

Both fields are optional: files without them stay valid and are written back without them.
`read_plan` and `read_follows` check them for the assessment reader, reporting every problem.
Pure: values in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..text import Text
from .safetext import name_fault, note_fault, plain_line_breaks

STATUSES = ("open", "done")
MAX_ITEMS = 50  # items in one plan: a meeting's worth, with room
ACTION_MAX = 500  # characters of one action
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
ITEM_COLUMNS = ("assessment_id", "client_name", "assessed_on", "question", "action", "owner", "due", "status")  # the action-items sheet


@dataclass(frozen=True)
class ActionItem:
    """One agreed action: the question it improves (None: the whole engagement), the action, its owner, due date and status."""

    action: str
    question: str | None = None
    owner: str | None = None
    due: date | None = None
    status: str = "open"

    def to_dict(self) -> dict[str, Any]:
        """The item as the assessment document holds it."""
        return {"question": self.question, "action": self.action, "owner": self.owner,
                "due": self.due.isoformat() if self.due else None, "status": self.status}  # fmt: skip

    @property
    def done(self) -> bool:
        """Whether the item is done."""
        return self.status == "done"


Fail = Callable[[str, Any, Any], None]  # (where, expected, got): the reader's way to note a problem


def read_plan(value: Any, questions: tuple[str, ...] | None, fail: Fail) -> tuple[ActionItem, ...]:
    """The action items of a document (`questions`: the framework's ids, None when it is unknown here)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        fail("plan", Text("a list of action items"), value)
        return ()
    if len(value) > MAX_ITEMS:
        fail("plan", Text("at most {n} action items", n=MAX_ITEMS), len(value))
        return ()
    items = [_item(raw, f"plan[{i}]", questions, fail) for i, raw in enumerate(value)]
    return tuple(item for item in items if item is not None)


def _item(raw: Any, where: str, questions: tuple[str, ...] | None, fail: Fail) -> ActionItem | None:
    if not isinstance(raw, Mapping):
        fail(where, Text("an object with question, action, owner, due and status"), raw)
        return None
    ok = True
    question = raw.get("question")
    if question is not None and (questions is not None and question not in questions or not isinstance(question, str)):
        fail(f"{where}.question", Text("one of {codes}", codes=", ".join(questions or ())) if questions else Text("a question id"), question)
        ok = False
    action = raw.get("action")
    if not isinstance(action, str) or not action.strip():
        fail(f"{where}.action", Text("a non-empty text"), action)
        ok = False
    elif len(action) > ACTION_MAX or (fault := note_fault(plain_line_breaks(action))):
        fail(f"{where}.action", Text("a text of at most {n} characters", n=ACTION_MAX) if len(action) > ACTION_MAX else fault, action)
        ok = False
    owner = raw.get("owner")
    if owner is not None and not (isinstance(owner, str) and not name_fault(owner.strip())):
        fail(f"{where}.owner", (name_fault(owner.strip()) if isinstance(owner, str) else None) or Text("a text"), owner)
        ok = False
    due = _date(raw.get("due"))
    if due is False:
        fail(f"{where}.due", Text("a real date written YYYY-MM-DD"), raw.get("due"))
        ok = False
    status = raw.get("status") or "open"
    if status not in STATUSES:
        fail(f"{where}.status", Text("one of {codes}", codes=", ".join(STATUSES)), status)
        ok = False
    if not ok:
        return None
    return ActionItem(plain_line_breaks(action.strip()), question, (owner or "").strip() or None, due or None, status)


def _date(value: Any) -> date | None | bool:
    """The due date, None when absent, False when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return False
    return False


def read_follows(value: Any, own_id: str, fail: Fail) -> str | None:
    """The id of the assessment this one follows up, or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _ID.fullmatch(value.strip()):
        fail("follows", Text("an assessment id"), value)
        return None
    if value.strip() == own_id:
        fail("follows", Text("the id of another assessment (the client's previous one)"), value)
        return None
    return value.strip()


def open_items(plan: tuple[ActionItem, ...]) -> tuple[ActionItem, ...]:
    """The items not done yet."""
    return tuple(item for item in plan if not item.done)
