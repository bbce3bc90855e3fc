"""Server-wide state kept in the database (e.g. the token key when ``AMITY_SECRET`` is unset)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

__all__ = ["ServerState"]


class ServerState(Model):
    """A small key-value table shared by every server process of one deployment."""

    key = fields.CharField(max_length=64, primary_key=True)
    value = fields.TextField()

    class Meta:
        table = "amity_server_state"
        table_description = "Deployment-wide key-value state"
