"""French (Québec) and English texts and number, money, percent and date formatting (Babel)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

LOCALES = {"fr": "fr_CA", "en": "en_CA"}

# Texts of the tool itself (framework texts live in the framework file).
MESSAGES: Mapping[str, Mapping[str, str]] = {
    "overall": {"fr": "Score global", "en": "Overall score"},
    "verdict": {"fr": "Verdict", "en": "Verdict"},
    "provisional": {"fr": "Provisoire", "en": "Provisional"},
    "answered": {"fr": "Questions répondues", "en": "Questions answered"},
    "missing": {"fr": "À répondre", "en": "Still to answer"},
    "blockers": {"fr": "Bloquants", "en": "Blockers"},
    "risks": {"fr": "Risques", "en": "Risks"},
    "none": {"fr": "aucun", "en": "none"},
    "dimensions": {"fr": "Dimensions", "en": "Dimensions"},
    "recommendations": {"fr": "Recommandations", "en": "Recommendations"},
    "what_if": {"fr": "Ce qui changerait le verdict", "en": "What would change the verdict"},
    "changes_verdict": {"fr": "change le verdict", "en": "changes the verdict"},
    "points": {"fr": "points", "en": "points"},
    "unanswered": {"fr": "sans réponse", "en": "unanswered"},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "bounce_rate": {"fr": "Taux de rebond", "en": "Bounce rate"},
    "roi": {"fr": "Rentabilité du site", "en": "Website return"},
    "annual_budget": {"fr": "Budget annuel", "en": "Annual budget"},
    "goals": {"fr": "Buts", "en": "Goals"},
    "client": {"fr": "Client", "en": "Client"},
    "sample_data": {"fr": "données d'exemple", "en": "sample data"},
    "weight": {"fr": "poids", "en": "weight"},
    "minimum": {"fr": "minimum", "en": "minimum"},
    "per_year": {"fr": "par année", "en": "a year"},
    "except": {"fr": "sauf", "en": "except"},
    "from": {"fr": "à partir de", "en": "from"},
}


# Suggested industries (the codes of the shipped sample); any other text is kept as typed.
INDUSTRIES: Mapping[str, Mapping[str, str]] = {
    "retail": {"fr": "Commerce de détail", "en": "Retail"},
    "restaurants": {"fr": "Restauration", "en": "Restaurants"},
    "construction": {"fr": "Construction", "en": "Construction"},
    "manufacturing": {"fr": "Fabrication", "en": "Manufacturing"},
    "professional_services": {"fr": "Services professionnels", "en": "Professional services"},
    "health": {"fr": "Santé", "en": "Health"},
    "tourism": {"fr": "Tourisme", "en": "Tourism"},
    "non_profit": {"fr": "Organisme sans but lucratif", "en": "Non-profit"},
    "technology": {"fr": "Technologies", "en": "Technology"},
    "agri_food": {"fr": "Agroalimentaire", "en": "Agri-food"},
}


def industry_label(value: str, lang: str = "fr") -> str:
    """A suggested industry in `lang` (`retail` → `Commerce de détail`); free text tidied, kept as typed."""
    if value in INDUSTRIES:
        return pick(INDUSTRIES[value], lang)
    text = " ".join(value.split())
    return text.replace("_", " ").capitalize() if text.islower() else text


def t(key: str, lang: str) -> str:
    """The tool's text for `key` in `lang`."""
    return pick(MESSAGES[key], lang)


def pick(texts: Mapping[str, str], lang: str) -> str:
    """The text in `lang`, falling back to English, then to any language."""
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
