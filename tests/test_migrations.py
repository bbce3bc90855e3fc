"""Migrations describe the models exactly: a model change without a migration fails here."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from amity.db import APP_LABEL, MIGRATIONS_CONFIG, pending_migrations


async def test_models_and_migrations_agree(migrated_database: str) -> None:
    apps_config = {APP_LABEL: MIGRATIONS_CONFIG["apps"][APP_LABEL]}
    detector = MigrationAutodetector(Tortoise.apps, apps_config)
    writers = await detector.changes()
    assert not writers, "models changed without a migration: run tortoise makemigrations"


async def test_the_test_database_is_fully_migrated(migrated_database: str) -> None:
    assert await pending_migrations() == []
