"""The LinkedIn-like style: connections with notes, degrees, weekly limits and InMail credits.

``NETWORK`` means up to the 3rd degree. Registered under the style name ``linkedin``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.models.enums import Audience
from amity.plugins.audience import discoverable_q, visible_vote
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl

NAME = "linkedin"


def closeness(snapshot: RelationshipSnapshot) -> Audience:
    """Connections are CONNECTIONS; 2nd and 3rd degree are NETWORK; anyone else PUBLIC."""
    if snapshot.connected or snapshot.degree == 1:
        return Audience.CONNECTIONS
    if snapshot.degree in (2, 3):
        return Audience.NETWORK
    return Audience.PUBLIC


@hookimpl
def amity_setting_defaults() -> Mapping[str, object]:
    return {
        "headline_audience": Audience.PUBLIC,
        "bio_audience": Audience.NETWORK,
        "location_audience": Audience.PUBLIC,
        "email_audience": Audience.CONNECTIONS,
        "connections_audience": Audience.CONNECTIONS,
    }


@hookimpl
def amity_limits() -> Mapping[str, int | None]:
    return {
        "note_max_chars": 300,
        "weekly_requests": 100,
        "max_connections": 30_000,
        "withdraw_cooldown_days": 21,
        "inmail_credits": 5,
        "inmail_refund_days": 90,
    }


@hookimpl
def amity_can_view_field(audience: Audience, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_discover(subject: Member, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(subject.settings.discoverable, closeness(snapshot))


@hookimpl
def amity_discoverable_filter(viewer: Member | None) -> RowFilter:
    # No relationship tables yet: only PUBLIC members are discoverable by others.
    return RowFilter.grant(discoverable_q({}))


__all__ = ["NAME", "closeness"]
