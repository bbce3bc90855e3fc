"""Members as a viewer sees them: lookups, the directory, and field visibility.

Every member that reaches the schema passes through :func:`present`, which loads the
relationship snapshots of the whole batch at once and asks the policy engine which profile
fields the viewer may see. The GraphQL type then only reads plain attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise.expressions import Q

from amity.errors import BAD_USER_INPUT, request_error
from amity.ids import decode_id
from amity.models import User, UserLike, fetch_users
from amity.policies import Member, RelationshipSnapshot, load_snapshots
from amity.resolvers.context import RequestContext
from amity.resolvers.pagination import Page, decode_cursor, encode_cursor, page_size

__all__ = [
    "PROFILE_FIELDS",
    "UserView",
    "counted_snapshot",
    "directory",
    "present",
    "snapshots_for",
    "user_by_handle",
    "user_by_id",
]

PROFILE_FIELDS = ("headline", "bio", "location", "email")
MAX_SEARCH = 100


@dataclass(frozen=True, slots=True)
class UserView:
    """A member with the profile fields the viewer may see (hidden ones are ``None``)."""

    user: UserLike
    member: Member
    snapshot: RelationshipSnapshot
    headline: str | None
    bio: str | None
    location: str | None
    email: str | None

    @property
    def is_self(self) -> bool:
        return self.snapshot.is_self


async def snapshots_for(
    ctx: RequestContext, subject_ids: Sequence[UUID]
) -> dict[UUID, RelationshipSnapshot]:
    """Snapshots for the subjects, loading only those this request has not loaded yet.

    Counts are left out (``counts_loaded`` is false): :func:`counted_snapshot` adds them for
    the members whose counts or ``viewerCan`` are asked for.
    """
    missing = [sid for sid in dict.fromkeys(subject_ids) if sid not in ctx.snapshots]
    if missing:
        ctx.snapshots.update(await _load(ctx, missing, counts=False))
    return {sid: ctx.snapshots[sid] for sid in subject_ids}


async def _load(
    ctx: RequestContext, subject_ids: list[UUID], *, counts: bool
) -> dict[UUID, RelationshipSnapshot]:
    viewer = ctx.viewer
    return await load_snapshots(
        viewer.id if viewer else None,
        subject_ids,
        viewer_credits=viewer.inmail_credits if viewer else None,
        counts=counts,
    )


async def _counted(ctx: RequestContext, subject_ids: list[UUID]) -> list[RelationshipSnapshot]:
    loaded = await _load(ctx, subject_ids, counts=True)
    return [loaded[sid] for sid in subject_ids]


async def counted_snapshot(ctx: RequestContext, view: UserView) -> RelationshipSnapshot:
    """The view's snapshot with counts, loaded for every member of the page at once."""
    if view.snapshot.counts_loaded:
        return view.snapshot
    return await ctx.loader("counted-snapshots", _counted).load(view.user.id)


async def present(ctx: RequestContext, users: Sequence[UserLike]) -> list[UserView]:
    """The viewer's view of each member, decided in one batch."""
    views = {u.id: ctx.views[u.id] for u in users if u.id in ctx.views}
    todo = [u for u in users if u.id not in views]
    if todo:
        snapshots = await snapshots_for(ctx, [u.id for u in todo])
        engine, viewer = ctx.services.engine, ctx.viewer_member
        for user in todo:
            member, snapshot = Member.of(user), snapshots[user.id]
            # Only fields with a value are decided: an empty field is null for everyone.
            filled = [field for field in PROFILE_FIELDS if getattr(user, field) is not None]
            visible = await engine.visible_fields(viewer, member, snapshot, filled)
            shown = {f: getattr(user, f) if f in visible else None for f in PROFILE_FIELDS}
            views[user.id] = ctx.views[user.id] = UserView(user, member, snapshot, **shown)
    return [views[u.id] for u in users]


async def _discoverable(ctx: RequestContext, user: User | None) -> UserView | None:
    if user is None:
        return None
    snapshot = (await snapshots_for(ctx, [user.id]))[user.id]
    decision = await ctx.services.engine.can_discover(ctx.viewer_member, Member.of(user), snapshot)
    if not decision.allowed:
        return None
    return (await present(ctx, [user]))[0]


async def user_by_handle(ctx: RequestContext, handle: str) -> UserView | None:
    """The member with this handle if the viewer may find them (``discoverable``), else None."""
    if not 0 < len(handle) <= 30:
        return None
    return await _discoverable(ctx, await User.get_or_none(handle=handle.lower()))


async def user_by_id(ctx: RequestContext, global_id: str) -> UserView | None:
    """A member by global id: any member the viewer is not blocked from.

    ``discoverable`` governs the directory and handles only; an id is something the viewer
    already got through a relationship.
    """
    decoded = decode_id(global_id, "User")
    if decoded is None:
        return None
    user = await User.get_or_none(id=decoded[1])
    if user is None:
        return None
    view = (await present(ctx, [user]))[0]
    return view if ctx.services.engine.can_reach(view.snapshot) else None


async def directory(
    ctx: RequestContext, *, search: str | None, first: int | None, after: str | None
) -> Page[UserView]:
    """The member directory, ordered by handle, filtered in SQL by ``discoverable``."""
    limit = page_size(first, ctx.services.engine.limits["max_page_size"] or 100)
    q = await ctx.services.engine.discoverable_filter(ctx.viewer_member)
    if search is not None and search.strip():
        term = search.strip()
        if len(term) > MAX_SEARCH:
            raise request_error(
                BAD_USER_INPUT, f"search is at most {MAX_SEARCH} characters.", field=["search"]
            )
        q &= Q(handle__icontains=term) | Q(display_name__icontains=term)
    rows_q = q
    if after is not None:
        (last_handle,) = decode_cursor(after, "users", 1)
        rows_q = q & Q(handle__gt=last_handle)
    rows = await fetch_users(User.filter(rows_q).order_by("handle").limit(limit + 1))
    views = await present(ctx, rows[:limit])

    async def count() -> int:
        return await User.filter(q).count()

    return Page(
        items=views,
        cursors=[encode_cursor("users", [v.user.handle]) for v in views],
        has_next=len(rows) > limit,
        has_previous=after is not None,
        count=count,
    )
