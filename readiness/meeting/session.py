"""Everything the meeting does, without widgets: the document on screen, its outcome, drafts, save and exports.

    session = MeetingSession(language="fr", store=None)
    session.change(document)          # what a widget change does: validate leniently, score, autosave
    session.outcome                   # what the results panel shows (readiness.core.outcome)
    session.save(); session.export_slides(); session.new(); session.resume("Boulangerie Tremblay")

The form (readiness.meeting.form) only binds widgets to a session: it turns widget state into a
document and shows what the session says. The rules live here, tested without ipywidgets:

- an unanswered question stays unanswered; the client's name may be empty while the meeting goes
  on (it is needed to save or export); the website counts once both its parts are answered;
- a bad value (a negative budget, a bounce rate of 140) is named and the last valid answer kept;
- every change writes a draft (readiness.store.drafts) once there is an answer or a note, so a
  crashed kernel loses nothing; saving to the store deletes it; New keeps the unsaved assessment as a draft, naming nobody on screen;
- exports render the outcome on screen: same framework, language and k as what the client saw.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.assessment import LANGUAGES, Assessment, new_assessment
from ..core.benchmark import K_DEFAULT, check_k
from ..core.errors import NotFoundError, Problem, ReadinessError, ValidationError
from ..core.framework import Framework
from ..core.limits import cut, read_document
from ..core.outcome import ClientOutcome, client_outcome
from ..sheets.framework_book import open_framework
from ..store.drafts import Draft, delete_draft, find_draft, holds_work, list_drafts, save_draft, without_half_answers
from ..store.paths import default_store, exports_folder
from ..store.redaction import logger, redact
from ..text import N_, Text, render, t
from ..text.formats import pick

log = logger(__name__)
NAME_PLACEHOLDER = "\u2014"  # stands in for a client name not typed yet, so the rest can be scored
TYPED_NUMBERS = {  # the parts of an answer typed as text, named in messages with the text as typed
    "annual_amount": N_("Annual budget: \"{value}\" is not a valid amount; it must be a number ≥ 0."),
    "bounce_rate": N_("Bounce rate: \"{value}\" is not a percentage between 0 and 100; tick \"Unknown\" if it is not measured."),
}
RESUMED = {"draft": N_("Draft resumed: {name}."), "store": N_("Assessment opened: {name} (saving it makes a new revision)."), "file": N_("Assessment opened from the file: {name}.")}
FIELD_NAMES = {"client": N_("Client"), "assessed_on": N_("Meeting date")}
PLAN_FIELDS = {"question": N_("question"), "action": N_("action"), "owner": N_("owner"), "due": N_("due date"), "status": N_("status")}
FORM = N_("Form")


class MeetingSession:
    """One meeting: the assessment on screen as a document, validated leniently, scored, drafted, saved, exported."""

    def __init__(
        self,
        language: str = "fr",
        store: str | None = None,
        *,
        framework: Framework | str | None = None,
        drafts: str | Path | None = None,
        exports: str | Path | None = None,
        k: int = K_DEFAULT,
        sharing: bool = False,
    ):
        if language not in LANGUAGES:
            raise ValidationError([Problem("language", f"language must be fr or en, got {language!r}")])
        self.k = check_k(k)
        self.fw = open_framework(framework)  # an id, a file, or None: $READINESS_FRAMEWORK, else social-media-5q
        self.lang = language
        self.store = default_store(store)
        self.drafts, self.exports, self.sharing = drafts, exports, sharing
        self.status: tuple[str, str, dict[str, Any]] | None = None  # (kind, message, values): the last action
        self.past_error: BaseException | None = None
        self.problems: tuple[Problem, ...] = ()
        self.typed: dict[str, str] = {}
        self.draft_time: datetime | None = None
        self.saved_document: dict[str, Any] | None = None
        self._store: Any = None
        self.history: list[Assessment] = []  # the client's stored assessments, for a follow-up's progress
        self.past, self.peers = self._load_past()
        self.start(self.blank_document())

    # ------------------------------------------------------------ what is on screen

    @property
    def result(self) -> Any:
        """The score of the assessment on screen (provisional while questions are missing)."""
        return self.outcome.result

    def change(self, document: dict[str, Any], typed: dict[str, str] | None = None) -> None:
        """What a change on screen does: the last message goes, the document is checked and scored, its draft written."""
        self.status = None
        self.update(document, typed)
        self.autosave()

    def update(self, document: dict[str, Any], typed: dict[str, str] | None = None) -> None:
        """Check the document leniently (bad fields keep their last valid value) and score it."""
        self.typed = dict(typed or {})
        early = half_answer_problems(document, self.fw)  # a bad bounce rate is said as it is typed, not once the rest is chosen
        if early:
            document = keep_last_valid(document, early, self.document, self.fw)
        try:
            self.assessment, self.document, self.problems = lenient(document, self.fw), document, early
        except ValidationError as exc:
            kept = keep_last_valid(document, exc.problems, self.document, self.fw)
            self.assessment, self.document, self.problems = lenient(kept, self.fw), kept, early + tuple(exc.problems)
        self.outcome = client_outcome(self.assessment, self.peers, self.fw, self.lang, self.k, self.history)

    def start(self, document: dict[str, Any], saved: bool = False) -> None:
        """Put a document on screen (its language too), scored, without writing a draft."""
        self.id = document["id"]
        self.document = document
        self.saved_document = copy.deepcopy(document) if saved else None
        if document.get("language") in LANGUAGES:
            self.lang = document["language"]
        self.draft_time = None
        self.history = self._history_of(document)
        self.update(document)

    def set_language(self, language: str) -> None:
        """Speak `language` (fr or en) from now on; the answers stay, the recommendations follow."""
        self.lang = language
        self.update({**self.document, "language": language}, self.typed)

    def blank_document(self, consultant: str | None = None) -> dict[str, Any]:
        """A new, unanswered assessment dated today under the session's framework, without a client name yet."""
        blank = new_assessment(language=self.lang, framework=self.fw, consultant=consultant).to_dict()
        blank["client"]["name"] = ""
        return blank

    # ------------------------------------------------------------ new, resume, save, export

    def new(self) -> None:
        """Start an empty assessment; the one on screen is kept as a draft if not saved (and not named here)."""
        kept = self.unsaved()
        if kept:
            self.autosave()
        self.start(self.blank_document(consultant=self.document.get("consultant")))
        if not kept:
            self.say(N_("New assessment."))
        elif self.sharing:
            self.say(N_("New assessment. The previous one is kept as a draft (type the client's name again to resume it)."))
        else:
            self.say(N_("New assessment. The previous one is kept as a draft (\"Drafts…\" to resume it)."))

    def new_follow_up(self) -> None:
        """Start the client's next assessment from its last saved one: answers and plan pre-filled, `follows` set."""
        from ..store.history import latest_of

        name = self.assessment.client.name.strip()
        if not name:
            raise ReadinessError(t("Type the client's name first (at the top, \"Client\" field).", self.lang))
        previous = latest_of(self.open_store(), name)
        if previous is None:
            raise NotFoundError(t("No saved assessment of {name} to follow up: save this one first.", self.lang, name=name))
        if self.unsaved():
            self.autosave()
        following = follow_up_document(previous, self.fw, self.document.get("consultant"))
        self.start({**following, "language": self.lang})  # (the language on screen stays: the consultant chose it; the switch changes it)
        self.say(N_("Follow-up of {name}: the answers of {date} are filled in; change what has changed."), name=previous.client.name,
                 date=previous.assessed_on.isoformat())  # fmt: skip

    def plan_from_path(self) -> None:
        """Add the path to ready to the action plan: one open item per change whose question has no open item yet."""
        path = self.outcome.path
        if path is None or not path.changes:
            self.say(N_("Nothing to add: the path to ready needs a complete assessment that is not ready yet."))
            return
        plan = list(self.document.get("plan") or [])
        planned = {item.get("question") for item in plan if item.get("status") != "done"}
        added = [{"question": s.question, "action": s.description, "owner": None, "due": None, "status": "open"} for s in path.changes if s.question not in planned]
        self.change({**self.document, "plan": plan + added}, self.typed)
        if added:
            self.say(N_("Actions added from the path to ready: {n}."), n=len(added))
        else:
            self.say(N_("Nothing added: each question of the path to ready already has an open action (edit it if the target changed)."))

    def _history_of(self, document: dict[str, Any]) -> list[Assessment]:
        """The client's stored assessments when the document is a follow-up (none otherwise, or without a store)."""
        from ..store.history import client_assessments

        name = str((document.get("client") or {}).get("name") or "").strip()
        if not document.get("follows") or not name:
            return []
        try:
            return client_assessments(self.open_store(), name)
        except ReadinessError as exc:  # the follow-up goes on without its progress; say why
            log.warning("meeting form: no progress shown: %s", exc)
            return []

    def resume(self, key: str) -> None:
        """Open a draft (path or id), a stored assessment (id or JSON file), or a client's latest one."""
        if self.unsaved():
            self.autosave()
        document, source = self.find(key)
        self.start(document, saved=source == "store")
        self.say(RESUMED[source], name=self.assessment.client.name or t("(no name)", self.lang))

    def resume_draft(self, draft: Draft | None) -> None:
        """Resume a draft the consultant chose; a just-started one that only holds the typed name goes."""
        if draft is None:
            return
        stub = self.id if self.only_started() else None
        self.resume(str(draft.path))
        if stub and stub != self.id:
            delete_draft(stub, self.drafts)

    def save(self) -> Assessment:
        """Save the assessment to the store (a new revision if it was saved before); delete its draft."""
        strict = self.named()
        self._check_follow_up_date(strict)
        self.open_store().save(strict)
        self.saved_document = copy.deepcopy(self.document)
        delete_draft(strict.id, self.drafts)
        self.say(N_("Saved: {name} ({answered} / {total} questions)."), name=strict.client.name, answered=len(strict.answered), total=len(self.fw.questions))
        return strict

    def _check_follow_up_date(self, a: Assessment) -> None:
        """A follow-up is dated after the assessment it follows (a date typed wrong would turn the client's progress around)."""
        if not a.follows:
            return
        before = next((p for p in self._history_of(self.document) if p.id == a.follows), None)
        if before is not None and a.assessed_on < before.assessed_on:
            message = Text("the meeting date {date} is before the assessment it follows ({previous}): check the date",
                           date=a.assessed_on.isoformat(), previous=before.assessed_on.isoformat())  # fmt: skip
            raise ValidationError([Problem("assessed_on", message)])

    def export_charts(self) -> list[Path]:
        """Write the charts on screen (PNG at slide sizes) into exports/<client>/."""
        from ..outputs.figures import write_charts

        outcome = self.shown_outcome()
        folder = self.export_folder(outcome.assessment)
        paths = write_charts(outcome, folder, formats=("png",))
        self.say(N_("{count} charts exported to {folder}."), count=len(paths), folder=folder)
        return paths

    def export_slides(self) -> Path:
        """Write the deck of what is on screen next to the charts (on the agency's template, if agency.toml names one)."""
        from ..outputs.branding import load_branding
        from ..outputs.deck import write_deck
        from ..outputs.naming import file_stem

        outcome = self.shown_outcome()
        path = write_deck(outcome, self.export_folder(outcome.assessment) / f"{file_stem(outcome.assessment)}.pptx",
                          template=load_branding().deck_template)  # fmt: skip
        self.say(N_("Deck exported: {path}."), path=path)
        return path

    def shown_outcome(self) -> ClientOutcome:
        """The outcome on screen (same framework, language and k: the exports show what the client saw), named."""
        return replace(self.outcome, assessment=self.named())

    def named(self) -> Assessment:
        """The assessment on screen, which must now have the client's name (to save or export it)."""
        refused = next((p for p in self.problems if p.field == "client.name"), None)
        if refused is not None:  # a name is typed, but not one that can be kept (too long, a control character)
            raise ReadinessError(self.problem_text(refused))
        if not self.assessment.client.name.strip():
            raise ReadinessError(t("Type the client's name first (at the top, \"Client\" field).", self.lang))
        return Assessment.from_dict(self.assessment.to_dict(), self.fw)

    def export_folder(self, assessment: Assessment) -> Path:
        """exports/<client>/ (or the exports folder given)."""
        from ..outputs.naming import safe_name

        return exports_folder(self.exports) / safe_name(assessment.client.name)

    # ------------------------------------------------------------ drafts and the store

    def unsaved(self) -> bool:
        """Whether the assessment on screen holds anything not yet in the store."""
        return holds_work(self.document) and self.document != self.saved_document

    def only_started(self) -> bool:
        """Whether the assessment on screen holds nothing yet but its profile (no answer, no note)."""
        return not any(v is not None for v in (self.document.get("answers") or {}).values()) and not self.document.get("notes")

    def autosave(self) -> None:
        """Write the draft of what is on screen if it holds unsaved work; one left with nothing but a profile goes.

        A name typed alone is no draft: it would stand, empty, beside the client's real draft.
        """
        if self.unsaved():
            save_draft(self.document, self.drafts)
            self.draft_time = datetime.now()
        elif not holds_work(self.document) and delete_draft(self.id, self.drafts):
            self.draft_time = None

    def find(self, key: str) -> tuple[dict[str, Any], str]:
        """The document to resume and where it came from: draft, store or file."""
        if key in ("draft", "latest"):
            drafts = list_drafts(self.drafts)
            if drafts:
                return drafts[0].document, "draft"
            raise NotFoundError(Text("there is no draft to resume"))
        draft = find_draft(key, self.drafts)
        if draft:
            return draft.document, "draft"
        path = Path(key)
        if path.suffix == ".json" and path.is_file():  # bounded, as `readiness score` reads it
            return Assessment.from_json(read_document(path, N_("an assessment file")), self.fw).to_dict(), "file"
        return self.from_store(key).to_dict(), "store"

    def from_store(self, key: str) -> Assessment:
        """A stored assessment by id, else the latest one of the client with that name."""
        store = self.open_store()
        try:
            return store.get(key)
        except NotFoundError:
            found = store.list(client=key)
        if not found:
            raise NotFoundError(Text("resume: no draft, assessment id or client named {key} in {store}", key=repr(key), store=store.describe()))
        return found[-1]

    def open_store(self) -> Any:
        """The store, opened once."""
        from ..store import open_store

        if self._store is None:
            self._store = open_store(self.store, self.fw)  # (saving checks answers against the form's framework, any file)
        return self._store

    def _load_past(self) -> tuple[Any, Any]:
        """Past assessments for the benchmark, scored under the framework and prepared once (the sample when the store is small)."""
        try:
            from ..core.benchmark import prepare_peers
            from ..store.past import load_past

            past = load_past(self.store, self.k, self.fw)
            return past, prepare_peers(past)
        except Exception as exc:  # the meeting goes on without comparison; say why there is none
            log.warning("meeting form: no comparison with past clients: %s", exc)
            self.past_error = exc
            return None, None

    # ------------------------------------------------------------ what the consultant is told

    def say(self, message: str, kind: str = "ok", **values: Any) -> None:
        """Keep the message of the last action (a catalogue message, shown in the language of the moment until the next change)."""
        self.status = (kind, message, values)

    def error(self, exc: BaseException) -> None:
        """An error becomes the message, logged (with its traceback when unexpected)."""
        if isinstance(exc, ReadinessError):
            log.warning("meeting form: %s", exc)
            self.say(N_("Could not do it: {detail}"), detail=exc, kind="error")  # (in the language of the moment)
        else:
            log.exception("meeting form: unexpected error")
            self.say(N_("Unexpected error (details in the log): {detail}"), detail=redact(f"{type(exc).__name__}: {exc}"), kind="error")

    def messages(self) -> list[tuple[str, str]]:
        """(kind, text) of each message, in the session's language: bad answers, the last action, warnings."""
        found = []
        if self.problems:
            lines = [self.problem_text(p) for p in self.problems]
            found.append(("error", "\n".join([*lines, t("The last valid answer is kept.", self.lang)])))
        if self.status:
            kind, message, values = self.status
            values = {k: one_line(v, self.lang) if isinstance(v, BaseException) else v for k, v in values.items()}
            found.append((kind, t(message, self.lang, **values)))
        if self.past_error:
            found.append(("warning", f"{t('Comparison with past clients unavailable', self.lang)} ({one_line(self.past_error, self.lang)})"))
        return found

    def problem_text(self, problem: Problem) -> str:
        """A bad answer in the consultant's language, naming the field and the value typed."""
        part = problem.field.partition(".")[2]
        if part in TYPED_NUMBERS and problem.field in self.typed:
            return t(TYPED_NUMBERS[part], self.lang, value=cut(self.typed[problem.field]))
        name = question_name(self.fw, problem.field, self.lang)
        message = problem.message
        if isinstance(message, Text) and message.values.get("field") == problem.field:  # named as on screen, not by its path
            return render(message.with_values(field=name), self.lang)
        return f"{name} — {render(message, self.lang)}"

    def save_state(self) -> str:
        """Saved in the store, or draft autosaved at what time (empty when neither)."""
        if self.saved_document is not None and self.document == self.saved_document:
            return f"✔ {t('Saved in the store', self.lang)}"
        if self.unsaved() and self.draft_time:
            return f"✎ {t('Draft autosaved at', self.lang)} {self.draft_time:%H:%M:%S}"
        return ""

    def question_states(self) -> dict[str, tuple[float | None, str, list[str]]]:
        """Per question: its score, its state and what is wrong with what was typed.

        The states: todo, invalid, blocker, risk (the answer raises a risk), weak (under the "not ready"
        line), fair, strong (at the "ready" line or above). Only a strong answer earns a check mark.
        """
        bad = {p.field.split(".")[0] for p in self.problems}
        blocked = {self.fw.issue_sources.get(code) for code in self.result.blockers}
        risky = {self.fw.issue_sources.get(code) for code in self.result.risks}
        states = {}
        for qid in (q.id for q in self.fw.questions):
            score = self.result.dimensions[qid]
            state = "invalid" if qid in bad else "todo" if score is None else "blocker" if qid in blocked else "risk" if qid in risky else answer_strength(self.fw, score)
            states[qid] = (score, state, [self.problem_text(p) for p in self.problems if p.field.split(".")[0] == qid])
        return states


