"""The per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from amity.errors import UNAUTHENTICATED, request_error
from amity.models import User
from amity.policies import Member, RelationshipSnapshot
from amity.services import Services

if TYPE_CHECKING:
    from amity.resolvers.users import UserView

__all__ = ["RequestContext"]

K = TypeVar("K")
V = TypeVar("V")


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
    _loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)

    def loader(
        self, name: str, load: Callable[[RequestContext, list[K]], Awaitable[list[V]]]
    ) -> DataLoader[K, V]:
        """This request's DataLoader ``name``, batching calls to ``load`` (made on first use)."""
        existing = self._loaders.get(name)
        if existing is None:

            async def batch(keys: list[K]) -> list[V]:
                return await load(self, keys)

            existing = self._loaders[name] = DataLoader(load_fn=batch)
        return existing

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
        self._loaders.clear()
