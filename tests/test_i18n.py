"""French (Québec) and English: the tool's texts and number, money, percent and date formatting."""

from __future__ import annotations

from datetime import date

import pytest

from readiness.text import t
from readiness.text.formats import format_date, format_money, format_number, format_percent, locale_of, pick

NBSP = "\u00a0"  # Babel's no-break space in fr_CA


@pytest.mark.parametrize(
    "amount, currency, lang, shown",
    [
        (15000, "CAD", "fr", f"15{NBSP}000{NBSP}$"),
        (15000, "CAD", "en", "$15,000"),
        (15000.0, "CAD", "fr", f"15{NBSP}000{NBSP}$"),
        (15000.5, "CAD", "fr", f"15{NBSP}000,50{NBSP}$"),
        (15000.5, "CAD", "en", "$15,000.50"),
        (0, "CAD", "fr", f"0{NBSP}$"),
        (0, "CAD", "en", "$0"),
        (1234567, "CAD", "en", "$1,234,567"),
        (6000, "USD", "en", "US$6,000"),
        (6000, "USD", "fr", f"6{NBSP}000{NBSP}${NBSP}US"),
        (6000, "EUR", "fr", f"6{NBSP}000{NBSP}€"),
        (6000, "EUR", "en", "€6,000"),
    ],
)
def test_format_money(amount, currency, lang, shown):
    assert format_money(amount, currency, lang) == shown


def test_french_money_never_breaks_across_lines():
    assert " " not in format_money(1234567, "CAD", "fr")


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        (48.5, "fr", f"48,5{NBSP}%"),
        (48.5, "en", "48.5%"),
        (70, "fr", f"70{NBSP}%"),
        (70, "en", "70%"),
        (33.3, "en", "33.3%"),
        (33.333, "fr", f"33,3{NBSP}%"),
        (0, "en", "0%"),
        (100, "fr", f"100{NBSP}%"),
    ],
)
def test_format_percent(value, lang, shown):
    assert format_percent(value, lang) == shown


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        (61.7, "fr", "61,7"),
        (61.7, "en", "61.7"),
        (100.0, "fr", "100"),
        (15000, "fr", f"15{NBSP}000"),
        (15000, "en", "15,000"),
        (63.46, "en", "63.5"),
        (0, "fr", "0"),
    ],
)
def test_format_number(value, lang, shown):
    assert format_number(value, lang) == shown


@pytest.mark.parametrize(
    "day, lang, shown",
    [
        (date(2026, 11, 26), "fr", "26 novembre 2026"),
        (date(2026, 11, 26), "en", "November 26, 2026"),
        (date(2013, 1, 1), "fr", "1 janvier 2013"),
        (date(2013, 1, 1), "en", "January 1, 2013"),
    ],
)
def test_format_date(day, lang, shown):
    assert format_date(day, lang) == shown


@pytest.mark.parametrize("lang, locale", [("fr", "fr_CA"), ("en", "en_CA"), ("fr_FR", "fr_FR")])
def test_locale_of(lang, locale):
    assert locale_of(lang) == locale


@pytest.mark.parametrize(
    "texts, lang, shown",
    [
        ({"fr": "Prêt", "en": "Ready"}, "fr", "Prêt"),
        ({"fr": "Prêt", "en": "Ready"}, "en", "Ready"),
        ({"fr": "Prêt", "en": "Ready"}, "es", "Ready"),  # falls back to English
        ({"fr": "Prêt"}, "en", "Prêt"),  # then to any language
        ({"fr": "", "en": "Ready"}, "fr", "Ready"),  # an empty text is no text
        ({}, "fr", ""),
    ],
)
def test_pick(texts, lang, shown):
    assert pick(texts, lang) == shown


def test_known_words(framework):
    assert t("sample data", "fr") == "données d'exemple"
    assert t("sample data", "en") == "sample data"
    assert pick(framework.verdict_labels["conditional"], "fr") == "Prêt sous conditions"
