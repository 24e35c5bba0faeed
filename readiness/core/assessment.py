"""The assessment record: validation, JSON format v1, and the flat table row.

An assessment holds a client profile, the answers to its framework's questions (unanswered ones
are simply absent), and the consultant's notes. `Assessment.from_dict` checks every field against
the framework the document names (or the one given) and reports every problem at once; `to_dict`
writes format v1. A store reads documents of any framework (`from_stored`): one it does not know
is kept as it is, its answers checked for shape only, so nothing saved is ever lost. Names and notes follow the one rule of
`readiness.core.safetext`, so every store and every output (deck, charts, CSV, XLSX) can carry them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ..text import Text
from .action_plan import ActionItem, read_follows, read_plan
from .client_names import client_key
from .errors import Problem, ValidationError
from .framework import Framework, default_framework, framework_for, shipped_frameworks
from .framework_parser import QUESTION_ID
from .limits import parse_json, shown
from .safetext import name_fault, note_fault, notes_fault, plain_line_breaks

FORMAT = "readiness.assessment/1"
LANGUAGES = ("fr", "en")
GENERAL_NOTE = "general"  # the note about the whole meeting; the others are keyed by question id
_ID_NAMESPACE = uuid.UUID("6b0f7d4e-5c1a-4f5e-9a57-2f1c0e9d6a11")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True)
class Client:
    """Who is assessed: name, industry and size."""

    name: str
    industry: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class Assessment:
    """One client's answers to its framework's questions, at one date. Treat as read-only."""

    id: str
    client: Client
    assessed_on: date
    language: str = "fr"
    consultant: str | None = None
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    framework: dict[str, str] = field(default_factory=lambda: default_framework().ref())
    plan: tuple[ActionItem, ...] = ()  # the action plan agreed in the meeting (optional)
    follows: str | None = None  # the id of the client's previous assessment, for a follow-up (optional)

    @property
    def answered(self) -> tuple[str, ...]:
        """Ids of the questions answered so far (in the framework's order, as read)."""
        return tuple(q for q, answer in self.answers.items() if answer is not None)

    def missing_from(self, framework: Framework) -> tuple[str, ...]:
        """Ids of the framework's questions not answered yet, in its order."""
        return tuple(q for q in framework.question_ids if self.answers.get(q) is None)

    def with_answer(self, qid: str, answer: Mapping[str, Any] | None) -> Assessment:
        """A copy with one answer replaced, in its place (None makes it unanswered again)."""
        answers = {k: dict(answer) if k == qid else v for k, v in self.answers.items() if k != qid or answer is not None}
        if answer is not None and qid not in answers:
            answers[qid] = dict(answer)
        return replace(self, answers=answers)

    def to_dict(self, *, copy: bool = True) -> dict[str, Any]:
        """The assessment as a format v1 document.

        `copy=False` shares the record's answers and notes instead of copying them: quicker, for a
        document that is written out at once and never changed.
        """
        answers = self.answers
        return {
            "format": FORMAT,
            "id": self.id,
            "framework": dict(self.framework) if copy else self.framework,
            "client": {"name": self.client.name, "industry": self.client.industry, "size": self.client.size},
            "assessed_on": self.assessed_on.isoformat(),
            "consultant": self.consultant,
            "language": self.language,
            **({"plan": [item.to_dict() for item in self.plan]} if self.plan else {}),  # (only when there is one:
            **({"follows": self.follows} if self.follows else {}),  # older documents are written back as they were)
            "answers": {q: _plain(a) if copy else a for q, a in answers.items() if a is not None},
            "notes": dict(self.notes) if copy else self.notes,
        }

    def to_json(self) -> str:
        """The assessment as format v1 JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Any, framework: Framework | None = None, row: int | None = None) -> Assessment:
        """Validate a format v1 document against `framework` (default: the shipped framework it names); ValidationError lists every bad field."""
        fw = framework or framework_for(_named_framework(data)) or _unknown(data, row)
        return _Reader(fw, row).assessment(data)

    @classmethod
    def from_stored(cls, data: Any, *frameworks: Framework | None) -> Assessment:
        """A stored document: checked against its framework (one of `frameworks`, else a shipped one), or kept as it is when that framework is unknown here."""
        return _Reader(framework_for(_named_framework(data), *frameworks), None).assessment(data)

    @classmethod
    def from_json(cls, text: str | bytes, framework: Framework | None = None) -> Assessment:
        """Read format v1 JSON text (within the JSON limits of readiness.core.limits)."""
        return cls.from_dict(parse_json(text, "file"), framework)


def new_assessment(name: str = "", language: str = "fr", framework: Framework | None = None, **profile: Any) -> Assessment:
    """A fresh, unanswered assessment dated today with a new id (under `framework`, the shipped one by default)."""
    client = Client(name=name, industry=profile.pop("industry", None), size=profile.pop("size", None))
    ref = (framework or default_framework()).ref()
    return Assessment(id=str(uuid.uuid4()), client=client, assessed_on=date.today(), language=language, framework=ref, **profile)


def _named_framework(data: Any) -> Any:
    """The framework id a document names (a document that names none is of the shipped framework)."""
    ref = data.get("framework") if _is_mapping(data) else None
    if ref is None:
        return default_framework().id
    return ref.get("id") if _is_mapping(ref) else None


def _unknown(data: Any, row: int | None) -> Framework:
    """ValidationError: the document names a framework that is neither given nor shipped."""
    named = _named_framework(data)
    known = ", ".join(shipped_frameworks())
    if named is None:
        return default_framework()  # (a malformed reference: the reader names it)
    raise ValidationError([Problem("framework.id", Text("framework.id must be a framework known here ({known}) or given with --framework, got {value}", known=known, value=_show(named)), row)])


def derived_id(client_name: str, assessed_on: date) -> str:
    """The id of an assessment given without one, from its client and date.

    The same row imported again gets the same id, even after its answers were corrected: the
    store keeps it as a new revision of that assessment instead of a second one. Case, accents
    and spacing of the name do not count ("Café  du Port" and "cafe du port" are one client).
    """
    return _uuid5(f"{client_key(client_name)}\n{assessed_on.isoformat()}")


def _uuid5(text: str) -> str:
    """`str(uuid.uuid5(_ID_NAMESPACE, text))` without making a UUID object (an import makes thousands)."""
    digest = hashlib.sha1(_ID_NAMESPACE.bytes + text.encode("utf-8")).hexdigest()
    variant = "89ab"[int(digest[16], 16) & 3]
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


@dataclass(frozen=True)
class _Codes:
    """What answers are checked against, looked up once per framework rather than per field."""

    kinds: dict[str, str]
    choices: dict[str, tuple[str, ...]]
    goals: dict[str, tuple[str, ...]]
    sizes: tuple[str, ...]
    currency: dict[str, str]
    rates: dict[str, Mapping[str, float]]
    roi: dict[str, tuple[str, ...]]
    note_keys: tuple[str, ...]

    @classmethod
    def of(cls, fw: Framework) -> _Codes:
        """The codes of one framework, question by question."""
        questions = fw.questions
        return cls(
            kinds={q.id: q.kind for q in questions},
            choices={q.id: q.choice_codes for q in questions},
            goals={q.id: tuple(q.goals) for q in questions},
            sizes=fw.sizes,
            currency={q.id: q.budget.currency for q in questions if q.budget},
            rates={q.id: q.budget.rates for q in questions if q.budget},
            roi={q.id: tuple(c.code for c in q.website.roi) for q in questions if q.website},
            note_keys=fw.question_ids + (GENERAL_NOTE,),
        )


_CODES: dict[int, tuple[Framework, _Codes]] = {}


def _codes(fw: Framework) -> _Codes:
    """The framework's codes, cached (frameworks are read-only; the entry keeps its id from being reused)."""
    cached = _CODES.get(id(fw))
    if cached is None or cached[0] is not fw:
        if len(_CODES) > 64:
            _CODES.clear()
        cached = _CODES[id(fw)] = (fw, _Codes.of(fw))
    return cached[1]


class _Reader:
    """Reads one document, collecting every problem before raising."""

    def __init__(self, framework: Framework | None, row: int | None):
        self.fw = framework  # None: a stored document of a framework unknown here, kept as it is
        self.codes = _codes(framework) if framework is not None else None
        self.row = row
        self.problems: list[Problem] = []

    def fail(self, where: str, expected: str, got: Any) -> None:
        self.problems.append(Problem(where, Text("{field} must be {expected}, got {value}", field=where, expected=expected, value=_show(got)), self.row))

    def assessment(self, data: Any) -> Assessment:
        if not _is_mapping(data):
            raise ValidationError([Problem("document", Text("an assessment must be a JSON object, got {value}", value=_show(data)), self.row)])
        fmt = data.get("format", FORMAT)
        if fmt != FORMAT:
            self.fail("format", f'"{FORMAT}"', fmt)
        client = self.client(data.get("client"))
        assessed_on = self.date(data.get("assessed_on"), "assessed_on")
        record = Assessment(
            id=self.ident(data.get("id"), client.name, assessed_on),
            client=client,
            assessed_on=assessed_on,
            language=self.language(data.get("language", "fr")),
            consultant=self.optional_text(data.get("consultant"), "consultant"),
            answers=self.answers(data.get("answers")),
            notes=self.notes(data.get("notes")),
            framework=self.framework_ref(data.get("framework")),
        )
        plan = read_plan(data.get("plan"), self.codes.note_keys[:-1] if self.codes else None, self.fail)
        follows = read_follows(data.get("follows"), record.id, self.fail)
        if plan or follows:
            record = replace(record, plan=plan, follows=follows)
        if self.problems:
            raise ValidationError(self.problems)
        return record

    def ident(self, value: Any, name: str, assessed_on: date) -> str:
        """The id given, or else the one derived from the client and date (see derived_id)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return derived_id(name, assessed_on) if name else ""  # (no name: the record is refused anyway)
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.fail("id", Text("letters, digits, '.', '_' or '-' (at most 128)"), value)
            return ""
        return value

    def client(self, value: Any) -> Client:
        if not _is_mapping(value):
            self.fail("client", Text("an object with name, industry and size"), value)
            return Client("")
        name = value.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail("client.name", Text("a non-empty text"), name)
            name = ""
        elif fault := name_fault(name.strip()):
            self.fail("client.name", fault, name)
            name = ""
        size = value.get("size")
        if self.codes is None and size is not None and not (isinstance(size, str) and QUESTION_ID.fullmatch(size)):
            self.fail("client.size", Text("a size code"), size)
        elif self.codes is not None and size is not None and size not in self.codes.sizes:
            self.fail("client.size", Text("one of {codes}", codes=", ".join(self.codes.sizes)), size)
        return Client(name=name.strip(), industry=self.optional_text(value.get("industry"), "client.industry"), size=size)

    def date(self, value: Any, where: str) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        if self.row is None:
            self.fail(where, Text("a real date written YYYY-MM-DD"), value)
        else:  # a table row: as Excel writes it too
            self.fail(where, Text("a real date written YYYY-MM-DD or DD/MM/YYYY"), value)
        return date.min

    def language(self, value: Any) -> str:
        if value not in LANGUAGES:
            self.fail("language", Text("fr or en"), value)
            return "fr"
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.fail(where, Text("a text"), value)
            return None
        if fault := name_fault(value.strip()):
            self.fail(where, fault, value)
            return None
        return value.strip()

    def framework_ref(self, value: Any) -> dict[str, str]:
        fw = self.fw or default_framework()
        if value is None:
            return fw.ref()
        if not _is_mapping(value) or not isinstance(value.get("id"), str):
            self.fail("framework", Text('an object {{"id": …, "version": …}}'), value)
            return fw.ref()
        if self.fw is not None and value["id"] != self.fw.id:
            self.fail("framework.id", f'"{self.fw.id}"', value["id"])
        elif fault := name_fault(value["id"]):
            self.fail("framework.id", fault, value["id"])
        version = str(value.get("version", fw.version))
        if fault := name_fault(version):
            self.fail("framework.version", fault, version)
            version = fw.version
        return {"id": value["id"], "version": version}

    def notes(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not _is_mapping(value):
            self.fail("notes", Text("an object of texts by question id"), value)
            return {}
        notes = {}
        keys = self.codes.note_keys if self.codes is not None else None
        for key, text in value.items():
            if keys is None and not (isinstance(key, str) and QUESTION_ID.fullmatch(key)):
                self.fail("notes", Text("keyed by question ids and general"), key)
            elif keys is not None and key not in keys:
                self.fail("notes", Text("keyed by {keys}", keys=", ".join(keys)), key)
            elif text is not None and not isinstance(text, str):
                self.fail(f"notes.{key}", Text("a text"), text)
            elif text and (fault := note_fault(plain_line_breaks(text))):
                self.fail(f"notes.{key}", fault, text)
            elif text and text.strip():
                notes[key] = plain_line_breaks(text)
        if notes and (fault := notes_fault(_notes_text(notes))):
            self.fail("notes", fault, _notes_text(notes))
        return notes

    def answers(self, value: Any) -> dict[str, dict[str, Any]]:
        if value is None:
            return {}
        if not _is_mapping(value):
            self.fail("answers", Text("an object keyed by question id"), value)
            return {}
        if self.codes is None:
            return self.answers_as_given(value)
        ids = tuple(self.codes.kinds)
        for key in value:
            if key not in self.codes.kinds:
                self.fail("answers", Text("keyed by {keys}", keys=", ".join(ids)), key)
        answers = {}
        for qid in ids:
            raw = value.get(qid)
            if raw is None:
                continue
            if not _is_mapping(raw):
                self.fail(qid, Text("an object"), raw)
                continue
            answer = _Reader.BY_KIND[self.codes.kinds[qid]](self, qid, raw)
            if answer is not None:
                answers[qid] = answer
        return answers

    def answers_as_given(self, value: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        """The answers of a framework unknown here: objects of plain values under question ids, kept as they are."""
        answers = {}
        for qid, raw in value.items():
            if raw is None:
                continue
            if not (isinstance(qid, str) and QUESTION_ID.fullmatch(qid)):
                self.fail("answers", Text("keyed by question ids"), qid)
            elif not _is_mapping(raw) or not all(_plain_value(v) for v in raw.values()):
                self.fail(qid, Text("an object of texts, numbers and lists of texts"), raw)
            else:
                answers[qid] = _plain(raw)
        return answers

    def answer_choice(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        codes = self.codes.choices[qid]
        code = raw.get("choice")
        if code is None:
            return None  # goals alone do not answer the question
        answer: dict[str, Any] = {}
        if code not in codes:
            self.fail(f"{qid}.choice", Text("one of {codes}", codes=", ".join(codes)), code)
        else:
            answer["choice"] = code
        if self.codes.goals[qid]:
            answer["goals"] = self.goals(qid, raw.get("goals"))
        return answer if "choice" in answer else None

    def goals(self, qid: str, value: Any) -> list[str]:
        allowed = self.codes.goals[qid]
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            self.fail(f"{qid}.goals", Text("a list of {codes}", codes=", ".join(allowed)), value)
            return []
        for goal in value:
            if goal not in allowed:
                self.fail(f"{qid}.goals", Text("a list of {codes}", codes=", ".join(allowed)), goal)
        return list(dict.fromkeys(g for g in value if g in allowed))

    def answer_amount(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        rates = self.codes.rates[qid]
        amount = raw.get("annual_amount")
        currency = raw.get("currency") or self.codes.currency[qid]
        if amount is None:
            return None
        if not _is_number(amount) or amount < 0:
            self.fail(f"{qid}.annual_amount", Text("a number ≥ 0"), amount)
            amount = None
        if currency not in rates:
            self.fail(f"{qid}.currency", Text("one of {codes}", codes=", ".join(rates)), currency)
        if amount is None:
            return None
        return {"annual_amount": _number(amount), "currency": currency}

    def answer_website(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        if "bounce_rate" not in raw and raw.get("roi") is None:
            return None
        rate = raw.get("bounce_rate")
        if rate is not None and (not _is_number(rate) or not 0 <= rate <= 100):
            if self.row is None:  # as a JSON file, or a table row, says it
                self.fail(f"{qid}.bounce_rate", Text("a percentage between 0 and 100, or null when not known"), rate)
            else:
                self.fail(f"{qid}.bounce_rate", Text("a percentage between 0 and 100, or blank or unknown when not known"), rate)
            rate = None  # reported above; keep reading the other fields
        roi = raw.get("roi") or "unknown"
        codes = self.codes.roi[qid]
        if roi not in codes:
            self.fail(f"{qid}.roi", Text("one of {codes}", codes=", ".join(codes)), roi)
        return {"bounce_rate": None if rate is None else _number(rate), "roi": roi}

    BY_KIND = {"choice": answer_choice, "yes_no": answer_choice, "amount": answer_amount, "website": answer_website}  # readers of answers


def _notes_text(notes: Mapping[str, str]) -> str:
    """The notes as the flat table's notes cell holds them (JSON)."""
    return json.dumps(notes, ensure_ascii=False)


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)  # the ABC check alone is slow for plain dicts


def _is_number(value: Any) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def _plain_value(value: Any) -> bool:
    """A value an answer of an unknown framework may hold: text, number, true/false, null, or a list of texts."""
    if value is None or isinstance(value, (str, bool)) or _is_number(value):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _plain(answer: Mapping[str, Any]) -> dict[str, Any]:
    copy = dict(answer)
    for key, value in copy.items():
        if isinstance(value, (list, tuple)):
            copy[key] = list(value)  # a fresh list: the copy shares nothing with the record
    return copy


def _show(value: Any) -> str:
    """A bad value as a message echoes it: at most about 100 characters, nothing a terminal would run."""
    if isinstance(value, str):
        return shown(value)
    if value is None:
        return "nothing"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    try:
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    except (ValueError, TypeError):  # an integer of thousands of digits, or what JSON cannot write
        text = f"a {type(value).__name__} too large to show"
    return shown(text, 80)[1:-1]
