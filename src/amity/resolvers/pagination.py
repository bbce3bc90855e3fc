"""Relay pagination with keyset cursors.

Offset cursors shift when rows are inserted and make ``last: N`` scan a whole table; a keyset
cursor names the last row's sort key, so a page is one indexed range scan however deep it is.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar
from uuid import UUID

from graphql import GraphQLError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from amity.errors import BAD_USER_INPUT, request_error
from amity.models.base import Entity

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Page",
    "bad_cursor",
    "decode_cursor",
    "decode_time_cursor",
    "encode_cursor",
    "newest_first",
    "page_size",
]

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20


def page_size(first: int | None, maximum: int, argument: str = "first") -> int:
    """``first`` defaulting to 20 and clamped to the maximum page size; negative is an error."""
    if first is None:
        return min(DEFAULT_PAGE_SIZE, maximum)
    if first < 0:
        raise request_error(BAD_USER_INPUT, f"{argument} must not be negative.", field=[argument])
    return min(first, maximum)


def encode_cursor(kind: str, key: Sequence[object]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, arity: int, argument: str = "after") -> list[object]:
    """The sort key a cursor carries; a malformed or foreign cursor is ``BAD_USER_INPUT``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = None
    if (
        not isinstance(value, list)
        or len(value) != arity + 1
        or value[0] != kind
        or not all(isinstance(v, str | int) for v in value[1:])
    ):
        raise request_error(BAD_USER_INPUT, f"{argument} is not a valid cursor.", field=[argument])
    return value[1:]


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a list; ``count`` runs the filtered COUNT only if ``totalCount`` is asked."""

    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    count: Callable[[], Awaitable[int]]


def bad_cursor(argument: str = "after") -> GraphQLError:
    """The error for a cursor that decodes but names no valid position."""
    return request_error(BAD_USER_INPUT, f"{argument} is not a valid cursor.", field=[argument])


def decode_time_cursor(cursor: str, kind: str) -> tuple[datetime, UUID]:
    """The ``(created_at, id)`` a newest-first cursor names; else ``BAD_USER_INPUT``."""
    at, pk = decode_cursor(cursor, kind, 2)
    try:
        when = datetime.fromisoformat(str(at))
        return (when if when.tzinfo else when.replace(tzinfo=UTC)), UUID(str(pk))
    except ValueError:
        raise bad_cursor() from None


M = TypeVar("M", bound=Entity)


async def newest_first(
    queryset: QuerySet[M], kind: str, first: int | None, after: str | None, maximum: int
) -> tuple[list[M], list[str], bool]:
    """A page of rows newest first, keyset-paged on ``(created_at, id)``.

    Returns the rows, their cursors and whether more rows follow.
    """
    limit = page_size(first, maximum)
    if after is not None:
        when, pk = decode_time_cursor(after, kind)
        queryset = queryset.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
    rows = await queryset.order_by("-created_at", "-id").limit(limit + 1)
    page = rows[:limit]
    cursors = [encode_cursor(kind, [r.created_at.isoformat(), str(r.pk)]) for r in page]
    return page, cursors, len(rows) > limit
