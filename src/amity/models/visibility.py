"""The block rule, written once: which members are hidden from a viewer.

A block either way makes each member look, to the other, like a member who does not exist, so
every list, count, search and look-up must leave out the members on the other side of a block.
That rule has one definition here, :data:`BLOCK_SIDES`, and two forms generated from it:

* :func:`hidden_ids_sql` / :func:`not_hidden_sql`, for hand-written statements (named markers,
  see :mod:`amity.models.sql`);
* :func:`not_hidden_q`, a Tortoise ``Q`` for ORM querysets.

A new list or count that needs the rule takes one of these; a test sweeps every list and count
field of the schema with a blocked pair, so one that forgets it fails.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from tortoise.expressions import Q, Subquery

from amity.models.graph import Block

__all__ = ["BLOCK_SIDES", "hidden_ids_sql", "not_hidden_q", "not_hidden_sql"]

#: For each direction of a block: the column naming the viewer, and the column naming the
#: member hidden from them. The viewer blocked the member, or the member blocked the viewer.
BLOCK_SIDES: tuple[tuple[str, str], ...] = (
    ("blocker_id", "blocked_id"),
    ("blocked_id", "blocker_id"),
)


@cache
def hidden_ids_sql(viewer: str = "v") -> str:
    """A parenthesised subquery of the ids hidden from the viewer named by marker ``:viewer``."""
    table = Block._meta.db_table
    branches = " UNION ALL ".join(
        f"SELECT {hidden} FROM {table} WHERE {mine} = :{viewer}" for mine, hidden in BLOCK_SIDES
    )
    return f"({branches})"


@cache
def not_hidden_sql(column: str, viewer: str = "v") -> str:
    """A condition true when ``column`` names a member not hidden from ``:viewer``."""
    return f"{column} NOT IN {hidden_ids_sql(viewer)}"


def not_hidden_q(viewer_id: UUID, field: str = "id") -> Q:
    """The same rule for a queryset: ``field`` names a member not hidden from the viewer."""
    conditions = []
    for mine, hidden in BLOCK_SIDES:
        lookup: dict[str, Any] = {
            f"{field}__in": Subquery(Block.filter(**{mine: viewer_id}).values(hidden))
        }
        conditions.append(~Q(**lookup))
    return Q(*conditions, join_type=Q.AND)
