"""The assessment record: validation, JSON format v1, and the flat table row.

An assessment holds a client profile, the answers to the five questions (unanswered ones are
simply absent), and the consultant's notes. `Assessment.from_dict` checks every field and
reports every problem at once; `to_dict` writes format v1. Names and notes follow the one rule of
`readiness.safetext`, so every store and every output (deck, charts, CSV, XLSX) can carry them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .errors import Problem, ValidationError
from .framework import QUESTION_IDS, Framework, default_framework
from .limits import parse_json, shown
from .safetext import name_fault, note_fault, notes_fault, plain_line_breaks

FORMAT = "readiness.assessment/1"
LANGUAGES = ("fr", "en")
NOTE_KEYS = QUESTION_IDS + ("general",)
FLAT_COLUMNS = (
    "id", "client_name", "industry", "size", "assessed_on", "consultant", "language",
    "objectives", "goals", "content", "champion", "budget_annual", "currency",
    "bounce_rate", "website_roi", "notes",
)  # fmt: skip
UNKNOWN_WORDS = {"unknown", "inconnu", "inconnue", "?", "n/a", "na", "nd", "n/d"}
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
    """One client's answers to the five questions, at one date. Treat as read-only."""

    id: str
    client: Client
    assessed_on: date
    language: str = "fr"
    consultant: str | None = None
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    framework: dict[str, str] = field(default_factory=lambda: default_framework().ref())

    @property
    def answered(self) -> tuple[str, ...]:
        """Ids of the questions answered so far, in framework order."""
        return tuple(q for q in QUESTION_IDS if self.answers.get(q) is not None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Ids of the questions not answered yet."""
        return tuple(q for q in QUESTION_IDS if self.answers.get(q) is None)

    def with_answer(self, qid: str, answer: Mapping[str, Any] | None) -> Assessment:
        """A copy with one answer replaced (None makes it unanswered again)."""
        answers = {k: v for k, v in self.answers.items() if k != qid}
        if answer is not None:
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
            "answers": {q: _plain(answers[q]) if copy else answers[q] for q in QUESTION_IDS if answers.get(q) is not None},
            "notes": dict(self.notes) if copy else self.notes,
        }

    def to_json(self) -> str:
        """The assessment as format v1 JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Any, framework: Framework | None = None, row: int | None = None) -> Assessment:
        """Validate a format v1 document; raise ValidationError listing every bad field."""
        return _Reader(framework or default_framework(), row).assessment(data)

    @classmethod
    def from_json(cls, text: str | bytes, framework: Framework | None = None) -> Assessment:
        """Read format v1 JSON text (within the JSON limits of readiness.limits)."""
        return cls.from_dict(parse_json(text, "file"), framework)


def new_assessment(name: str = "", language: str = "fr", **profile: Any) -> Assessment:
    """A fresh, unanswered assessment dated today with a new id."""
    client = Client(name=name, industry=profile.pop("industry", None), size=profile.pop("size", None))
    return Assessment(id=str(uuid.uuid4()), client=client, assessed_on=date.today(), language=language, **profile)


def derived_id(client_name: str, assessed_on: date) -> str:
    """The id of an assessment given without one, from its client and date.

    The same row imported again gets the same id, even after its answers were corrected: the
    store keeps it as a new revision of that assessment instead of a second one. Case, accents
    and spacing of the name do not count ("Café  du Port" and "cafe du port" are one client).
    """
    return _uuid5(f"{client_key(client_name)}\n{assessed_on.isoformat()}")


def client_key(name: str | None) -> str:
    """A client's name as compared: without case, accents, ligatures, curly apostrophes or extra spaces.

    "Café  de L’Œuvre" and "cafe de l'oeuvre" are one client.
    """
    if not name:
        return ""
    if name.isascii():  # most names: nothing to decompose
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LIGATURES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_LIGATURES = str.maketrans(
    {"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"}
)  # ligatures, and the apostrophes and dashes word processors type (casefold already turned Œ, Æ, ß into œ, æ, ss)


