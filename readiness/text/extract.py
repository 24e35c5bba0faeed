"""Babel's Python extractor, plus the messages written inside f-strings (Python 3.11 keeps an f-string as one token).

`f"{t('Overall score', lang)}: …"` is common in this code: Babel's own extractor, on Python 3.11,
sees the whole f-string as one string and misses the t() call inside it. This extractor gives
what Babel finds, then every t/tn/N_ call with literal messages found in f-strings. babel.cfg
names it, so `pybabel extract` (python3 dev.py catalogue) and the catalogue's tests agree.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from typing import Any

_LITERAL = r"""(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")"""
_ONE = re.compile(rf"(?<![\w.])(t|N_)\(\s*({_LITERAL})")
_PLURAL = re.compile(rf"(?<![\w.])(tn)\(\s*({_LITERAL})\s*,\s*({_LITERAL})")
_FSTRING = re.compile(r"^[rbuRBU]*[fF]")


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel's extraction method: (line, function, message, comments) for every message of a Python file."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type == tokenize.STRING and _FSTRING.match(token.string):
            yield from _calls_in(token.string, token.start[0])


def _calls_in(fstring: str, line: int) -> Iterator[tuple[int, str, Any, list[str]]]:
    for match in _PLURAL.finditer(fstring):
        yield line, match.group(1), (ast.literal_eval(match.group(2)), ast.literal_eval(match.group(3))), []
    for match in _ONE.finditer(fstring):
        yield line, match.group(1), ast.literal_eval(match.group(2)), []
