"""The shared vocabulary: enumerations every layer names (models, policies, plugins, schema).

They sit below every layer and import nothing of amity, so that models, policies, plugins and
the schema can all name them without one layer reaching into another.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "OPEN_REQUEST_STATUSES",
    "Audience",
    "ContactSource",
    "FollowStatus",
    "InviteStatus",
    "MessageFilter",
    "MessageRoute",
    "RequestFilter",
    "RequestStatus",
]


class Audience(StrEnum):
    """Who may see a profile field or list.

    Audiences nest: PUBLIC ⊃ NETWORK ⊃ CONNECTIONS ⊃ ONLY_ME.
    """

    PUBLIC = "PUBLIC"
    NETWORK = "NETWORK"
    CONNECTIONS = "CONNECTIONS"
    ONLY_ME = "ONLY_ME"

    @property
    def breadth(self) -> int:
        """Larger is wider: a viewer who belongs to a narrow audience belongs to every wider one."""
        return _BREADTH[self]

    def includes(self, other: Audience) -> bool:
        """True when every member of ``other`` is also a member of this audience."""
        return self.breadth >= other.breadth


_BREADTH = {
    Audience.ONLY_ME: 0,
    Audience.CONNECTIONS: 1,
    Audience.NETWORK: 2,
    Audience.PUBLIC: 3,
}


class RequestFilter(StrEnum):
    """Who may send the member a connection request (``whoCanRequest``)."""

    EVERYONE = "EVERYONE"
    NETWORK = "NETWORK"
    CONTACTS = "CONTACTS"
    NOBODY = "NOBODY"


class MessageFilter(StrEnum):
    """Who may start a conversation with the member (``whoCanMessage``)."""

    EVERYONE = "EVERYONE"
    CONNECTIONS = "CONNECTIONS"
    NOBODY = "NOBODY"


class RequestStatus(StrEnum):
    """Where a connection request stands. IGNORED still counts as open for both members."""

    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    IGNORED = "IGNORED"
    WITHDRAWN = "WITHDRAWN"


#: Statuses of a request that may still be accepted (an ignored request is still pending to
#: its sender, and its recipient may accept it later).
OPEN_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.IGNORED)


class FollowStatus(StrEnum):
    """An approved follow, or a follow request waiting for a locked member's approval."""

    ACTIVE = "ACTIVE"
    PENDING = "PENDING"


class InviteStatus(StrEnum):
    """An invite's state; EXPIRED is never stored, it is read off ``expires_at``."""

    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class ContactSource(StrEnum):
    """How a contact entered the address book."""

    MANUAL = "MANUAL"
    IMPORT = "IMPORT"


class MessageRoute(StrEnum):
    """Where a new conversation's first message would go (routing hooks pick the strictest)."""

    INBOX = "INBOX"
    REQUESTS = "REQUESTS"
    CREDIT = "CREDIT"
    REFUSED = "REFUSED"

    @property
    def strictness(self) -> int:
        return _STRICTNESS[self]


_STRICTNESS = {
    MessageRoute.INBOX: 0,
    MessageRoute.REQUESTS: 1,
    MessageRoute.CREDIT: 2,
    MessageRoute.REFUSED: 3,
}
