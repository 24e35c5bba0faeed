"""Passwords never leave the process: one function hides them in every message, log line and file.

    redact("cannot open postgresql://ana:s3cret@db/agency?password=x")
    # 'cannot open postgresql://ana:***@db/agency?password=***'

A store URL may carry its password in two places, `user:password@host` and `?password=…` (libpq
also takes `password=…` in a connection string). `redact` hides both wherever they appear in a
text: messages, log lines, report parameters. Better still, keep the password out of the URL
altogether with libpq's own means (PGPASSWORD, ~/.pgpass, PGSERVICE): see docs/stores.md.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "***"
# `scheme://user:` then everything up to the last `@` of the same word: a password holding an
# unencoded `@` or `/` is hidden whole (over-hiding part of a host is the safe side to err on).
_USER_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)[^\s]*@")
# `password=…` in a query string or a libpq connection string (quoted values too), PGPASSWORD=… as well.
_PASSWORD_PARAMETER = re.compile(r"(?P<head>password\s*=\s*)(?:'[^']*'?|\"[^\"]*\"?|[^&\s'\";]*)", re.IGNORECASE)


def redact(text: object) -> str:
    """The text with every password of a URL or connection string shown as ***."""
    text = _USER_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}@", str(text))
    return _PASSWORD_PARAMETER.sub(lambda m: f"{m['head']}{HIDDEN}", text)


def without_password(url: str) -> tuple[str, str | None]:
    """The store URL with its password taken out, and that password (None when there is none)."""
    if "://" not in url:
        return url, None  # a folder: nothing secret in it
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    password = parsed.password or parsed.query.get("password")
    if password is None:
        return url, None
    query = {key: value for key, value in parsed.query.items() if key != "password"}
    public = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return public.render_as_string(hide_password=False), str(password if isinstance(password, str) else password[0])


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
