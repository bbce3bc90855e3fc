"""Shared model plumbing: random primary keys and creation times.

Primary keys are random UUIDs so that public ids reveal neither row counts nor creation order.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

__all__ = ["Entity"]


class Entity(Model):
    """Abstract base: a UUID primary key and a creation timestamp."""

    id = fields.UUIDField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True
