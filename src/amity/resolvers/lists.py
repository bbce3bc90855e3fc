"""A member's lists: connections, followers, following, mutual connections, blocked members.

Each page is one hand-written statement (rows come back as lean records), newest first with a
keyset cursor on the relationship row's ``(created_at, id)``; the page's members then pass
through :func:`~amity.resolvers.users.present`, which loads their snapshots in one more. So a
page costs the same number of statements whatever its size. Members blocked either way with
the viewer are left out of every list and count.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from uuid import UUID

from amity.models import UserRecord
from amity.models.records import USER_COLUMNS
from amity.models.sql import as_datetime, as_uuid, fetch
from amity.resolvers.context import RequestContext
from amity.resolvers.pagination import Page, decode_time_cursor, encode_cursor, page_size
from amity.resolvers.users import UserView, present

__all__ = ["LISTS", "member_list"]

_HIDDEN = """u.id NOT IN (SELECT blocked_id FROM amity_block WHERE blocker_id = :v
                      UNION ALL SELECT blocker_id FROM amity_block WHERE blocked_id = :v)"""

#: For each list: the relationship table with its alias ``r``, the join to the listed member
#: ``u``, and the condition naming whose list it is (``:owner``).
LISTS: dict[str, str] = {
    "connections": "amity_connection r JOIN amity_user u ON u.id = r.other_id "
    "WHERE r.user_id = :owner",
    "followers": "amity_follow r JOIN amity_user u ON u.id = r.follower_id "
    "WHERE r.followee_id = :owner AND r.status = 'ACTIVE'",
    "following": "amity_follow r JOIN amity_user u ON u.id = r.followee_id "
    "WHERE r.follower_id = :owner AND r.status = 'ACTIVE'",
    "mutual": "amity_connection r JOIN amity_user u ON u.id = r.other_id "
    "JOIN amity_connection mine ON mine.user_id = :v AND mine.other_id = r.other_id "
    "WHERE r.user_id = :owner",
    "blocked": "amity_block r JOIN amity_user u ON u.id = r.blocked_id WHERE r.blocker_id = :owner",
}


@cache
def _page_sql(name: str, hide: bool, after: bool) -> str:
    columns = ", ".join(f"u.{c}" for c in USER_COLUMNS)
    where = LISTS[name]
    if hide:
        where += f" AND {_HIDDEN}"
    if after:
        where += " AND (r.created_at < :at OR (r.created_at = :at AND r.id < :rid))"
    return (
        f"SELECT {columns}, r.created_at, r.id FROM {where} "
        "ORDER BY r.created_at DESC, r.id DESC LIMIT :limit"
    )


@cache
def _count_sql(name: str, hide: bool) -> str:
    where = LISTS[name] + (f" AND {_HIDDEN}" if hide else "")
    return f"SELECT COUNT(*) FROM {where}"


async def member_list(
    ctx: RequestContext, name: str, owner: UUID, first: int | None, after: str | None
) -> Page[UserView]:
    """One page of ``owner``'s list ``name`` as the viewer sees it (visibility decided by the
    caller, which asks the engine whether the list is shown at all)."""
    limit = page_size(first, ctx.services.engine.limits["max_page_size"] or 100)
    viewer_id = ctx.viewer.id if ctx.viewer else None
    hide = viewer_id is not None and name != "blocked"
    params: dict[str, object] = {"owner": owner, "v": viewer_id, "limit": limit + 1}
    if after is not None:
        params.update(zip(("at", "rid"), decode_time_cursor(after, name), strict=True))
    rows = await fetch(_page_sql(name, hide, after is not None), params)
    records = [UserRecord.from_row(tuple(row)[: len(USER_COLUMNS)]) for row in rows[:limit]]
    keys = [(as_datetime(row[-2]), as_uuid(row[-1])) for row in rows[:limit]]
    views = await present(ctx, records)

    async def count() -> int:
        (row,) = await fetch(_count_sql(name, hide), {"owner": owner, "v": viewer_id})
        return int(row[0])

    return Page(
        items=views,
        cursors=[encode_cursor(name, [_iso(at), str(rid)]) for at, rid in keys],
        has_next=len(rows) > limit,
        has_previous=after is not None,
        count=count,
    )


def _iso(at: datetime | None) -> str:
    return at.isoformat() if at else ""
