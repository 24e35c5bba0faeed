"""The action plan in the meeting form: one row per agreed action (question, action, owner, due date, done), filled from the path to ready or by hand.

The editor turns its rows into the document's `plan` items and back; every change goes through the
form's change callback, so the plan is checked, scored alongside the answers and autosaved in the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as w

from ..core.framework import Framework
from ..text import N_, t
from ..text.formats import pick
from .cards import _esc

NO_QUESTION = "—"


class PlanRow:
    """One action item as widgets."""

    def __init__(self, fw: Framework, lang: str, item: dict[str, Any]):
        self.question = w.Dropdown(options=_questions(fw, lang), value=item.get("question"), layout=w.Layout(width="11em")).add_class("pl-question")
        self.action = w.Text(value=item.get("action") or "", layout=w.Layout(flex="1 1 auto", width="auto")).add_class("pl-action")
        self.owner = w.Text(value=item.get("owner") or "", layout=w.Layout(width="9em")).add_class("pl-owner")
        self.due = w.DatePicker(value=_day(item.get("due")), layout=w.Layout(width="10em")).add_class("pl-due")
        self.done = w.Checkbox(value=item.get("status") == "done", indent=False, layout=w.Layout(width="auto")).add_class("pl-done")
        self.remove = w.Button(icon="trash", layout=w.Layout(width="2.6em")).add_class("pl-remove")
        self.box = w.HBox([self.question, self.action, self.owner, self.due, self.done, self.remove]).add_class("rd-plan-row")
        self.relabel(fw, lang)

    @property
    def inputs(self) -> list[w.Widget]:
        """Widgets whose changes change the item."""
        return [self.question, self.action, self.owner, self.due, self.done]

    def item(self) -> dict[str, Any]:
        """The row as a plan item of the document (an empty action is left for the consultant to type)."""
        return {"question": self.question.value, "action": self.action.value.strip(), "owner": self.owner.value.strip() or None,
                "due": self.due.value.isoformat() if self.due.value else None, "status": "done" if self.done.value else "open"}  # fmt: skip

    def relabel(self, fw: Framework, lang: str) -> None:
        """Placeholders, tips, the question names and the labels a screen reader reads (not shown: the row says it) in `lang`."""
        value = self.question.value
        self.question.options = _questions(fw, lang)
        self.question.value = value
        self.action.placeholder = t("What will be done…", lang)
        self.owner.placeholder = t("Owner", lang)
        for widget, label in ((self.question, N_("Question")), (self.action, N_("Action")), (self.owner, N_("Owner")), (self.due, N_("Due date"))):
            widget.description = t(label, lang)
            widget.add_class("rd-hidden-label")
        self.done.description = t("done", lang)
        self.remove.tooltip = t("Remove this action", lang)


class PlanEditor:
    """The action plan: its rows, and buttons to add the path to ready or one action."""

    def __init__(self, fw: Framework, lang: str, changed: Callable[[], None], from_path: Callable[[], None]):
        self.fw, self.lang = fw, lang
        self.changed, self.from_path = changed, from_path
        self.rows: list[PlanRow] = []
        self.heading = w.HTML()
        self.rows_box = w.VBox().add_class("rd-plan-rows")
        self.add_path = w.Button(layout=w.Layout(width="auto")).add_class("b-plan-path")
        self.add_one = w.Button(layout=w.Layout(width="auto")).add_class("b-plan-add")
        self.add_path.on_click(lambda _: self.from_path())
        self.add_one.on_click(lambda _: self._add({"status": "open"}))
        self.box = w.VBox([self.heading, self.rows_box, w.HBox([self.add_path, self.add_one])]).add_class("rd-plan")
        self._quiet = False
        self._shown: str | None = None  # the id of the document whose plan is shown
        self.relabel(lang)

    def unfinished(self) -> int:
        """Rows that hold something (an owner, a date…) but no action yet: they are not in the plan until one is typed."""
        return sum(1 for row in self.rows if not row.action.value.strip() and (row.owner.value.strip() or row.due.value or row.question.value))

    def items(self) -> list[dict[str, Any]]:
        """The plan items of the document: rows with an action typed."""
        return [item for item in (row.item() for row in self.rows) if item["action"]]

    def show(self, plan: list[dict[str, Any]], lang: str, document_id: str | None = None) -> None:
        """Put the document's plan in the rows (quietly: showing is not changing); rows still being typed in it stay."""
        typing = [row for row in self.rows if not row.action.value.strip()] if document_id == self._shown else []
        self._shown = document_id
        self._quiet = True
        try:
            self.rows = [PlanRow(self.fw, lang, item) for item in plan] + typing
            for row in self.rows:
                self._connect(row)
            self.rows_box.children = [row.box for row in self.rows]
        finally:
            self._quiet = False

    def relabel(self, lang: str) -> None:
        """Heading, buttons and rows in `lang`."""
        self.lang = lang
        self.heading.value = f'<div class="rd-section">{_esc(t("Action plan", lang))}</div>'
        self.add_path.description = t("Add the path to ready", lang)
        self.add_path.tooltip = t("One action per change of the path to ready", lang)
        self.add_one.description = t("Add an action", lang)
        quiet, self._quiet = self._quiet, True
        try:
            for row in self.rows:
                row.relabel(self.fw, lang)
        finally:
            self._quiet = quiet

    def _add(self, item: dict[str, Any]) -> None:
        row = PlanRow(self.fw, self.lang, item)
        self._connect(row)
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]

    def _connect(self, row: PlanRow) -> None:
        for widget in row.inputs:
            widget.observe(self._on_change, "value")
        row.remove.on_click(lambda _: self._remove(row))

    def _remove(self, row: PlanRow) -> None:
        self.rows = [r for r in self.rows if r is not row]
        self.rows_box.children = [r.box for r in self.rows]
        self.changed()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.changed()


def _questions(fw: Framework, lang: str) -> list[tuple[str, str | None]]:
    return [(NO_QUESTION, None)] + [(pick(q.short, lang), q.id) for q in fw.questions]


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
