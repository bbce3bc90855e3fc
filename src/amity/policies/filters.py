"""Building blocks for filter hooks: who is how close to a viewer, as SQL subqueries.

Filter hooks return Tortoise ``Q`` objects that the directory applies in SQL; these helpers
spell the relationship sets a style needs (connections, the network within N hops, the
members a viewer follows) so that a plugin never writes SQL of its own.
"""

from __future__ import annotations

from uuid import UUID

from tortoise.expressions import Q, Subquery

from amity.models.graph import Connection, Follow
from amity.vocabulary import FollowStatus

__all__ = ["connections_of", "followed_by", "within_hops"]


def _hop(viewer_id: UUID, hops: int) -> Subquery:
    query = Connection.filter(user_id=viewer_id)
    for _ in range(hops - 1):
        query = Connection.filter(user_id__in=Subquery(query.values("other_id")))
    return Subquery(query.values("other_id"))


def connections_of(viewer_id: UUID) -> Q:
    """Members connected to the viewer."""
    return Q(id__in=_hop(viewer_id, 1))


def within_hops(viewer_id: UUID, hops: int) -> Q:
    """Members at most ``hops`` connections away from the viewer (1st, 2nd, ... degree)."""
    q = connections_of(viewer_id)
    for n in range(2, hops + 1):
        q |= Q(id__in=_hop(viewer_id, n))
    return q


def followed_by(viewer_id: UUID) -> Q:
    """Members the viewer follows with an approved follow."""
    return Q(
        id__in=Subquery(
            Follow.filter(follower_id=viewer_id, status=FollowStatus.ACTIVE).values("followee_id")
        )
    )
