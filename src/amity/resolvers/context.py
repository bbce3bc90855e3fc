"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from amity.errors import UNAUTHENTICATED, request_error
from amity.models import User
from amity.policies import Member, RelationshipSnapshot
from amity.services import Services

if TYPE_CHECKING:
    from amity.resolvers.users import UserView

__all__ = ["RequestContext"]


@dataclass(slots=True, eq=False)
class RequestContext:
    """Who is asking, the shared services, and caches that live for one request only."""

    services: Services
    viewer: User | None = None
    #: Hash of the bearer token this request carried (what ``logOut`` revokes).
    token_hash: str | None = None
    request: Any = None
    #: The ``connection_init`` payload of a WebSocket (strawberry sets it).
    connection_params: dict[str, Any] | None = None
    snapshots: dict[UUID, RelationshipSnapshot] = field(default_factory=dict)
    views: dict[UUID, UserView] = field(default_factory=dict)
    _viewer_member: Member | None = None

    @property
    def viewer_member(self) -> Member | None:
        if self.viewer is not None and self._viewer_member is None:
            self._viewer_member = Member.of(self.viewer)
        return self._viewer_member

    def for_operation(self) -> RequestContext:
        """A copy with empty caches, for one operation.

        A WebSocket shares one context between all its operations, and cached snapshots and
        views must not outlive the operation that loaded them.
        """
        return RequestContext(
            services=self.services,
            viewer=self.viewer,
            token_hash=self.token_hash,
            request=self.request,
            connection_params=self.connection_params,
        )

    def require_viewer(self) -> User:
        """The authenticated member, or a top-level ``UNAUTHENTICATED`` error."""
        if self.viewer is None:
            raise request_error(UNAUTHENTICATED, "You must be logged in.")
        return self.viewer

    def forget_viewer(self) -> None:
        """Drop per-request caches after the viewer's own row changed."""
        self._viewer_member = None
        self.snapshots.clear()
        self.views.clear()
