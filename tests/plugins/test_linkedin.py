"""The linkedin style: NETWORK means 2nd or 3rd degree; follows widen nothing.

Checked through a real engine, so the rows below are what ``Query.user`` will show and what
the mutations will answer. The second half is DESIGN.md's platform-styles table, one cell per
row: every refusal code at its edge (99 requests pass, 100 do not), so that a rule moved,
dropped or off by one fails here before it reaches a client.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, MessageFilter, RequestFilter
from amity.policies.votes import InviteOutcome
from amity.vocabulary import FollowStatus

from .probes import OK, Probe, ago

STYLE = "linkedin"
PUBLIC = {Audience.PUBLIC}
NETWORK = {Audience.PUBLIC, Audience.NETWORK}
CONNECTIONS = {Audience.PUBLIC, Audience.NETWORK, Audience.CONNECTIONS}

RELATIONS = [
    pytest.param({"anonymous": True}, PUBLIC, id="anonymous"),
    pytest.param({}, PUBLIC, id="stranger"),
    pytest.param({"degree": 4}, PUBLIC, id="4th-degree-is-out-of-network"),
    pytest.param({"degree": 3}, NETWORK, id="3rd-degree"),
    pytest.param({"degree": 2, "mutual_count": 4}, NETWORK, id="2nd-degree"),
    pytest.param({"degree": 1, "connected": True, "mutual_count": 4}, CONNECTIONS, id="1st"),
    pytest.param({"connected": True}, CONNECTIONS, id="connected"),
    pytest.param({"following": True, "followed_by": True}, PUBLIC, id="follows-are-not-network"),
    pytest.param({"incoming_request_pending": True}, PUBLIC, id="pending-request"),
    pytest.param({"locked": True}, PUBLIC, id="locked-changes-nothing"),
    pytest.param({"locked": True, "degree": 2}, NETWORK, id="locked-2nd-degree"),
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
        ("bio_audience", Audience.NETWORK),
        ("location_audience", Audience.PUBLIC),
        ("email_audience", Audience.CONNECTIONS),
        ("connections_audience", Audience.CONNECTIONS),
        ("discoverable", Audience.PUBLIC),
        ("who_can_request", RequestFilter.EVERYONE),
        ("who_can_message", MessageFilter.EVERYONE),
        ("locked", False),
    ],
)
def test_setting_defaults(setting: str, value: object, engine_for: Any) -> None:
    """DESIGN.md's default audiences for linkedin, as written to a new member's row."""
    actual = getattr(engine_for(STYLE).setting_defaults, setting)
    assert actual == value
    assert type(actual) is type(value)


# --------------------------------------------------------------------------- the rules table

PROBE = Probe(STYLE)
NETWORK_ONLY = {"who_can_request": RequestFilter.NETWORK}
CONTACTS_ONLY = {"who_can_request": RequestFilter.CONTACTS}
NOBODY = {"who_can_request": RequestFilter.NOBODY}
FIRST = {"degree": 1, "connected": True}


@pytest.mark.parametrize(
    ("settings", "facts", "answer"),
    [
        pytest.param({}, {}, OK, id="stranger"),
        pytest.param({}, FIRST, "ALREADY_CONNECTED", id="connected"),
        pytest.param({}, {"outgoing_request_pending": True}, "ALREADY_REQUESTED", id="pending"),
        pytest.param(
            {},
            {"outgoing_request_pending": True, "request_ignored": True},
            "ALREADY_REQUESTED",
            id="ignored-still-pending-to-the-sender",
        ),
        # whoCanRequest: NETWORK means 2nd or 3rd degree.
        pytest.param(NETWORK_ONLY, {}, "REQUESTS_RESTRICTED", id="network-out-of-network"),
        pytest.param(NETWORK_ONLY, {"degree": 2, "mutual_count": 1}, OK, id="network-2nd"),
        pytest.param(NETWORK_ONLY, {"degree": 3}, OK, id="network-3rd"),
        pytest.param(
            NETWORK_ONLY, {"in_subject_contacts": True}, "REQUESTS_RESTRICTED", id="network-contact"
        ),
        # CONTACTS: the sender's email is in the recipient's contacts (not the other way).
        pytest.param(CONTACTS_ONLY, {"in_subject_contacts": True}, OK, id="contacts-in-theirs"),
        pytest.param(
            CONTACTS_ONLY, {"is_contact": True}, "REQUESTS_RESTRICTED", id="contacts-only-in-mine"
        ),
        pytest.param(CONTACTS_ONLY, {"degree": 2}, "REQUESTS_RESTRICTED", id="contacts-2nd"),
        pytest.param(
            NOBODY,
            {"degree": 2, "in_subject_contacts": True},
            "REQUESTS_RESTRICTED",
            id="nobody",
        ),
        # A decline is permanent; a withdraw holds the sender back 21 days.
        pytest.param({}, {"last_declined_at": ago(days=3000)}, "DECLINED", id="declined-forever"),
        pytest.param({}, {"last_withdrawn_at": ago(days=20, hours=23)}, "COOLDOWN", id="cooldown"),
        pytest.param({}, {"last_withdrawn_at": ago(days=21)}, OK, id="cooldown-over"),
        # 100 requests per rolling week.
        pytest.param({}, {"sent_this_week": 99}, OK, id="99-sent-this-week"),
        pytest.param({}, {"sent_this_week": 100}, "WEEKLY_LIMIT", id="100-sent-this-week"),
        # A crossing request accepts the other's at once: only the accept rules apply.
        pytest.param(
            NOBODY,
            {"incoming_request_pending": True, "sent_this_week": 100},
            OK,
            id="crossing-accepts",
        ),
        pytest.param(
            {},
            {"incoming_request_pending": True, "connection_count": 30_000},
            "CONNECTION_LIMIT",
            id="crossing-past-the-cap",
        ),
        # Core invariants come first.
        pytest.param({}, {"blocked_by": True, "degree": 2}, "NOT_FOUND", id="blocked"),
        pytest.param({}, {"itself": True}, "BAD_USER_INPUT", id="oneself"),
    ],
)
async def test_connection_requests(
    settings: dict[str, Any], facts: dict[str, Any], answer: str
) -> None:
    assert await PROBE.request(settings=settings, **facts) == answer


@pytest.mark.parametrize(
    ("note", "answer"),
    [(None, OK), ("", OK), ("Hello!", OK), ("x" * 300, OK), ("x" * 301, "BAD_USER_INPUT")],
    ids=["none", "empty", "short", "300-chars", "301-chars"],
)
async def test_request_notes(note: str | None, answer: str) -> None:
    assert await PROBE.request(note) == answer


async def test_limits_come_from_configuration() -> None:
    """``AMITY_LIMITS`` changes what the rules enforce, not only what is reported."""
    probe = Probe(STYLE, limits={"weekly_requests": 5, "withdraw_cooldown_days": 2})
    assert await probe.request(sent_this_week=5) == "WEEKLY_LIMIT"
    assert await probe.request(sent_this_week=4) == OK
    assert await probe.request(last_withdrawn_at=ago(days=2)) == OK
    assert await probe.request(last_withdrawn_at=ago(days=1)) == "COOLDOWN"


@pytest.mark.parametrize(
    ("facts", "answer"),
    [
        pytest.param({}, OK, id="stranger"),
        pytest.param({"viewer_connection_count": 29_999, "connection_count": 29_999}, OK, id="cap"),
        pytest.param({"viewer_connection_count": 30_000}, "CONNECTION_LIMIT", id="viewer-full"),
        pytest.param({"connection_count": 30_000}, "CONNECTION_LIMIT", id="sender-full"),
        pytest.param({"blocking": True}, "NOT_FOUND", id="blocked"),
    ],
)
async def test_accepting(facts: dict[str, Any], answer: str) -> None:
    assert await PROBE.accept(**facts) == answer


@pytest.mark.parametrize(
    ("settings", "facts", "answer"),
    [
        pytest.param({}, {}, OK, id="anyone-may-follow"),
        pytest.param({"locked": True}, {}, OK, id="locked-has-no-effect"),
        pytest.param({}, {"connection_count": 30_000}, OK, id="past-the-cap-still-followed"),
        pytest.param({}, {"viewer_following_total": 100_000}, OK, id="no-following-cap"),
        pytest.param({}, {"following": True}, OK, id="following-again-is-a-no-op"),
        pytest.param({}, {"blocked_by": True}, "NOT_FOUND", id="blocked"),
    ],
)
async def test_following(settings: dict[str, Any], facts: dict[str, Any], answer: str) -> None:
    assert await PROBE.follow(settings=settings, **facts) == answer
    if answer == OK:
        assert await PROBE.follow_status(settings=settings, **facts) is FollowStatus.ACTIVE


async def test_connecting_makes_both_follow() -> None:
    assert await PROBE.auto_follow() is True


EVERYONE_MAY = {"who_can_message": MessageFilter.EVERYONE}
CONNECTIONS_MAY = {"who_can_message": MessageFilter.CONNECTIONS}
NOBODY_MAY = {"who_can_message": MessageFilter.NOBODY}


@pytest.mark.parametrize(
    ("settings", "facts", "route"),
    [
        pytest.param(EVERYONE_MAY, FIRST, "INBOX", id="everyone-connection"),
        pytest.param(EVERYONE_MAY, {"viewer_credits": 5}, "CREDIT", id="everyone-stranger"),
        pytest.param(EVERYONE_MAY, {"degree": 2, "viewer_credits": 1}, "CREDIT", id="2nd"),
        pytest.param(EVERYONE_MAY, {"viewer_credits": 0}, "NEEDS_CREDIT", id="no-credit"),
        pytest.param(EVERYONE_MAY, {"followed_by": True}, "NEEDS_CREDIT", id="follows-no-inbox"),
        pytest.param(CONNECTIONS_MAY, FIRST, "INBOX", id="connections-connection"),
        pytest.param(
            CONNECTIONS_MAY,
            {"viewer_credits": 5},
            "NOT_ACCEPTING_MESSAGES",
            id="connections-stranger",
        ),
        pytest.param(NOBODY_MAY, FIRST, "NOT_ACCEPTING_MESSAGES", id="nobody-connection"),
        pytest.param(
            EVERYONE_MAY, {**FIRST, "blocking": True}, "NOT_FOUND", id="blocked-connection"
        ),
    ],
)
async def test_message_routes(settings: dict[str, Any], facts: dict[str, Any], route: str) -> None:
    assert await PROBE.route(settings=settings, **facts) == route


@pytest.mark.parametrize(
    ("facts", "label"),
    [
        pytest.param(FIRST, "1st", id="1st"),
        pytest.param({"degree": 2, "mutual_count": 3}, "2nd", id="2nd"),
        pytest.param({"degree": 3}, "3rd", id="3rd"),
        pytest.param({}, "Out of network", id="out-of-network"),
        pytest.param({"following": True, "followed_by": True}, "Out of network", id="follows"),
        pytest.param({"itself": True}, "You", id="oneself"),
        pytest.param({"anonymous": True}, None, id="anonymous"),
        pytest.param({**FIRST, "blocked_by": True}, None, id="blocked"),
    ],
)
def test_relationship_labels(facts: dict[str, Any], label: str | None) -> None:
    assert PROBE.label(**facts) == label


async def test_invite_redemption_connects() -> None:
    assert await PROBE.invite() is InviteOutcome.CONNECT


@pytest.mark.parametrize(
    ("audience", "facts", "answer"),
    [
        pytest.param(Audience.CONNECTIONS, {}, "NOT_ALLOWED", id="default-stranger"),
        pytest.param(Audience.CONNECTIONS, {"degree": 2}, "NOT_ALLOWED", id="default-2nd"),
        pytest.param(Audience.CONNECTIONS, FIRST, OK, id="default-connection"),
        pytest.param(Audience.NETWORK, {"degree": 3}, OK, id="network-3rd"),
        pytest.param(Audience.NETWORK, {}, "NOT_ALLOWED", id="network-out-of-network"),
        pytest.param(Audience.PUBLIC, {"anonymous": True}, OK, id="public-anonymous"),
        pytest.param(Audience.ONLY_ME, FIRST, "NOT_ALLOWED", id="only-me-connection"),
        pytest.param(Audience.ONLY_ME, {"itself": True}, OK, id="only-me-oneself"),
        pytest.param(Audience.PUBLIC, {"blocking": True}, "NOT_FOUND", id="blocked"),
    ],
)
@pytest.mark.parametrize("list_name", ["connections", "followers", "following"])
async def test_list_visibility(
    list_name: str, audience: Audience, facts: dict[str, Any], answer: str
) -> None:
    """``connectionsAudience`` governs all three lists."""
    settings = {"connections_audience": audience}
    assert await PROBE.view_list(list_name, settings, **facts) == answer
