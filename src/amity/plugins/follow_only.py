"""The follow-only style (Twitter/X, Instagram, Mastodon): follows and locked accounts.

``CONNECTIONS`` and ``NETWORK`` both mean approved followers. A locked member shows bio and
location only to approved followers, whatever the audiences say. Registered as ``follow_only``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.models.enums import Audience, MessageFilter
from amity.plugins.audience import discoverable_q, visible_vote
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl

NAME = "follow_only"

#: Fields a locked member shows to approved followers only.
LOCKED_FIELDS = frozenset({"bio", "location"})


def closeness(snapshot: RelationshipSnapshot) -> Audience:
    """Approved followers are CONNECTIONS (and so NETWORK); anyone else PUBLIC."""
    return Audience.CONNECTIONS if snapshot.following else Audience.PUBLIC


@hookimpl
def amity_setting_defaults() -> Mapping[str, object]:
    return {
        "headline_audience": Audience.PUBLIC,
        "bio_audience": Audience.PUBLIC,
        "location_audience": Audience.PUBLIC,
        "email_audience": Audience.ONLY_ME,
        "connections_audience": Audience.PUBLIC,
        "who_can_message": MessageFilter.CONNECTIONS,
    }


@hookimpl
def amity_limits() -> Mapping[str, int | None]:
    return {"max_following": 7_500}


@hookimpl
def amity_can_view_field(
    subject: Member, field: str, audience: Audience, snapshot: RelationshipSnapshot
) -> Vote | None:
    if subject.settings.locked and field in LOCKED_FIELDS and not snapshot.following:
        return Vote.deny("LOCKED", "Only approved followers see this.")
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_discover(subject: Member, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(subject.settings.discoverable, closeness(snapshot))


@hookimpl
def amity_discoverable_filter(viewer: Member | None) -> RowFilter:
    # No relationship tables yet: only PUBLIC members are discoverable by others.
    return RowFilter.grant(discoverable_q({}))


__all__ = ["LOCKED_FIELDS", "NAME", "closeness"]
