"""Enumerations shared by the models, the policy engine and the schema.

They live at the bottom layer so that every layer above can name them without import cycles.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Audience", "MessageFilter", "RequestFilter"]


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
