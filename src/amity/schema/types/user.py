"""``User`` and ``PrivacySettings``.

Profile fields are plain attributes filled by :meth:`User.from_model` from a
:class:`~amity.resolvers.users.UserView`, whose visibility the policy engine already decided in
batch: a plain attribute costs a few microseconds per field, an async resolver five times more.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from amity.ids import encode_id
from amity.resolvers import follows, lists, requests, users
from amity.resolvers.context import RequestContext
from amity.resolvers.users import UserView
from amity.schema.types.addressbook import contacts_field, invites_field
from amity.schema.types.node import Node
from amity.schema.types.pagination import Connection
from amity.schema.types.relationship import (
    ConnectionRequest,
    Decision,
    Follow,
    MessageDecision,
    Relationship,
    RequestStatus,
    UserPermissions,
)
from amity.vocabulary import Audience, MessageFilter, RequestFilter

__all__ = [
    "Audience",
    "MessageFilter",
    "PrivacySettings",
    "RequestFilter",
    "User",
]

Ctx = Info[RequestContext, None]

# The model layer's enums, served as GraphQL enums under the same names.
for _enum in (Audience, RequestFilter, MessageFilter):
    strawberry.enum(_enum)


@strawberry.type(description="The viewer's own privacy settings.")
class PrivacySettings:
    headline_audience: Audience
    bio_audience: Audience
    location_audience: Audience
    email_audience: Audience
    connections_audience: Audience
    discoverable: Audience
    who_can_request: RequestFilter
    who_can_message: MessageFilter
    locked: bool = strawberry.field(
        description="follow_only: new followers need approval; facebook: only friends may follow."
    )

    @classmethod
    def from_model(cls, view: UserView) -> PrivacySettings:
        s = view.member.settings
        return cls(
            headline_audience=s.headline_audience,
            bio_audience=s.bio_audience,
            location_audience=s.location_audience,
            email_audience=s.email_audience,
            connections_audience=s.connections_audience,
            discoverable=s.discoverable,
            who_can_request=s.who_can_request,
            who_can_message=s.who_can_message,
            locked=s.locked,
        )


@strawberry.type(description="A member of the network.")
class User(Node):
    handle: str
    display_name: str
    headline: str | None = strawberry.field(
        description="Profile fields resolve to null when the policy hides them from the viewer."
    )
    bio: str | None
    location: str | None
    email: str | None = strawberry.field(
        description="Visible to the member; to others only where the policy allows it."
    )
    created_at: datetime
    _view: strawberry.Private[UserView]

    @strawberry.field(
        description="The viewer's own settings; null unless the viewer is this member."
    )
    def settings(self) -> PrivacySettings | None:
        return PrivacySettings.from_model(self._view) if self._view.is_self else None

    # --- relationships ---

    @strawberry.field(description="The viewer's relationship to this member; null if anonymous.")
    def relationship(self, info: Ctx) -> Relationship | None:
        ctx, view = info.context, self._view
        snapshot = view.snapshot
        if ctx.viewer is None or (snapshot.blocked_by and not snapshot.blocking):
            return None
        label = ctx.services.engine.label(ctx.viewer_member, view.member, snapshot)
        return Relationship.from_model(ctx, snapshot, label)

    @strawberry.field(description="What the viewer may do to this member, with reasons.")
    async def viewer_can(self, info: Ctx) -> UserPermissions | None:
        ctx = info.context
        viewer = ctx.viewer_member
        if viewer is None:
            return None
        engine, member = ctx.services.engine, self._view.member
        snapshot = await users.counted_snapshot(ctx, self._view)  # caps need the counts
        return UserPermissions(
            connect=Decision.from_model(await engine.can_request(viewer, member, snapshot)),
            follow=Decision.from_model(await engine.can_follow(viewer, member, snapshot)),
            message=MessageDecision.from_model(
                await engine.message_route(viewer, member, snapshot)
            ),
            view_connections=Decision.from_model(
                await engine.can_view_list(viewer, member, "connections", snapshot)
            ),
        )

    async def _list(
        self, info: Ctx, name: str, first: int | None, after: str | None
    ) -> Connection[User] | None:
        ctx, view = info.context, self._view
        if name in ("connections", "followers", "following"):
            decision = await ctx.services.engine.can_view_list(
                ctx.viewer_member, view.member, name, view.snapshot
            )
            if not decision:
                return None
        elif (name == "mutual" and (ctx.viewer is None or view.snapshot.blocked)) or (
            name == "blocked" and not view.is_self
        ):
            return None
        page = await lists.member_list(ctx, name, view.user.id, first, after)
        return Connection.of(page, User.from_model)

    @strawberry.field(description="null when the policy hides this member's connection list.")
    async def connections(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[User] | None:
        return await self._list(info, "connections", first, after)

    @strawberry.field(description="Approved followers; null when the policy hides the list.")
    async def followers(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[User] | None:
        return await self._list(info, "followers", first, after)

    @strawberry.field(description="Members followed; null when the policy hides the list.")
    async def following(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[User] | None:
        return await self._list(info, "following", first, after)

    @strawberry.field(description="Connections the viewer and this member share.")
    async def mutual_connections(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[User] | None:
        return await self._list(info, "mutual", first, after)

    @strawberry.field(description="Members the viewer blocked; viewer only.")
    async def blocked_users(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[User] | None:
        return await self._list(info, "blocked", first, after)

    async def _count(self, info: Ctx, name: str) -> int | None:
        ctx, view = info.context, self._view
        decision = await ctx.services.engine.can_view_list(
            ctx.viewer_member, view.member, name, view.snapshot
        )
        if not decision:
            return None
        return (await users.counted_snapshot(ctx, view)).visible_count(name)

    @strawberry.field(description="null when the connection list is hidden from the viewer.")
    async def connection_count(self, info: Ctx) -> int | None:
        return await self._count(info, "connections")

    @strawberry.field(description="null when the follower list is hidden from the viewer.")
    async def follower_count(self, info: Ctx) -> int | None:
        return await self._count(info, "followers")

    @strawberry.field(description="null when the following list is hidden from the viewer.")
    async def following_count(self, info: Ctx) -> int | None:
        return await self._count(info, "following")

    async def _requests(
        self,
        info: Ctx,
        incoming: bool,
        status: RequestStatus | None,
        first: int | None,
        after: str | None,
    ) -> Connection[ConnectionRequest] | None:
        if not self._view.is_self:
            return None
        page = await requests.list_requests(
            info.context,
            incoming=incoming,
            status=status or RequestStatus.PENDING,
            first=first,
            after=after,
        )
        return Connection.of(page, ConnectionRequest.from_model)

    @strawberry.field(description="The viewer's requests received; null unless this is the viewer.")
    async def incoming_requests(
        self,
        info: Ctx,
        status: RequestStatus | None = RequestStatus.PENDING,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[ConnectionRequest] | None:
        return await self._requests(info, True, status, first, after)

    @strawberry.field(description="The viewer's requests sent; null unless this is the viewer.")
    async def outgoing_requests(
        self,
        info: Ctx,
        status: RequestStatus | None = RequestStatus.PENDING,
        first: int | None = 20,
        after: str | None = None,
    ) -> Connection[ConnectionRequest] | None:
        return await self._requests(info, False, status, first, after)

    @strawberry.field(description="Follow requests waiting for approval; viewer only.")
    async def follow_requests(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Follow] | None:
        if not self._view.is_self:
            return None
        page = await follows.list_follow_requests(info.context, first, after)
        return Connection.of(page, Follow.from_model)

    @strawberry.field(description="The viewer's InMail balance; null for others and other styles.")
    def inmail_credits(self, info: Ctx) -> int | None:
        if not self._view.is_self or info.context.services.engine.limits["inmail_credits"] is None:
            return None
        credits = getattr(self._view.user, "inmail_credits", None)
        return credits if isinstance(credits, int) else None

    # The address book's viewer-only fields live beside the Contact and Invite types.
    contacts = contacts_field
    invites = invites_field

    @classmethod
    def from_model(cls, view: UserView) -> User:
        user = view.user
        return cls(
            id=strawberry.ID(encode_id("User", user.id)),
            handle=user.handle,
            display_name=user.display_name,
            headline=view.headline,
            bio=view.bio,
            location=view.location,
            email=view.email,
            created_at=user.created_at,
            _view=view,
        )
