"""The live meeting form: the client profile and the five questions as widgets, results beside them.

    form = meeting_form(language="fr", store=None, resume=None)
    form                      # in a notebook (or Voilà): shows the form

The screen is shared with the client: the form names no other client unless the consultant asks
(readiness.meeting_drafts: "Drafts…", absent from the Voilà app, and the typed client's own draft).

The form only translates widget state into an assessment document and renders results:
scoring, what-if, benchmark and charts come from the library. On every change it re-scores,
redraws the radar in place (readiness.meeting_view), and writes a draft (readiness.drafts),
so a crashed kernel or a closed tab loses no answer. An unanswered question stays unanswered:
no choice widget starts on a real answer. A bad number (a negative budget, a bounce rate of
140) is named in the message area and the last valid answer is kept. Errors inside callbacks
are shown in the message area and logged, never swallowed.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from .assessment import FORMAT, Assessment, new_assessment, parse_number
from .benchmark import K_DEFAULT, check_k
from .drafts import Draft, delete_draft, find_draft, list_drafts, save_draft, without_half_answers
from .errors import NotFoundError, Problem, ReadinessError, ValidationError
from .framework import QUESTION_IDS, Framework, Question, default_framework
from .i18n import INDUSTRIES, format_money, format_number, pick
from .meeting_drafts import DraftOffers, screen_shared
from .meeting_view import STYLE, ResultsPanel, assess, message_html, summary_text, text
from .paths import default_store, exports_folder
from .redaction import logger, redact
from .scoring import Result

log = logger(__name__)
LANGUAGES = (("FR", "fr"), ("EN", "en"))
NAME_PLACEHOLDER = "\u2014"  # stands in for a client name not typed yet, so the rest can be scored


def meeting_form(
    language: str = "fr",
    store: str | None = None,
    resume: str | None = None,
    *,
    framework: Framework | None = None,
    drafts: str | Path | None = None,
    exports: str | Path | None = None,
    k: int = K_DEFAULT,
    screen_sharing: bool | None = None,
) -> MeetingForm:
    """The meeting form, ready to display; `resume` is a draft, an assessment id or file, or a client.

    `screen_sharing` (default: True in the Voilà app) leaves out the "Drafts…" list of other clients.
    """
    return MeetingForm(
        language, store, resume, framework=framework, drafts=drafts, exports=exports, k=k, screen_sharing=screen_sharing
    )


def shown_errors(method: Callable) -> Callable:
    """Run a widget callback; show any error in the form's message area and log it."""

    @functools.wraps(method)
    def guarded(self: MeetingForm, *args: Any) -> Any:
        try:
            return method(self, *args)
        except Exception as exc:  # a callback must never fail silently: show every error
            self.show_error(exc)
            return None

    return guarded


# ---------------------------------------------------------------- the five questions


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
        self.notes.placeholder = text("notes_placeholder", lang)
        self.clear.description = text("clear", lang)
        self.clear.tooltip = text("clear_tip", lang)

    def show_problem(self, lines: list[str]) -> None:
        """Say what is wrong with what was typed, right under the field (empty: nothing wrong)."""
        html = "".join(f'<div class="rd-problem" role="alert">⚠ {_esc(line)}</div>' for line in lines)
        if self.problem.value != html:
            self.problem.value = html

    def show_score(self, score: float | None, lang: str, state: str) -> None:
        """The chip beside the title: the score (with ✖ on a blocker), 'to answer', or a bad value."""
        value = text("to_answer", lang) if score is None else f"{format_number(score, lang)} / 100"
        icon = {"done": "✓ ", "blocker": "✖ ", "invalid": "⚠ "}.get(state, "")
        suffix = f" · {text('blocker', lang)}" if state == "blocker" else ""
        html = f'<span class="rd-chip-{state}">{icon}{_esc(value + suffix)}</span>'
        if self.chip.value != html:
            self.chip.value = html


