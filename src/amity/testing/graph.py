"""Rows for tests: members and their relationships, written straight to the tables.

Conformance checks and snapshot tests need a graph in a real database. These helpers write
the rows exactly as amity stores them (a connection is two directed rows; an open request
carries its pair key; emails are compared through a lowercased key) without going through the
use cases, so a test can set up any state in a line, including ones the API reaches only after
many steps, such as a request declined a year ago. They check nothing: a test that needs a
rule enforced must go through the API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amity.models import (
    Block,
    Connection,
    ConnectionRequest,
    Contact,
    Follow,
    FollowStatus,
    RequestStatus,
    User,
    pair_key,
)
from amity.vocabulary import OPEN_REQUEST_STATUSES

__all__ = ["add_contact", "block", "connect", "create_member", "follow", "send_request"]


async def create_member(handle: str, *, email: str | None = None, **settings: Any) -> User:
    """A member; keyword arguments are privacy settings (``discoverable=Audience.NETWORK``).

    The email defaults to ``<handle>@example.org``; ``email_key`` is its lowercase form.
    """
    email = email or f"{handle}@example.org"
    return await User.create(
        handle=handle.lower(),
        display_name=handle.title(),
        email=email,
        email_key=email.lower(),
        password_hash="-",
        **settings,
    )


async def connect(a: User, b: User, *, at: datetime | None = None) -> None:
    """Connect two members: one row per direction, as amity stores a connection."""
    extra: dict[str, Any] = {} if at is None else {"created_at": at}
    await Connection.create(user=a, other=b, **extra)
    await Connection.create(user=b, other=a, **extra)


async def follow(follower: User, followee: User, *, pending: bool = False) -> Follow:
    """``follower`` follows ``followee`` (approved), or asks to when ``pending``."""
    status = FollowStatus.PENDING if pending else FollowStatus.ACTIVE
    return await Follow.create(follower=follower, followee=followee, status=status)


async def block(blocker: User, blocked: User) -> Block:
    """``blocker`` blocks ``blocked`` (nothing else is removed: do that in the graph you build)."""
    return await Block.create(blocker=blocker, blocked=blocked)


async def send_request(
    sender: User,
    recipient: User,
    *,
    status: RequestStatus = RequestStatus.PENDING,
    note: str | None = None,
    created_at: datetime | None = None,
    responded_at: datetime | None = None,
) -> ConnectionRequest:
    """A connection request in any state; an open one (PENDING, IGNORED) gets its pair key."""
    extra: dict[str, Any] = {} if created_at is None else {"created_at": created_at}
    return await ConnectionRequest.create(
        sender=sender,
        recipient=recipient,
        status=status,
        note=note,
        responded_at=responded_at,
        open_pair=pair_key(sender.id, recipient.id) if status in OPEN_REQUEST_STATUSES else None,
        **extra,
    )


async def add_contact(owner: User, email: str, *, name: str | None = None) -> Contact:
    """A contact in ``owner``'s address book, matched to members case-insensitively."""
    return await Contact.create(
        owner=owner, name=name or email.split("@")[0], email=email, email_key=email.lower()
    )
