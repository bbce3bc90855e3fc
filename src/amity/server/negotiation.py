"""GraphQL-over-HTTP media types and status codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from amity.schema.extensions import PARSE_FAILED

__all__ = ["GRAPHQL_RESPONSE", "JSON", "pick_media_type", "status_for"]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def pick_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when the client accepts it, else JSON."""
    if not accept:
        return JSON
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        if media.strip().lower() == GRAPHQL_RESPONSE and "q=0" not in params.replace(" ", ""):
            return GRAPHQL_RESPONSE
    return JSON


def status_for(data: Any, errors: Sequence[Any] | None) -> int:
    """400 for a document that does not parse, 422 for one that is invalid, else 200.

    A response with no ``data`` at all was refused before execution: parse, validation,
    complexity limits or variable coercion. Execution errors (with ``data``) stay 200.
    """
    if data is not None or not errors:
        return 200
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    if PARSE_FAILED in codes:
        return 400
    if any(e.get("path") for e in errors):
        return 200
    return 422
