"""The facebook style: NETWORK means friends of friends (at least one mutual friend).

Checked through a real engine, so the rows below are what ``Query.user`` will show and what
the mutations will answer. The second half is DESIGN.md's platform-styles table, one cell per
row, each refusal at its edge (a decline 364 days ago holds, 365 days ago does not).
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, MessageFilter, RequestFilter
from amity.policies.votes import InviteOutcome
from amity.vocabulary import FollowStatus

from .probes import OK, Probe, ago

STYLE = "facebook"
PUBLIC = {Audience.PUBLIC}
NETWORK = {Audience.PUBLIC, Audience.NETWORK}
CONNECTIONS = {Audience.PUBLIC, Audience.NETWORK, Audience.CONNECTIONS}

RELATIONS = [
    pytest.param({"anonymous": True}, PUBLIC, id="anonymous"),
    pytest.param({}, PUBLIC, id="stranger"),
    pytest.param({"degree": 2, "mutual_count": 1}, NETWORK, id="one-mutual-friend"),
    pytest.param({"degree": 2, "mutual_count": 12}, NETWORK, id="many-mutual-friends"),
    pytest.param({"degree": 3}, PUBLIC, id="3rd-degree-is-not-network"),
    pytest.param({"degree": 1, "connected": True}, CONNECTIONS, id="friend"),
    pytest.param({"connected": True, "mutual_count": 3}, CONNECTIONS, id="friend-with-mutuals"),
    pytest.param({"following": True, "followed_by": True}, PUBLIC, id="follows-are-not-friends"),
    pytest.param({"outgoing_request_pending": True}, PUBLIC, id="pending-request"),
    pytest.param({"locked": True, "mutual_count": 1}, NETWORK, id="locked-only-limits-follows"),
]


@pytest.mark.parametrize(("relation", "visible"), RELATIONS)
async def test_field_audiences(
    relation: dict[str, Any], visible: set[Audience], visible_audiences: Any
) -> None:
    """Each profile field shows to the viewer exactly under the audiences they belong to."""
    assert await visible_audiences(STYLE, **relation) == dict.fromkeys(PROFILE_FIELDS, visible)


@pytest.mark.parametrize(("relation", "discoverable"), RELATIONS)
async def test_discoverable(
    relation: dict[str, Any], discoverable: set[Audience], discoverable_under: Any
) -> None:
    """``discoverable`` uses the same closeness as the profile fields."""
    relation = {k: v for k, v in relation.items() if k != "locked"}
    assert await discoverable_under(STYLE, **relation) == discoverable


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("headline_audience", Audience.PUBLIC),
        ("bio_audience", Audience.CONNECTIONS),
        ("location_audience", Audience.CONNECTIONS),
        ("email_audience", Audience.ONLY_ME),
        ("connections_audience", Audience.PUBLIC),
        ("discoverable", Audience.PUBLIC),
        ("who_can_request", RequestFilter.EVERYONE),
        ("who_can_message", MessageFilter.EVERYONE),
        ("locked", False),
    ],
)
def test_setting_defaults(setting: str, value: object, engine_for: Any) -> None:
    """DESIGN.md's default audiences for facebook, as written to a new member's row."""
    actual = getattr(engine_for(STYLE).setting_defaults, setting)
    assert actual == value
    assert type(actual) is type(value)


# --------------------------------------------------------------------------- the rules table

PROBE = Probe(STYLE)
NETWORK_ONLY = {"who_can_request": RequestFilter.NETWORK}
CONTACTS_ONLY = {"who_can_request": RequestFilter.CONTACTS}
NOBODY = {"who_can_request": RequestFilter.NOBODY}
FRIEND = {"degree": 1, "connected": True}


@pytest.mark.parametrize(
    ("settings", "facts", "answer"),
    [
        pytest.param({}, {}, OK, id="stranger"),
        pytest.param({}, FRIEND, "ALREADY_CONNECTED", id="friends"),
        pytest.param({}, {"outgoing_request_pending": True}, "ALREADY_REQUESTED", id="pending"),
        pytest.param(
            {},
            {"outgoing_request_pending": True, "request_ignored": True},
            "ALREADY_REQUESTED",
            id="ignored-still-pending-to-the-sender",
        ),
        # whoCanRequest: NETWORK means at least one mutual friend.
        pytest.param(NETWORK_ONLY, {}, "REQUESTS_RESTRICTED", id="network-no-mutual"),
        pytest.param(NETWORK_ONLY, {"degree": 2, "mutual_count": 1}, OK, id="network-1-mutual"),
        pytest.param(NETWORK_ONLY, {"degree": 3}, "REQUESTS_RESTRICTED", id="network-3rd"),
        pytest.param(CONTACTS_ONLY, {"in_subject_contacts": True}, OK, id="contacts-in-theirs"),
        pytest.param(
            CONTACTS_ONLY, {"is_contact": True}, "REQUESTS_RESTRICTED", id="contacts-only-in-mine"
        ),
        pytest.param(
            CONTACTS_ONLY, {"mutual_count": 4}, "REQUESTS_RESTRICTED", id="contacts-with-mutuals"
        ),
        pytest.param(
            NOBODY,
            {"mutual_count": 4, "in_subject_contacts": True},
            "REQUESTS_RESTRICTED",
            id="nobody",
        ),
        # A decline holds the sender back 365 days; a withdraw not at all.
        pytest.param({}, {"last_declined_at": ago(days=364)}, "COOLDOWN", id="declined-recently"),
        pytest.param({}, {"last_declined_at": ago(days=365)}, OK, id="declined-a-year-ago"),
        pytest.param({}, {"last_withdrawn_at": ago(hours=1)}, OK, id="withdraw-no-cooldown"),
        # No request rate.
        pytest.param({}, {"sent_this_week": 10_000}, OK, id="no-weekly-limit"),
        pytest.param(
            {},
            {"incoming_request_pending": True, "viewer_connection_count": 5_000},
            "CONNECTION_LIMIT",
            id="crossing-past-the-cap",
        ),
        pytest.param({}, {"blocking": True}, "NOT_FOUND", id="blocked"),
        pytest.param({}, {"itself": True}, "BAD_USER_INPUT", id="oneself"),
    ],
)
async def test_friend_requests(
    settings: dict[str, Any], facts: dict[str, Any], answer: str
) -> None:
    assert await PROBE.request(settings=settings, **facts) == answer


@pytest.mark.parametrize(
    ("note", "answer"),
    [(None, OK), ("", OK), ("Hi!", "NOTE_NOT_ALLOWED"), ("x" * 400, "NOTE_NOT_ALLOWED")],
    ids=["none", "empty", "short", "long"],
)
async def test_requests_take_no_note(note: str | None, answer: str) -> None:
    assert await PROBE.request(note) == answer


async def test_decline_cooldown_comes_from_configuration() -> None:
    probe = Probe(STYLE, limits={"decline_cooldown_days": 30})
    assert await probe.request(last_declined_at=ago(days=29)) == "COOLDOWN"
    assert await probe.request(last_declined_at=ago(days=30)) == OK


@pytest.mark.parametrize(
    ("facts", "answer"),
    [
        pytest.param({"viewer_connection_count": 4_999, "connection_count": 4_999}, OK, id="cap"),
        pytest.param({"viewer_connection_count": 5_000}, "CONNECTION_LIMIT", id="viewer-full"),
        pytest.param({"connection_count": 5_000}, "CONNECTION_LIMIT", id="sender-full"),
    ],
)
async def test_accepting(facts: dict[str, Any], answer: str) -> None:
    assert await PROBE.accept(**facts) == answer


@pytest.mark.parametrize(
    ("settings", "facts", "answer"),
    [
        pytest.param({}, {}, OK, id="anyone-may-follow"),
        pytest.param({"locked": True}, {}, "FOLLOW_FRIENDS_ONLY", id="locked-stranger"),
        pytest.param(
            {"locked": True}, {"degree": 2, "mutual_count": 3}, "FOLLOW_FRIENDS_ONLY", id="fof"
        ),
        pytest.param({"locked": True}, FRIEND, OK, id="locked-friend"),
        pytest.param({"locked": True}, {"following": True}, OK, id="following-again-no-op"),
        pytest.param({}, {"viewer_following_total": 100_000}, OK, id="no-following-cap"),
        pytest.param({}, {"blocked_by": True}, "NOT_FOUND", id="blocked"),
    ],
)
async def test_following(settings: dict[str, Any], facts: dict[str, Any], answer: str) -> None:
    assert await PROBE.follow(settings=settings, **facts) == answer
    if answer == OK:
        assert await PROBE.follow_status(settings=settings, **facts) is FollowStatus.ACTIVE


async def test_friends_follow_each_other() -> None:
    assert await PROBE.auto_follow() is True


EVERYONE_MAY = {"who_can_message": MessageFilter.EVERYONE}
CONNECTIONS_MAY = {"who_can_message": MessageFilter.CONNECTIONS}
NOBODY_MAY = {"who_can_message": MessageFilter.NOBODY}


@pytest.mark.parametrize(
    ("settings", "facts", "route"),
    [
        pytest.param(EVERYONE_MAY, FRIEND, "INBOX", id="everyone-friend"),
        pytest.param(EVERYONE_MAY, {}, "REQUESTS", id="everyone-stranger"),
        pytest.param(EVERYONE_MAY, {"mutual_count": 2}, "REQUESTS", id="everyone-fof"),
        pytest.param(EVERYONE_MAY, {"viewer_credits": 0}, "REQUESTS", id="no-credits-needed"),
        pytest.param(CONNECTIONS_MAY, FRIEND, "INBOX", id="connections-friend"),
        pytest.param(
            CONNECTIONS_MAY, {"mutual_count": 2}, "NOT_ACCEPTING_MESSAGES", id="connections-fof"
        ),
        pytest.param(NOBODY_MAY, FRIEND, "NOT_ACCEPTING_MESSAGES", id="nobody-friend"),
        pytest.param(EVERYONE_MAY, {**FRIEND, "blocked_by": True}, "NOT_FOUND", id="blocked"),
    ],
)
async def test_message_routes(settings: dict[str, Any], facts: dict[str, Any], route: str) -> None:
    assert await PROBE.route(settings=settings, **facts) == route


@pytest.mark.parametrize(
    ("facts", "label"),
    [
        pytest.param(FRIEND, "Friend", id="friend"),
        pytest.param({**FRIEND, "mutual_count": 7}, "Friend", id="friend-with-mutuals"),
        pytest.param({"degree": 2, "mutual_count": 1}, "1 mutual friend", id="1-mutual"),
        pytest.param({"degree": 2, "mutual_count": 2}, "2 mutual friends", id="2-mutuals"),
        pytest.param({"degree": 2, "mutual_count": 31}, "31 mutual friends", id="31-mutuals"),
        pytest.param({"degree": 3}, None, id="3rd-degree"),
        pytest.param({}, None, id="stranger"),
        pytest.param({"following": True, "followed_by": True}, None, id="follows"),
        pytest.param({"itself": True}, "You", id="oneself"),
        pytest.param({"anonymous": True}, None, id="anonymous"),
        pytest.param({**FRIEND, "blocking": True}, None, id="blocked"),
    ],
)
def test_relationship_labels(facts: dict[str, Any], label: str | None) -> None:
    assert PROBE.label(**facts) == label


async def test_invite_redemption_becomes_a_friend_request() -> None:
    assert await PROBE.invite() is InviteOutcome.REQUEST


@pytest.mark.parametrize(
    ("audience", "facts", "answer"),
    [
        pytest.param(Audience.PUBLIC, {"anonymous": True}, OK, id="default-anonymous"),
        pytest.param(Audience.PUBLIC, {}, OK, id="default-stranger"),
        pytest.param(Audience.NETWORK, {"degree": 2, "mutual_count": 1}, OK, id="network-fof"),
        pytest.param(Audience.NETWORK, {"degree": 3}, "NOT_ALLOWED", id="network-3rd"),
        pytest.param(Audience.CONNECTIONS, FRIEND, OK, id="connections-friend"),
        pytest.param(
            Audience.CONNECTIONS, {"mutual_count": 1}, "NOT_ALLOWED", id="connections-fof"
        ),
        pytest.param(Audience.ONLY_ME, FRIEND, "NOT_ALLOWED", id="only-me-friend"),
        pytest.param(Audience.ONLY_ME, {"itself": True}, OK, id="only-me-oneself"),
        pytest.param(Audience.PUBLIC, {"blocked_by": True}, "NOT_FOUND", id="blocked"),
    ],
)
@pytest.mark.parametrize("list_name", ["connections", "followers", "following"])
async def test_list_visibility(
    list_name: str, audience: Audience, facts: dict[str, Any], answer: str
) -> None:
    """``connectionsAudience`` governs all three lists."""
    settings = {"connections_audience": audience}
    assert await PROBE.view_list(list_name, settings, **facts) == answer
