"""The live meeting form: the client profile and the framework's questions as widgets, results beside them.

    form = meeting_form(language="fr", store=None, resume=None, framework="social-media-2026")
    form                      # in a notebook (or Voilà): shows the form

The form only binds widgets to a MeetingSession (readiness.meeting.session), which holds every
rule of the meeting: on every change the widgets become a document, the session checks, scores
and drafts it, and the form shows what the session says (results panel, question cards, messages).
The screen is shared with the client: the form names no other client unless the consultant asks
("Drafts…", absent from the Voilà app, and the typed client's own draft: meeting.draft_offers).
An unanswered question stays unanswered: no choice widget starts on a real answer. Errors inside
callbacks are shown in the message area and logged, never swallowed.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.assessment import FORMAT, Assessment
from ..core.benchmark import K_DEFAULT
from ..core.errors import Problem
from ..core.framework import Framework
from ..core.outcome import ClientOutcome
from ..core.scoring import Result
from ..text import N_, t
from ..text.formats import pick
from .cards import QUESTION_CLASSES, BudgetQuestion, Profile, WebsiteQuestion, _esc
from .draft_offers import DraftOffers, screen_shared
from .panel import ResultsPanel, message_html
from .plan_editor import PlanEditor
from .session import TYPED_NUMBERS, MeetingSession
from .style import STYLE
from .texts import summary_text

LANGUAGES = (("FR", "fr"), ("EN", "en"))
BUTTONS = {  # label and tip of each button
    "save": (N_("Save"), N_("Save into the assessment store")),
    "new": (N_("New assessment"), N_("Start an empty assessment (this one stays as a draft)")),
    "followup": (N_("New follow-up"), N_("Start the client's next assessment from its last saved one, answers filled in")),
    "charts": (N_("Export charts"), N_("PNG charts at slide size, into exports/")),
    "slides": (N_("Export slides"), N_("16:9 PowerPoint deck, into exports/")),
}


def meeting_form(
    language: str = "fr",
    store: str | None = None,
    resume: str | None = None,
    *,
    framework: Framework | str | None = None,
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


class MeetingForm:
    """The meeting form: widgets bound to a MeetingSession, its outcome rendered live."""

    def __init__(
        self,
        language: str = "fr",
        store: str | None = None,
        resume: str | None = None,
        *,
        framework: Framework | str | None = None,
        drafts: str | Path | None = None,
        exports: str | Path | None = None,
        k: int = K_DEFAULT,
        screen_sharing: bool | None = None,
    ):
        sharing = screen_shared() if screen_sharing is None else bool(screen_sharing)
        self.session = MeetingSession(language, store, framework=framework, drafts=drafts, exports=exports, k=k, sharing=sharing)
        self._quiet = False
        self._build_widgets()
        self._show_document()
        if resume:  # what was asked for; nothing else (no other client is named unasked)
            self._act(lambda: self.session.resume(str(resume)))

    # ------------------------------------------------------------ what the session holds

    fw = property(lambda self: self.session.fw, doc="The framework the questions come from.")
    k = property(lambda self: self.session.k, doc="The smallest peer group ever shown.")
    lang = property(lambda self: self.session.lang, doc="The language on screen (fr or en).")
    store = property(lambda self: self.session.store, doc="The store saved into.")
    drafts = property(lambda self: self.session.drafts, doc="The drafts folder (None: the default one).")
    exports = property(lambda self: self.session.exports, doc="The exports folder (None: the default one).")
    sharing = property(lambda self: self.session.sharing, doc="Whether the screen is shared (the Voilà app).")

    @property
    def assessment(self) -> Assessment:
        """The assessment on screen (client name may still be empty; see `save`)."""
        return self.session.assessment

    @property
    def document(self) -> dict[str, Any]:
        """The assessment on screen as a format v1 document, as written to the draft."""
        import copy

        return copy.deepcopy(self.session.document)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What is wrong with the answers typed right now (the last valid answers are kept)."""
        return self.session.problems

    @property
    def outcome(self) -> ClientOutcome:
        """What the results panel shows."""
        return self.session.outcome

    @property
    def result(self) -> Result:
        """The score of the assessment on screen (provisional while questions are missing)."""
        return self.session.result

    @property
    def message(self) -> str:
        """The text of the message area (what a consultant sees)."""
        return _plain_text(self.messages.value)

    def summary(self) -> str:
        """The result in a few lines of text (also the form's plain-text representation)."""
        return summary_text(self.fw, self.outcome, self.lang)

    # ------------------------------------------------------------ what the buttons do

    def set_language(self, language: str) -> None:
        """Relabel everything in `language` (fr or en), keeping every answer."""
        self.language_switch.value = language

    def save(self) -> Assessment:
        """Save the assessment to the store (a new revision if it was saved before); clear the draft."""
        self._name_first()
        try:
            saved = self.session.save()
            if self.plan.unfinished():  # never "saved" in silence while rows on screen are not in the plan
                self.session.say(N_("Saved, except the action plan rows with no action typed ({n}): type what will be done, or remove them."),
                                 kind="warning", n=self.plan.unfinished())  # fmt: skip
            return saved
        finally:
            self._show_state()

    def new(self) -> None:
        """Start an empty assessment; the one on screen is kept as a draft if not saved."""
        self.session.new()
        self._show_document()

    def new_follow_up(self) -> None:
        """Start the typed client's next assessment from its last saved one (answers and plan filled in, `follows` set)."""
        self._name_first()
        self.session.new_follow_up()
        self._show_document()

    def plan_from_path(self) -> None:
        """Add one action per change of the path to ready to the action plan."""
        self.session.plan_from_path()
        self._show_document()

    def resume(self, key: str) -> None:
        """Open a draft (path or id), a stored assessment (id or JSON file), or a client's latest one."""
        self.session.resume(key)
        self._show_document()

    def show_drafts(self) -> None:
        """List the unsaved drafts (they name other clients: the consultant's choice, never in the app)."""
        self.draft_offers.toggle_list(self.session.id, self.lang)

    def export_charts(self) -> list[Path]:
        """Write the client's charts (PNG at slide sizes) into exports/<client>/."""
        self._name_first()
        try:
            return self.session.export_charts()
        finally:
            self._show_state()

    def export_slides(self) -> Path:
        """Write the client's PowerPoint deck next to the charts."""
        self._name_first()
        try:
            return self.session.export_slides()
        finally:
            self._show_state()

    def _name_first(self) -> None:
        """Put the cursor in the client's name when it is still empty (saving and exporting need it)."""
        if not self.assessment.client.name.strip():
            self.profile.name.focus()

    def show_error(self, exc: BaseException) -> None:
        """Show an error in the message area and log it (with the traceback if unexpected)."""
        self.session.error(exc)
        self._show_state()

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
        self.buttons = {key: w.Button(layout=w.Layout(width="auto")).add_class(f"b-{key}") for key in BUTTONS}
        self.buttons["save"].button_style = "primary"
        self.messages = w.HTML().add_class("rd-messages")
        self.save_state = w.HTML().add_class("rd-save-state")
        self.profile = Profile(self.fw, lang)
        self.questions = {q.id: QUESTION_CLASSES[q.kind](q, n, lang) for n, q in enumerate(self.fw.questions, 1)}
        self.results = ResultsPanel(self.fw, lang)
        self.plan = PlanEditor(self.fw, lang, lambda: self._on_change({}), lambda: self._on_button(self.plan_from_path, None))
        self.draft_offers = DraftOffers(self.drafts, self.sharing, lang, self._resume_draft, framework_id=self.session.fw.id)
        self.widget = self._layout()
        self._relabel()
        self._connect()

    def _layout(self) -> w.VBox:
        offers = self.draft_offers
        actions = w.HBox([self.save_state, *self.buttons.values(), *offers.actions, self.language_switch]).add_class("rd-actions")
        header = w.HBox([self.heading, actions]).add_class("rd-header")
        cards = [q.box for q in self.questions.values()]
        body = w.HBox([w.VBox(cards).add_class("rd-questions"), self.results.box]).add_class("rd-body")
        return w.VBox([self.style, header, self.messages, *offers.boxes, self.profile.box, body, self.plan.box]).add_class("rd-form")

    def _connect(self) -> None:
        for widget in self._inputs():
            widget.observe(self._on_change, "value")
        self.language_switch.observe(self._on_language, "value")
        for qid, question in self.questions.items():
            question.clear.on_click(functools.partial(self._on_clear, qid))
        actions = {"save": self.save, "new": self.new, "followup": self.new_follow_up, "charts": self.export_charts, "slides": self.export_slides}
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
        self.heading.value = f"<h2>{_esc(t('Client meeting', lang))}</h2><div class='rd-sub'>{_esc(pick(self.fw.title, lang))}</div>"
        for key, button in self.buttons.items():
            label, tip = BUTTONS[key]
            button.description, button.tooltip = t(label, lang), t(tip, lang)
        self.results.relabel(lang)
        self.plan.relabel(lang)
        self.draft_offers.relabel(lang)

    # ------------------------------------------------------------ callbacks

    @shown_errors
    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.session.change(self._read_document(), self._typed())
            self._show_outcome()

    @shown_errors
    def _on_language(self, change: dict[str, Any]) -> None:
        self.session.set_language(change["new"])
        self._relabel()
        self._show_outcome()

    @shown_errors
    def _on_name(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.draft_offers.offer_for(change["new"], self.session.id, self.lang)

    @shown_errors
    def _on_clear(self, qid: str, button: w.Button) -> None:
        with self._silenced():
            self.questions[qid].show(None, self.lang)  # the notes stay: they are not the answer
        self._on_change({})

    @shown_errors
    def _on_button(self, action: Callable[[], Any], button: w.Button) -> None:
        action()

    def _act(self, action: Callable[[], Any]) -> None:
        """Run an action of the session and show what follows; an error goes to the message area."""
        try:
            action()
            self._show_document()
        except Exception as exc:  # shown, never swallowed
            self.show_error(exc)

    def _resume_draft(self, draft: Any) -> None:
        self.session.resume_draft(draft)
        self._show_document()

    # ------------------------------------------------------------ widgets <-> session

    def _read_document(self) -> dict[str, Any]:
        """The widgets as a format v1 document (typed text kept where it is not a valid answer yet)."""
        notes = {qid: q.notes.value for qid, q in self.questions.items() if q.notes.value.strip()}
        if self.profile.notes.value.strip():
            notes["general"] = self.profile.notes.value
        engagement = {"plan": self.plan.items(), "follows": self.session.document.get("follows")}
        return {
            "format": FORMAT,
            "id": self.session.id,
            "framework": self.fw.ref(),
            "client": self.profile.client(),
            "assessed_on": self.profile.meeting_date(),
            "consultant": self.profile.consultant.value.strip() or None,
            "language": self.lang,
            "answers": {qid: q.answer() for qid, q in self.questions.items()},
            "notes": notes,
            **{key: value for key, value in engagement.items() if value},  # only when there is a plan, a previous visit
        }

    def _typed(self) -> dict[str, str]:
        """The numbers as typed (`budget.annual_amount`: "quinze mille"), to name them in messages."""
        typed = {}
        for qid, card in self.questions.items():
            boxes = {"annual_amount": getattr(card, "amount", None), "bounce_rate": getattr(card, "bounce", None)}
            typed |= {f"{qid}.{part}": box.value.strip() for part, box in boxes.items() if box is not None and part in TYPED_NUMBERS}
        return typed

    def _show_document(self) -> None:
        """Put the session's document in the widgets (quietly), then its outcome."""
        document = self.session.document
        if self.language_switch.value != self.lang:
            with self._silenced():
                self.language_switch.value = self.lang
            self._relabel()
        with self._silenced():
            self.profile.show(document, self.lang)
            for qid, question in self.questions.items():
                question.show((document.get("answers") or {}).get(qid), self.lang)
                question.notes.value = (document.get("notes") or {}).get(qid) or ""
            self.plan.show(document.get("plan") or [], self.lang, document.get("id"))
        self.draft_offers.hide()
        self._show_outcome()

    def _show_outcome(self) -> None:
        """The results panel, the cards' states and the messages, as the session says."""
        self.results.show(self.outcome, self.lang)
        for qid, (score, state, problems) in self.session.question_states().items():
            self.questions[qid].show_problem(problems)
            self.questions[qid].show_score(score, self.lang, state)
        self.profile.say_date(self.lang)
        for qid, card in self.questions.items():
            if isinstance(card, BudgetQuestion):
                card.echo_amount(self.assessment.answers.get(qid), self.lang)
            elif isinstance(card, WebsiteQuestion):
                card.show_hint(self.lang)
        self._show_state()

    def _show_state(self) -> None:
        """The message area and the save state beside the buttons."""
        messages = "".join(message_html(kind, message) for kind, message in self.session.messages())
        if self.messages.value != messages:
            self.messages.value = messages
        state = f'<span class="rd-muted">{_esc(self.session.save_state())}</span>'
        if self.save_state.value != state:
            self.save_state.value = state

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


def _plain_text(html_text: str) -> str:
    return html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br)[^>]+>", "", html_text))).strip()
