"""The follow-only style (Twitter/X, Instagram, Mastodon): follows and locked accounts.

``CONNECTIONS`` and ``NETWORK`` both mean approved followers. A locked member shows bio,
location and the follower/following lists only to approved followers, whatever the audiences
say, and new followers need approval. Registered under the style name ``follow_only``.
"""

from __future__ import annotations

from collections.abc import Mapping

from amity.plugins.audience import discoverable_q, visible_vote
from amity.plugins.rules import ALLOW
from amity.policies import Member, RelationshipSnapshot, RowFilter, Vote, hookimpl
from amity.policies.filters import followed_by
from amity.policies.votes import InviteOutcome, Route
from amity.vocabulary import Audience, FollowStatus, MessageFilter

NAME = "follow_only"

#: Fields a locked member shows to approved followers only.
LOCKED_FIELDS = frozenset({"bio", "location"})

_NO_CONNECTIONS = Vote.deny("NOT_SUPPORTED", "This network has follows, not connections.")
_LOCKED = Vote.deny("LOCKED", "Only approved followers see this.")


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
        return _LOCKED
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_discover(subject: Member, snapshot: RelationshipSnapshot) -> Vote | None:
    return visible_vote(subject.settings.discoverable, closeness(snapshot))


@hookimpl
def amity_discoverable_filter(viewer: Member | None) -> RowFilter:
    if viewer is None:
        return RowFilter.grant(discoverable_q({}))
    followees = followed_by(viewer.id)
    return RowFilter.grant(
        discoverable_q({Audience.CONNECTIONS: followees, Audience.NETWORK: followees})
    )


@hookimpl
def amity_can_view_list(
    subject: Member, audience: Audience, snapshot: RelationshipSnapshot
) -> Vote | None:
    if subject.settings.locked and not snapshot.following:
        return _LOCKED
    return visible_vote(audience, closeness(snapshot))


@hookimpl
def amity_can_request() -> Vote:
    return _NO_CONNECTIONS


@hookimpl
def amity_can_accept() -> Vote:
    return _NO_CONNECTIONS


@hookimpl
def amity_can_follow(snapshot: RelationshipSnapshot, limits: Mapping[str, int | None]) -> Vote:
    cap = limits["max_following"]
    if cap is not None and snapshot.viewer_following_total >= cap:
        return Vote.deny("FOLLOW_LIMIT", f"You can follow at most {cap} members.")
    return ALLOW


@hookimpl
def amity_follow_status(subject: Member) -> FollowStatus:
    return FollowStatus.PENDING if subject.settings.locked else FollowStatus.ACTIVE


@hookimpl
def amity_message_route(subject: Member, snapshot: RelationshipSnapshot) -> Route:
    who = subject.settings.who_can_message
    if who is MessageFilter.NOBODY:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "This member accepts no messages.")
    if snapshot.followed_by:
        return Route.inbox()
    if who is MessageFilter.CONNECTIONS:
        return Route.refused("NOT_ACCEPTING_MESSAGES", "Only members they follow may write.")
    return Route.requests("Goes to their message requests.")


@hookimpl
def amity_relationship_label(snapshot: RelationshipSnapshot) -> str | None:
    if snapshot.following and snapshot.followed_by:
        return "Mutual"
    if snapshot.followed_by:
        return "Follows you"
    if snapshot.following:
        return "Following"
    return None


@hookimpl
def amity_invite_outcome() -> InviteOutcome:
    return InviteOutcome.FOLLOW


__all__ = ["LOCKED_FIELDS", "NAME", "closeness"]
