"""The LinkedIn-like style: connections with notes, degrees, weekly limits and InMail credits.

``NETWORK`` means up to the 3rd degree. Registered under the style name ``linkedin``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.plugins.audience import discoverable_q, visible_vote
from amity.plugins.rules import ALLOW, already, connection_cap, restricted, within_days
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl
from amity.policies.filters import connections_of, within_hops
from amity.policies.votes import InviteOutcome, Route
from amity.vocabulary import Audience, MessageFilter

NAME = "linkedin"

LABELS = {1: "1st", 2: "2nd", 3: "3rd"}


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
    if viewer is None:
        return RowFilter.grant(discoverable_q({}))
    return RowFilter.grant(
        discoverable_q(
            {
                Audience.CONNECTIONS: connections_of(viewer.id),
                Audience.NETWORK: within_hops(viewer.id, 3),
            }
        )
    )


@hookimpl
def amity_can_view_list(audience: Audience, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_request(
    subject: Member, snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]
) -> Vote:
    weekly = limits["weekly_requests"]
    return (
        already(snapshot)
        or restricted(subject, snapshot, in_network=snapshot.degree in (2, 3))
        or _declined(snapshot)
        or _withdrawn(snapshot, limits)
        or (
            Vote.deny("WEEKLY_LIMIT", f"You can send {weekly} requests a week.")
            if weekly is not None and snapshot.sent_this_week >= weekly
            else None
        )
        or ALLOW
    )


def _declined(snapshot: RelationshipSnapshot) -> Vote | None:
    if snapshot.last_declined_at is None:
        return None
    return Vote.deny("DECLINED", "This member declined your request.")


def _withdrawn(snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]) -> Vote | None:
    days = limits["withdraw_cooldown_days"]
    if within_days(snapshot.last_withdrawn_at, days, snapshot.now):
        return Vote.deny("COOLDOWN", f"You withdrew a request less than {days} days ago.")
    return None


@hookimpl
def amity_can_accept(snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]) -> Vote:
    return connection_cap(snapshot, limits) or ALLOW


@hookimpl
def amity_can_auto_follow() -> Vote:
    return ALLOW


@hookimpl
def amity_can_follow() -> Vote:
    return ALLOW


@hookimpl
def amity_message_route(subject: Member, snapshot: RelationshipSnapshot) -> Route:
    who = subject.settings.who_can_message
    if who is MessageFilter.NOBODY:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "This member accepts no messages.")
    if snapshot.connected:
        return Route.inbox()
    if who is MessageFilter.CONNECTIONS:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "Only connections may message them.")
    if (snapshot.viewer_credits or 0) > 0:
        return Route.credit("Costs one InMail credit.")
    return Route.refused("NEEDS_CREDIT", "You need an InMail credit to message them.")


@hookimpl
def amity_relationship_label(snapshot: RelationshipSnapshot) -> str:
    degree = 1 if snapshot.connected else snapshot.degree
    return LABELS.get(degree or 0, "Out of network")


@hookimpl
def amity_invite_outcome() -> InviteOutcome:
    return InviteOutcome.CONNECT


__all__ = ["LABELS", "NAME", "closeness"]
