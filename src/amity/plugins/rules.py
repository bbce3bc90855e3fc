"""Rules the built-in styles share, each a small function returning a vote or ``None``.

A style's hook reads as the list of its rules, first refusal wins:
``return already(snapshot) or restricted(...) or ... or ALLOW``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from amity.policies import Member, RelationshipSnapshot, Vote
from amity.vocabulary import RequestFilter

__all__ = ["ALLOW", "already", "connection_cap", "restricted", "within_days"]

#: Votes are immutable and the engine credits a copy to the plugin, so one instance serves.
ALLOW = Vote.allow()


def within_days(at: datetime | None, days: int | None, now: datetime) -> bool:
    """True when ``at`` happened less than ``days`` days before ``now``."""
    return at is not None and days is not None and now - at < timedelta(days=days)


def already(snapshot: RelationshipSnapshot) -> Vote | None:
    """A request to a connection, or a second request while one is open."""
    if snapshot.connected:
        return Vote.deny("ALREADY_CONNECTED", "You are already connected.")
    if snapshot.outgoing_request_pending:
        return Vote.deny("ALREADY_REQUESTED", "Your request is already pending.")
    return None


def restricted(subject: Member, snapshot: RelationshipSnapshot, *, in_network: bool) -> Vote | None:
    """The recipient's ``whoCanRequest``; ``in_network`` is what NETWORK means in the style."""
    who = subject.settings.who_can_request
    if (
        who is RequestFilter.EVERYONE
        or (who is RequestFilter.NETWORK and in_network)
        or (who is RequestFilter.CONTACTS and snapshot.in_subject_contacts)
    ):
        return None
    return Vote.deny("REQUESTS_RESTRICTED", "This member does not accept requests from you.")


def connection_cap(snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]) -> Vote | None:
    """Either side at ``max_connections`` (checked at accept, for both members)."""
    cap = limits.get("max_connections")
    if cap is None:
        return None
    if snapshot.viewer_connection_count >= cap:
        return Vote.deny("CONNECTION_LIMIT", f"You have reached {cap} connections.")
    if snapshot.connection_count >= cap:
        return Vote.deny("CONNECTION_LIMIT", f"This member has reached {cap} connections.")
    return None
