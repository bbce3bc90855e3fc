"""Tortoise ORM models: the only layer that knows table layouts."""

from amity.models.enums import Audience, MessageFilter, RequestFilter
from amity.models.state import ServerState
from amity.models.users import AuthToken, User

__all__ = ["Audience", "AuthToken", "MessageFilter", "RequestFilter", "ServerState", "User"]