def _uuid5(text: str) -> str:
    """`str(uuid.uuid5(_ID_NAMESPACE, text))` without making a UUID object (an import makes thousands)."""
    digest = hashlib.sha1(_ID_NAMESPACE.bytes + text.encode("utf-8")).hexdigest()
    variant = "89ab"[int(digest[16], 16) & 3]
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Codes:
    """What answers are checked against, looked up once per framework rather than per field."""

    kinds: dict[str, str]
    choices: dict[str, tuple[str, ...]]
    goals: dict[str, tuple[str, ...]]
    sizes: tuple[str, ...]
    currency: str
    rates: Mapping[str, float]
    roi: tuple[str, ...]

    @classmethod
    def of(cls, fw: Framework) -> _Codes:
        """The codes of one framework."""
        questions = [fw.question(q) for q in QUESTION_IDS]
        budget, website = fw.question("budget").budget, fw.question("website").website
        return cls(
            kinds={q.id: q.kind for q in questions},
            choices={q.id: q.choice_codes for q in questions},
            goals={q.id: tuple(q.goals) for q in questions},
            sizes=fw.sizes,
            currency=budget.currency if budget else "CAD",
            rates=budget.rates if budget else {},
            roi=tuple(c.code for c in website.roi) if website else (),
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

    def __init__(self, framework: Framework, row: int | None):
        self.fw = framework
        self.codes = _codes(framework)
        self.row = row
        self.problems: list[Problem] = []

    def fail(self, where: str, expected: str, got: Any) -> None:
        self.problems.append(Problem(where, f"{where} must be {expected}, got {_show(got)}", self.row))

    def assessment(self, data: Any) -> Assessment:
        if not _is_mapping(data):
            raise ValidationError([Problem("document", f"an assessment must be a JSON object, got {_show(data)}", self.row)])
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
        if self.problems:
            raise ValidationError(self.problems)
        return record

    def ident(self, value: Any, name: str, assessed_on: date) -> str:
        """The id given, or else the one derived from the client and date (see derived_id)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return derived_id(name, assessed_on) if name else ""  # (no name: the record is refused anyway)
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.fail("id", "letters, digits, '.', '_' or '-' (at most 128)", value)
            return ""
        return value

    def client(self, value: Any) -> Client:
        if not _is_mapping(value):
            self.fail("client", "an object with name, industry and size", value)
            return Client("")
        name = value.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail("client.name", "a non-empty text", name)
            name = ""
        elif fault := name_fault(name.strip()):
            self.fail("client.name", fault, name)
            name = ""
        size = value.get("size")
        if size is not None and size not in self.codes.sizes:
            self.fail("client.size", f"one of {', '.join(self.codes.sizes)}", size)
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
        written = "YYYY-MM-DD" if self.row is None else "YYYY-MM-DD or DD/MM/YYYY"  # a table row: as Excel writes it
        self.fail(where, f"a real date written {written}", value)
        return date.min

    def language(self, value: Any) -> str:
        if value not in LANGUAGES:
            self.fail("language", "fr or en", value)
            return "fr"
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.fail(where, "a text", value)
            return None
        if fault := name_fault(value.strip()):
            self.fail(where, fault, value)
            return None
        return value.strip()

    def framework_ref(self, value: Any) -> dict[str, str]:
        if value is None:
            return self.fw.ref()
        if not _is_mapping(value) or not isinstance(value.get("id"), str):
            self.fail("framework", 'an object {"id": …, "version": …}', value)
            return self.fw.ref()
        if value["id"] != self.fw.id:
            self.fail("framework.id", f'"{self.fw.id}"', value["id"])
        version = str(value.get("version", self.fw.version))
        if fault := name_fault(version):
            self.fail("framework.version", fault, version)
            version = self.fw.version
        return {"id": value["id"], "version": version}

    def notes(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not _is_mapping(value):
            self.fail("notes", "an object of texts by question id", value)
            return {}
        notes = {}
        for key, text in value.items():
            if key not in NOTE_KEYS:
                self.fail("notes", f"keyed by {', '.join(NOTE_KEYS)}", key)
            elif text is not None and not isinstance(text, str):
                self.fail(f"notes.{key}", "a text", text)
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
            self.fail("answers", "an object keyed by question id", value)
            return {}
        for key in value:
            if key not in QUESTION_IDS:
                self.fail("answers", f"keyed by {', '.join(QUESTION_IDS)}", key)
        answers = {}
        for qid in QUESTION_IDS:
            raw = value.get(qid)
            if raw is None:
                continue
            if not _is_mapping(raw):
                self.fail(qid, "an object", raw)
                continue
            answer = _Reader.BY_KIND[self.codes.kinds[qid]](self, qid, raw)
            if answer is not None:
                answers[qid] = answer
        return answers

    def answer_choice(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        codes = self.codes.choices[qid]
        code = raw.get("choice")
        if code is None:
            return None  # goals alone do not answer the question
        answer: dict[str, Any] = {}
        if code not in codes:
            self.fail(f"{qid}.choice", f"one of {', '.join(codes)}", code)
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
            self.fail(f"{qid}.goals", f"a list of {', '.join(allowed)}", value)
            return []
        for goal in value:
            if goal not in allowed:
                self.fail(f"{qid}.goals", f"a list of {', '.join(allowed)}", goal)
        return list(dict.fromkeys(g for g in value if g in allowed))

    def answer_amount(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        rates = self.codes.rates
        amount = raw.get("annual_amount")
        currency = raw.get("currency") or self.codes.currency
        if amount is None:
            return None
        if not _is_number(amount) or amount < 0:
            self.fail(f"{qid}.annual_amount", "a number ≥ 0", amount)
            amount = None
        if currency not in rates:
            self.fail(f"{qid}.currency", f"one of {', '.join(rates)}", currency)
        if amount is None:
            return None
        return {"annual_amount": _number(amount), "currency": currency}

    def answer_website(self, qid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        if "bounce_rate" not in raw and raw.get("roi") is None:
            return None
        rate = raw.get("bounce_rate")
        if rate is not None and (not _is_number(rate) or not 0 <= rate <= 100):
            unknown = "null" if self.row is None else "blank or unknown"  # as a JSON file, or a table row, says it
            self.fail(f"{qid}.bounce_rate", f"a percentage between 0 and 100, or {unknown} when not known", rate)
            rate = None  # reported above; keep reading the other fields
        roi = raw.get("roi") or "unknown"
        codes = self.codes.roi
        if roi not in codes:
            self.fail(f"{qid}.roi", f"one of {', '.join(codes)}", roi)
        return {"bounce_rate": None if rate is None else _number(rate), "roi": roi}

    BY_KIND = {"choice": answer_choice, "amount": answer_amount, "website": answer_website}  # readers of answers


# ---------------------------------------------------------------- flat table rows


def to_row(assessment: Assessment) -> dict[str, Any]:
    """The assessment as one row of the flat table layout."""
    a = assessment.answers
    budget = a.get("budget") or {}
    website = a.get("website") or {}
    objectives = a.get("objectives") or {}
    return {
        "id": assessment.id,
        "client_name": assessment.client.name,
        "industry": assessment.client.industry,
        "size": assessment.client.size,
        "assessed_on": assessment.assessed_on.isoformat(),
        "consultant": assessment.consultant,
        "language": assessment.language,
        "objectives": objectives.get("choice"),
        "goals": "|".join(objectives.get("goals", [])) or None,
        "content": (a.get("content") or {}).get("choice"),
        "champion": (a.get("champion") or {}).get("choice"),
        "budget_annual": budget.get("annual_amount"),
        "currency": budget.get("currency"),
        "bounce_rate": website.get("bounce_rate"),
        "website_roi": website.get("roi"),
        "notes": _notes_text(assessment.notes) if assessment.notes else None,
    }


def _notes_text(notes: Mapping[str, str]) -> str:
    """The notes as the flat table's notes cell holds them (JSON)."""
    return json.dumps(notes, ensure_ascii=False)


def from_row(row: Mapping[str, Any], framework: Framework | None = None, row_number: int | None = None) -> Assessment:
    """Read one flat-table row (cells as text or numbers); raise ValidationError on bad cells."""
    cells = {k: _cell(row.get(k)) for k in FLAT_COLUMNS}
    problems: list[Problem] = []
    document = {
        "client": {"name": cells["client_name"], "industry": cells["industry"], "size": cells["size"]},
        "assessed_on": _date_cell(cells["assessed_on"]),
        "consultant": cells["consultant"],
        "language": (cells["language"] or "fr").lower(),
        "answers": _row_answers(cells, problems, row_number),
        "notes": _notes_cell(cells["notes"]),
    }
    if cells["id"]:
        document["id"] = cells["id"]
    try:
        record = Assessment.from_dict(document, framework, row=row_number)
    except ValidationError as exc:
        raise ValidationError(problems + list(exc.problems)) from None
    if problems:
        raise ValidationError(problems)
    return record


def _row_answers(cells: Mapping[str, Any], problems: list[Problem], row: int | None) -> dict[str, Any]:
    def number(key: str, where: str) -> Any:
        value = cells[key]
        parsed = parse_number(value)
        if value is not None and parsed is None:
            problems.append(Problem(where, f"{where} must be a number, got {_show(value)}", row))
        return parsed

    answers: dict[str, Any] = {
        "objectives": {"choice": cells["objectives"], "goals": _split_goals(cells["goals"])},
        "content": {"choice": cells["content"]},
        "champion": {"choice": cells["champion"]},
    }
    amount = number("budget_annual", "budget.annual_amount")
    if amount is not None:
        answers["budget"] = {"annual_amount": amount, "currency": cells["currency"]}
    rate_cell = cells["bounce_rate"]
    if rate_cell is not None or cells["website_roi"] is not None:
        unknown = isinstance(rate_cell, str) and rate_cell.strip().lower() in UNKNOWN_WORDS
        rate = None if unknown else number("bounce_rate", "website.bounce_rate")
        answers["website"] = {"bounce_rate": rate, "roi": cells["website_roi"]}
    return answers


def parse_number(value: Any) -> float | None:
    """A number from a cell as people type it: `15 000 $`, `45 %`, `1,5`, `15,000.50`; None if not one."""
    if value is None:
        return None
    if _is_number(value):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f$€%]|CAD|USD|EUR", "", str(value), flags=re.IGNORECASE)
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")  # 15,000 or 15,000.50: comma groups thousands
    elif re.fullmatch(r"[+-]?\d{1,3}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)", text):
        text = text.replace(".", "").replace(",", ".")  # 1.500.000 or 15.000,50 (European); 15.125 stays a decimal
    else:
        text = text.replace(",", ".")  # 1,5: decimal comma
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    return value


