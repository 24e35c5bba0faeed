"""The message catalogue: every text of the tool, in English in the code, translated in one .po file per language.

    t("Overall score", "fr")                                  -> "Score global"
    t("{n} files written to {out}", "fr", n=3, out="reports")  -> "3 fichiers écrits dans reports"
    tn("{n} draft", "{n} drafts", 2, "en")                     -> "2 drafts"

The messages are the English texts themselves (gettext's msgids): English needs no catalogue.
French is `locales/fr/LC_MESSAGES/readiness.po`, kept with Babel (`python3 dev.py catalogue`
extracts every t/tn/N_ message of the package into `locales/readiness.pot` and updates the .po;
docs/architecture.md says how to translate). The language is always given: one process renders
French and English side by side (a form switched live, a deck in the client's language).

The compiled catalogue (.mo) is never committed: on first use it is compiled from the .po with
Babel into the user's cache (`$XDG_CACHE_HOME/readiness`, else `~/.cache/readiness`), named by
the .po's content hash, so an edited or checked-out .po is compiled again and never goes stale,
whatever its file dates; the package folder may be read-only (an install). Where no cache can be
written, the catalogue is compiled in memory each time.

Framework texts (questions, choices, labels) stay in the framework file, in every language it has.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

LANGUAGES = ("fr", "en")
SOURCE_LANGUAGE = "en"  # the language of the messages in the code
DOMAIN = "readiness"
LOCALES = Path(__file__).parent / "locales"


def t(message: str, lang: str, /, **values: Any) -> str:
    """The message in `lang`, its {placeholders} filled with `values`."""
    text = translations(lang).gettext(message)
    return text.format(**values) if values else text


def tn(singular: str, plural: str, n: int, lang: str, /, **values: Any) -> str:
    """The singular or plural message in `lang` as `n` asks, `{n}` and the other placeholders filled."""
    return translations(lang).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it, which Babel finds
    """Mark a message for the catalogue where it is chosen at run time (translated later with t)."""
    return message


class Text(str):
    """A message to be shown later, in a language not known yet (an error's message): English as a str, `render` for any.

    Being a str (the English text), it goes wherever a message went before; `render(lang)`
    translates it, and any Text among its values, in that language.
    """

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, /, **values: Any) -> Text:
        self = super().__new__(cls, message.format(**values))  # ({{ and }} for a brace in the message)
        self.message, self.values = message, values
        return self

    def render(self, lang: str) -> str:
        """The message in `lang`, its values too."""
        return translations(lang).gettext(self.message).format(**{name: render(value, lang) for name, value in self.values.items()})

    def with_values(self, **values: Any) -> Text:
        """The same message with some values replaced."""
        return Text(self.message, **{**self.values, **values})

    def __reduce__(self) -> tuple:  # (pickled and copied as what it is)
        return (_text, (self.message, self.values))


def _text(message: str, values: dict[str, Any]) -> Text:
    return Text(message, **values)


def render(value: Any, lang: str) -> Any:
    """A Text in `lang`; anything else as it is."""
    return value.render(lang) if isinstance(value, Text) else value


def placeholders(message: str) -> set[str]:
    """The names of a message's {placeholders}."""
    return {name for _, name, _, _ in Formatter().parse(message) if name}


def language(explicit: str | None = None, environ: Any = None) -> str:
    """The consultant's language: `explicit` (--lang), else $READINESS_LANG, else the locale (fr_* is French), else English."""
    environ = os.environ if environ is None else environ
    for chosen in (explicit, environ.get("READINESS_LANG")):
        if chosen:
            return _language_of(chosen) or SOURCE_LANGUAGE
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX's order: the first one set decides
        if environ.get(variable):
            return _language_of(environ[variable]) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _language_of(name: str) -> str | None:
    """`fr_CA.UTF-8` -> fr; a language the tool does not speak -> None."""
    code = name.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: the messages as they are)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for the language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compiled(po_path(lang))))


def po_path(lang: str) -> Path:
    """Where the catalogue of a language is kept (the .po file, in the package)."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file: from the cache when compiled before, else compiled now (and cached if possible)."""
    source = po.read_bytes()
    cached = cache_folder() / f"{po.parent.parent.name}-{hashlib.sha256(source).hexdigest()[:16]}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = compile_po(source, po.parent.parent.name)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, cached)  # (a cache: losing it to a crash costs one compilation, so no fsync)
    except OSError:
        pass  # no cache here: compiled again next time
    return data


def compile_po(source: bytes, lang: str) -> bytes:
    """Compile .po bytes to .mo bytes with Babel (fuzzy entries left out, as gettext's msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def cache_folder() -> Path:
    """Where compiled catalogues are kept: $XDG_CACHE_HOME/readiness, else ~/.cache/readiness."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "readiness" / "locales"
