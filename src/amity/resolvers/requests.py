"""Connection requests: send, accept, decline, ignore, withdraw; removing a connection.

Every use case locks the pair, reads a fresh snapshot and asks the engine the same question
``viewerCan.connect`` asks, so the answer a front end shows is the answer the mutation gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from amity.errors import BAD_USER_INPUT, ActionError
from amity.ids import decode_id
from amity.models import (
    OPEN_REQUEST_STATUSES,
    Block,
    ConnectionRequest,
    RequestStatus,
    User,
    fetch_users,
    pair_key,
)
from amity.policies import Member
from amity.resolvers.context import RequestContext
from amity.resolvers.graph import (
    conflict,
    connect,
    disconnect,
    find_member,
    lock_members,
    not_found,
    now,
    pair_snapshot,
    refusal,
    unfollow,
)
from amity.resolvers.pagination import Page, newest_first
from amity.resolvers.users import UserView, present
from amity.resolvers.validation import clean_text

__all__ = [
    "RequestOutcome",
    "RequestView",
    "accept_request",
    "decline_request",
    "ignore_request",
    "list_requests",
    "present_requests",
    "remove_connection",
    "request_by_id",
    "requests_by_id",
    "send_request",
    "withdraw_request",
]


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """The request a mutation acted on, and whether the two members are now connected."""

    request: ConnectionRequest
    connected: bool


async def send_request(ctx: RequestContext, user_id: str, note: str | None) -> RequestOutcome:
    """Send a request; a crossing request (they already asked) accepts theirs at once."""
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["input", "userId"])
    note = clean_text(note)
    engine = ctx.services.engine
    try:
        async with in_transaction():
            await lock_members(viewer.id, subject.id)
            snapshot = await pair_snapshot(viewer, subject)
            decision = await engine.can_request(
                Member.of(viewer), Member.of(subject), snapshot, note
            )
            if not decision:
                raise refusal(decision, ["input", "userId"])
            if snapshot.incoming_request_pending:  # crossing: theirs is accepted
                request = await ConnectionRequest.get(id=snapshot.request_id)
                await connect(engine, viewer, subject)
                await request.refresh_from_db()
                return RequestOutcome(request, connected=True)
            request = await ConnectionRequest.create(
                sender_id=viewer.id,
                recipient_id=subject.id,
                note=note,
                open_pair=pair_key(viewer.id, subject.id),
            )
    except IntegrityError:
        raise conflict() from None
    ctx.forget_viewer()
    return RequestOutcome(request, connected=False)


async def _request_for(
    ctx: RequestContext, request_id: str, *, as_sender: bool
) -> ConnectionRequest:
    """The request, if the viewer is its recipient (or sender); anyone else gets NOT_FOUND."""
    viewer = ctx.require_viewer()
    decoded = decode_id(request_id, "ConnectionRequest")
    request = await ConnectionRequest.get_or_none(id=decoded[1]) if decoded else None
    owner = (request.sender_id if as_sender else request.recipient_id) if request else None
    if request is None or owner != viewer.id:
        raise not_found(["id"], "request")
    if as_sender is False and request.status == RequestStatus.WITHDRAWN:
        raise not_found(["id"], "request")  # a withdrawn request vanished for its recipient
    return request


async def _locked_open(request: ConnectionRequest) -> ConnectionRequest:
    """Lock the pair, re-read the request, and insist it is still open (else CONFLICT)."""
    await lock_members(request.sender_id, request.recipient_id)
    fresh = await ConnectionRequest.get(id=request.id)
    if fresh.status not in OPEN_REQUEST_STATUSES:
        raise conflict("This request is no longer pending.")
    return fresh


async def accept_request(ctx: RequestContext, request_id: str) -> RequestOutcome:
    viewer = ctx.require_viewer()
    request = await _request_for(ctx, request_id, as_sender=False)
    sender = await User.get(id=request.sender_id)
    engine = ctx.services.engine
    try:
        async with in_transaction():
            request = await _locked_open(request)
            snapshot = await pair_snapshot(viewer, sender)
            decision = await engine.can_accept(Member.of(viewer), Member.of(sender), snapshot)
            if not decision:
                raise refusal(decision, ["id"])
            await connect(engine, viewer, sender)
            await request.refresh_from_db()
    except IntegrityError:
        raise conflict() from None
    ctx.forget_viewer()
    return RequestOutcome(request, connected=True)


async def _close(
    ctx: RequestContext, request_id: str, status: RequestStatus, *, as_sender: bool
) -> RequestOutcome:
    viewer = ctx.require_viewer()
    request = await _request_for(ctx, request_id, as_sender=as_sender)
    other = await User.get(id=request.recipient_id if as_sender else request.sender_id)
    async with in_transaction():
        request = await _locked_open(request)
        if (await pair_snapshot(viewer, other)).blocked:
            raise not_found(["id"], "request")
        if status is RequestStatus.IGNORED:
            request.status = RequestStatus.IGNORED  # still open: the sender sees PENDING
            await request.save(update_fields=["status"])
        else:
            request.status, request.open_pair, request.responded_at = status, None, now()
            await request.save(update_fields=["status", "open_pair", "responded_at"])
    return RequestOutcome(request, connected=False)


async def decline_request(ctx: RequestContext, request_id: str) -> RequestOutcome:
    """Decline: the style decides what that means for the sender's next request."""
    return await _close(ctx, request_id, RequestStatus.DECLINED, as_sender=False)


