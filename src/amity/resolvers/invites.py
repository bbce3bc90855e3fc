"""Email invitations to join the network, and their redemption at sign-up.

An invite is its inviter's business alone (anyone else gets ``NOT_FOUND`` or ``null``). One
pending invite per inviter and email is a database constraint: ``open_key`` is unique and set
only while the invite is pending. EXPIRED is never stored: a PENDING invite whose
``expires_at`` has passed reads as EXPIRED, and its ``open_key`` is cleared before a new invite
to the same email takes the key.

The token an invitation email carries is derived, not stored: the invite's id followed by a
MAC of it under the server secret. Only the server can mint one, a database leak reveals none,
and there is nothing to rotate or clean up.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from amity.errors import (
    ALREADY_INVITED,
    ALREADY_MEMBER,
    BAD_USER_INPUT,
    ActionError,
    Problem,
)
from amity.ids import decode_id
from amity.models import (
    Connection,
    ConnectionRequest,
    FollowStatus,
    Invite,
    InviteStatus,
    User,
    pair_key,
)
from amity.policies import Member, PolicyEngine
from amity.policies.limits import CORE_LIMITS
from amity.policies.votes import InviteOutcome
from amity.resolvers.context import RequestContext
from amity.resolvers.graph import (
    conflict,
    connect,
    lock_members,
    not_found,
    now,
    pair_snapshot,
    set_follow,
)
from amity.resolvers.loaders import UserByIdLoader
from amity.resolvers.pagination import (
    Page,
    newest_first,
)
from amity.resolvers.users import UserView
from amity.resolvers.validation import check_email, normalise_email
from amity.security import TokenService

__all__ = [
    "ALREADY_INVITED",
    "ALREADY_MEMBER",
    "BAD_TOKEN",
    "InviteView",
    "invite_by_email",
    "invite_by_id",
    "invite_for_token",
    "invite_token",
    "list_invites",
    "redeem_invites",
    "revoke_invite",
    "status_of",
]

#: What sign-up answers for an unknown, malformed, revoked, expired or used token.
BAD_TOKEN = Problem(
    BAD_USER_INPUT, "This invitation is unknown or no longer valid.", ("input", "inviteToken")
)
_TOKEN_PURPOSE = b"invite:"
_MAC_BYTES = 16
#: 16 bytes of id and 16 of MAC, base64url without padding.
_TOKEN_CHARS = 43


@dataclass(frozen=True, slots=True)
class InviteView:
    """An invite as its inviter sees it, with the loader for the members it names."""

    invite: Invite
    status: InviteStatus
    token: str | None
    members: UserByIdLoader

    async def inviter(self) -> UserView:
        view = await self.members.load(self.invite.inviter_id)
        if view is None:  # an invite is only ever shown to its inviter, who sees themself
            raise RuntimeError("the inviter of a shown invite is not visible")
        return view

    async def accepted_by(self) -> UserView | None:
        """The member who signed up with the invite, unless a block hides them."""
        return await self.members.load(self.invite.accepted_by_id)


# ------------------------------------------------------------------ tokens


def invite_token(tokens: TokenService, invite_id: UUID) -> str:
    """``base64url(id bytes + first 16 bytes of HMAC-SHA256(secret, "invite:" + id bytes))``."""
    mac = tokens.mac(_TOKEN_PURPOSE + invite_id.bytes)[:_MAC_BYTES]
    return base64.urlsafe_b64encode(invite_id.bytes + mac).decode().rstrip("=")


def _token_invite_id(tokens: TokenService, token: str) -> UUID | None:
    """The invite id a genuine token names; ``None`` for anything the server did not mint."""
    if len(token) != _TOKEN_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 2 * _MAC_BYTES:
        return None
    invite_id = UUID(bytes=raw[:_MAC_BYTES])
    # Comparing the whole re-encoded token also refuses non-canonical spellings of it.
    return invite_id if hmac.compare_digest(invite_token(tokens, invite_id), token) else None


async def invite_for_token(tokens: TokenService, token: str) -> Invite | None:
    """The pending, unexpired invite a token names; ``None`` if there is no such invite."""
    invite_id = _token_invite_id(tokens, token)
    if invite_id is None:
        return None
    return await Invite.get_or_none(id=invite_id, status=InviteStatus.PENDING, expires_at__gt=now())


def status_of(invite: Invite, moment: datetime) -> InviteStatus:
    """The stored status, except that a pending invite past its expiry reads as EXPIRED."""
    if invite.status == InviteStatus.PENDING and invite.expires_at <= moment:
        return InviteStatus.EXPIRED
    return InviteStatus(invite.status)


def _view(
    ctx: RequestContext, invite: Invite, members: UserByIdLoader, moment: datetime
) -> InviteView:
    viewer = ctx.viewer
    own = viewer is not None and viewer.id == invite.inviter_id
    token = invite_token(ctx.services.tokens, invite.id) if own else None
    return InviteView(invite, status_of(invite, moment), token, members)


def _single(ctx: RequestContext, invite: Invite) -> InviteView:
    ids = [invite.inviter_id, invite.accepted_by_id]
    return _view(ctx, invite, UserByIdLoader(ctx, ids), now())


async def _own_invite(ctx: RequestContext, global_id: str) -> Invite | None:
    viewer = ctx.require_viewer()
    decoded = decode_id(global_id, "Invite")
    if decoded is None:
        return None
    return await Invite.get_or_none(id=decoded[1], inviter_id=viewer.id)


async def invite_by_id(ctx: RequestContext, pk: UUID) -> InviteView | None:
    """``node(id:)``: the invite if the viewer sent it, else ``None`` (no existence leaks)."""
    if ctx.viewer is None:
        return None
    invite = await Invite.get_or_none(id=pk, inviter_id=ctx.viewer.id)
    return _single(ctx, invite) if invite else None


# ------------------------------------------------------------------ use cases


def _already_invited() -> ActionError:
    return ActionError.of(
        ALREADY_INVITED, "You have a pending invite to this email.", ("input", "email")
    )


async def invite_by_email(ctx: RequestContext, email: str) -> InviteView:
    """Invite a non-member; the invitation goes out through the delivery hook after commit."""
    viewer = ctx.require_viewer()
    problem = check_email(email, ("input", "email"))
    if problem is not None:
        raise ActionError(problem)
    address, key = email.strip(), normalise_email(email)
    if await User.exists(email_key=key):
        raise ActionError.of(ALREADY_MEMBER, "This email belongs to a member.", ("input", "email"))
    engine = ctx.services.engine
    days = engine.limits["invite_expiry_days"] or CORE_LIMITS["invite_expiry_days"]
    moment = now()
    open_key = f"{viewer.id}:{key}"
    try:
        async with in_transaction():
            # An expired invite is no longer pending: it gives its key up to the new one.
            await Invite.filter(open_key=open_key, expires_at__lte=moment).update(open_key=None)
            if await Invite.exists(open_key=open_key):
                raise _already_invited()
            invite = await Invite.create(
                inviter_id=viewer.id,
                email=address,
                email_key=key,
                expires_at=moment + timedelta(days=days),
                open_key=open_key,
            )
    except IntegrityError:  # a concurrent request invited the same email first
        raise _already_invited() from None
    view = _single(ctx, invite)
    # After commit: an email must never announce an invite that was rolled back.
    token = invite_token(ctx.services.tokens, invite.id)
    await engine.deliver_email(address, *_invitation(viewer, token, invite.expires_at))
    return view


def _invitation(inviter: User, token: str, expires_at: datetime) -> tuple[str, str]:
    """Subject and body of the invitation email."""
    subject = f"{inviter.display_name} invites you to join amity"
    body = (
        f"{inviter.display_name} (@{inviter.handle}) invites you to join them on amity.\n\n"
        "Sign up with this email address, or give this invitation token when you sign up:\n\n"
        f"    {token}\n\n"
        f"The invitation expires on {expires_at:%Y-%m-%d}.\n"
    )
    return subject, body


async def revoke_invite(ctx: RequestContext, global_id: str) -> InviteView:
    """Revoke a pending invite (inviter only); anything no longer pending is ``CONFLICT``."""
    invite = await _own_invite(ctx, global_id)
    if invite is None:
        raise not_found(("id",), "invite")
    moment = now()
    revoked = await Invite.filter(
        id=invite.id, status=InviteStatus.PENDING, expires_at__gt=moment
    ).update(status=InviteStatus.REVOKED, open_key=None, responded_at=moment)
    if not revoked:
        raise conflict("Only a pending invite can be revoked.")
    invite.status, invite.open_key, invite.responded_at = InviteStatus.REVOKED, None, moment
    return _single(ctx, invite)


async def list_invites(
    ctx: RequestContext, *, first: int | None, after: str | None
) -> Page[InviteView]:
    """The viewer's invites, newest first (keyset on ``(created_at, id)``)."""
    viewer = ctx.require_viewer()
    query = Invite.filter(inviter_id=viewer.id)
    maximum = ctx.services.engine.limits["max_page_size"] or 100
    items, cursors, more = await newest_first(query, "invites", first, after, maximum)
    members = UserByIdLoader(ctx, [viewer.id, *(i.accepted_by_id for i in items)])
    moment = now()
    return Page(
        items=[_view(ctx, i, members, moment) for i in items],
        cursors=cursors,
        has_next=more,
        has_previous=after is not None,
        count=query.count,
    )


