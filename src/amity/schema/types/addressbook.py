"""``Contact`` and ``Invite``, and the viewer-only ``User`` fields that list them.

Both types are only ever built for their owner (the resolvers return nothing else), so they
carry no visibility logic of their own. Members they name (``Contact.member``,
``Invite.acceptedBy``) come from a loader shared by the whole page: the first field that asks
loads every member of the page at once.

``User.contacts`` and ``User.invites`` are defined here, beside the types they list, and
attached to ``User`` in its address-book block; that keeps ``user.py`` free of address-book
imports and this module free of a circular import (``User`` is referenced lazily).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from amity.ids import encode_id
from amity.resolvers import contacts, invites
from amity.resolvers.contacts import ContactView
from amity.resolvers.context import RequestContext
from amity.resolvers.invites import InviteView
from amity.resolvers.users import UserView
from amity.schema.types.node import Node
from amity.schema.types.pagination import Connection
from amity.vocabulary import ContactSource, InviteStatus

if TYPE_CHECKING:
    from amity.schema.types.user import User

__all__ = [
    "Contact",
    "ContactSource",
    "Invite",
    "InviteStatus",
    "contact_node",
    "contacts_field",
    "invite_node",
    "invites_field",
]

Ctx = Info[RequestContext, None]
LazyUser = Annotated["User", strawberry.lazy("amity.schema.types.user")]

strawberry.enum(ContactSource, description="How a contact entered the address book.")
strawberry.enum(InviteStatus, description="EXPIRED is a pending invite past its expiry.")


def _user(view: UserView) -> User:
    from amity.schema.types.user import User

    return User.from_model(view)


@strawberry.type(description="A private address-book entry; the person it names is never told.")
class Contact(Node):
    name: str
    email: str | None
    phone: str | None
    company: str | None
    notes: str | None
    source: ContactSource
    created_at: datetime
    _view: strawberry.Private[ContactView]

    @strawberry.field(
        description="The member whose email matches this contact, when that member is visible."
    )
    async def member(self) -> LazyUser | None:
        view = await self._view.member()
        return _user(view) if view else None

    @classmethod
    def from_model(cls, view: ContactView) -> Contact:
        c = view.contact
        return cls(
            id=strawberry.ID(encode_id("Contact", c.id)),
            name=c.name,
            email=c.email,
            phone=c.phone,
            company=c.company,
            notes=c.notes,
            source=ContactSource(c.source),
            created_at=c.created_at,
            _view=view,
        )


@strawberry.type(description="An email invitation to join the network; only its inviter sees it.")
class Invite(Node):
    email: str
    status: InviteStatus
    token: str | None = strawberry.field(
        description="What the invitation email carries; visible to the inviter only."
    )
    created_at: datetime
    expires_at: datetime | None
    _view: strawberry.Private[InviteView]

    @strawberry.field
    async def inviter(self) -> LazyUser:
        return _user(await self._view.inviter())

    @strawberry.field(description="The member who signed up with this invite.")
    async def accepted_by(self) -> LazyUser | None:
        view = await self._view.accepted_by()
        return _user(view) if view else None

    @classmethod
    def from_model(cls, view: InviteView) -> Invite:
        i = view.invite
        return cls(
            id=strawberry.ID(encode_id("Invite", i.id)),
            email=i.email,
            status=view.status,
            token=view.token,
            created_at=i.created_at,
            expires_at=i.expires_at,
            _view=view,
        )


# ------------------------------------------------------------------ node(id:)


async def contact_node(ctx: RequestContext, pk: UUID) -> Node | None:
    """The contact for its owner; ``None`` for anyone else."""
    view = await contacts.contact_by_id(ctx, pk)
    return Contact.from_model(view) if view else None


async def invite_node(ctx: RequestContext, pk: UUID) -> Node | None:
    """The invite for its inviter; ``None`` for anyone else."""
    view = await invites.invite_by_id(ctx, pk)
    return Invite.from_model(view) if view else None


# ------------------------------------------------------------------ User fields


async def _contacts(
    root: User,
    info: Ctx,
    search: str | None = None,
    first: int | None = 20,
    after: str | None = None,
) -> Connection[Contact] | None:
    if not root._view.is_self:
        return None
    page = await contacts.list_contacts(info.context, search=search, first=first, after=after)
    return Connection.of(page, Contact.from_model)


async def _invites(
    root: User, info: Ctx, first: int | None = 20, after: str | None = None
) -> Connection[Invite] | None:
    if not root._view.is_self:
        return None
    page = await invites.list_invites(info.context, first=first, after=after)
    return Connection.of(page, Invite.from_model)


contacts_field: Any = strawberry.field(
    resolver=_contacts,
    description="The viewer's address book ordered by name; `search` matches a "
    "case-insensitive part of the name, email or company. Null unless this is the viewer.",
)
invites_field: Any = strawberry.field(
    resolver=_invites,
    description="The viewer's invites, newest first; null unless this is the viewer.",
)