async def ignore_request(ctx: RequestContext, request_id: str) -> RequestOutcome:
    """Ignore: leaves the recipient's pending list; the sender still sees PENDING."""
    return await _close(ctx, request_id, RequestStatus.IGNORED, as_sender=False)


async def withdraw_request(ctx: RequestContext, request_id: str) -> RequestOutcome:
    """Withdraw (sender only): it disappears for the recipient, who is not told."""
    return await _close(ctx, request_id, RequestStatus.WITHDRAWN, as_sender=True)


async def remove_connection(ctx: RequestContext, user_id: str) -> None:
    """Remove a connection, and the follows that connecting made where the style makes them."""
    viewer = ctx.require_viewer()
    subject = await find_member(user_id, ["userId"])
    engine = ctx.services.engine
    async with in_transaction():
        await lock_members(viewer.id, subject.id)
        snapshot = await pair_snapshot(viewer, subject)
        if snapshot.is_self:
            raise ActionError.of(BAD_USER_INPUT, "You cannot do this to yourself.", ["userId"])
        if snapshot.blocked or not snapshot.connected:
            raise ActionError.of("NOT_FOUND", "You are not connected to this member.", ["userId"])
        await disconnect(viewer.id, subject.id)
        if await engine.auto_follow(Member.of(viewer), Member.of(subject)):
            await unfollow(viewer.id, subject.id)
            await unfollow(subject.id, viewer.id)
    ctx.forget_viewer()


# ---------------------------------------------------------------------- reading requests


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request with both members as the viewer sees them, and the status the viewer sees
    (a sender never learns that the recipient ignored the request)."""

    request: ConnectionRequest
    sender: UserView
    recipient: UserView
    status: RequestStatus


async def present_requests(
    ctx: RequestContext, requests: list[ConnectionRequest]
) -> list[RequestView]:
    """Views of the requests, their members loaded and decided in one batch."""
    ids = list(dict.fromkeys(i for r in requests for i in (r.sender_id, r.recipient_id)))
    records = await fetch_users(User.filter(id__in=ids)) if ids else []
    views = {v.user.id: v for v in await present(ctx, records)}
    viewer_id = ctx.viewer.id if ctx.viewer else None
    return [
        RequestView(
            r,
            views[r.sender_id],
            views[r.recipient_id],
            RequestStatus.PENDING
            if r.status == RequestStatus.IGNORED and r.sender_id == viewer_id
            else RequestStatus(r.status),
        )
        for r in requests
    ]


async def requests_by_id(ctx: RequestContext, ids: list[UUID]) -> list[RequestView | None]:
    """Batch loader: requests by id, for the viewer's relationships on a page."""
    rows = {r.id: r for r in await ConnectionRequest.filter(id__in=ids)}
    views = {v.request.id: v for v in await present_requests(ctx, list(rows.values()))}
    return [views.get(pk) for pk in ids]


async def request_by_id(ctx: RequestContext, pk: UUID) -> RequestView | None:
    """A request its sender or recipient may see; ``None`` for anyone else."""
    viewer = ctx.viewer
    request = await ConnectionRequest.get_or_none(id=pk)
    if viewer is None or request is None:
        return None
    if viewer.id not in (request.sender_id, request.recipient_id):
        return None
    if request.recipient_id == viewer.id and request.status == RequestStatus.WITHDRAWN:
        return None
    view = (await present_requests(ctx, [request]))[0]
    other = view.recipient if request.sender_id == viewer.id else view.sender
    return view if ctx.services.engine.can_reach(other.snapshot) else None


#: Which stored statuses each list shows for each asked status. A sender sees an ignored
#: request as PENDING (and never as IGNORED); a withdrawn request vanishes for its recipient.
_INCOMING = {
    RequestStatus.PENDING: [RequestStatus.PENDING],
    RequestStatus.IGNORED: [RequestStatus.IGNORED],
    RequestStatus.WITHDRAWN: [],
}
_OUTGOING = {
    RequestStatus.PENDING: [RequestStatus.PENDING, RequestStatus.IGNORED],
    RequestStatus.IGNORED: [],
}


async def list_requests(
    ctx: RequestContext,
    *,
    incoming: bool,
    status: RequestStatus,
    first: int | None,
    after: str | None,
) -> Page[RequestView]:
    """The viewer's incoming or outgoing requests with ``status``, newest first."""
    viewer = ctx.require_viewer()
    statuses = (_INCOMING if incoming else _OUTGOING).get(status, [status])
    mine, other = ("recipient_id", "sender_id") if incoming else ("sender_id", "recipient_id")
    query = (
        ConnectionRequest.filter(**{mine: viewer.id, "status__in": statuses})
        .exclude(
            **{f"{other}__in": Subquery(Block.filter(blocker_id=viewer.id).values("blocked_id"))}
        )
        .exclude(
            **{f"{other}__in": Subquery(Block.filter(blocked_id=viewer.id).values("blocker_id"))}
        )
    )
    kind = "incoming" if incoming else "outgoing"
    maximum = ctx.services.engine.limits["max_page_size"] or 100
    rows, cursors, more = await newest_first(query, kind, first, after, maximum)
    return Page(
        items=await present_requests(ctx, rows) if statuses else [],
        cursors=cursors,
        has_next=more,
        has_previous=after is not None,
        count=query.count,
    )
