"""The root ``Query``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry
from strawberry.types import Info

from amity.ids import decode_id, encode_id
from amity.resolvers import follows, requests, users
from amity.resolvers.context import RequestContext
from amity.schema.types.addressbook import contact_node, invite_node
from amity.schema.types.node import Node
from amity.schema.types.pagination import Connection
from amity.schema.types.policy import PolicyInfo
from amity.schema.types.relationship import ConnectionRequest, Follow
from amity.schema.types.user import User

__all__ = ["Query"]

Ctx = Info[RequestContext, None]


async def _user_node(ctx: RequestContext, pk: UUID) -> Node | None:
    view = await users.user_by_id(ctx, encode_id("User", pk))
    return User.from_model(view) if view else None


#: How ``node(id:)`` loads each type, by the type name inside the global id. A loader returns
#: ``None`` for anything the viewer may not see (someone else's contact, a blocked member).
async def _request_node(ctx: RequestContext, pk: UUID) -> Node | None:
    view = await requests.request_by_id(ctx, pk)
    return ConnectionRequest.from_model(view) if view else None


async def _follow_node(ctx: RequestContext, pk: UUID) -> Node | None:
    view = await follows.follow_by_id(ctx, pk)
    return Follow.from_model(view) if view else None


NODE_LOADERS: dict[str, Callable[[RequestContext, UUID], Awaitable[Node | None]]] = {
    "User": _user_node,
    "ConnectionRequest": _request_node,
    "Follow": _follow_node,
    "Contact": contact_node,
    "Invite": invite_node,
}


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id; null when invisible or unknown.")
    async def node(self, info: Ctx, id: strawberry.ID) -> Node | None:
        decoded = decode_id(id)
        if decoded is None or decoded[0] not in NODE_LOADERS:
            return None
        return await NODE_LOADERS[decoded[0]](info.context, decoded[1])

    @strawberry.field(description="The authenticated user, or null for an anonymous request.")
    async def viewer(self, info: Ctx) -> User | None:
        ctx = info.context
        if ctx.viewer is None:
            return None
        return User.from_model((await users.present(ctx, [ctx.viewer]))[0])

    @strawberry.field(
        description="A member by handle; null when it does not exist OR the viewer may not see it."
    )
    async def user(self, info: Ctx, handle: str) -> User | None:
        view = await users.user_by_handle(info.context, handle)
        return User.from_model(view) if view else None

    @strawberry.field(
        description="Member directory and search, filtered by each member's discoverability."
    )
    async def users(
        self,
        info: Ctx,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[User]:
        page = await users.directory(info.context, search=search, first=first, after=after)
        return Connection.of(page, User.from_model)

    @strawberry.field(description="The active platform style and its effective limits.")
    def policy(self, info: Ctx) -> PolicyInfo:
        return PolicyInfo.from_engine(info.context.services.engine)
