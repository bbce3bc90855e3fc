"""Per-request loaders of members by a key, shared by every item of a page.

A page of contacts (or invites) names its members by email (or id). The first item asked for
its member loads the members of the whole page in one statement; the rest read the result.
Members blocked either way with the viewer are left out, so they resolve to ``null``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Generic, TypeVar
from uuid import UUID

from amity.models import User, UserRecord, fetch_users
from amity.resolvers.context import RequestContext
from amity.resolvers.users import UserView, present
from amity.resolvers.validation import normalise_email

__all__ = ["UserByEmailLoader", "UserByIdLoader"]

K = TypeVar("K", str, UUID)


class _UserLoader(Generic[K]):
    """The members one page names, loaded together the first time any of them is asked for.

    The items of a page resolve their member concurrently; the first to ask loads every key
    of the page (one member query and the batch's snapshots), the others wait for it, so a page
    costs the same number of statements whatever its size. Members blocked either way with the
    viewer are left out: to the viewer they do not exist.
    """

    def __init__(self, ctx: RequestContext, keys: Iterable[K | None]) -> None:
        self._ctx = ctx
        self._keys: list[K] = sorted({key for key in keys if key is not None})
        self._lock = asyncio.Lock()
        self._views: dict[K, UserView] | None = None

    async def load(self, key: K | None) -> UserView | None:
        """The member for one of the keys given at construction; ``None`` if none or hidden."""
        if key is None:
            return None
        async with self._lock:
            if self._views is None:
                self._views = await self._load_all()
        return self._views.get(key)

    async def _load_all(self) -> dict[K, UserView]:
        if not self._keys:
            return {}
        views = await present(self._ctx, await self._fetch(self._keys))
        reachable = self._ctx.services.engine.can_reach
        return {self._key_of(v.user): v for v in views if reachable(v.snapshot)}

    async def _fetch(self, keys: list[K]) -> list[UserRecord]:
        raise NotImplementedError

    def _key_of(self, user: UserRecord | User) -> K:
        raise NotImplementedError


class UserByEmailLoader(_UserLoader[str]):
    """Members by email key (a contact's member)."""

    async def _fetch(self, keys: list[str]) -> list[UserRecord]:
        return await fetch_users(User.filter(email_key__in=keys))

    def _key_of(self, user: UserRecord | User) -> str:
        return normalise_email(user.email)


class UserByIdLoader(_UserLoader[UUID]):
    """Members by id (an invite's inviter and the member who accepted it)."""

    async def _fetch(self, keys: list[UUID]) -> list[UserRecord]:
        return await fetch_users(User.filter(id__in=keys))

    def _key_of(self, user: UserRecord | User) -> UUID:
        return user.id