# ------------------------------------------------------------------ redemption


async def redeem_invites(engine: PolicyEngine, member: User, token_invite: UUID | None) -> None:
    """Redeem, inside the sign-up transaction, every pending invite to the new member's email
    and the invite their token names; each inviter then gets the style's outcome.

    The token's invite is redeemed by a conditional UPDATE: if a concurrent sign-up or a revoke
    took it first, nothing matches and the sign-up is refused (``BAD_TOKEN``) and rolled back.
    """
    moment = now()
    pending = Q(status=InviteStatus.PENDING, expires_at__gt=moment)
    accepted = {
        "status": InviteStatus.ACCEPTED,
        "accepted_by_id": member.id,
        "responded_at": moment,
        "open_key": None,
    }
    if token_invite is not None and not await Invite.filter(pending, id=token_invite).update(
        **accepted
    ):
        raise ActionError(BAD_TOKEN)
    await Invite.filter(pending, email_key=member.email_key).update(**accepted)
    inviter_ids = set(
        await Invite.filter(accepted_by_id=member.id).values_list("inviter_id", flat=True)
    )
    if not inviter_ids:
        return
    new_member = Member.of(member)
    for inviter in await User.filter(id__in=sorted(inviter_ids)).order_by("id"):
        outcome = await engine.invite_outcome(Member.of(inviter), new_member)
        await _apply(engine, outcome, inviter, member)


async def _apply(engine: PolicyEngine, outcome: InviteOutcome, inviter: User, member: User) -> None:
    """Make of the inviter and the new member what the style says; nothing twice."""
    if outcome is InviteOutcome.CONNECT:
        if await Connection.exists(user_id=inviter.id, other_id=member.id):
            return
        # Redeeming is the new member accepting the inviter: the caps apply as at any
        # accept. An inviter at the cap gets a pending request instead, so nothing is lost.
        await lock_members(inviter.id, member.id)
        snapshot = await pair_snapshot(member, inviter)
        if await engine.can_accept(Member.of(member), Member.of(inviter), snapshot):
            await connect(engine, inviter, member)
            return
        outcome = InviteOutcome.REQUEST
    if outcome is InviteOutcome.REQUEST:
        key = pair_key(inviter.id, member.id)
        if not await ConnectionRequest.exists(open_pair=key):
            await ConnectionRequest.create(
                sender_id=inviter.id, recipient_id=member.id, open_pair=key
            )
    elif outcome is InviteOutcome.FOLLOW:
        await set_follow(member.id, inviter.id, FollowStatus.ACTIVE)
