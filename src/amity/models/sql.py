"""Hand-written SQL for the graph queries, on SQLite and PostgreSQL alike.

Tortoise builds a query in more time than the database answers a graph lookup, and some
queries here (unions of indexed probes, grouped counts) have no ORM spelling. Statements are
written once with named markers and adapted to the driver:

* ``:name`` becomes ``?`` (SQLite, the value repeated per use) or ``$n`` (asyncpg);
* ``IN :name`` with a sequence becomes ``IN (?, ?, ...)`` or ``= ANY($n)``;
* UUIDs and datetimes are converted the way Tortoise stores them (text on SQLite).

Inside ``in_transaction()`` the statements run on the transaction's connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

__all__ = [
    "as_datetime",
    "as_uuid",
    "compile_sql",
    "db",
    "execute",
    "fetch",
    "null_ts",
    "null_uuid",
]

_MARKER = re.compile(r"(IN\s+)?:([a-z_][a-z0-9_]*)")


def db() -> BaseDBAsyncClient:
    """The default connection (the current transaction's, inside ``in_transaction()``)."""
    return Tortoise.get_connection("default")


def _is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


def _convert(value: Any, postgres: bool) -> Any:
    if postgres:
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(" ")
    return value


@cache
def _compile_postgres(sql: str) -> tuple[str, tuple[str, ...]]:
    order: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in order:
            order.append(name)
        index = order.index(name) + 1
        return f"= ANY(${index})" if match.group(1) else f"${index}"

    return _MARKER.sub(replace, sql), tuple(order)


def _compile_sqlite(sql: str, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
    values: list[Any] = []

    def replace(match: re.Match[str]) -> str:
        value = params[match.group(2)]
        if match.group(1):
            items = [_convert(v, False) for v in value]
            values.extend(items)
            return "IN (" + ", ".join("?" * len(items)) + ")"
        values.append(_convert(value, False))
        return "?"

    return _MARKER.sub(replace, sql), values


def compile_sql(
    connection: BaseDBAsyncClient, sql: str, params: Mapping[str, Any]
) -> tuple[str, list[Any]]:
    """The driver's SQL and positional parameters for a statement with named markers."""
    if _is_postgres(connection):
        text, order = _compile_postgres(sql)
        return text, [
            list(params[name])
            if isinstance(params[name], tuple | list | set | frozenset)
            else params[name]
            for name in order
        ]
    return _compile_sqlite(sql, params)


async def fetch(sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
    """Run a query with named markers; rows come back as tuples (or asyncpg records)."""
    connection = db()
    text, values = compile_sql(connection, sql, params or {})
    _, rows = await connection.execute_query(text, values)
    return list(rows)  # type: ignore[arg-type]  # driver rows, typed as dicts by Tortoise


async def execute(sql: str, params: Mapping[str, Any] | None = None) -> int:
    """Run a statement with named markers; returns the number of rows it touched."""
    connection = db()
    text, values = compile_sql(connection, sql, params or {})
    count, _ = await connection.execute_query(text, values)
    return int(count)


def null_uuid() -> str:
    """A NULL typed as a UUID, for the columns of a UNION (PostgreSQL needs the type)."""
    return "CAST(NULL AS uuid)" if _is_postgres(db()) else "NULL"


def null_ts() -> str:
    """A NULL typed as a timestamp, for the columns of a UNION."""
    return "CAST(NULL AS timestamptz)" if _is_postgres(db()) else "NULL"


def as_uuid(value: Any) -> UUID:
    """A UUID from a driver value (asyncpg gives UUIDs, SQLite text)."""
    return value if isinstance(value, UUID) else UUID(str(value))


def as_datetime(value: Any) -> datetime | None:
    """An aware datetime from a driver value (asyncpg gives datetimes, SQLite ISO text)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
