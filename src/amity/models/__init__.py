"""Tortoise ORM models: the only layer that knows table layouts."""

from amity.models.addressbook import Contact, Invite, OutboxEmail
from amity.models.graph import Block, Connection, ConnectionRequest, Follow, pair_key
from amity.models.records import UserLike, UserRecord, fetch_users
from amity.models.state import ServerState
from amity.models.users import AuthToken, User
from amity.vocabulary import (
    OPEN_REQUEST_STATUSES,
    Audience,
    ContactSource,
    FollowStatus,
    InviteStatus,
    MessageFilter,
    MessageRoute,
    RequestFilter,
    RequestStatus,
)

__all__ = [
    "OPEN_REQUEST_STATUSES",
    "Audience",
    "AuthToken",
    "Block",
    "Connection",
    "ConnectionRequest",
    "Contact",
    "ContactSource",
    "Follow",
    "FollowStatus",
    "Invite",
    "InviteStatus",
    "MessageFilter",
    "MessageRoute",
    "OutboxEmail",
    "RequestFilter",
    "RequestStatus",
    "ServerState",
    "User",
    "UserLike",
    "UserRecord",
    "fetch_users",
    "pair_key",
]