class ChoiceQuestion(_QuestionCard):
    """A question answered by one choice (objectives also takes goals)."""

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
        self.goals_label.value = f'<div class="rd-sub">{_esc(text("goals", lang))}</div>'

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
        shown = "" if not isinstance(amount, (int, float)) else f"= {format_money(amount, answer['currency'], lang)} {text('per_year', lang)}"
        self.echo.value = f'<span class="rd-sub">{_esc(shown)}</span>'

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self.label.value = f'<span class="rd-field">{_esc(text("annual_budget", lang))}</span>'
        self.amount.placeholder = text("budget_placeholder", lang)


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
        self.hint.value = f'<div class="rd-sub">{_esc(text("website_half", lang))}</div>' if half else ""

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        value = self.roi.value
        self.roi.options = self._options(lang)
        self.roi.value = value  # new options reset the value: put the answer back
        self.bounce_label.value = f'<span class="rd-field">{_esc(text("bounce_rate", lang))}</span>'
        self.bounce.placeholder = text("bounce_placeholder", lang)
        self.unknown.description = text("unknown_rate", lang)
        self.roi_label.value = f'<div class="rd-sub">{_esc(text("roi_question", lang))}</div>'
        self.show_hint(lang)

    def _options(self, lang: str) -> list[tuple[str, str]]:
        return [(pick(c.label, lang), c.code) for c in self.question.website.roi]


QUESTION_CLASSES = {"choice": ChoiceQuestion, "amount": BudgetQuestion, "website": WebsiteQuestion}


# ---------------------------------------------------------------- the client profile


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
        for code, labels in INDUSTRIES.items():
            if folded == code or folded in (label.casefold() for label in labels.values()):
                return code
        return typed or None

    def show(self, document: dict[str, Any], lang: str) -> None:
        """Set the widgets from a document."""
        client = document.get("client") or {}
        self.name.value = client.get("name") or ""
        industry = client.get("industry") or ""
        self.industry.value = pick(INDUSTRIES[industry], lang) if industry in INDUSTRIES else industry
        self.size.value = client.get("size") if client.get("size") in self.fw.sizes else None
        self.size.index = self.size.index or 0  # show "— choose —" rather than a blank box
        self.consultant.value = document.get("consultant") or ""
        self.day.value = _date_or_today(document.get("assessed_on"))
        self.notes.value = (document.get("notes") or {}).get("general") or ""

    def relabel(self, lang: str) -> None:
        """Labels, suggestions and size names in `lang` (the values stay)."""
        code, size = self.industry_code(), self.size.value
        for key, label in self.labels.items():
            label.value = f'<span class="rd-field">{_esc(text(key, lang))}</span>'
        self.name.placeholder = text("name_placeholder", lang)
        self.industry.placeholder = text("industry_placeholder", lang)
        self.industry.options = [pick(labels, lang) for labels in INDUSTRIES.values()]
        if code in INDUSTRIES:
            self.industry.value = pick(INDUSTRIES[code], lang)
        self.size.options = self._sizes(lang)
        self.size.value = size  # new options reset the value: put it back
        self.size.index = self.size.index or 0
        self.consultant.placeholder = text("consultant_placeholder", lang)
        self.notes.placeholder = text("general_notes_placeholder", lang)

    def _sizes(self, lang: str) -> list[tuple[str, str | None]]:
        return [(text("choose", lang), None)] + [(pick(self.fw.size_labels[s], lang), s) for s in self.fw.sizes]


# ---------------------------------------------------------------- the form