# ---------------------------------------------------------------- the rules of a document under way


def lenient(document: dict[str, Any], framework: Framework) -> Assessment:
    """Validate a document whose client name may still be empty (the meeting is under way)."""
    document = without_half_answers(document, framework)
    client = document.get("client") or {}
    if str(client.get("name") or "").strip():
        return Assessment.from_dict(document, framework)
    named = {**document, "client": {**client, "name": NAME_PLACEHOLDER}}
    assessment = Assessment.from_dict(named, framework)
    return replace(assessment, client=replace(assessment.client, name=""))


def follow_up_document(previous: Assessment, framework: Framework, consultant: str | None) -> dict[str, Any]:
    """A new document for the client's next meeting: the previous answers, profile and plan, dated today, following it."""
    import uuid
    from datetime import date

    document = previous.to_dict()
    if previous.framework.get("id") != framework.id:  # a client first seen under another framework: what this one can read
        from ..core.crossing import readable_answers

        document["answers"] = readable_answers(previous, framework)[0]
        document["plan"] = [i for i in document.get("plan", []) if i["question"] is None or framework.has_question(i["question"])]
    document.update(id=str(uuid.uuid4()), assessed_on=date.today().isoformat(), follows=previous.id, notes={}, framework=framework.ref())
    document["consultant"] = consultant or previous.consultant
    return document


