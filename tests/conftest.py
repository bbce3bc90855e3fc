"""Shared fixtures: one migrated database per test session, a clean slate per test, and real
HTTP clients against the real app.

The database comes from ``AMITY_TEST_DATABASE_URL`` (``.ci/run`` points it at a fresh
PostgreSQL database); without it, a SQLite file in a temporary directory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from tortoise import Tortoise
from tortoise.contrib.test import truncate_all_models

from amity.config import Settings
from amity.db import apply_migrations, normalise_url, tortoise_config
from amity.server import create_app
from support.client import GraphQLClient

pytest_plugins: list[str] = []

SAFE_PG_PREFIX = "amity_test"


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("AMITY_TEST_DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite://{tmp_path_factory.mktemp('db') / 'amity-test.sqlite3'}"


async def _reset_postgres(url: str) -> None:
    """Start from an empty schema; refuses any database not named ``amity_test*``."""
    import asyncpg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    if not name.startswith(SAFE_PG_PREFIX):
        raise RuntimeError(f"refusing to wipe database {name!r}: test databases are amity_test*")
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
async def migrated_database(database_url: str) -> AsyncIterator[str]:
    """The session's database, migrated once and opened for the whole session."""
    if database_url.startswith("postgres"):
        await _reset_postgres(database_url)
    await apply_migrations(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    yield database_url
    await Tortoise.close_connections()


@pytest.fixture
async def db(migrated_database: str) -> AsyncIterator[str]:
    """A migrated database with no rows in it."""
    await truncate_all_models()
    return migrated_database


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgres")


def test_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings for an app under test: fast password hashing, no environment leaking in."""
    values: dict[str, Any] = {"database_url": database_url, "password_profile": "fast"}
    values.update(overrides)
    return Settings.from_env(env={}, **values)


MakeClient = Callable[..., Awaitable[GraphQLClient]]


@pytest.fixture
async def make_client(db: str) -> AsyncIterator[MakeClient]:
    """Start a real app on a real port and return a GraphQL client for it.

    Keyword arguments become :class:`Settings` fields (``style="facebook"``, ``limits=...``).
    """
    clients: list[TestClient] = []

    async def make(**overrides: Any) -> GraphQLClient:
        app = create_app(test_settings(db, **overrides), manage_db=False)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return GraphQLClient(client)

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
async def gql(make_client: MakeClient) -> GraphQLClient:
    """A client of an app with the default style (linkedin)."""
    return await make_client()


class StatementCounter(logging.Handler):
    """Counts SQL statements Tortoise sends (it logs each at DEBUG on ``tortoise.db_client``)."""

    EXECUTORS = frozenset(
        {"execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script"}
    )

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.funcName in self.EXECUTORS:
            self.statements.append(record.getMessage())

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def sql_statements() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)
