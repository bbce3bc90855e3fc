"""What a plugin knows when it decides: members and their relationship snapshot.

Plugins never query the database for a decision. The resolver loads, in one batch for every
subject on a page, what any rule may need, and hands each plugin a frozen snapshot. That keeps a
decision a pure function that costs microseconds, and keeps lists free of N+1 queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from amity.models.enums import Audience, MessageFilter, RequestFilter

if TYPE_CHECKING:
    from amity.models import UserLike

__all__ = ["Member", "PrivacySettings", "RelationshipSnapshot", "load_snapshots"]


E = TypeVar("E", bound=Enum)


def _as(enum: type[E], value: object) -> E:
    """``enum(value)``, skipping the slow enum call when the ORM already gave a member."""
    return value if type(value) is enum else enum(value)


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    """A member's privacy settings, as stored (the style's defaults are written at sign-up)."""

    headline_audience: Audience = Audience.PUBLIC
    bio_audience: Audience = Audience.PUBLIC
    location_audience: Audience = Audience.PUBLIC
    email_audience: Audience = Audience.ONLY_ME
    connections_audience: Audience = Audience.PUBLIC
    discoverable: Audience = Audience.PUBLIC
    who_can_request: RequestFilter = RequestFilter.EVERYONE
    who_can_message: MessageFilter = MessageFilter.EVERYONE
    locked: bool = False

    @classmethod
    def of(cls, user: UserLike) -> PrivacySettings:
        return cls(
            _as(Audience, user.headline_audience),
            _as(Audience, user.bio_audience),
            _as(Audience, user.location_audience),
            _as(Audience, user.email_audience),
            _as(Audience, user.connections_audience),
            _as(Audience, user.discoverable),
            _as(RequestFilter, user.who_can_request),
            _as(MessageFilter, user.who_can_message),
            bool(user.locked),
        )

    def audience_of(self, field: str) -> Audience:
        """The audience setting that governs ``field`` (``headline``, ``bio``, ...)."""
        return getattr(self, _AUDIENCE_SETTING.get(field) or f"{field}_audience")


_AUDIENCE_SETTING = {
    name: f"{name}_audience" for name in ("headline", "bio", "location", "email", "connections")
}


@dataclass(frozen=True, slots=True)
class Member:
    """A member as plugins see it: identity and settings, no ORM object."""

    id: UUID
    handle: str
    display_name: str
    created_at: datetime
    settings: PrivacySettings

    @classmethod
    def of(cls, user: UserLike) -> Member:
        return cls(
            user.id, user.handle, user.display_name, user.created_at, PrivacySettings.of(user)
        )


@dataclass(frozen=True, slots=True)
class RelationshipSnapshot:
    """Everything known about the viewer's relationship to one subject, loaded in batch.

    ``viewer_id`` is ``None`` for an anonymous viewer. Relationship facts default to "none":
    a pair of members with no connection, follow, request, block or contact between them.
    """

    viewer_id: UUID | None
    subject_id: UUID
    #: 0 for oneself, 1 for a connection, 2 or 3 by shortest connection path, else None.
    degree: int | None = None
    connected: bool = False
    #: The viewer follows the subject (approved).
    following: bool = False
    #: The subject follows the viewer (approved).
    followed_by: bool = False
    #: The viewer asked to follow the (locked) subject and waits for approval.
    follow_requested: bool = False
    outgoing_request_pending: bool = False
    incoming_request_pending: bool = False
    #: The viewer blocked the subject.
    blocking: bool = False
    #: The subject blocked the viewer.
    blocked_by: bool = False
    #: The subject's email is in the viewer's contacts.
    is_contact: bool = False
    #: The viewer's email is in the subject's contacts (the subject's ``CONTACTS`` filter).
    in_subject_contacts: bool = False
    mutual_count: int = 0

    @property
    def is_self(self) -> bool:
        return self.viewer_id is not None and self.viewer_id == self.subject_id

    @property
    def is_anonymous(self) -> bool:
        return self.viewer_id is None

    @property
    def blocked(self) -> bool:
        """A block in either direction: to each member the other does not exist."""
        return self.blocking or self.blocked_by


async def load_snapshots(
    viewer_id: UUID | None, subject_ids: Sequence[UUID]
) -> dict[UUID, RelationshipSnapshot]:
    """Snapshots of the viewer's relationship to every subject, in a constant number of queries.

    The network has no relationship tables yet (connections, follows, requests, blocks and
    contacts arrive with the relationship graph), so every pair is unrelated apart from oneself.
    """
    return {
        subject_id: RelationshipSnapshot(
            viewer_id=viewer_id,
            subject_id=subject_id,
            degree=0 if viewer_id == subject_id else None,
        )
        for subject_id in subject_ids
    }