def half_answer_problems(document: dict[str, Any], framework: Framework) -> tuple[Problem, ...]:
    """Problems of a bounce rate typed before the website's other half is chosen (that half answer is not scored yet)."""
    answers = document.get("answers") or {}
    found: list[Problem] = []
    for q in framework.questions:
        answer = answers.get(q.id)
        if q.kind != "website" or not isinstance(answer, dict) or answer.get("roi") is not None or answer.get("bounce_rate") is None:
            continue
        probe = {**document, "answers": {**answers, q.id: {**answer, "roi": q.website.roi[0].code}}}  # (any roi: only the rate is checked)
        try:
            lenient(probe, framework)
        except ValidationError as exc:
            found += [p for p in exc.problems if p.field == f"{q.id}.bounce_rate"]
    return tuple(found)


def keep_last_valid(document: dict[str, Any], problems: tuple[Problem, ...], last: dict[str, Any], framework: Framework) -> dict[str, Any]:
    """The document with every field named in `problems` put back to its last valid value (only that part of an answer)."""
    kept = copy.deepcopy(document)
    for problem in problems:
        head, _, rest = problem.field.partition(".")
        head = head.split("[")[0]  # plan[2].action: the plan as it last was
        before = (last.get("answers") or {}).get(head)
        if framework.has_question(head) and rest and isinstance(kept["answers"].get(head), dict) and rest in kept["answers"][head]:
            if isinstance(before, dict) and rest in before:
                kept["answers"][head][rest] = copy.deepcopy(before[rest])
            else:  # never valid yet: left out (a bounce rate set to None would read as "unknown")
                del kept["answers"][head][rest]
        elif framework.has_question(head):
            kept["answers"][head] = copy.deepcopy(before)
        elif head == "client" and rest:
            kept["client"][rest] = (last.get("client") or {}).get(rest)
        else:
            kept[head] = copy.deepcopy(last.get(head))
    return kept


def answer_strength(fw: Framework, score: float) -> str:
    """`strong` from the framework's "ready" line, `weak` under its "not ready" line, else `fair`."""
    return "strong" if score >= fw.ready_at else "weak" if score < fw.conditional_at else "fair"


def question_name(fw: Framework, field: str, lang: str) -> str:
    """The question (or profile field, or action of the plan) a problem is about, as the form names it."""
    head, _, part = field.partition(".")
    if fw.has_question(head):
        return pick(fw.question(head).short, lang)
    if (item := re.fullmatch(r"plan\[(\d+)\]", head)) is not None:
        return t("Action plan, action {n}: {field}", lang, n=int(item.group(1)) + 1, field=t(PLAN_FIELDS.get(part, N_("action")), lang))
    return t(FIELD_NAMES.get(head, FORM), lang)


def one_line(exc: BaseException, lang: str = "en") -> str:
    """An error on one line, in `lang` where it is a catalogue message, any password hidden."""
    text = exc.text(lang) if isinstance(exc, ReadinessError) else str(exc)
    return redact(" ".join(text.split())) or type(exc).__name__
