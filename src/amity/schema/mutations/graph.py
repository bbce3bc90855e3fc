"""Relationship mutations: connection requests, connections, follows and blocks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from amity.errors import ActionError
from amity.resolvers import blocks, follows, requests
from amity.resolvers.context import RequestContext
from amity.resolvers.follows import present_follows
from amity.resolvers.requests import RequestOutcome, present_requests
from amity.schema.mutations.account import Ctx, OkPayload, member_mutation
from amity.schema.types.errors import UserError, user_errors
from amity.schema.types.relationship import ConnectionRequest, Follow

__all__ = ["GraphMutation"]


@strawberry.input
class SendConnectionRequestInput:
    user_id: strawberry.ID
    note: str | None = None


@strawberry.type
class ConnectionRequestPayload:
    request: ConnectionRequest | None = None
    connected: bool = strawberry.field(
        default=False,
        description="True whenever this mutation left the two members connected (an accept, "
        "or a crossing request).",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class FollowPayload:
    follow: Follow | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def _request_payload(
    ctx: RequestContext, action: Awaitable[RequestOutcome]
) -> ConnectionRequestPayload:
    try:
        outcome = await action
    except ActionError as e:
        return ConnectionRequestPayload(errors=user_errors(e.problems))
    (view,) = await present_requests(ctx, [outcome.request])
    return ConnectionRequestPayload(
        request=ConnectionRequest.from_model(view), connected=outcome.connected
    )


async def _ok(action: Awaitable[Any]) -> OkPayload:
    try:
        await action
    except ActionError as e:
        return OkPayload(ok=False, errors=user_errors(e.problems))
    return OkPayload(ok=True)


async def _follow_payload(
    ctx: RequestContext, action: Callable[[], Awaitable[Any]]
) -> FollowPayload:
    try:
        row = await action()
    except ActionError as e:
        return FollowPayload(errors=user_errors(e.problems))
    (view,) = await present_follows(ctx, [row])
    return FollowPayload(follow=Follow.from_model(view))


@strawberry.type
class GraphMutation:
    @member_mutation(description="Ask a member to connect; a crossing request connects at once.")
    async def send_connection_request(
        self, info: Ctx, input: SendConnectionRequestInput
    ) -> ConnectionRequestPayload:
        ctx = info.context
        return await _request_payload(ctx, requests.send_request(ctx, input.user_id, input.note))

    @member_mutation(description="Accept a request sent to the viewer.")
    async def accept_connection_request(
        self, info: Ctx, id: strawberry.ID
    ) -> ConnectionRequestPayload:
        return await _request_payload(info.context, requests.accept_request(info.context, id))

    @member_mutation(description="Decline a request sent to the viewer.")
    async def decline_connection_request(
        self, info: Ctx, id: strawberry.ID
    ) -> ConnectionRequestPayload:
        return await _request_payload(info.context, requests.decline_request(info.context, id))

    @member_mutation(description="Ignore a request: the sender still sees it as PENDING.")
    async def ignore_connection_request(
        self, info: Ctx, id: strawberry.ID
    ) -> ConnectionRequestPayload:
        return await _request_payload(info.context, requests.ignore_request(info.context, id))

    @member_mutation(description="Withdraw a request the viewer sent.")
    async def withdraw_connection_request(
        self, info: Ctx, id: strawberry.ID
    ) -> ConnectionRequestPayload:
        return await _request_payload(info.context, requests.withdraw_request(info.context, id))

    @member_mutation(description="Remove a connection.")
    async def remove_connection(self, info: Ctx, user_id: strawberry.ID) -> OkPayload:
        return await _ok(requests.remove_connection(info.context, user_id))

    @member_mutation(description="Follow a member, or ask a locked member to approve.")
    async def follow(self, info: Ctx, user_id: strawberry.ID) -> FollowPayload:
        ctx = info.context
        return await _follow_payload(ctx, lambda: follows.follow(ctx, user_id))

    @member_mutation(description="Stop following a member, or cancel a follow request.")
    async def unfollow(self, info: Ctx, user_id: strawberry.ID) -> OkPayload:
        return await _ok(follows.stop_following(info.context, user_id))

    @member_mutation(description="Approve a follow request sent to the viewer.")
    async def approve_follow_request(self, info: Ctx, id: strawberry.ID) -> FollowPayload:
        ctx = info.context
        return await _follow_payload(ctx, lambda: follows.approve_follow(ctx, id))

    @member_mutation(description="Reject a follow request sent to the viewer.")
    async def reject_follow_request(self, info: Ctx, id: strawberry.ID) -> OkPayload:
        return await _ok(follows.reject_follow(info.context, id))

    @member_mutation(description="Stop a member following the viewer.")
    async def remove_follower(self, info: Ctx, user_id: strawberry.ID) -> OkPayload:
        return await _ok(follows.remove_follower(info.context, user_id))

    @member_mutation(description="Block a member: removes every link between you, both ways.")
    async def block(self, info: Ctx, user_id: strawberry.ID) -> OkPayload:
        return await _ok(blocks.block(info.context, user_id))

    @member_mutation(description="Unblock a member; nothing the block removed comes back.")
    async def unblock(self, info: Ctx, user_id: strawberry.ID) -> OkPayload:
        return await _ok(blocks.unblock(info.context, user_id))
