"""Client names as compared: two spellings of one name are one client."""

from __future__ import annotations

import unicodedata


def client_key(name: str | None) -> str:
    """A client's name as compared: without case, accents, ligatures, curly apostrophes or extra spaces.

    "Café  de L’Œuvre" and "cafe de l'oeuvre" are one client.
    """
    if not name:
        return ""
    if name.isascii():  # most names: nothing to decompose
        return " ".join(name.lower().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LIGATURES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_LIGATURES = str.maketrans(
    {"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"}
)  # ligatures, and the apostrophes and dashes word processors type (casefold already turned Œ, Æ, ß into œ, æ, ss)
