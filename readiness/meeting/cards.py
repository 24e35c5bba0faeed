"""The widgets of the meeting form's cards: the client profile and one card per question, each turning its widgets into an answer and back."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as w

from ..core.framework import Framework, Question
from ..core.rows import parse_number
from ..text import LANGUAGES, N_, t
from ..text.formats import INDUSTRIES, decimal_mark, format_money, format_number, pick


class _QuestionCard:
    """Widgets shared by every question: title, help, notes, a clear button, a status chip."""

    def __init__(self, question: Question, number: int, lang: str):
        self.question = question
        self.number = number
        self.title = w.HTML()
        self.chip = w.HTML().add_class("rd-chip")
        self.notes = w.Textarea(rows=2, layout=w.Layout(width="100%")).add_class(f"n-{question.id}")
        self.clear = w.Button(layout=w.Layout(width="auto")).add_class("rd-clear").add_class(f"c-{question.id}")
        self.problem = w.HTML().add_class(f"pb-{question.id}")

    def card(self, *inputs: w.Widget) -> w.VBox:
        """The question's card: header, inputs, what is wrong with them (if anything), notes."""
        header = w.HBox([self.title, self.chip, self.clear]).add_class("rd-qhead")
        box = w.VBox([header, *inputs, self.problem, self.notes]).add_class("rd-card").add_class(f"q-{self.question.id}")
        self.box = box
        return box

    def relabel(self, lang: str) -> None:
        """Question text, help and buttons in `lang`."""
        q = self.question
        self.title.value = (
            f'<div class="rd-qtitle"><span class="rd-qnum">{self.number}</span>'
            f"<b>{_esc(pick(q.short, lang))}</b> — {_esc(pick(q.text, lang))}</div>"
            f'<div class="rd-help">{_esc(pick(q.help, lang))}</div>'
        )
        self.notes.placeholder = t("Notes: what the client said…", lang)
        self.clear.description = t("Clear", lang)
        self.clear.tooltip = t("Make this question unanswered again (notes stay)", lang)

    def show_problem(self, lines: list[str]) -> None:
        """Say what is wrong with what was typed, right under the field (empty: nothing wrong)."""
        html = "".join(f'<div class="rd-problem" role="alert">⚠ {_esc(line)}</div>' for line in lines)
        if self.problem.value != html:
            self.problem.value = html

    def show_score(self, score: float | None, lang: str, state: str) -> None:
        """The chip beside the title: the score (with ✖ on a blocker), 'to answer', or a bad value."""
        value = t("to answer", lang) if score is None else f"{format_number(score, lang)} / 100"
        icon = {"done": "✓ ", "blocker": "✖ ", "invalid": "⚠ "}.get(state, "")
        suffix = f" · {t('blocker', lang)}" if state == "blocker" else ""
        html = f'<span class="rd-chip-{state}">{icon}{_esc(value + suffix)}</span>'
        if self.chip.value != html:
            self.chip.value = html


