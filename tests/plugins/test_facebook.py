"""The facebook style: NETWORK means friends of friends (at least one mutual friend).

Checked through a real engine, so the rows below are what ``Query.user`` will show.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, MessageFilter, RequestFilter

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
