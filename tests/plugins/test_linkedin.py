"""The linkedin style: NETWORK means 2nd or 3rd degree; follows widen nothing.

Checked through a real engine, so the rows below are what ``Query.user`` will show.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import Audience, MessageFilter, RequestFilter

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
