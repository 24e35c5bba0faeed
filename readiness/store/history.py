"""A client's assessments in a store: every one under the client's name (case and accents aside), for follow-ups and progress."""

from __future__ import annotations

from typing import Any

from ..core.assessment import Assessment, client_key


def client_assessments(store: Any, name: str) -> list[Assessment]:
    """The stored assessments of the client of exactly this name (as `client_key` compares names), oldest first."""
    from ..core.progress import in_order

    wanted = client_key(name)
    return in_order([a for a in store.list(client=name) if client_key(a.client.name) == wanted])


def latest_of(store: Any, name: str, before: Assessment | None = None) -> Assessment | None:
    """The client's most recent stored assessment (other than `before`, and not after it), or None."""
    found = [a for a in client_assessments(store, name) if before is None or (a.id != before.id and a.assessed_on <= before.assessed_on)]
    return found[-1] if found else None
