"""Blocks: shutting a member out, and letting them back in.

Blocking removes the connection, both follows and every open request either way in the same
transaction; unblocking restores none of them. A member blocked BY the other cannot block or
unblock them: to that member the other does not exist (NOT_FOUND).
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from amity.errors import BAD_USER_INPUT, ActionError
from amity.models import Block
from amity.resolvers.context import RequestContext
from amity.resolvers.graph import (
    delete_open_requests,
    disconnect,
    find_member,
    lock_members,
    not_found,
    pair_snapshot,
    unfollow,
)

__all__ = ["block", "unblock"]


async def block(ctx: RequestContext, user_id: str) -> None:
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["userId"])
    try:
        async with in_transaction():
            await lock_members(viewer.id, subject.id)
            snapshot = await pair_snapshot(viewer, subject)
            if snapshot.is_self:
                raise ActionError.of(BAD_USER_INPUT, "You cannot block yourself.", ["userId"])
            if snapshot.blocked_by and not snapshot.blocking:
                raise not_found(["userId"])
            if snapshot.blocking:
                return  # blocking again is a no-op
            await Block.create(blocker_id=viewer.id, blocked_id=subject.id)
            await disconnect(viewer.id, subject.id)
            await unfollow(viewer.id, subject.id)
            await unfollow(subject.id, viewer.id)
            await delete_open_requests(viewer.id, subject.id)
    except IntegrityError:
        return  # a concurrent block of the same member won: the outcome is the same
    ctx.forget_viewer()


async def unblock(ctx: RequestContext, user_id: str) -> None:
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["userId"])
    snapshot = await pair_snapshot(viewer, subject)
    if snapshot.is_self:
        raise ActionError.of(BAD_USER_INPUT, "You cannot unblock yourself.", ["userId"])
    if snapshot.blocked_by and not snapshot.blocking:
        raise not_found(["userId"])
    await Block.filter(blocker_id=viewer.id, blocked_id=subject.id).delete()
    ctx.forget_viewer()
