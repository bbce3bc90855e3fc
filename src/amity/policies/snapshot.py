"""What a plugin knows when it decides: members and their relationship snapshot.

Plugins never query the database for a decision. The resolver loads, in one batch for every
subject on a page, what any rule may need, and hands each plugin a frozen snapshot. That keeps a
decision a pure function that costs microseconds, and keeps lists free of N+1 queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from amity.models.relations import PairFacts, load_facts, third_degree
from amity.vocabulary import Audience, MessageFilter, RequestFilter

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
    Counts are the database's totals; quotas (``sent_this_week``, ``viewer_*``) describe the
    viewer and are the same in every snapshot of one request.
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
    #: The subject asked to follow the (locked) viewer and waits for approval.
    follower_requested: bool = False
    #: The viewer sent the subject a request that is still open (an ignored one included:
    #: its sender is never told).
    outgoing_request_pending: bool = False
    #: The subject sent the viewer a request that is still open (PENDING or IGNORED).
    incoming_request_pending: bool = False
    #: The open request between them, either way, and whether its recipient ignored it.
    request_id: UUID | None = None
    request_ignored: bool = False
    #: The viewer blocked the subject.
    blocking: bool = False
    #: The subject blocked the viewer.
    blocked_by: bool = False
    #: The subject's email is in the viewer's contacts.
    is_contact: bool = False
    #: The viewer's email is in the subject's contacts (the subject's ``CONTACTS`` filter).
    in_subject_contacts: bool = False
    mutual_count: int = 0
    #: When the viewer last withdrew a request to the subject, and when the subject last
    #: declined one of the viewer's requests.
    last_withdrawn_at: datetime | None = None
    last_declined_at: datetime | None = None
    #: The subject's totals: connections, approved followers, approved follows.
    connection_count: int = 0
    follower_count: int = 0
    following_count: int = 0
    #: Members in the subject's connections, followers and following that the viewer may not
    #: see (blocks either way); the counts shown to the viewer leave them out.
    hidden_counts: tuple[int, int, int] = (0, 0, 0)
    #: Connection requests the viewer sent in the last 7 days (withdrawn ones included).
    sent_this_week: int = 0
    viewer_connection_count: int = 0
    #: Follows the viewer made, approved or waiting (what a following cap counts).
    viewer_following_total: int = 0
    #: The viewer's InMail balance, where the style has credits.
    viewer_credits: int | None = None
    #: False when the subject's counts (``connection_count``, ``follower_count``,
    #: ``following_count``, ``hidden_counts``) were not loaded: pages of members load them
    #: only when a count or ``viewerCan`` is asked for. Decisions that need them (caps) are
    #: always asked with counts loaded.
    counts_loaded: bool = True
    #: When the snapshot was taken: cooldowns and windows are measured from here.
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

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

    def visible_count(self, which: str) -> int:
        """``connections``, ``followers`` or ``following`` as the viewer may count them."""
        index = _COUNTS.index(which)
        total = (self.connection_count, self.follower_count, self.following_count)[index]
        return max(0, total - self.hidden_counts[index])


_COUNTS = ("connections", "followers", "following")


async def load_snapshots(
    viewer_id: UUID | None,
    subject_ids: Sequence[UUID],
    *,
    viewer_credits: int | None = None,
    counts: bool = True,
) -> dict[UUID, RelationshipSnapshot]:
    """Snapshots of the viewer's relationship to every subject, in one or two statements.

    ``counts=False`` leaves the subjects' list sizes out (see ``counts_loaded``).

    The second statement runs only when some subject is neither the viewer, a connection nor
    a 2nd-degree member: it looks for 3rd-degree paths among those alone.
    """
    now = datetime.now(UTC)
    # Without counts, what a member is to themselves needs no query (degree 0, nothing else).
    asked = subject_ids if counts else [sid for sid in subject_ids if sid != viewer_id]
    facts, viewer = await load_facts(viewer_id, asked, now, counts=counts)
    facts.update((sid, PairFacts()) for sid in subject_ids if sid not in facts)
    degrees: dict[UUID, int | None] = {}
    for sid, f in facts.items():
        if sid == viewer_id:
            degrees[sid] = 0
        elif f.connected:
            degrees[sid] = 1
        elif f.mutual_count:
            degrees[sid] = 2
        else:
            degrees[sid] = None
    if viewer_id is not None and viewer.has_connections:  # none: nobody is 3rd degree
        beyond = [sid for sid, d in degrees.items() if d is None and not facts[sid].blocked_by]
        for sid in await third_degree(viewer_id, beyond):
            degrees[sid] = 3
    snapshots = {}
    for sid, f in facts.items():
        outgoing = f.request_id is not None and f.request_sender == viewer_id
        snapshots[sid] = RelationshipSnapshot(
            viewer_id=viewer_id,
            subject_id=sid,
            degree=degrees[sid],
            connected=f.connected,
            following=f.follow_out == "ACTIVE",
            followed_by=f.follow_in == "ACTIVE",
            follow_requested=f.follow_out == "PENDING",
            follower_requested=f.follow_in == "PENDING",
            outgoing_request_pending=outgoing,
            incoming_request_pending=f.request_id is not None and not outgoing,
            request_id=f.request_id,
            request_ignored=f.request_status == "IGNORED",
            blocking=f.blocking,
            blocked_by=f.blocked_by,
            is_contact=f.is_contact,
            in_subject_contacts=f.in_subject_contacts,
            mutual_count=f.mutual_count,
            last_withdrawn_at=f.last_withdrawn_at,
            last_declined_at=f.last_declined_at,
            connection_count=f.connection_count,
            follower_count=f.follower_count,
            following_count=f.following_count,
            hidden_counts=(f.hidden[0], f.hidden[1], f.hidden[2]),
            sent_this_week=viewer.sent_this_week,
            viewer_connection_count=viewer.connection_count,
            viewer_following_total=viewer.following_total,
            viewer_credits=viewer_credits,
            counts_loaded=counts,
            now=now,
        )
    return snapshots
