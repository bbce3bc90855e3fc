"""What every relationship use case shares: finding the other member, locking the pair,
a fresh snapshot inside the transaction, turning a refusal into errors, and the writes.

A use case runs as::

    async with in_transaction():
        await lock_members(viewer.id, subject.id)        # serialises actions on the pair
        snapshot = await pair_snapshot(viewer, subject)  # facts as of the lock
        decision = await engine.can_...(..., snapshot)   # the same question viewerCan asks
        if not decision: raise refusal(decision)
        ... writes ...

Locking both member rows (in id order, so two opposite actions cannot deadlock) makes
checks-then-writes atomic on PostgreSQL: quotas, caps and "is it still pending?" are read and
consumed under the lock. SQLite runs one transaction at a time per process anyway. The
database's unique constraints stay the last line of defence; their violation is ``CONFLICT``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from amity.errors import CONFLICT, NOT_FOUND, ActionError
from amity.ids import decode_id
from amity.models import (
    OPEN_REQUEST_STATUSES,
    Connection,
    ConnectionRequest,
    Follow,
    FollowStatus,
    RequestStatus,
    User,
    pair_key,
)
from amity.models.sql import db, execute
from amity.policies import Decision, Member, PolicyEngine, RelationshipSnapshot, load_snapshots

__all__ = [
    "close_open_requests",
    "conflict",
    "connect",
    "delete_open_requests",
    "disconnect",
    "find_member",
    "lock_members",
    "not_found",
    "now",
    "pair_snapshot",
    "refusal",
    "set_follow",
    "unfollow",
]


def not_found(field: Sequence[str] | None = None, what: str = "member") -> ActionError:
    return ActionError.of(NOT_FOUND, f"No such {what}.", field)


def conflict(message: str = "Someone else changed this first; try again.") -> ActionError:
    return ActionError.of(CONFLICT, message)


def refusal(decision: Decision, field: Sequence[str] | None = None) -> ActionError:
    """A refused decision as the mutation's error (its code, its reason)."""
    return ActionError.of(
        decision.code or "NOT_ALLOWED",
        decision.reason or "Not allowed.",
        decision.field or (field if decision.code == NOT_FOUND else None),
    )


async def find_member(global_id: str, field: Sequence[str]) -> User:
    """The member a ``User`` global id names; ``NOT_FOUND`` (naming ``field``) otherwise.

    Blocks are not checked here: the snapshot answers them, as NOT_FOUND too.
    """
    decoded = decode_id(global_id, "User")
    user = await User.get_or_none(id=decoded[1]) if decoded else None
    if user is None:
        raise not_found(field)
    return user


async def lock_members(*ids: UUID) -> None:
    """Lock the members' rows until the transaction ends (PostgreSQL), in id order."""
    if db().capabilities.dialect != "postgres":
        return
    await execute(
        "SELECT id FROM amity_user WHERE id IN :ids ORDER BY id FOR UPDATE",
        {"ids": sorted(set(ids))},
    )


async def pair_snapshot(viewer: User, subject: User) -> RelationshipSnapshot:
    """The viewer's relationship to the subject, read inside the current transaction."""
    snapshots = await load_snapshots(viewer.id, [subject.id], viewer_credits=viewer.inmail_credits)
    return snapshots[subject.id]


def now() -> datetime:
    return datetime.now(UTC)


async def connect(engine: PolicyEngine, a: User, b: User) -> None:
    """Connect two members: both directed rows, close any open request between them, and
    make them follow each other if the style says so."""
    await Connection.create(user_id=a.id, other_id=b.id)
    await Connection.create(user_id=b.id, other_id=a.id)
    await close_open_requests(a.id, b.id, RequestStatus.ACCEPTED)
    if await engine.auto_follow(Member.of(a), Member.of(b)):
        await set_follow(a.id, b.id, FollowStatus.ACTIVE)
        await set_follow(b.id, a.id, FollowStatus.ACTIVE)


async def disconnect(a: UUID, b: UUID) -> int:
    """Remove the connection between two members; the number of rows removed (0 or 2)."""
    return await execute(
        "DELETE FROM amity_connection WHERE (user_id = :a AND other_id = :b) "
        "OR (user_id = :b AND other_id = :a)",
        {"a": a, "b": b},
    )


async def close_open_requests(a: UUID, b: UUID, status: RequestStatus) -> None:
    """Give the open request between the pair (either way) its final status."""
    await ConnectionRequest.filter(open_pair=pair_key(a, b)).update(
        status=status, open_pair=None, responded_at=now()
    )


async def delete_open_requests(a: UUID, b: UUID) -> None:
    """Remove the open request between the pair, as if it had never been sent (blocks)."""
    await ConnectionRequest.filter(
        open_pair=pair_key(a, b), status__in=list(OPEN_REQUEST_STATUSES)
    ).delete()


async def set_follow(follower: UUID, followee: UUID, status: FollowStatus) -> Follow:
    """Create the follow, or move an existing one to ``status``."""
    existing = await Follow.get_or_none(follower_id=follower, followee_id=followee)
    if existing is None:
        return await Follow.create(follower_id=follower, followee_id=followee, status=status)
    if existing.status != status:
        existing.status = status
        await existing.save(update_fields=["status"])
    return existing


async def unfollow(follower: UUID, followee: UUID) -> int:
    """Remove the follow (approved or requested); the number of rows removed."""
    return await Follow.filter(follower_id=follower, followee_id=followee).delete()
