"""Cells as spreadsheets write them: codes typed in words, currencies by their sign, amounts and rates with spaces and commas, dates day or month first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core.errors import Problem
from ..core.rows import FlatLayout, parse_day, parse_number
from ..text import Text

if TYPE_CHECKING:

    pass


UNIQUE_COLUMNS = ("id", "client_name")  # cells that rarely repeat: cleaned one by one
LANGUAGE_WORDS = {
    "fr": "fr", "fr_ca": "fr", "fra": "fr", "francais": "fr", "français": "fr", "french": "fr",
    "en": "en", "en_ca": "en", "eng": "en", "anglais": "en", "english": "en",
}  # fmt: skip


CURRENCY_SIGNS = {
    "$": "CAD",
    "CA$": "CAD",
    "$CA": "CAD",
    "$ CA": "CAD",
    "US$": "USD",
    "$US": "USD",
    "$ US": "USD",
    "€": "EUR",
}


_CURRENCY_MARKS = tuple(
    (re.compile(pattern, re.IGNORECASE), code)
    for pattern, code in (
        (r"US\s*\$|\$\s*US|\bUSD\b", "USD"),
        (r"€|\bEUR\b", "EUR"),
        (r"CA\s*\$|\$\s*CA|\bCAD\b", "CAD"),
    )
)


_ANY_CURRENCY = re.compile(r"US\s*\$|\$\s*US|CA\s*\$|\$\s*CA|\b(?:USD|CAD|EUR)\b|[$€]", re.IGNORECASE)


def _text_cell(value: Any) -> str | None:
    """Text as typed (CSV cells come without export's apostrophes already); numbers and dates from XLSX as text."""
    if isinstance(value, str):
        return value
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value)
    return str(value)


def _codes_by_column(layout: FlatLayout) -> dict[str, tuple[frozenset[str], bool]]:
    """The codes each code column accepts, and whether a cell holds several (goals)."""
    found = {name: (frozenset(codes), False) for name, codes in layout.codes.items()}
    return found | {name: (frozenset(codes), True) for name, codes in layout.goals.items()}


def _code_cleaner(codes: frozenset[str], several: bool) -> Any:
    """A cell reader turning "Part-time irregular" into part_time_irregular (unknown words stay as typed)."""

    def one(text: str) -> str:
        code = _code(text)
        return code if code in codes else text.strip()

    def clean(value: Any) -> str | None:
        text = _text_cell(value)
        if text is None or text in codes:
            return text
        if not several:
            return one(text)
        return "|".join(one(part) for part in re.split(r"[|;,]", text) if part.strip())

    return clean


def _language_cell(value: Any) -> str | None:
    text = _text_cell(value)
    return text if text is None else LANGUAGE_WORDS.get(_code(text), text.strip())


def _currency_cell(value: Any) -> str | None:
    text = _text_cell(value)
    return text if text is None else CURRENCY_SIGNS.get(text.strip(), text.strip().upper())


def _number_cell(value: Any) -> Any:
    return _text_cell(value) if isinstance(value, str) else value


def _budget_cell(value: Any) -> tuple[Any, str | None]:
    """(the amount, as a number when it is one; the currency its sign names, if any)."""
    value = _number_cell(value)
    return _amount(value) if isinstance(value, str) and value.strip() else (value, None)


def _rate_cell(value: Any) -> Any:
    value = _number_cell(value)
    return _rate(value) if isinstance(value, str) and value.strip() else value


def _currency_from_budget_signs(columns: dict[str, list[Any]], amount: str, currency: str) -> list[Any]:
    """Split an amount column's (amount, sign) pairs; an amount typed `12 000 €` with a blank currency gets EUR.

    Returns the signs, for `_sign_clashes` to compare with a currency typed too.
    """
    pairs = columns[amount]
    columns[amount] = [value for value, _ in pairs]
    currencies = columns.setdefault(currency, [None] * len(pairs))
    signs = [sign for _, sign in pairs]
    for i, sign in enumerate(signs):
        if sign and not currencies[i]:
            currencies[i] = sign
    return signs


def _sign_clashes(columns: dict[str, list[Any]], signs: list[Any], amount: str, currency: str) -> dict[int, Problem]:
    """Rows whose amount's sign names another currency than its currency column (`12 000 €` and CAD)."""
    currencies = columns.get(currency) or []
    return {
        i: Problem(
            currency,
            Text("{currency} is {value} but {amount} is written in {sign}: correct one of the two cells", currency=currency,
                 value=currencies[i], amount=amount, sign=sign),
        )
        for i, sign in enumerate(signs)
        if sign and isinstance(currencies[i], str) and currencies[i] != sign  # ("$" alone names no currency)
    }


def _each_cell(values: Sequence[Any], clean: Any, unique: bool) -> list[Any]:
    """`clean` of each cell; each distinct text cleaned once, unless the column's cells are all different."""
    if unique:
        return [clean(v) for v in values]
    known = {v: clean(v) for v in set(values) if type(v) is str}
    return [known[v] if type(v) is str else clean(v) for v in values]


def _fitted(cells: Sequence[Any], width: int) -> list[Any]:
    """A row cut or padded to the header's width (cells past it are checked on their own)."""
    return [*cells[:width], *[None] * (width - len(cells))]


def _date_text(text: str, month_first: bool) -> Any:
    return _date_value(text, month_first)


def _date_value(value: Any, month_first: bool) -> Any:
    """A date from a cell: a real date, an Excel day number, YYYY-MM-DD or DD/MM/YYYY; else as is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    if not isinstance(value, str):
        return value
    return parse_day(value, month_first) or value


def _code(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


# Spreadsheets repeat the same few amounts, rates and dates: each text is parsed once per run.
@lru_cache(maxsize=16384)
def _amount(text: str) -> tuple[Any, str | None]:
    """(number, currency named by its sign) for `15 000 $` or `12 000 €`; words stay as typed."""
    sign = next((code for mark, code in _CURRENCY_MARKS if mark.search(text)), None)
    bare = _ANY_CURRENCY.sub("", text)
    number = parse_number(bare)
    return (bare.strip() if number is None else number), sign


@lru_cache(maxsize=16384)
def _rate(text: str) -> Any:
    number = parse_number(text)
    return text if number is None else number


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
