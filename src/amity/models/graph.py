"""The relationship graph: connections, connection requests, follows and blocks.

Uniqueness lives in the database, so concurrent requests cannot create duplicates:

* a connection is stored as two directed rows, ``(user, other)`` and ``(other, user)``, unique
  per direction. Degree and mutual-connection queries then walk one indexed column, and
  "the connections of X, newest first" is one range scan of ``(user_id, created_at)``.
* an open request (PENDING or IGNORED) carries ``open_pair``, the two member ids in sorted
  order; it is unique and set to NULL when the request closes. Both databases allow any number
  of NULLs in a unique column, so this is a partial unique index that Tortoise can declare: one
  open request per pair, in either direction, whatever the timing.
"""

from __future__ import annotations

from uuid import UUID

from tortoise import fields

from amity.models.base import Entity
from amity.models.users import User
from amity.vocabulary import FollowStatus, RequestStatus

__all__ = ["Block", "Connection", "ConnectionRequest", "Follow", "pair_key"]


def pair_key(a: UUID, b: UUID) -> str:
    """The same key for ``(a, b)`` and ``(b, a)``."""
    low, high = sorted((str(a), str(b)))
    return f"{low}:{high}"


class Connection(Entity):
    """One direction of a mutual connection (each connection is two rows)."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="connection_rows", on_delete=fields.CASCADE
    )
    user_id: UUID
    other: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="connection_rows_in", on_delete=fields.CASCADE
    )
    other_id: UUID

    class Meta:
        table = "amity_connection"
        table_description = "Mutual connections stored once per direction"
        unique_together = (("user", "other"),)
        indexes = (("user_id", "created_at"),)


class ConnectionRequest(Entity):
    """A request to connect; ``open_pair`` is set while it is PENDING or IGNORED."""

    sender: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="sent_requests", on_delete=fields.CASCADE
    )
    sender_id: UUID
    recipient: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="received_requests", on_delete=fields.CASCADE
    )
    recipient_id: UUID
    note = fields.TextField(null=True)
    status = fields.CharEnumField(RequestStatus, max_length=10, default=RequestStatus.PENDING)
    responded_at = fields.DatetimeField(null=True)
    open_pair = fields.CharField(max_length=73, null=True, unique=True)

    class Meta:
        table = "amity_connection_request"
        table_description = "Connection requests with their outcome"
        indexes = (("sender_id", "created_at"), ("recipient_id", "status", "created_at"))


class Follow(Entity):
    """A one-way follow; PENDING while a locked member has not approved it."""

    follower: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="following_rows", on_delete=fields.CASCADE
    )
    follower_id: UUID
    followee: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="follower_rows", on_delete=fields.CASCADE
    )
    followee_id: UUID
    status = fields.CharEnumField(FollowStatus, max_length=8, default=FollowStatus.ACTIVE)

    class Meta:
        table = "amity_follow"
        table_description = "One-way follows and follow requests"
        unique_together = (("follower", "followee"),)
        indexes = (("followee_id", "status", "created_at"), ("follower_id", "status", "created_at"))


class Block(Entity):
    """``blocker`` shut ``blocked`` out; to each of them the other no longer exists."""

    blocker: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="blocks_made", on_delete=fields.CASCADE
    )
    blocker_id: UUID
    blocked: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="blocks_received", on_delete=fields.CASCADE
    )
    blocked_id: UUID

    class Meta:
        table = "amity_block"
        table_description = "Blocks between members"
        unique_together = (("blocker", "blocked"),)
        indexes = (("blocked_id",),)
