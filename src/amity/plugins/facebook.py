"""The Facebook-like style: friend requests, friends of friends and message requests.

``NETWORK`` means friends and friends of friends. Registered under the style name ``facebook``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.plugins.audience import discoverable_q, visible_vote
from amity.plugins.rules import ALLOW, already, connection_cap, restricted, within_days
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl
from amity.policies.filters import connections_of, within_hops
from amity.policies.votes import InviteOutcome, Route
from amity.vocabulary import Audience, MessageFilter

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
    if viewer is None:
        return RowFilter.grant(discoverable_q({}))
    return RowFilter.grant(
        discoverable_q(
            {
                Audience.CONNECTIONS: connections_of(viewer.id),
                Audience.NETWORK: within_hops(viewer.id, 2),
            }
        )
    )


@hookimpl
def amity_can_view_list(audience: Audience, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_request(
    subject: Member,
    snapshot: RelationshipSnapshot,
    note: str | None,
    limits: Mapping[str, int | None],
) -> Vote:
    days = limits["decline_cooldown_days"]
    return (
        (Vote.deny("NOTE_NOT_ALLOWED", "Friend requests carry no note.") if note else None)
        or already(snapshot)
        or restricted(subject, snapshot, in_network=snapshot.mutual_count > 0)
        or (
            Vote.deny("COOLDOWN", f"This member declined your request less than {days} days ago.")
            if within_days(snapshot.last_declined_at, days, snapshot.now)
            else None
        )
        or ALLOW
    )


@hookimpl
def amity_can_accept(snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]) -> Vote:
    return connection_cap(snapshot, limits) or ALLOW


@hookimpl
def amity_can_auto_follow() -> Vote:
    return ALLOW


@hookimpl
def amity_can_follow(subject: Member, snapshot: RelationshipSnapshot) -> Vote:
    if subject.settings.locked and not snapshot.connected:
        return Vote.deny("FOLLOW_FRIENDS_ONLY", "Only friends may follow this member.")
    return ALLOW


@hookimpl
def amity_message_route(subject: Member, snapshot: RelationshipSnapshot) -> Route:
    who = subject.settings.who_can_message
    if who is MessageFilter.NOBODY:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "This member accepts no messages.")
    if snapshot.connected:
        return Route.inbox()
    if who is MessageFilter.CONNECTIONS:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "Only friends may message them.")
    return Route.requests("Goes to their message requests until they reply.")


@hookimpl
def amity_relationship_label(snapshot: RelationshipSnapshot) -> str | None:
    if snapshot.connected:
        return "Friend"
    if snapshot.mutual_count == 1:
        return "1 mutual friend"
    if snapshot.mutual_count > 1:
        return f"{snapshot.mutual_count} mutual friends"
    return None


@hookimpl
def amity_invite_outcome() -> InviteOutcome:
    return InviteOutcome.REQUEST


__all__ = ["NAME", "closeness"]
