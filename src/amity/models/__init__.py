"""Tortoise ORM models: the only layer that knows table layouts."""

from amity.models.enums import Audience, MessageFilter, RequestFilter
from amity.models.records import UserLike, UserRecord, fetch_users
from amity.models.state import ServerState
from amity.models.users import AuthToken, User

__all__ = [
    "Audience",
    "AuthToken",
    "MessageFilter",
    "RequestFilter",
    "ServerState",
    "User",
    "UserLike",
    "UserRecord",
    "fetch_users",
]
