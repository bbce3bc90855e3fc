"""pytest fixtures for plugin authors: ``pytest_plugins = ["amity.testing.plugin"]``.

``amity_db`` gives a migrated database (``AMITY_TEST_DATABASE_URL`` or in-memory SQLite) with
no rows, ready for :func:`amity.testing.discoverable_disagreements`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest_asyncio
from tortoise import Tortoise
from tortoise.contrib.test import truncate_all_models

from amity.db import apply_migrations, tortoise_config

__all__ = ["amity_db"]


@pytest_asyncio.fixture
async def amity_db() -> AsyncIterator[str]:
    """A migrated, empty database, closed again after the test."""
    url = os.environ.get("AMITY_TEST_DATABASE_URL", "sqlite://:memory:")
    if url != "sqlite://:memory:":
        await apply_migrations(url)
        await Tortoise.init(config=tortoise_config(url))
        await truncate_all_models()
    else:
        # An in-memory database lives as long as its one connection: migrate on it directly.
        await Tortoise.init(config=tortoise_config(url))
        from tortoise.migrations.executor import MigrationExecutor

        from amity.db import APP_LABEL

        apps = {APP_LABEL: tortoise_config(url)["apps"][APP_LABEL]}
        await MigrationExecutor(Tortoise.get_connection("default"), apps).migrate()
    try:
        yield url
    finally:
        await Tortoise.close_connections()
