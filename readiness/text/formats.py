"""Numbers, money, percentages and dates as each language writes them (Babel), framework texts and industries.

The tool's own texts are in the message catalogue (readiness.text.catalogue); framework texts come
from the framework file in each of its languages (`pick`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from .catalogue import N_, t

LOCALES = {"fr": "fr_CA", "en": "en_CA"}

# Suggested industries (the codes of the shipped sample); any other text is kept as typed.
INDUSTRIES: Mapping[str, str] = {
    "retail": N_("Retail"),
    "restaurants": N_("Restaurants"),
    "construction": N_("Construction"),
    "manufacturing": N_("Manufacturing"),
    "professional_services": N_("Professional services"),
    "health": N_("Health"),
    "tourism": N_("Tourism"),
    "non_profit": N_("Non-profit"),
    "technology": N_("Technology"),
    "agri_food": N_("Agri-food"),
}


def industry_label(value: str, lang: str = "fr") -> str:
    """A suggested industry in `lang` (`retail` → `Retail`, translated); free text tidied, kept as typed."""
    if value in INDUSTRIES:
        return t(INDUSTRIES[value], lang)
    text = " ".join(value.split())
    return text.replace("_", " ").capitalize() if text.islower() else text


def pick(texts: Mapping[str, str], lang: str) -> str:
    """A framework text (given in each language by the framework file) in `lang`, else English, else any."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def locale_of(lang: str) -> str:
    """The Babel locale for a language code (`fr` → `fr_CA`)."""
    return LOCALES.get(lang, lang)


def format_money(amount: float, currency: str = "CAD", lang: str = "fr") -> str:
    """`15 000 $` in French, `$15,000` in English; cents only when there are some."""
    from babel import Locale
    from babel.numbers import format_currency

    locale = locale_of(lang)
    if not float(amount).is_integer():
        return format_currency(amount, currency, locale=locale)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, currency, locale=locale, format=pattern, currency_digits=False)


def format_number(value: float, lang: str = "fr", digits: int = 1) -> str:
    """A number with the language's separators and at most `digits` decimals."""
    from babel.numbers import format_decimal

    return format_decimal(round(value, digits), locale=locale_of(lang))


def format_percent(value: float, lang: str = "fr", digits: int = 1) -> str:
    """A percentage given in percent (48.5 → `48,5 %` / `48.5%`)."""
    from babel.numbers import format_percent as babel_percent

    share = Decimal(str(round(value, digits))) / 100  # Decimal: 33.3 % stays 33.3, not 33.29999
    return babel_percent(share, locale=locale_of(lang), decimal_quantization=False)


def format_date(value: date, lang: str = "fr") -> str:
    """A date written out (`26 novembre 2026`, `November 26, 2026`)."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format="long", locale=locale_of(lang))


def decimal_mark(lang: str) -> str:
    """The language's decimal mark (`,` in French, `.` in English)."""
    from babel import Locale

    return Locale.parse(locale_of(lang)).number_symbols["latn"]["decimal"]
