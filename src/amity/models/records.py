"""Lean reads for lists: Tortoise builds the query, rows come back as slotted records.

Building a Tortoise model costs 50 to 70 µs a row (every field converted, datetimes and UUIDs
parsed from text on SQLite): for a page of 50 members that was more than the database's own
work. Lists therefore let Tortoise compile the query — filters from plugins are Tortoise ``Q``
objects — and read the rows into :class:`UserRecord`, converting only what the driver did not.
Writes and single-row reads keep using the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import AwaitableQuery, QuerySet

from amity.models.users import User
from amity.vocabulary import Audience, MessageFilter, RequestFilter

__all__ = ["USER_COLUMNS", "UserLike", "UserRecord", "compile_query", "fetch_users"]

#: Columns a record holds, in order: everything about a member but secrets.
USER_COLUMNS: tuple[str, ...] = (
    "id",
    "created_at",
    "handle",
    "display_name",
    "email",
    "headline",
    "bio",
    "location",
    "headline_audience",
    "bio_audience",
    "location_audience",
    "email_audience",
    "connections_audience",
    "discoverable",
    "who_can_request",
    "who_can_message",
    "locked",
)

_AUDIENCES = Audience._value2member_map_
_REQUEST_FILTERS = RequestFilter._value2member_map_
_MESSAGE_FILTERS = MessageFilter._value2member_map_


@dataclass(slots=True)
class UserRecord:
    """A member as read for a list: the attributes of :class:`User` that reads need."""

    id: UUID
    created_at: datetime
    handle: str
    display_name: str
    email: str
    headline: str | None
    bio: str | None
    location: str | None
    headline_audience: Audience
    bio_audience: Audience
    location_audience: Audience
    email_audience: Audience
    connections_audience: Audience
    discoverable: Audience
    who_can_request: RequestFilter
    who_can_message: MessageFilter
    locked: bool

    @classmethod
    def from_row(cls, row: Any) -> UserRecord:
        """From a driver row in :data:`USER_COLUMNS` order (asyncpg or sqlite3)."""
        (uid, created, handle, name, email, headline, bio, location, *audiences) = row
        return cls(
            uid if isinstance(uid, UUID) else UUID(uid),
            created if isinstance(created, datetime) else datetime.fromisoformat(created),
            handle,
            name,
            email,
            headline,
            bio,
            location,
            _AUDIENCES[audiences[0]],  # type: ignore[arg-type]
            _AUDIENCES[audiences[1]],  # type: ignore[arg-type]
            _AUDIENCES[audiences[2]],  # type: ignore[arg-type]
            _AUDIENCES[audiences[3]],  # type: ignore[arg-type]
            _AUDIENCES[audiences[4]],  # type: ignore[arg-type]
            _AUDIENCES[audiences[5]],  # type: ignore[arg-type]
            _REQUEST_FILTERS[audiences[6]],  # type: ignore[arg-type]
            _MESSAGE_FILTERS[audiences[7]],  # type: ignore[arg-type]
            bool(audiences[8]),
        )


#: What reads accept: a full model or a lean record (they share every attribute reads use).
UserLike = User | UserRecord


def compile_query(query: AwaitableQuery[Any]) -> tuple[BaseDBAsyncClient, str, list[Any]]:
    """The connection, SQL and parameters Tortoise would use for ``query``.

    Uses the same steps as Tortoise's own ``QuerySet.sql()``, which returns the SQL without
    its parameters; ``tests/models/test_records.py`` checks the result against the ORM.
    """
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return query._db, sql, list(params)


async def fetch_users(queryset: QuerySet[User]) -> list[UserRecord]:
    """Run a member query (filters, order, limit) and read its rows as records."""
    db, sql, params = compile_query(queryset.values_list(*USER_COLUMNS))
    _, rows = await db.execute_query(sql, params)
    return [UserRecord.from_row(row) for row in rows]
