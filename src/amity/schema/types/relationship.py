"""The viewer's relationship to a member, what the viewer may do, requests and follows.

Types wrap what the resolvers decided (``strawberry.Private``); the only work left here is
picking attributes, so a page of 50 members with their relationship costs plain-attribute
resolution, not a coroutine per field.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from amity.ids import encode_id
from amity.policies import Decision as PolicyDecision
from amity.policies import RelationshipSnapshot, Vote
from amity.policies.votes import Route
from amity.resolvers.context import RequestContext
from amity.resolvers.follows import FollowView
from amity.resolvers.requests import RequestView, requests_by_id
from amity.schema.types.node import Node
from amity.vocabulary import FollowStatus, MessageRoute, RequestStatus

if TYPE_CHECKING:
    from amity.schema.types.user import User

__all__ = [
    "ConnectionRequest",
    "Decision",
    "Follow",
    "FollowStatus",
    "MessageDecision",
    "MessageRoute",
    "PolicyVote",
    "Relationship",
    "RequestStatus",
    "UserPermissions",
]

LazyUser = Annotated["User", strawberry.lazy("amity.schema.types.user")]

strawberry.enum(RequestStatus)
strawberry.enum(FollowStatus)
strawberry.enum(
    MessageRoute,
    description="Where a new conversation's first message would go.",
)


@strawberry.type(description="One plugin's vote in a decision (the explain API).")
class PolicyVote:
    plugin: str
    allowed: bool
    code: str | None
    reason: str | None


@strawberry.type(description="A policy's answer: allowed or not, and why.")
class Decision:
    allowed: bool
    code: str | None = strawberry.field(
        description="Machine-readable reason, the same code the mutation would return."
    )
    reason: str | None = strawberry.field(description="Human-readable explanation.")
    _votes: strawberry.Private[tuple[Vote, ...]]

    @strawberry.field(
        description="Every plugin's vote, by plugin name, so a front end or an operator can see "
        "who decided. Empty when a core invariant decided (a block, acting on oneself, a no-op)."
    )
    def votes(self) -> list[PolicyVote]:
        return [
            PolicyVote(plugin=v.plugin or "", allowed=v.allowed, code=v.code, reason=v.reason)
            for v in sorted(self._votes, key=lambda v: (v.plugin or "", v.code or ""))
        ]

    @classmethod
    def from_model(cls, decision: PolicyDecision) -> Decision:
        return cls(
            allowed=decision.allowed,
            code=decision.code,
            reason=decision.reason,
            _votes=decision.votes,
        )


@strawberry.type(description="Whether the viewer may message a member, and the route.")
class MessageDecision:
    allowed: bool
    route: MessageRoute
    code: str | None
    reason: str | None

    @classmethod
    def from_model(cls, route: Route) -> MessageDecision:
        return cls(allowed=route.allowed, route=route.route, code=route.code, reason=route.reason)


@strawberry.type(description="What the viewer may do to a member, with reasons.")
class UserPermissions:
    connect: Decision
    follow: Decision
    message: MessageDecision
    view_connections: Decision


@strawberry.type(description="A request to connect.")
class ConnectionRequest(Node):
    sender: LazyUser
    recipient: LazyUser
    note: str | None
    status: RequestStatus = strawberry.field(
        description="The sender sees PENDING for a request the recipient IGNORED."
    )
    created_at: datetime
    responded_at: datetime | None

    @classmethod
    def from_model(cls, view: RequestView) -> ConnectionRequest:
        from amity.schema.types.user import User

        r = view.request
        return cls(
            id=strawberry.ID(encode_id("ConnectionRequest", r.id)),
            sender=User.from_model(view.sender),
            recipient=User.from_model(view.recipient),
            note=r.note,
            status=view.status,
            created_at=r.created_at,
            # The sender is not told when the recipient ignored the request.
            responded_at=r.responded_at if view.status != RequestStatus.PENDING else None,
        )


@strawberry.type(description="A one-way follow, or a request to follow a locked member.")
class Follow(Node):
    follower: LazyUser
    followee: LazyUser
    status: FollowStatus
    created_at: datetime

    @classmethod
    def from_model(cls, view: FollowView) -> Follow:
        from amity.schema.types.user import User

        f = view.follow
        return cls(
            id=strawberry.ID(encode_id("Follow", f.id)),
            follower=User.from_model(view.follower),
            followee=User.from_model(view.followee),
            status=FollowStatus(f.status),
            created_at=f.created_at,
        )


@strawberry.type(description="The viewer's relationship to a member.")
class Relationship:
    degree: int | None = strawberry.field(
        description="0 self, 1 connected, 2 or 3 by shortest connection path; null beyond 3."
    )
    connected: bool
    following: bool
    followed_by: bool
    follow_requested: bool = strawberry.field(
        description="The viewer asked to follow a locked member and waits for approval."
    )
    blocking: bool
    is_contact: bool
    mutual_connection_count: int
    label: str | None = strawberry.field(
        description="Style-specific label: 'You', '1st', '2nd', '3rd', 'Out of network', "
        "'Friend', '2 mutual friends', 'Mutual', 'Follows you', 'Following'."
    )
    _ctx: strawberry.Private[RequestContext]
    _snapshot: strawberry.Private[RelationshipSnapshot]

    @strawberry.field(description="The viewer's open request to this member.")
    async def outgoing_request(self) -> ConnectionRequest | None:
        if not self._snapshot.outgoing_request_pending:
            return None
        return await self._request()

    @strawberry.field(description="This member's open request to the viewer.")
    async def incoming_request(self) -> ConnectionRequest | None:
        if not self._snapshot.incoming_request_pending:
            return None
        return await self._request()

    async def _request(self) -> ConnectionRequest | None:
        request_id = self._snapshot.request_id
        if request_id is None:
            return None
        view = await self._ctx.loader("requests", requests_by_id).load(request_id)
        return ConnectionRequest.from_model(view) if view else None

    @classmethod
    def from_model(
        cls, ctx: RequestContext, snapshot: RelationshipSnapshot, label: str | None
    ) -> Relationship:
        return cls(
            degree=snapshot.degree,
            connected=snapshot.connected,
            following=snapshot.following,
            followed_by=snapshot.followed_by,
            follow_requested=snapshot.follow_requested,
            blocking=snapshot.blocking,
            is_contact=snapshot.is_contact,
            mutual_connection_count=snapshot.mutual_count,
            label=label,
            _ctx=ctx,
            _snapshot=snapshot,
        )
