"""Passwords never leave the process: one function hides them in every message, log line and file.

    redact("cannot open postgresql://ana:s3cret@db/agency?password=x")
    # 'cannot open postgresql://ana:***@db/agency?password=***'

A store URL may carry its password in two places, `user:password@host` and `?password=…` (libpq
also takes `password=…` in a connection string). `redact` hides both wherever they appear in a
text: messages, log lines, report parameters. A password may hold any character, typed as it is
or percent-encoded: in `user:password@` it runs to the last `@` of the URL, so `@`, `/` and
spaces need no encoding.

What a pattern cannot see, a driver's error quoting the password, or a password typed with a
space in `?password=`, is caught another way: `store_url` (the only way a store URL reaches
SQLAlchemy) gives the password in every form a message may show it, as typed, decoded and
encoded, and the store hides those strings in every message it raises (`Secrets.hide`).

Better still, keep the password out of the URL altogether with libpq's own means (PGPASSWORD,
~/.pgpass, PGSERVICE): see docs/stores.md.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, quote_plus, unquote, unquote_plus

HIDDEN = "***"
# `scheme://user:` then everything up to the last `@` of the line: a password holding `@`, `/` or
# spaces is hidden whole (over-hiding part of a host is the safe side to err on). A password already
# hidden (*** before the line's last `@`) stays as it is, so that redacting twice changes nothing.
_USER_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)(?:\*\*\*(?=@[^@\n]*$)|.*)@", re.MULTILINE)
# `password=…` in a query string or a libpq connection string (quoted values too), PGPASSWORD=… as well; one
# hidden already (*** before the punctuation of a message) stays as it is.
_PASSWORD_PARAMETER = re.compile(
    r"(?P<head>password\s*=\s*)(?:\*\*\*(?=[:,.)]?(?:[&\s'\";]|$))|'[^']*'?|\"[^\"]*\"?|[^&\s'\";]*)", re.IGNORECASE
)
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<rest>.*)", re.DOTALL)
_USER = re.compile(r"[^:/@?#]*:")  # `user:` at the start of what follows `scheme://`
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<value>[^&]*)")
SHORTEST_SECRET = 4  # a shorter password is hidden in URLs only: as a string, it is in every other word


def redact(text: object) -> str:
    """The text with every password of a URL or connection string shown as ***."""
    text = _USER_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}@", str(text))
    return _PASSWORD_PARAMETER.sub(lambda m: f"{m['head']}{HIDDEN}", text)


class Secrets(tuple):
    """A store's password in every form a message may show it (as typed, decoded, encoded)."""

    def hide(self, text: object) -> str:
        """The text redacted, and these strings hidden wherever they stand apart from the words around them."""
        text = redact(text)
        for secret in sorted(self, key=len, reverse=True):
            text = re.sub(_standing_apart(secret), HIDDEN, text)
        return text


def _standing_apart(secret: str) -> str:
    """A pattern for the secret, but not inside a longer word (a password `readiness` leaves `readiness_test` alone)."""
    before = r"(?<!\w)" if re.match(r"\w", secret) else ""
    after = r"(?!\w)" if re.match(r"\w", secret[-1]) else ""
    return before + re.escape(secret) + after


def store_url(spec: str) -> tuple[str, Secrets]:
    """The store URL as SQLAlchemy must read it, every password percent-encoded, and the password's forms.

    SQLAlchemy cuts `user:p@ss/word@host` at the first `@` (host `ss`, database `word@host`) and a
    `?password=` holding an `@` spoils the whole URL: encoded, the password is read as typed.
    """
    found = _URL.fullmatch(spec)
    if not found:
        return spec, Secrets()
    secrets: list[str] = []
    rest = _QUERY_PASSWORD.sub(lambda m: m["head"] + _encoded(m["value"], True, secrets), found["rest"])
    user = _USER.match(rest)
    at = rest.rfind("@")
    if user and at >= user.end():  # (the password runs to the last `@`: the host holds none)
        rest = rest[: user.end()] + _encoded(rest[user.end() : at], False, secrets) + rest[at:]
    return found["scheme"] + rest, Secrets(s for s in dict.fromkeys(secrets) if len(s) >= SHORTEST_SECRET)


def _encoded(typed: str, plus: bool, forms: list[str]) -> str:
    """A password percent-encoded (after decoding what was already encoded); its forms added to `forms`."""
    password = unquote_plus(typed) if plus else unquote(typed)
    forms += [typed, password, quote(password, safe=""), quote_plus(password), _as_sqlalchemy_writes(password)]
    return quote_plus(password) if plus else quote(password, safe="")


def _as_sqlalchemy_writes(password: str) -> str:
    """The password as SQLAlchemy renders it in a URL (it leaves spaces and most signs as they are)."""
    from sqlalchemy.engine import URL

    shown = URL.create("x", "u", password, "h").render_as_string(hide_password=False)
    return shown[len("x://u:") : shown.rindex("@h")]


def shown_store(spec: str) -> str:
    """A store as messages name it: a URL read as the store reads it, its password (in either place) as ***."""
    if not _URL.fullmatch(spec):
        return spec
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url, secrets = store_url(spec)
    try:
        return shown_url(make_url(url))
    except ArgumentError:
        return secrets.hide(url)


def without_password(url: str) -> tuple[str, str | None]:
    """The store URL with its password taken out, and that password (None when there is none)."""
    if "://" not in url:
        return url, None  # a folder: nothing secret in it
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(store_url(url)[0])
    password = parsed.password or parsed.query.get("password")
    if password is None:
        return url, None
    query = {key: value for key, value in parsed.query.items() if key != "password"}
    public = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return public.render_as_string(hide_password=False), str(password if isinstance(password, str) else password[0])


def shown_url(url: object) -> str:
    """A SQLAlchemy URL as messages show it: its password, in either place, as ***."""
    query = {key: (HIDDEN if key == "password" else value) for key, value in url.query.items()}
    return url.set(query=query).render_as_string(hide_password=True).replace("password=%2A%2A%2A", f"password={HIDDEN}")


class RedactingFilter(logging.Filter):
    """Hides passwords in a log record's message and traceback before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def logger(name: str) -> logging.Logger:
    """The module's logger, with its records redacted (every readiness module logs through one)."""
    log = logging.getLogger(name)
    if not any(isinstance(f, RedactingFilter) for f in log.filters):
        log.addFilter(RedactingFilter())
    return log
