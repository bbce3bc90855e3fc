"""The follow_only style: CONNECTIONS and NETWORK both mean approved followers.

A locked member shows bio and location to approved followers only, whatever the audiences
say, while the headline stays visible. Checked through a real engine. The second half is
DESIGN.md's platform-styles table, one cell per row: no connections at all, follows with
approval for locked members, the 7,500 cap, message routes and labels.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, Member, MessageFilter, RelationshipSnapshot, RequestFilter
from amity.policies.votes import InviteOutcome
from amity.vocabulary import FollowStatus

from .probes import OK, Probe

STYLE = "follow_only"
NONE: set[Audience] = set()
PUBLIC = {Audience.PUBLIC}
FOLLOWERS = {Audience.PUBLIC, Audience.NETWORK, Audience.CONNECTIONS}

RELATIONS = [
    pytest.param({"anonymous": True}, PUBLIC, id="anonymous"),
    pytest.param({}, PUBLIC, id="stranger"),
    pytest.param({"followed_by": True}, PUBLIC, id="followed-by-is-not-a-follower"),
    pytest.param({"follow_requested": True}, PUBLIC, id="pending-follow-is-not-approved"),
    pytest.param({"degree": 2, "mutual_count": 3}, PUBLIC, id="degree-is-not-network"),
    pytest.param({"following": True}, FOLLOWERS, id="approved-follower"),
    pytest.param({"following": True, "followed_by": True}, FOLLOWERS, id="mutual-follow"),
]


@pytest.mark.parametrize(("relation", "visible"), RELATIONS)
async def test_field_audiences(
    relation: dict[str, Any], visible: set[Audience], visible_audiences: Any
) -> None:
    """Each profile field shows to the viewer exactly under the audiences they belong to."""
    assert await visible_audiences(STYLE, **relation) == dict.fromkeys(PROFILE_FIELDS, visible)


@pytest.mark.parametrize(
    ("relation", "visible"),
    [
        pytest.param(
            {"anonymous": True},
            {"headline": PUBLIC, "bio": NONE, "location": NONE, "email": PUBLIC},
            id="anonymous",
        ),
        pytest.param(
            {},
            {"headline": PUBLIC, "bio": NONE, "location": NONE, "email": PUBLIC},
            id="stranger",
        ),
        pytest.param(
            {"follow_requested": True},
            {"headline": PUBLIC, "bio": NONE, "location": NONE, "email": PUBLIC},
            id="pending-follow",
        ),
        pytest.param(
            {"followed_by": True},
            {"headline": PUBLIC, "bio": NONE, "location": NONE, "email": PUBLIC},
            id="followed-by",
        ),
        pytest.param(
            {"following": True},
            dict.fromkeys(PROFILE_FIELDS, FOLLOWERS),
            id="approved-follower",
        ),
    ],
)
async def test_locked_member(
    relation: dict[str, Any], visible: dict[str, set[Audience]], visible_audiences: Any
) -> None:
    """Locked: bio and location only to approved followers even when PUBLIC; ONLY_ME stays
    private even from them; headline and email keep following their audiences."""
    assert await visible_audiences(STYLE, locked=True, **relation) == visible


async def test_locked_refusal_is_explained(make_member: Any, engine_for: Any) -> None:
    """The explain API says why: a LOCKED veto, not merely a missing grant."""
    engine = engine_for(STYLE)
    viewer = make_member("viewer")
    subject = make_member("subject", locked=True, bio_audience=Audience.PUBLIC)
    decision = await engine.decide(
        "amity_can_view_field",
        viewer=viewer,
        subject=subject,
        field="bio",
        audience=Audience.PUBLIC,
        snapshot=RelationshipSnapshot(viewer.id, subject.id),
        limits=engine.limits,
    )
    assert (decision.allowed, decision.code) == (False, "LOCKED")


async def test_locked_member_sees_own_fields(make_member: Any, engine_for: Any) -> None:
    subject: Member = make_member("subject", locked=True, bio_audience=Audience.ONLY_ME)
    snapshot = RelationshipSnapshot(subject.id, subject.id, degree=0)
    for field in PROFILE_FIELDS:
        assert await engine_for(STYLE).can_view_field(subject, subject, field, snapshot)


@pytest.mark.parametrize(("relation", "discoverable"), RELATIONS)
async def test_discoverable(
    relation: dict[str, Any], discoverable: set[Audience], discoverable_under: Any
) -> None:
    """``discoverable`` uses the same closeness as the profile fields."""
    assert await discoverable_under(STYLE, **relation) == discoverable


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("headline_audience", Audience.PUBLIC),
        ("bio_audience", Audience.PUBLIC),
        ("location_audience", Audience.PUBLIC),
        ("email_audience", Audience.ONLY_ME),
        ("connections_audience", Audience.PUBLIC),
        ("discoverable", Audience.PUBLIC),
        ("who_can_request", RequestFilter.EVERYONE),
        ("who_can_message", MessageFilter.CONNECTIONS),
        ("locked", False),
    ],
)
def test_setting_defaults(setting: str, value: object, engine_for: Any) -> None:
    """DESIGN.md's defaults for follow_only: everything PUBLIC but email; messages from
    people the member follows."""
    actual = getattr(engine_for(STYLE).setting_defaults, setting)
    assert actual == value
    assert type(actual) is type(value)


# --------------------------------------------------------------------------- the rules table

PROBE = Probe(STYLE)
LOCKED = {"locked": True}


@pytest.mark.parametrize(
    ("note", "facts"),
    [
        pytest.param(None, {}, id="stranger"),
        pytest.param("Hi", {"following": True, "followed_by": True}, id="mutual-follow"),
        pytest.param(None, {"degree": 1, "connected": True}, id="even-if-connected-elsewhere"),
        pytest.param(None, {"incoming_request_pending": True}, id="crossing"),
    ],
)
async def test_connection_requests_are_not_supported(
    note: str | None, facts: dict[str, Any]
) -> None:
    assert await PROBE.request(note, **facts) == "NOT_SUPPORTED"
    assert await PROBE.accept(**facts) == "NOT_SUPPORTED"


async def test_connection_requests_still_honour_core_invariants() -> None:
    """Blocks and oneself are answered before the style, as in every style."""
    assert await PROBE.request(blocked_by=True) == "NOT_FOUND"
    assert await PROBE.request(itself=True) == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("settings", "facts", "answer", "status"),
    [
        pytest.param({}, {}, OK, FollowStatus.ACTIVE, id="follow-at-once"),
        pytest.param(LOCKED, {}, OK, FollowStatus.PENDING, id="locked-asks-approval"),
        pytest.param(
            LOCKED, {"followed_by": True}, OK, FollowStatus.PENDING, id="locked-follower-asks-too"
        ),
        pytest.param({}, {"viewer_following_total": 7_499}, OK, FollowStatus.ACTIVE, id="7499"),
        pytest.param({}, {"viewer_following_total": 7_500}, "FOLLOW_LIMIT", None, id="7500"),
        pytest.param({}, {"following": True}, OK, FollowStatus.ACTIVE, id="twice-is-a-no-op"),
        pytest.param(
            LOCKED, {"follow_requested": True}, OK, FollowStatus.PENDING, id="asking-again"
        ),
        pytest.param({}, {"blocking": True}, "NOT_FOUND", None, id="blocked"),
        pytest.param({}, {"itself": True}, "BAD_USER_INPUT", None, id="oneself"),
    ],
)
async def test_following(
    settings: dict[str, Any], facts: dict[str, Any], answer: str, status: FollowStatus | None
) -> None:
    assert await PROBE.follow(settings=settings, **facts) == answer
    if status is not None:
        assert await PROBE.follow_status(settings=settings, **facts) is status


async def test_following_cap_comes_from_configuration() -> None:
    probe = Probe(STYLE, limits={"max_following": 10})
    assert await probe.follow(viewer_following_total=10) == "FOLLOW_LIMIT"
    assert await probe.follow(viewer_following_total=9) == OK


async def test_there_is_nothing_to_auto_follow() -> None:
    assert await PROBE.auto_follow() is False


EVERYONE_MAY = {"who_can_message": MessageFilter.EVERYONE}
CONNECTIONS_MAY = {"who_can_message": MessageFilter.CONNECTIONS}  # the style's default
NOBODY_MAY = {"who_can_message": MessageFilter.NOBODY}


@pytest.mark.parametrize(
    ("settings", "facts", "route"),
    [
        pytest.param(CONNECTIONS_MAY, {"followed_by": True}, "INBOX", id="default-they-follow"),
        pytest.param(
            CONNECTIONS_MAY, {"following": True}, "NOT_ACCEPTING_MESSAGES", id="default-i-follow"
        ),
        pytest.param(CONNECTIONS_MAY, {}, "NOT_ACCEPTING_MESSAGES", id="default-stranger"),
        pytest.param(EVERYONE_MAY, {"followed_by": True}, "INBOX", id="everyone-they-follow"),
        pytest.param(EVERYONE_MAY, {}, "REQUESTS", id="everyone-stranger"),
        pytest.param(EVERYONE_MAY, {"following": True}, "REQUESTS", id="everyone-i-follow"),
        pytest.param(
            EVERYONE_MAY,
            {"follower_requested": True},
            "REQUESTS",
            id="everyone-their-follow-pending",
        ),
        pytest.param(
            NOBODY_MAY,
            {"followed_by": True, "following": True},
            "NOT_ACCEPTING_MESSAGES",
            id="nobody-mutual",
        ),
        pytest.param(EVERYONE_MAY, {"followed_by": True, "blocking": True}, "NOT_FOUND", id="blk"),
    ],
)
async def test_message_routes(settings: dict[str, Any], facts: dict[str, Any], route: str) -> None:
    assert await PROBE.route(settings=settings, **facts) == route


@pytest.mark.parametrize(
    ("facts", "label"),
    [
        pytest.param({"following": True, "followed_by": True}, "Mutual", id="mutual"),
        pytest.param({"followed_by": True}, "Follows you", id="follows-you"),
        pytest.param({"following": True}, "Following", id="following"),
        pytest.param({"follow_requested": True}, None, id="pending-is-not-following"),
        pytest.param({"follower_requested": True}, None, id="pending-is-not-a-follower"),
        pytest.param({"degree": 1, "connected": True}, None, id="connections-mean-nothing"),
        pytest.param({}, None, id="stranger"),
        pytest.param({"itself": True}, "You", id="oneself"),
        pytest.param({"anonymous": True}, None, id="anonymous"),
        pytest.param({"following": True, "blocked_by": True}, None, id="blocked"),
    ],
)
def test_relationship_labels(facts: dict[str, Any], label: str | None) -> None:
    assert PROBE.label(**facts) == label


async def test_invite_redemption_follows_the_inviter() -> None:
    assert await PROBE.invite() is InviteOutcome.FOLLOW


@pytest.mark.parametrize(
    ("settings", "facts", "answer"),
    [
        pytest.param({}, {"anonymous": True}, OK, id="default-public"),
        pytest.param({"connections_audience": Audience.CONNECTIONS}, {}, "NOT_ALLOWED", id="c"),
        pytest.param(
            {"connections_audience": Audience.CONNECTIONS},
            {"following": True},
            OK,
            id="connections-approved-follower",
        ),
        pytest.param(
            {"connections_audience": Audience.NETWORK},
            {"followed_by": True},
            "NOT_ALLOWED",
            id="network-is-not-followed-by",
        ),
        # A locked member's lists go to approved followers only, whatever the audience.
        pytest.param(LOCKED, {}, "LOCKED", id="locked-stranger"),
        pytest.param(LOCKED, {"anonymous": True}, "LOCKED", id="locked-anonymous"),
        pytest.param(LOCKED, {"follow_requested": True}, "LOCKED", id="locked-pending"),
        pytest.param(LOCKED, {"followed_by": True}, "LOCKED", id="locked-they-follow-me"),
        pytest.param(LOCKED, {"following": True}, OK, id="locked-approved-follower"),
        pytest.param(
            {**LOCKED, "connections_audience": Audience.ONLY_ME},
            {"following": True},
            "NOT_ALLOWED",
            id="locked-only-me",
        ),
        pytest.param(LOCKED, {"itself": True}, OK, id="locked-oneself"),
        pytest.param({}, {"blocked_by": True}, "NOT_FOUND", id="blocked"),
    ],
)
@pytest.mark.parametrize("list_name", ["connections", "followers", "following"])
async def test_list_visibility(
    list_name: str, settings: dict[str, Any], facts: dict[str, Any], answer: str
) -> None:
    assert await PROBE.view_list(list_name, settings, **facts) == answer
