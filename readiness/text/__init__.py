"""Words and numbers for people: the message catalogue and number, money, percent and date formatting.

    from readiness.text import t
    t("Overall score", "fr")   # "Score global"

One entry point for every text of the tool, `t` (and `tn` for plurals), with the language always
given; the translations are gettext catalogues kept with Babel (readiness.text.catalogue). Framework
texts stay in framework files. Imports nothing else of readiness.
"""

from .catalogue import LANGUAGES, N_, Text, language, render, t, tn

__all__ = ["LANGUAGES", "N_", "Text", "language", "render", "t", "tn"]
