"""The JSON Schema of assessment format v1 for a framework, generated from its questions.

    assessment_schema(framework)   # a dict: draft 2020-12, the framework's questions, kinds and codes
    python -m readiness.core.schema [ID|FILE] > readiness/schemas/assessment-v1.schema.json

The shipped file (schemas/assessment-v1.schema.json) is the schema of the shipped framework,
exactly what `assessment_schema()` gives (a test keeps them equal); `readiness framework
--schema` prints the schema of any framework.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..text.formats import INDUSTRIES, pick
from .action_plan import ACTION_MAX, MAX_ITEMS, STATUSES
from .framework import Framework, default_framework, load_framework
from .framework_model import Question

SCHEMA_PATH = Path(__file__).parents[1] / "schemas" / "assessment-v1.schema.json"
SHIPPED_ID = "urn:readiness:schema:assessment-v1"
ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"


def assessment_schema(framework: Framework | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format v1 with the questions and codes of `framework` (a fresh dict)."""
    fw = framework or default_framework()
    questions = ", ".join(pick(q.short, "en") for q in fw.questions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SHIPPED_ID if fw is default_framework() else f"{SHIPPED_ID}:{fw.id}:{fw.version}",
        "title": "readiness assessment, format v1",
        "description": (
            f"One client's answers to the {len(fw.questions)} questions of the readiness framework {fw.id} {fw.version} "
            f"({questions}). Unanswered questions are absent or null; an unanswered question is never scored as its "
            "worst answer. Generated from the framework by readiness.core.schema.assessment_schema(framework)."
        ),
        "type": "object",
        "required": ["client", "assessed_on"],
        "properties": {
            "format": {"const": "readiness.assessment/1"},
            "id": {
                "description": "Stable identifier; when absent or blank, readiness derives one from the content.",
                "anyOf": [{"type": "null"}, {"type": "string", "pattern": "^\\s*$"}, {"type": "string", "pattern": ID_PATTERN}],
            },
            "framework": {
                "anyOf": [
                    {"type": "null"},
                    {"type": "object", "required": ["id"], "properties": {"id": {"const": fw.id}, "version": {"type": ["string", "number"]}}},
                ]
            },
            "client": _client(fw),
            "assessed_on": {"type": "string", "format": "date", "pattern": "^\\s*\\d{4}-\\d{2}-\\d{2}\\s*$"},
            "consultant": {"type": ["string", "null"]},
            "language": {"enum": ["fr", "en"]},
            "answers": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {q.id: _answer(q) for q in fw.questions},
            },
            "notes": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {key: {"type": ["string", "null"]} for key in (*fw.question_ids, "general")},
            },
            "plan": _plan(fw),
            "follows": {
                "description": "The id of the client's previous assessment, when this one is a follow-up.",
                "anyOf": [{"type": "null"}, {"type": "string", "pattern": ID_PATTERN}],
            },
        },
    }


def _plan(fw: Framework) -> dict[str, Any]:
    """The action plan: items with the question they improve, the action, its owner, due date and status."""
    item = {
        "type": "object",
        "required": ["action"],
        "properties": {
            "question": {"enum": [*fw.question_ids, None]},
            "action": {"type": "string", "pattern": "\\S", "maxLength": ACTION_MAX},
            "owner": {"type": ["string", "null"]},
            "due": {"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]},
            "status": {"enum": [*STATUSES, None]},
        },
    }
    return {"type": ["array", "null"], "maxItems": MAX_ITEMS, "description": "The action plan agreed in the meeting (optional).", "items": item}


def _client(fw: Framework) -> dict[str, Any]:
    suggested = ", ".join(INDUSTRIES)
    return {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "pattern": "\\S"},
            "industry": {"type": ["string", "null"], "description": f"Free text; suggested codes: {suggested}."},
            "size": {"enum": [*fw.sizes, None]},
        },
    }


def _answer(q: Question) -> dict[str, Any]:
    """One question's answer: its parts by kind, with the codes the framework gives."""
    if q.kind == "amount":
        parts = {"annual_amount": {"type": ["number", "null"], "minimum": 0}, "currency": {"enum": [*q.budget.rates, None]}}
    elif q.kind == "website":
        parts = {
            "bounce_rate": {"type": ["number", "null"], "minimum": 0, "maximum": 100, "description": "Percent; null when unknown."},
            "roi": {"enum": [*(c.code for c in q.website.roi), None]},
        }
    else:
        parts = {"choice": {"enum": [*q.choice_codes, None]}}
        if q.goals:
            parts["goals"] = {"type": ["array", "null"], "items": {"enum": list(q.goals)}}
    return {"type": ["object", "null"], "description": f"{pick(q.text, 'en')} ({q.kind})", "properties": parts}


def schema_text(framework: Framework | None = None) -> str:
    """The schema as the shipped file writes it (two-space indent, UTF-8 text, a final newline)."""
    return json.dumps(assessment_schema(framework), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Print the schema of a framework (a shipped id or a file; default: the shipped one)."""
    argv = sys.argv[1:] if argv is None else argv
    sys.stdout.write(schema_text(load_framework(argv[0]) if argv else None))


if __name__ == "__main__":
    main()
