"""Relay connection types: ``PageInfo`` and the generic edge and connection.

strawberry names a generic by its argument, so ``Connection[User]`` is served as
``UserConnection`` and ``Edge[User]`` as ``UserEdge``, as the contract spells them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from amity.resolvers.pagination import Page

__all__ = ["Connection", "Edge", "PageInfo"]

T = TypeVar("T")
S = TypeVar("S")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (one extra query).")
    async def total_count(self) -> int | None:
        return await self._count()

    @classmethod
    def of(cls, page: Page[S], wrap: Callable[[S], T]) -> Connection[T]:
        edges = [
            Edge(cursor=c, node=wrap(item))
            for item, c in zip(page.items, page.cursors, strict=False)
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            _count=page.count,
        )
