"""The follow_only style: CONNECTIONS and NETWORK both mean approved followers.

A locked member shows bio and location to approved followers only, whatever the audiences
say, while the headline stays visible. Checked through a real engine.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, Member, MessageFilter, RelationshipSnapshot, RequestFilter

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