class MeetingForm:
    """The meeting form: widgets in, an assessment document out, results rendered live."""

    def __init__(
        self,
        language: str = "fr",
        store: str | None = None,
        resume: str | None = None,
        *,
        framework: Framework | None = None,
        drafts: str | Path | None = None,
        exports: str | Path | None = None,
        k: int = K_DEFAULT,
        screen_sharing: bool | None = None,
    ):
        if language not in ("fr", "en"):
            raise ValidationError([Problem("language", f"language must be fr or en, got {language!r}")])
        self.k = check_k(k)
        self.sharing = screen_shared() if screen_sharing is None else bool(screen_sharing)
        self.fw = framework or default_framework()
        self._blocker_questions = blocker_questions(self.fw)
        self.lang = language
        self.store = default_store(store)
        self.drafts = drafts
        self.exports = exports
        self._quiet = False
        self._status: tuple[str, str, dict[str, Any]] | None = None  # (kind, text key, values)
        self._past_error: str | None = None
        self._problems: tuple[Problem, ...] = ()
        self._draft_time: datetime | None = None
        self._saved_document: dict[str, Any] | None = None
        self._build_widgets()
        self._load_past()
        self._start(self._blank_document())
        self._open(resume)

    # ------------------------------------------------------------ public API

    @property
    def assessment(self) -> Assessment:
        """The assessment on screen (client name may still be empty; see `save`)."""
        return self._assessment

    @property
    def document(self) -> dict[str, Any]:
        """The assessment on screen as a format v1 document, as written to the draft."""
        return copy.deepcopy(self._document)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What is wrong with the answers typed right now (the last valid answers are kept)."""
        return self._problems

    @property
    def message(self) -> str:
        """The text of the message area (what a consultant sees)."""
        return _plain_text(self.messages.value)

    @property
    def result(self) -> Result:
        """The score of the assessment on screen (provisional while questions are missing)."""
        return self.outcome.result

    def summary(self) -> str:
        """The result in a few lines of text (also the form's plain-text representation)."""
        return summary_text(self.fw, self.outcome, self.lang)

    def set_language(self, language: str) -> None:
        """Relabel everything in `language` (fr or en), keeping every answer."""
        self.language_switch.value = language

    def save(self) -> Assessment:
        """Save the assessment to the store (a new revision if it was saved before); clear the draft."""
        strict = self._named()
        self._open_store().save(strict)
        self._saved_document = copy.deepcopy(self._document)
        delete_draft(strict.id, self.drafts)
        self._show_save_state()
        self._say("saved", name=strict.client.name, answered=len(strict.answered))
        return strict

    def new(self) -> None:
        """Start an empty assessment; the one on screen is kept as a draft if not saved."""
        kept = self._unsaved()
        if kept:
            self._autosave()
        self._start(self._blank_document(consultant=self._document.get("consultant")))
        # The previous client stays unnamed: the next one may already be looking at the screen.
        self._say(("new_kept_sharing" if self.sharing else "new_kept") if kept else "new_started")

    def resume(self, key: str) -> None:
        """Open a draft (path or id), a stored assessment (id or JSON file), or a client's latest one."""
        if self._unsaved():
            self._autosave()
        document, source = self._find(key)
        self._start(document, saved=source == "store")
        self._say(f"resumed_{source}", name=self._assessment.client.name or text("unnamed", self.lang))

    def show_drafts(self) -> None:
        """List the unsaved drafts (they name other clients: the consultant's choice, never in the app)."""
        self.draft_offers.toggle_list(self._id, self.lang)

    def export_charts(self) -> list[Path]:
        """Write the client's charts (PNG at slide sizes) into exports/<client>/."""
        from . import slides

        strict = self._named()
        folder = self._export_folder(strict)
        paths = slides.export_charts(strict, self._peers, folder, formats=("png",), lang=self.lang, framework=self.fw)
        self._say("charts_exported", count=len(paths), folder=folder)
        return paths

    def export_slides(self) -> Path:
        """Write the client's PowerPoint deck next to the charts."""
        from . import slides

        strict = self._named()
        folder = self._export_folder(strict)
        out = folder / f"{slides.safe_name(strict.client.name)}-{strict.assessed_on.isoformat()}.pptx"
        path = slides.build_deck(strict, self._peers, out, lang=self.lang, framework=self.fw)
        self._say("deck_exported", path=path)
        return path

    def _named(self) -> Assessment:
        """The assessment on screen, which must now have the client's name (to save or export it)."""
        if not self._assessment.client.name.strip():
            self.profile.name.focus()
            raise ReadinessError(text("name_required", self.lang))
        return Assessment.from_dict(self._assessment.to_dict(), self.fw)

    def show_error(self, exc: BaseException) -> None:
        """Show an error in the message area and log it (with the traceback if unexpected)."""
        if isinstance(exc, ReadinessError):
            log.warning("meeting form: %s", exc)
            self._say("error", detail=_one_line(exc), kind="error")
        else:
            log.exception("meeting form: unexpected error")
            self._say("unexpected", detail=redact(f"{type(exc).__name__}: {exc}"), kind="error")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = self.summary()
        return bundle

    # ------------------------------------------------------------ widgets

    def _build_widgets(self) -> None:
        lang = self.lang
        self.style = w.HTML(STYLE).add_class("rd-style")
        self.heading = w.HTML().add_class("rd-title")
        self.language_switch = w.ToggleButtons(options=LANGUAGES, value=lang).add_class("lang-switch")
        self.buttons = {key: w.Button(layout=w.Layout(width="auto")).add_class(f"b-{key}") for key in ("save", "new", "charts", "slides")}
        self.buttons["save"].button_style = "primary"
        self.messages = w.HTML().add_class("rd-messages")
        self.save_state = w.HTML().add_class("rd-save-state")
        self.profile = Profile(self.fw, lang)
        self.questions = {q.id: QUESTION_CLASSES[q.kind](q, n, lang) for n, q in enumerate(self.fw.questions, 1)}
        self.results = ResultsPanel(self.fw, lang)
        self.draft_offers = DraftOffers(self.drafts, self.sharing, lang, self._resume_draft)
        self.widget = self._layout()
        self._relabel()
        self._connect()

    def _layout(self) -> w.VBox:
        offers = self.draft_offers
        actions = w.HBox([self.save_state, *self.buttons.values(), *offers.actions, self.language_switch]).add_class("rd-actions")
        header = w.HBox([self.heading, actions]).add_class("rd-header")
        cards = [q.box for q in self.questions.values()]
        body = w.HBox([w.VBox(cards).add_class("rd-questions"), self.results.box]).add_class("rd-body")
        return w.VBox([self.style, header, self.messages, *offers.boxes, self.profile.box, body]).add_class("rd-form")

    def _connect(self) -> None:
        for widget in self._inputs():
            widget.observe(self._on_change, "value")
        self.language_switch.observe(self._on_language, "value")
        for qid, question in self.questions.items():
            question.clear.on_click(functools.partial(self._on_clear, qid))
        actions = {"save": self.save, "new": self.new, "charts": self.export_charts, "slides": self.export_slides}
        for key, action in actions.items():
            self.buttons[key].on_click(functools.partial(self._on_button, action))
        self.profile.name.observe(self._on_name, "value")  # after _on_change: the name's draft is written
        offers = self.draft_offers
        offers.toggle.on_click(functools.partial(self._on_button, self.show_drafts))
        offers.buttons["resume"].on_click(functools.partial(self._on_button, lambda: self._resume_draft(offers.chosen())))
        offers.buttons["close"].on_click(functools.partial(self._on_button, offers.close_list))
        offers.buttons["resume_same"].on_click(functools.partial(self._on_button, lambda: self._resume_draft(offers.offering)))
        offers.buttons["ignore"].on_click(functools.partial(self._on_button, offers.dismiss))

    def _inputs(self) -> list[w.Widget]:
        notes = [q.notes for q in self.questions.values()]
        return [*self.profile.inputs, *(x for q in self.questions.values() for x in q.inputs), *notes]

    def _relabel(self) -> None:
        lang = self.lang
        with self._silenced():
            self.profile.relabel(lang)
            for question in self.questions.values():
                question.relabel(lang)
        self.heading.value = f"<h2>{_esc(text('title', lang))}</h2><div class='rd-sub'>{_esc(pick(self.fw.title, lang))}</div>"
        for key, button in self.buttons.items():
            button.description = text(f"button_{key}", lang)
            button.tooltip = text(f"tip_{key}", lang)
        self.results.relabel(lang)
        self.draft_offers.relabel(lang)

    # ------------------------------------------------------------ callbacks

    @shown_errors
    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self._status = None  # the last action's message no longer describes what is on screen
            self._refresh()

    @shown_errors
    def _on_language(self, change: dict[str, Any]) -> None:
        self.lang = change["new"]
        self._relabel()
        self._refresh()
        self._show_save_state()
        self._render_messages()

    @shown_errors
    def _on_name(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.draft_offers.offer_for(change["new"], self._id, self.lang)

    @shown_errors
    def _on_clear(self, qid: str, button: w.Button) -> None:
        with self._silenced():
            self.questions[qid].show(None, self.lang)  # the notes stay: they are not the answer
        self._refresh()

    @shown_errors
    def _on_button(self, action: Callable[[], Any], button: w.Button) -> None:
        action()

    # ------------------------------------------------------------ widgets -> document -> results

    def _refresh(self, autosave: bool = True) -> None:
        """Read the widgets, validate, score and render; write the draft."""
        document = self._read_document()
        self._assessment, self._document, self._problems = self._validate(document)
        self.outcome = assess(self._assessment, self._peers, self.fw, self.lang, self.k)
        self.results.show(self.outcome, self.lang)
        self._show_question_states()
        self._render_messages()
        if autosave:
            self._autosave()

    def _read_document(self) -> dict[str, Any]:
        notes = {qid: q.notes.value for qid, q in self.questions.items() if q.notes.value.strip()}
        if self.profile.notes.value.strip():
            notes["general"] = self.profile.notes.value
        return {
            "format": FORMAT,
            "id": self._id,
            "framework": self.fw.ref(),
            "client": self.profile.client(),
            "assessed_on": self.profile.day.value.isoformat() if self.profile.day.value else None,
            "consultant": self.profile.consultant.value.strip() or None,
            "language": self.lang,
            "answers": {qid: q.answer() for qid, q in self.questions.items()},
            "notes": notes,
        }

    def _validate(self, document: dict[str, Any]) -> tuple[Assessment, dict[str, Any], tuple[Problem, ...]]:
        """The assessment; fields that fail validation keep their last valid value."""
        try:
            return _lenient(document, self.fw), document, ()
        except ValidationError as exc:
            kept = _keep_last_valid(document, exc.problems, self._document)
            return _lenient(kept, self.fw), kept, exc.problems

    def _show_question_states(self) -> None:
        bad = {p.field.split(".")[0] for p in self._problems}
        blocked = {self._blocker_questions.get(code) for code in self.result.blockers}
        for qid, question in self.questions.items():
            question.show_problem([self._problem_text(p) for p in self._problems if p.field.split(".")[0] == qid])
            score = self.result.dimensions[qid]
            state = "invalid" if qid in bad else "todo" if score is None else "blocker" if qid in blocked else "done"
            question.show_score(score, self.lang, state)
        self.questions["budget"].echo_amount(self._assessment.answers.get("budget"), self.lang)
        self.questions["website"].show_hint(self.lang)

    # ------------------------------------------------------------ starting, resuming, saving

    def _start(self, document: dict[str, Any], saved: bool = False) -> None:
        """Put a document on screen (quietly), then score it."""
        self._id = document["id"]
        self._document = document
        self._saved_document = copy.deepcopy(document) if saved else None
        if document.get("language") in ("fr", "en") and document["language"] != self.lang:
            with self._silenced():
                self.language_switch.value = document["language"]
            self.lang = document["language"]
            self._relabel()
        with self._silenced():
            self.profile.show(document, self.lang)
            for qid, question in self.questions.items():
                question.show((document.get("answers") or {}).get(qid), self.lang)
                question.notes.value = (document.get("notes") or {}).get(qid) or ""
        self._draft_time = None
        self.draft_offers.hide()
        self._refresh(autosave=False)
        self._show_save_state()

    def _blank_document(self, consultant: str | None = None) -> dict[str, Any]:
        blank = new_assessment(language=self.lang, consultant=consultant).to_dict()
        blank["client"]["name"] = ""
        return blank

    def _open(self, resume: str | None) -> None:
        """Resume what was asked for; nothing else (no other client is named unasked)."""
        if resume:
            try:
                self.resume(str(resume))
            except ReadinessError as exc:
                self.show_error(exc)

    def _find(self, key: str) -> tuple[dict[str, Any], str]:
        """The document to resume and where it came from: draft, store or file."""
        if key in ("draft", "latest"):
            drafts = list_drafts(self.drafts)
            if drafts:
                return drafts[0].document, "draft"
            raise NotFoundError("there is no draft to resume")
        draft = find_draft(key, self.drafts)
        if draft:
            return draft.document, "draft"
        path = Path(key)
        if path.suffix == ".json" and path.is_file():
            return Assessment.from_json(path.read_bytes(), self.fw).to_dict(), "file"
        return self._from_store(key).to_dict(), "store"

    def _from_store(self, key: str) -> Assessment:
        """A stored assessment by id, else the latest one of the client with that name."""
        store = self._open_store()
        try:
            return store.get(key)
        except NotFoundError:
            found = store.list(client=key)
        if not found:
            raise NotFoundError(f"resume: no draft, assessment id or client named {key!r} in {store.describe()}")
        return found[-1]

    def _unsaved(self) -> bool:
        """Whether the assessment on screen holds anything not yet in the store."""
        return _has_content(self._document) and self._document != self._saved_document

    def _autosave(self) -> None:
        if self._unsaved():
            save_draft(self._document, self.drafts)
            self._draft_time = datetime.now()
        self._show_save_state()

    def _show_save_state(self) -> None:
        """Beside the buttons: saved in the store, or draft autosaved at what time."""
        if self._saved_document is not None and self._document == self._saved_document:
            state = f"✔ {text('state_saved', self.lang)}"
        elif self._unsaved() and self._draft_time:
            state = f"✎ {text('state_draft', self.lang)} {self._draft_time:%H:%M:%S}"
        else:
            state = ""
        html = f'<span class="rd-muted">{_esc(state)}</span>'
        if self.save_state.value != html:
            self.save_state.value = html

    def _open_store(self) -> Any:
        from .store import open_store

        if getattr(self, "_store", None) is None:
            self._store = open_store(self.store)
        return self._store

    def _load_past(self) -> None:
        """Past assessments for the benchmark, prepared once (the sample when the store is small)."""
        self._past, self._peers = None, None
        try:
            from .benchmark import prepare_peers
            from .portfolio import load_past

            self._past = load_past(self.store, self.k)
            self._peers = prepare_peers(self._past)
        except Exception as exc:  # the form works without comparison; say why there is none
            log.warning("meeting form: no comparison with past clients: %s", exc)
            self._past_error = _one_line(exc)

    def _export_folder(self, assessment: Assessment) -> Path:
        from .slides import safe_name

        return exports_folder(self.exports) / safe_name(assessment.client.name)

    # ------------------------------------------------------------ drafts, when asked for

    def _resume_draft(self, draft: Draft | None) -> None:
        """Resume a draft the consultant chose; a just-started one that only holds the typed name goes."""
        if draft is None:
            return
        stub = self._id if self._only_started() else None
        self.resume(str(draft.path))
        if stub and stub != self._id:
            delete_draft(stub, self.drafts)

    def _only_started(self) -> bool:
        """Whether the assessment on screen holds nothing yet but its profile (no answer, no note)."""
        document = self._document
        return not any(v is not None for v in (document.get("answers") or {}).values()) and not document.get("notes")

    # ------------------------------------------------------------ messages

    def _problem_text(self, problem: Problem) -> str:
        """A bad answer in the consultant's language, naming the field and the value typed."""
        typed = {"budget.annual_amount": self.questions["budget"].amount, "website.bounce_rate": self.questions["website"].bounce}
        if problem.field in typed:
            key = "bad_" + problem.field.split(".")[1]
            return text(key, self.lang).format(field=problem.field, value=typed[problem.field].value.strip())
        return f"{_question_name(self.fw, problem.field, self.lang)} — {problem.message}"

    def _say(self, key: str, kind: str = "ok", **values: Any) -> None:
        self._status = (kind, key, values)
        self._render_messages()

    def _render_messages(self) -> None:
        """The message area, in the current language: bad answers, the last action, warnings."""
        parts = []
        if self._problems:
            lines = [self._problem_text(p) for p in self._problems]
            parts.append(message_html("error", "\n".join([*lines, text("kept_last_valid", self.lang)])))
        if self._status:
            kind, key, values = self._status
            parts.append(message_html(kind, text(key, self.lang).format(**values)))
        if self._past_error:
            parts.append(message_html("warning", f"{text('no_past', self.lang)} ({redact(self._past_error)})"))
        html = "".join(parts)
        if self.messages.value != html:
            self.messages.value = html

    def _silenced(self) -> _Silence:
        return _Silence(self)


class _Silence:
    """While active, widget changes made by the form itself do not re-score or autosave."""

    def __init__(self, form: MeetingForm):
        self.form = form

    def __enter__(self) -> None:
        self.before = self.form._quiet
        self.form._quiet = True

    def __exit__(self, *exc: Any) -> None:
        self.form._quiet = self.before


# ---------------------------------------------------------------- small helpers


def blocker_questions(fw: Framework) -> dict[str, str]:
    """Which question raises each blocker (to mark its card)."""
    found = {}
    for q in fw.questions:
        rule = q.budget or q.website
        codes = [c.blocker for c in q.choices + (q.website.roi if q.website else ())] + [rule.blocker if rule else None]
        found |= {code: q.id for code in codes if code}
    return found


def _lenient(document: dict[str, Any], framework: Framework) -> Assessment:
    """Validate a document whose client name may still be empty (the meeting is under way)."""
    document = without_half_answers(document)
    client = document.get("client") or {}
    if str(client.get("name") or "").strip():
        return Assessment.from_dict(document, framework)
    named = {**document, "client": {**client, "name": NAME_PLACEHOLDER}}
    assessment = Assessment.from_dict(named, framework)
    return replace(assessment, client=replace(assessment.client, name=""))


def _keep_last_valid(document: dict[str, Any], problems: tuple[Problem, ...], last: dict[str, Any]) -> dict[str, Any]:
    """The document with every field named in `problems` put back to its last valid value."""
    kept = copy.deepcopy(document)
    for problem in problems:
        head, _, rest = problem.field.partition(".")
        if head in QUESTION_IDS:
            kept["answers"][head] = copy.deepcopy((last.get("answers") or {}).get(head))
        elif head == "client" and rest:
            kept["client"][rest] = (last.get("client") or {}).get(rest)
        else:
            kept[head] = copy.deepcopy(last.get(head))
    return kept


def _has_content(document: dict[str, Any]) -> bool:
    client = document.get("client") or {}
    answers = document.get("answers") or {}
    return bool(client.get("name") or any(v is not None for v in answers.values()) or document.get("notes"))


def _question_name(fw: Framework, field: str, lang: str) -> str:
    head = field.split(".")[0]
    if head in QUESTION_IDS:
        return pick(fw.question(head).short, lang)
    return text({"client": "client_name", "assessed_on": "date"}.get(head, "form"), lang)


def _typed_number(value: Any, lang: str) -> str:
    """A stored number as a consultant would type it back (`6000`, `48,5` in French, `48.5`)."""
    if not isinstance(value, (int, float)):
        return str(value)
    typed = f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    return typed.replace(".", ",") if lang == "fr" else typed


def _date_or_today(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return date.today()


def _one_line(exc: BaseException) -> str:
    return redact(" ".join(str(exc).split())) or type(exc).__name__


def _esc(value: str) -> str:
    import html

    return html.escape(value, quote=True)


def _plain_text(html_text: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br)[^>]+>", "", html_text))).strip()
