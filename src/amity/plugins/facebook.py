"""The Facebook-like style: friend requests, friends of friends and message requests.

``NETWORK`` means friends and friends of friends. Registered under the style name ``facebook``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.models.enums import Audience
from amity.plugins.audience import discoverable_q, visible_vote
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl

NAME = "facebook"


def closeness(snapshot: RelationshipSnapshot) -> Audience:
    """Friends are CONNECTIONS; friends of friends (a mutual friend) NETWORK; else PUBLIC."""
    if snapshot.connected:
        return Audience.CONNECTIONS
    if snapshot.mutual_count > 0:
        return Audience.NETWORK
    return Audience.PUBLIC


@hookimpl
def amity_setting_defaults() -> Mapping[str, object]:
    return {
        "headline_audience": Audience.PUBLIC,
        "bio_audience": Audience.CONNECTIONS,
        "location_audience": Audience.CONNECTIONS,
        "email_audience": Audience.ONLY_ME,
        "connections_audience": Audience.PUBLIC,
    }


@hookimpl
def amity_limits() -> Mapping[str, int | None]:
    return {"max_connections": 5_000, "decline_cooldown_days": 365}


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
