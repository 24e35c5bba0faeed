"""How a client stands among peers, in words: `58e centile`, `Overall score above 58 % of peers`.

Mid-rank percentiles near either end of the group read as its top or bottom: never a "0th" or
"100th percentile", nor "above 100 % of peers".
"""

from __future__ import annotations

from ..text import N_, t
from ..text.formats import format_percent

TOP, BOTTOM = 99.5, 0.5  # mid-rank percentiles this close to the ends read as "top" / "bottom" of the group
ORDINALS = {"st": N_("{p}st percentile"), "nd": N_("{p}nd percentile"), "rd": N_("{p}rd percentile"), "th": N_("{p}th percentile")}


def percentile_text(p: float, lang: str) -> str:
    """`58e centile` / `58th percentile`; at either end of the group words, never a 0th or 100th percentile."""
    if p >= TOP:
        return t("top of the peer group", lang)
    if p < BOTTOM:
        return t("bottom of the peer group", lang)
    whole = min(99, max(1, int(round(p))))
    if whole == 1:
        return t("1st percentile", lang)  # (1er centile)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return t(ORDINALS[suffix], lang, p=whole)


def standing_text(p: float, lang: str) -> str:
    """`Overall score above 58 % of peers`, or at the top or bottom of the group: never "above 100 %" or "above 0 %"."""
    if p >= TOP:
        return t("Overall score at the top of the peer group", lang)
    if p < BOTTOM:
        return t("Overall score at the bottom of the peer group", lang)
    share = min(99, max(1, int(round(p))))
    return t("Overall score above {p} of peers", lang, p=format_percent(share, lang, digits=0))