class ChoiceQuestion(_QuestionCard):
    """A question answered by one choice (kinds choice and yes_no), with the goals noted with it, if it has any."""

    def __init__(self, question: Question, number: int, lang: str):
        super().__init__(question, number, lang)
        self.choice = w.RadioButtons(options=self._options(lang), value=None, layout=w.Layout(width="100%"))
        self.choice.add_class("rd-choices")
        self.goals = {g: w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto")).add_class(f"goal-{g}") for g in question.goals}
        self.goals_label = w.HTML()
        extra = [self.goals_label, w.HBox(list(self.goals.values())).add_class("rd-goals")] if self.goals else []
        self.card(self.choice, *extra)
        self.relabel(lang)

    @property
    def inputs(self) -> list[w.Widget]:
        """Widgets whose changes change the answer."""
        return [self.choice, *self.goals.values()]

    def answer(self) -> dict[str, Any] | None:
        """The answer as in format v1 (goals without a choice are kept in the draft only)."""
        if self.choice.value is None and not any(b.value for b in self.goals.values()):
            return None
        answer: dict[str, Any] = {"choice": self.choice.value}
        if self.goals:
            answer["goals"] = [g for g, box in self.goals.items() if box.value]
        return answer

    def show(self, answer: dict[str, Any] | None, lang: str) -> None:
        """Set the widgets from an answer (None: unanswered)."""
        answer = answer or {}
        self.choice.value = answer.get("choice") if answer.get("choice") in self.question.choice_codes else None
        for g, box in self.goals.items():
            box.value = g in (answer.get("goals") or ())

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        value = self.choice.value
        self.choice.options = self._options(lang)
        self.choice.value = value  # new options reset the value: put the answer back
        for g, box in self.goals.items():
            box.description = pick(self.question.goals[g], lang)
        self.goals_label.value = f'<div class="rd-sub">{_esc(t("Goals (choose any)", lang))}</div>'

    def _options(self, lang: str) -> list[tuple[str, str]]:
        return [(pick(c.label, lang), c.code) for c in self.question.choices]


class BudgetQuestion(_QuestionCard):
    """The annual budget: an amount as typed (empty = not answered yet) and its currency."""

    def __init__(self, question: Question, number: int, lang: str):
        super().__init__(question, number, lang)
        rule = question.budget
        self.amount = w.Text(layout=w.Layout(width="16em")).add_class("budget-amount")
        self.currency = w.Dropdown(options=list(rule.rates), value=rule.currency, layout=w.Layout(width="6em"))
        self.currency.add_class("budget-currency")
        self.label = w.HTML()
        self.echo = w.HTML().add_class("rd-echo")
        self.card(w.HBox([self.label, self.amount, self.currency, self.echo]).add_class("rd-row"))
        self.relabel(lang)

    @property
    def inputs(self) -> list[w.Widget]:
        """Widgets whose changes change the answer."""
        return [self.amount, self.currency]

    def answer(self) -> dict[str, Any] | None:
        """The answer as in format v1; text that is not a number is passed on for validation."""
        typed = self.amount.value.strip()
        if not typed:
            return None
        number = parse_number(typed)
        return {"annual_amount": typed if number is None else number, "currency": self.currency.value}

    def show(self, answer: dict[str, Any] | None, lang: str) -> None:
        """Set the widgets from an answer (None: unanswered)."""
        answer = answer or {}
        amount = answer.get("annual_amount")
        self.amount.value = "" if amount is None else _typed_number(amount, lang)
        if answer.get("currency") in self.currency.options:
            self.currency.value = answer["currency"]

    def echo_amount(self, answer: dict[str, Any] | None, lang: str) -> None:
        """Repeat the amount as understood (`= 15 000 $ / an`), so a typo shows at once."""
        amount = (answer or {}).get("annual_amount")
        shown = "" if not isinstance(amount, (int, float)) else f"= {format_money(amount, answer['currency'], lang)} {t('a year', lang)}"
        self.echo.value = f'<span class="rd-sub">{_esc(shown)}</span>'

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self.label.value = f'<span class="rd-field">{_esc(t("Annual budget", lang))}</span>'
        self.amount.placeholder = t("not answered yet (e.g. 15,000)", lang)


class WebsiteQuestion(_QuestionCard):
    """The website: bounce rate (number, or explicitly unknown) and whether it pays off."""

    def __init__(self, question: Question, number: int, lang: str):
        super().__init__(question, number, lang)
        self.bounce = w.Text(layout=w.Layout(width="8em")).add_class("bounce-rate")
        self.unknown = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto")).add_class("bounce-unknown")
        self.roi = w.RadioButtons(options=self._options(lang), value=None, layout=w.Layout(width="100%"))
        self.roi.add_class("rd-choices").add_class("website-roi")
        self.bounce_label, self.roi_label, self.hint = w.HTML(), w.HTML(), w.HTML()
        row = w.HBox([self.bounce_label, self.bounce, w.HTML("%"), self.unknown]).add_class("rd-row")
        self.card(row, self.hint, self.roi_label, self.roi)
        self.relabel(lang)

    @property
    def inputs(self) -> list[w.Widget]:
        """Widgets whose changes change the answer."""
        return [self.bounce, self.unknown, self.roi]

    def answer(self) -> dict[str, Any] | None:
        """The answer as in format v1: bounce rate null when ticked unknown."""
        typed = self.bounce.value.strip()
        if not (typed or self.unknown.value or self.roi.value):
            return None
        answer: dict[str, Any] = {"roi": self.roi.value}
        if self.unknown.value:
            answer["bounce_rate"] = None
        elif typed:
            number = parse_number(typed)
            answer["bounce_rate"] = typed if number is None else number
        return answer

    def show(self, answer: dict[str, Any] | None, lang: str) -> None:
        """Set the widgets from an answer (None: unanswered)."""
        answer = answer or {}
        rate = answer.get("bounce_rate")
        self.unknown.value = "bounce_rate" in answer and rate is None
        self.bounce.value = "" if rate is None else _typed_number(rate, lang)
        codes = [c.code for c in self.question.website.roi]
        self.roi.value = answer.get("roi") if answer.get("roi") in codes else None

    def show_hint(self, lang: str) -> None:
        """Say so when only one of the two parts is answered (the question counts once both are)."""
        rate_given = self.unknown.value or bool(self.bounce.value.strip())
        half = rate_given != (self.roi.value is not None)
        self.bounce.disabled = self.unknown.value
        hint = t('The question counts once both parts are answered: bounce rate (or "Unknown") and return.', lang)
        self.hint.value = f'<div class="rd-sub">{_esc(hint)}</div>' if half else ""

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        value = self.roi.value
        self.roi.options = self._options(lang)
        self.roi.value = value  # new options reset the value: put the answer back
        self.bounce_label.value = f'<span class="rd-field">{_esc(t("Bounce rate", lang))}</span>'
        self.bounce.placeholder = t("e.g. 48", lang)
        self.unknown.description = t("Unknown", lang)
        self.roi_label.value = f'<div class="rd-sub">{_esc(t("Does the website pay off?", lang))}</div>'
        self.show_hint(lang)

    def _options(self, lang: str) -> list[tuple[str, str]]:
        return [(pick(c.label, lang), c.code) for c in self.question.website.roi]


PROFILE_LABELS = {
    "client_name": N_("Client"),
    "industry": N_("Industry"),
    "size": N_("Size"),
    "consultant": N_("Consultant"),
    "date": N_("Meeting date"),
    "general_notes": N_("General notes"),
}
QUESTION_CLASSES = {"choice": ChoiceQuestion, "yes_no": ChoiceQuestion, "amount": BudgetQuestion, "website": WebsiteQuestion}


class Profile:
    """Client name, industry (suggested or typed), size, consultant, date and general notes."""

    def __init__(self, framework: Framework, lang: str):
        self.fw = framework
        # The name counts once typed (on leaving the box): the form then offers that client's own draft, if any.
        self.name = w.Text(continuous_update=False, layout=w.Layout(width="100%")).add_class("p-name")
        self.industry = w.Combobox(ensure_option=False, layout=w.Layout(width="100%")).add_class("p-industry")
        self.size = w.Dropdown(options=self._sizes(lang), value=None, layout=w.Layout(width="100%")).add_class("p-size")
        self.consultant = w.Text(layout=w.Layout(width="100%")).add_class("p-consultant")
        self.day = w.DatePicker(value=date.today(), layout=w.Layout(width="100%")).add_class("p-date")
        self.notes = w.Textarea(rows=1, layout=w.Layout(width="100%")).add_class("n-general")
        fields = {"client_name": self.name, "industry": self.industry, "size": self.size, "consultant": self.consultant}
        fields |= {"date": self.day, "general_notes": self.notes}
        self.labels = {key: w.HTML() for key in fields}
        cells = [w.VBox([self.labels[key], field]).add_class("rd-field-box") for key, field in fields.items()]
        cells[-1].add_class("rd-wide")
        self.box = w.GridBox(cells).add_class("rd-profile")
        self.relabel(lang)

    @property
    def inputs(self) -> list[w.Widget]:
        """Widgets whose changes change the profile."""
        return [self.name, self.industry, self.size, self.consultant, self.day, self.notes]

    def client(self) -> dict[str, Any]:
        """The client part of the document."""
        return {"name": self.name.value.strip(), "industry": self.industry_code(), "size": self.size.value}

    def industry_code(self) -> str | None:
        """The industry code when a suggestion is chosen (in either language), else the text typed."""
        typed = self.industry.value.strip()
        folded = typed.casefold()
        for code, label in INDUSTRIES.items():
            if folded == code or folded in (t(label, lang).casefold() for lang in LANGUAGES):
                return code
        return typed or None

    def show(self, document: dict[str, Any], lang: str) -> None:
        """Set the widgets from a document."""
        client = document.get("client") or {}
        self.name.value = client.get("name") or ""
        industry = client.get("industry") or ""
        self.industry.value = t(INDUSTRIES[industry], lang) if industry in INDUSTRIES else industry
        self.size.value = client.get("size") if client.get("size") in self.fw.sizes else None
        self.size.index = self.size.index or 0  # show "— choose —" rather than a blank box
        self.consultant.value = document.get("consultant") or ""
        self.day.value = _date_or_today(document.get("assessed_on"))
        self.notes.value = (document.get("notes") or {}).get("general") or ""

    def relabel(self, lang: str) -> None:
        """Labels, suggestions and size names in `lang` (the values stay)."""
        code, size = self.industry_code(), self.size.value
        for key, label in self.labels.items():
            label.value = f'<span class="rd-field">{_esc(t(PROFILE_LABELS[key], lang))}</span>'
        self.name.placeholder = t("Company name (needed to save)", lang)
        self.industry.placeholder = t("Choose or type", lang)
        self.industry.options = [t(label, lang) for label in INDUSTRIES.values()]
        if code in INDUSTRIES:
            self.industry.value = t(INDUSTRIES[code], lang)
        self.size.options = self._sizes(lang)
        self.size.value = size  # new options reset the value: put it back
        self.size.index = self.size.index or 0
        self.consultant.placeholder = t("Your name", lang)
        self.notes.placeholder = t("Context, who attended, next steps…", lang)

    def _sizes(self, lang: str) -> list[tuple[str, str | None]]:
        return [(t("— choose —", lang), None)] + [(pick(self.fw.size_labels[s], lang), s) for s in self.fw.sizes]


def _typed_number(value: Any, lang: str) -> str:
    """A stored number as a consultant would type it back (`6000`, `48,5` in French, `48.5`)."""
    if not isinstance(value, (int, float)):
        return str(value)
    typed = f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    return typed.replace(".", decimal_mark(lang))


def _date_or_today(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return date.today()


def _esc(value: str) -> str:
    import html

    return html.escape(value, quote=True)
