"""What the command line prints: control characters and escape sequences escaped (a closed pipe, `list | head -1`,
is in the hostile-input corpus, through the real command line)."""

from __future__ import annotations

import io

import pytest

from readiness.cli.terminal import SafeStream
from readiness.core.safetext import escaped


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Boulangerie Tremblay", "Boulangerie Tremblay"),
        ("Café Łódź 東京 😀", "Café Łódź 東京 😀"),
        ("\x1b[31mrouge\x1b[0m", "\\x1b[31mrouge\\x1b[0m"),
        ("\x1b]0;titre\x07", "\\x1b]0;titre\\x07"),
        ("\x9b2J", "\\x9b2J"),  # the one-character C1 form of an escape sequence
        ("abc\u202efdp.exe", "abc\\u202efdp.exe"),  # reorders what follows on screen
        ("half \ud800", "half \\ud800"),  # would not even encode
        ("a\rb", "a\\x0db"),  # would overwrite the line
        ("ligne\n\tsuite", "ligne\\x0a\\x09suite"),
    ],
)
def test_escaped_shows_what_a_terminal_would_run(text, shown):
    assert escaped(text) == shown


def test_the_stream_keeps_line_breaks_and_tabs_and_escapes_the_rest():
    out = io.StringIO()
    SafeStream(out, keep="\n\t").write("a\tb\n\x1b[2Jc\rd\n")
    assert out.getvalue() == "a\tb\n\\x1b[2Jc\\x0dd\n"
