"""The JSON Schema of assessment format v1, shipped in the package (schemas/assessment-v1.schema.json).

The file lists the codes of the shipped framework; `assessment_schema(framework)` gives the same
schema with the codes of another framework, for agencies that publish their own.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from .framework import Framework, default_framework

SCHEMA_PATH = Path(__file__).parents[1] / "schemas" / "assessment-v1.schema.json"


@cache
def _shipped() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def assessment_schema(framework: Framework | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format v1, with the codes of `framework` (a fresh copy)."""
    schema = copy.deepcopy(_shipped())
    fw = framework or default_framework()
    if fw is not default_framework():
        _use_codes(schema, fw)
    return schema


def _use_codes(schema: dict[str, Any], fw: Framework) -> None:
    """Put the framework's id, sizes and answer codes in place of the shipped ones."""
    props = schema["properties"]
    props["framework"]["anyOf"][1]["properties"]["id"] = {"const": fw.id}
    props["client"]["properties"]["size"]["enum"] = [*fw.sizes, None]
    answers = props["answers"]["properties"]
    for qid in ("objectives", "content", "champion"):
        answers[qid]["properties"]["choice"]["enum"] = [*fw.question(qid).choice_codes, None]
    answers["objectives"]["properties"]["goals"]["items"]["enum"] = list(fw.question("objectives").goals)
    answers["budget"]["properties"]["currency"]["enum"] = [*fw.question("budget").budget.rates, None]
    answers["website"]["properties"]["roi"]["enum"] = [*(c.code for c in fw.question("website").website.roi), None]
