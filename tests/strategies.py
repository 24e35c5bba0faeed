"""Hypothesis strategies for texts that validation accepts: any one a consultant could type or paste.

Names (client name, industry, consultant) are one line of printable characters from all of
Unicode, with what spreadsheets and CSV readers trip on mixed in (formula starts, separators,
quotes, apostrophes); notes may also hold tabs and line breaks.
"""

from __future__ import annotations

from hypothesis import strategies as st

from readiness.core.safetext import NAME_MAX

TRICKY = "=+-@'\";,|$\\_^{}%#&<>"  # formula starts, separators, quotes, and what markup languages (mathtext, XML) use
printable = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
line_characters = printable | st.sampled_from(TRICKY)


def one_line(max_size: int = 30) -> st.SearchStrategy[str]:
    """A name as validation accepts it (not blank, at most `max_size` ≤ NAME_MAX characters)."""
    return st.text(line_characters, min_size=1, max_size=min(max_size, NAME_MAX)).filter(str.strip)


def note(max_size: int = 60) -> st.SearchStrategy[str]:
    """A note as validation accepts it: any line characters, tabs and line breaks."""
    return st.text(line_characters | st.sampled_from("\t\n\n"), max_size=max_size)


names = one_line()
notes = note()