def _date_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", value):
        return value[:10]
    return value


def _split_goals(value: Any) -> list[str]:
    if not value:
        return []
    return [g.strip() for g in re.split(r"[|;,]", str(value)) if g.strip()]


def _notes_cell(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    if text.startswith("{"):
        try:
            return parse_json(text, "notes")
        except ValidationError:
            pass
    return {"general": text}


# ---------------------------------------------------------------- many flat rows at once

_SLOW = object()  # a cell the quick path leaves to from_row, which reports its problems exactly
_REPEATED = (str, date, type(None))  # cell types worth converting once per distinct value


def from_columns(columns: Mapping[str, Sequence[Any]], framework: Framework | None = None) -> list[Assessment | None]:
    """Many flat-table rows at once, given by column; None for each row that `from_row` must read.

    A row whose every cell is ordinary gets exactly what `from_row` would give, with each distinct
    cell checked once. A row with any bad or unusual cell is left as None, for `from_row` to read
    or to report with its exact problems.
    """
    size = max((len(values) for values in columns.values()), default=0)
    quick = _QuickRows(framework or default_framework())
    cells = [_converted(columns.get(name), size, convert, name) for name, convert in quick.converters()]
    return [None if _SLOW in row else quick.build(*row) for row in zip(*cells, strict=True)]


def _converted(values: Sequence[Any] | None, size: int, convert: Callable[[Any], Any], name: str) -> list[Any]:
    """`convert` of each cell; each distinct text or date once (spreadsheets repeat them), but for ids and names."""
    if values is None:
        return [convert(None)] * size
    if name in ("id", "client_name"):
        return [convert(v) for v in values]
    known = {v: convert(v) for v in set(values) if type(v) in _REPEATED}
    return [known[v] if type(v) in _REPEATED else convert(v) for v in values]


class _QuickRows:
    """Reads each cell as `from_row` does (or marks it _SLOW), then builds each row's assessment directly."""

    def __init__(self, framework: Framework):
        self.fw = framework
        self.codes = _codes(framework)

    def converters(self) -> list[tuple[str, Callable[[Any], Any]]]:
        """One cell reader per flat column, in FLAT_COLUMNS order (the order `build` takes them)."""
        readers = {"id": self.ident, "client_name": self.name, "industry": self.text, "size": self.size}
        readers |= {"assessed_on": self.day, "consultant": self.text, "language": self.language}
        readers |= {q: self.choice(q) for q in ("objectives", "content", "champion")}
        readers |= {"goals": self.goals, "budget_annual": self.amount, "currency": self.currency}
        readers |= {"bounce_rate": self.rate, "website_roi": self.roi, "notes": self.notes}
        return [(name, readers[name]) for name in FLAT_COLUMNS]

    def ident(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or (isinstance(value, str) and _ID.fullmatch(value)) else _SLOW

    def name(self, value: Any) -> Any:
        value = _cell(value)
        return value if isinstance(value, str) and name_fault(value) is None else _SLOW

    def text(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or (isinstance(value, str) and name_fault(value) is None) else _SLOW

    def size(self, value: Any) -> Any:
        value = _cell(value)
        return value if value is None or value in self.codes.sizes else _SLOW

    def day(self, value: Any) -> Any:
        value = _date_cell(_cell(value))
        return value if isinstance(value, date) else _SLOW

    def language(self, value: Any) -> Any:
        value = _cell(value) or "fr"
        return value.lower() if isinstance(value, str) and value.lower() in LANGUAGES else _SLOW

    def choice(self, qid: str) -> Callable[[Any], Any]:
        codes = self.codes.choices[qid]
        return lambda value: value if (value := _cell(value)) is None or value in codes else _SLOW

    def goals(self, value: Any) -> Any:
        """The goals as the answer keeps them (each once, in order)."""
        listed = _split_goals(_cell(value))
        allowed = self.codes.goals["objectives"]
        if allowed and any(g not in allowed for g in listed):
            return _SLOW
        return list(dict.fromkeys(listed))

    def amount(self, value: Any) -> Any:
        """The amount as the answer keeps it, or None for a blank cell."""
        if type(value) is float and 0 <= value < math.inf:  # the usual cell: already a number
            return _number(value)
        value = _cell(value)
        if value is None:
            return None
        number = parse_number(value)
        return _SLOW if number is None or number < 0 else _number(number)

    def currency(self, value: Any) -> Any:
        value = _cell(value) or self.codes.currency
        return value if value in self.codes.rates else _SLOW

    def rate(self, value: Any) -> Any:
        """(the rate as from_row reads it, as the answer keeps it), or None for a blank cell."""
        if type(value) is float and 0 <= value <= 100:  # the usual cell: already a number
            return value, _number(value)
        value = _cell(value)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS:
            return None, None
        number = parse_number(value)
        return _SLOW if number is None or not 0 <= number <= 100 else (number, _number(number))

    def roi(self, value: Any) -> Any:
        value = _cell(value)
        return (value, value or "unknown") if (value or "unknown") in self.codes.roi else _SLOW

    def notes(self, value: Any) -> Any:
        """The notes as the assessment keeps them (blank ones dropped)."""
        notes = _notes_cell(_cell(value))
        if notes is None:
            return {}
        if not isinstance(notes, dict) or not all(
            key in NOTE_KEYS and (text is None or (isinstance(text, str) and note_fault(plain_line_breaks(text)) is None))
            for key, text in notes.items()
        ):
            return _SLOW
        kept = {key: plain_line_breaks(text) for key, text in notes.items() if text and text.strip()}
        return _SLOW if kept and notes_fault(_notes_text(kept)) else kept

    def build(self, ident, name, industry, size, day, consultant, language, objectives, goals,
              content, champion, amount, currency, rate, roi, notes) -> Assessment:  # fmt: skip
        """The assessment of one row whose cells all passed (see from_row and _Reader for the rules)."""
        answers: dict[str, Any] = {}
        choices = (("objectives", objectives, goals), ("content", content, []), ("champion", champion, []))
        for qid, code, listed in choices:
            if code is not None:
                answers[qid] = {"choice": code, "goals": list(listed)} if self.codes.goals[qid] else {"choice": code}
        if amount is not None:
            answers["budget"] = {"annual_amount": amount, "currency": currency}
        website = rate is not None or roi[0] is not None
        if website:
            answers["website"] = {"bounce_rate": None if rate is None else rate[1], "roi": roi[1]}
        return Assessment(
            id=ident or derived_id(name, day), client=Client(name, industry, size), assessed_on=day,
            language=language, consultant=consultant, answers=answers, notes=dict(notes), framework=self.fw.ref(),
        )  # fmt: skip


# ---------------------------------------------------------------- helpers


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
