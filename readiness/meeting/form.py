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
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..core.assessment import FORMAT, Assessment, new_assessment
from ..core.benchmark import K_DEFAULT, check_k
from ..core.errors import NotFoundError, Problem, ReadinessError, ValidationError
from ..core.framework import Framework, default_framework
from ..core.framework_model import QUESTION_IDS
from ..core.limits import read_document
from ..core.outcome import ClientOutcome, client_outcome
from ..core.scoring import Result
from ..store.drafts import Draft, delete_draft, find_draft, list_drafts, save_draft, without_half_answers
from ..store.paths import default_store, exports_folder
from ..store.redaction import logger, redact
from ..text.formats import pick
from .cards import QUESTION_CLASSES, Profile, _esc
from .draft_offers import DraftOffers, screen_shared
from .panel import STYLE, ResultsPanel, message_html, summary_text, text

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
        from ..outputs.figures import write_charts

        outcome = self._shown_outcome()
        folder = self._export_folder(outcome.assessment)
        paths = write_charts(outcome, folder, formats=("png",))
        self._say("charts_exported", count=len(paths), folder=folder)
        return paths

    def export_slides(self) -> Path:
        """Write the client's PowerPoint deck next to the charts."""
        from ..outputs.deck import write_deck
        from ..outputs.naming import safe_name

        outcome = self._shown_outcome()
        strict = outcome.assessment
        folder = self._export_folder(strict)
        path = write_deck(outcome, folder / f"{safe_name(strict.client.name)}-{strict.assessed_on.isoformat()}.pptx")
        self._say("deck_exported", path=path)
        return path

    def _shown_outcome(self) -> ClientOutcome:
        """The outcome on screen (same framework, language and k: the exports show what the client saw), named."""
        return replace(self.outcome, assessment=self._named())

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
        self.outcome = client_outcome(self._assessment, self._peers, self.fw, self.lang, self.k)
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
            return Assessment.from_json(read_document(path, "an assessment file"), self.fw).to_dict(), "file"  # bounded, as `readiness score` reads it
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
        from ..store import open_store

        if getattr(self, "_store", None) is None:
            self._store = open_store(self.store)
        return self._store

    def _load_past(self) -> None:
        """Past assessments for the benchmark, prepared once (the sample when the store is small)."""
        self._past, self._peers = None, None
        try:
            from ..core.benchmark import prepare_peers
            from ..store.past import load_past

            self._past = load_past(self.store, self.k, self.fw)
            self._peers = prepare_peers(self._past)
        except Exception as exc:  # the form works without comparison; say why there is none
            log.warning("meeting form: no comparison with past clients: %s", exc)
            self._past_error = _one_line(exc)

    def _export_folder(self, assessment: Assessment) -> Path:
        from ..outputs.naming import safe_name

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


def _one_line(exc: BaseException) -> str:
    return redact(" ".join(str(exc).split())) or type(exc).__name__


def _plain_text(html_text: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br)[^>]+>", "", html_text))).strip()
