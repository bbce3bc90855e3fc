"""Database set-up: Tortoise configuration, migrations and the readiness check.

The schema is only ever changed by migrations (``amity/migrations``), never by
``generate_schemas``, so that a database holding data upgrades in place.
"""

from __future__ import annotations

import logging
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as _migrate

__all__ = [
    "APP_LABEL",
    "MIGRATIONS_CONFIG",
    "apply_migrations",
    "close_db",
    "init_db",
    "is_migrated",
    "pending_migrations",
    "ping_db",
    "tortoise_config",
]

log = logging.getLogger(__name__)

APP_LABEL = "amity"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` (what most tools print) as well as Tortoise's ``postgres://``."""
    if url.startswith("postgresql://"):
        return "postgres://" + url.removeprefix("postgresql://")
    return url


async def _keep_session(_connection: object) -> None:
    """Return a pooled PostgreSQL connection to the pool without ``RESET ALL``.

    asyncpg's default reset sends ``RESET ALL; UNLISTEN *; CLOSE ALL`` and an advisory
    unlock on every release: a round trip per query that doubled the cost of a simple read.
    Pooled connections never change session state here (no ``SET``, no ``LISTEN``, no
    session advisory locks), and asyncpg still rolls back a transaction left open.
    """


def _connection(url: str) -> str | dict[str, Any]:
    url = normalise_url(url)
    if not url.startswith("postgres://"):
        return url
    config = expand_db_url(url)
    config["credentials"]["reset"] = _keep_session
    return config


def tortoise_config(url: str) -> dict[str, Any]:
    """The Tortoise configuration for one database URL."""
    return {
        "connections": {"default": _connection(url)},
        "apps": {
            APP_LABEL: {
                "models": ["amity.models"],
                "migrations": "amity.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


#: Used by ``tortoise makemigrations`` (see ``[tool.tortoise]`` in pyproject.toml).
MIGRATIONS_CONFIG = tortoise_config("sqlite://:memory:")


async def apply_migrations(url: str) -> None:
    """Bring the database at ``url`` up to the latest migration (idempotent), then close it."""
    try:
        await _migrate(config=tortoise_config(url))
    finally:
        await Tortoise.close_connections()


async def pending_migrations() -> list[str]:
    """Names of the migrations not yet applied to the initialised database."""
    from tortoise.migrations.executor import MigrationExecutor

    apps = {APP_LABEL: tortoise_config("sqlite://:memory:")["apps"][APP_LABEL]}
    executor = MigrationExecutor(Tortoise.get_connection("default"), apps)
    return [f"{step.migration.app_label}.{step.migration.name}" for step in await executor.plan()]


async def init_db(url: str, *, migrate: bool = True) -> None:
    """Apply pending migrations, then initialise Tortoise for serving in this process."""
    if migrate:
        await apply_migrations(url)
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)


async def is_migrated() -> bool:
    """True when the database answers and every migration is applied (used by ``/healthz``)."""
    return not await pending_migrations()


async def ping_db() -> None:
    """Raise unless the database answers a trivial query."""
    await Tortoise.get_connection("default").execute_query("SELECT 1")


async def close_db() -> None:
    await Tortoise.close_connections()
