"""Follows: follow (or ask to), unfollow, approve and reject requests, remove a follower."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from amity.errors import BAD_USER_INPUT, ActionError
from amity.ids import decode_id
from amity.models import Follow, FollowStatus, User, fetch_users
from amity.policies import Member
from amity.resolvers.context import RequestContext
from amity.resolvers.graph import (
    conflict,
    find_member,
    lock_members,
    not_found,
    pair_snapshot,
    refusal,
    set_follow,
    unfollow,
)
from amity.resolvers.pagination import Page, newest_first
from amity.resolvers.users import UserView, present

__all__ = [
    "FollowView",
    "approve_follow",
    "follow",
    "follow_by_id",
    "list_follow_requests",
    "present_follows",
    "reject_follow",
    "remove_follower",
    "stop_following",
]


async def follow(ctx: RequestContext, user_id: str) -> Follow:
    """Follow at once, or ask a member the style makes approve followers; again is a no-op."""
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["userId"])
    engine = ctx.services.engine
    try:
        async with in_transaction():
            await lock_members(viewer.id, subject.id)
            snapshot = await pair_snapshot(viewer, subject)
            me, them = Member.of(viewer), Member.of(subject)
            decision = await engine.can_follow(me, them, snapshot)
            if not decision:
                raise refusal(decision, ["userId"])
            existing = await Follow.get_or_none(follower_id=viewer.id, followee_id=subject.id)
            if existing is not None:
                return existing
            status = await engine.follow_status(me, them, snapshot)
            result = await set_follow(viewer.id, subject.id, status)
    except IntegrityError:
        raise conflict() from None
    ctx.forget_viewer()
    return result


async def _other_side(ctx: RequestContext, user_id: str) -> tuple[User, User]:
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["userId"])
    snapshot = await pair_snapshot(viewer, subject)
    if snapshot.is_self:
        raise ActionError.of(BAD_USER_INPUT, "You cannot do this to yourself.", ["userId"])
    if snapshot.blocked:
        raise not_found(["userId"])
    return viewer, subject


async def stop_following(ctx: RequestContext, user_id: str) -> None:
    """Unfollow, or cancel a follow request; a connection stays."""
    viewer, subject = await _other_side(ctx, user_id)
    await unfollow(viewer.id, subject.id)
    ctx.forget_viewer()


async def remove_follower(ctx: RequestContext, user_id: str) -> None:
    """Stop a member following the viewer (or drop their request); a connection stays."""
    viewer, subject = await _other_side(ctx, user_id)
    await unfollow(subject.id, viewer.id)
    ctx.forget_viewer()


async def _pending_to_viewer(ctx: RequestContext, follow_id: str) -> Follow:
    viewer = ctx.require_viewer()
    decoded = decode_id(follow_id, "Follow")
    row = await Follow.get_or_none(id=decoded[1]) if decoded else None
    if row is None or row.followee_id != viewer.id:
        raise not_found(["id"], "follow request")
    return row


async def approve_follow(ctx: RequestContext, follow_id: str) -> Follow:
    row = await _pending_to_viewer(ctx, follow_id)
    async with in_transaction():
        await lock_members(row.follower_id, row.followee_id)
        fresh = await Follow.get_or_none(id=row.id)
        if fresh is None or fresh.status != FollowStatus.PENDING:
            raise conflict("This follow request is no longer pending.")
        fresh.status = FollowStatus.ACTIVE
        await fresh.save(update_fields=["status"])
    ctx.forget_viewer()
    return fresh


async def reject_follow(ctx: RequestContext, follow_id: str) -> None:
    row = await _pending_to_viewer(ctx, follow_id)
    deleted = await Follow.filter(id=row.id, status=FollowStatus.PENDING).delete()
    if not deleted:
        raise conflict("This follow request is no longer pending.")


@dataclass(frozen=True, slots=True)
class FollowView:
    """A follow with both members as the viewer sees them."""

    follow: Follow
    follower: UserView
    followee: UserView


async def present_follows(ctx: RequestContext, follows: list[Follow]) -> list[FollowView]:
    ids = list(dict.fromkeys(i for f in follows for i in (f.follower_id, f.followee_id)))
    records = await fetch_users(User.filter(id__in=ids)) if ids else []
    views = {v.user.id: v for v in await present(ctx, records)}
    return [FollowView(f, views[f.follower_id], views[f.followee_id]) for f in follows]


async def follow_by_id(ctx: RequestContext, pk: UUID) -> FollowView | None:
    """A follow either member may see; ``None`` for anyone else."""
    row = await Follow.get_or_none(id=pk)
    if ctx.viewer is None or row is None or ctx.viewer.id not in (row.follower_id, row.followee_id):
        return None
    return (await present_follows(ctx, [row]))[0]


async def list_follow_requests(
    ctx: RequestContext, first: int | None, after: str | None
) -> Page[FollowView]:
    """Follow requests waiting for the viewer's approval, newest first."""
    viewer = ctx.require_viewer()
    query = Follow.filter(followee_id=viewer.id, status=FollowStatus.PENDING)
    maximum = ctx.services.engine.limits["max_page_size"] or 100
    rows, cursors, more = await newest_first(query, "follow-requests", first, after, maximum)
    return Page(
        items=await present_follows(ctx, rows),
        cursors=cursors,
        has_next=more,
        has_previous=after is not None,
        count=query.count,
    )
