"""Which profile fields a viewer sees, per platform style, through every entry point.

With no relationships between members, a stranger (logged in or anonymous) belongs to the
PUBLIC audience only; a member always sees all of their own fields.
"""

from __future__ import annotations

from typing import Any

import pytest

from schema.conftest import Change
from support.client import GraphQLClient, Member

STYLES = ["linkedin", "facebook", "follow_only"]
AUDIENCES = ["PUBLIC", "NETWORK", "CONNECTIONS", "ONLY_ME"]
FIELDS = ["headline", "bio", "location", "email"]

PROFILE = {"headline": "Analyst", "bio": "Wrote the first program.", "location": "London"}
EMAIL = "ada@example.com"
VALUES = {**PROFILE, "email": EMAIL}

SELECTION = "id handle displayName headline bio location email"
USER = f"query($handle: String!) {{ user(handle: $handle) {{ {SELECTION} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on User {{ {SELECTION} }} }} }}"
DIRECTORY = f"{{ users(first: 100) {{ edges {{ node {{ {SELECTION} }} }} }} }}"
VIEWER = f"{{ viewer {{ {SELECTION} }} }}"

#: Audiences of headline, bio, location and email, per style, for a new member.
DEFAULT_VISIBLE = {
    "linkedin": {"headline", "location"},
    "facebook": {"headline"},
    "follow_only": {"headline", "bio", "location"},
}


async def visible_fields(client: GraphQLClient, subject: Member, token: str | None) -> set[str]:
    """The subject's fields the viewer sees; every entry point must show the same thing."""
    by_handle = (await client.data(USER, {"handle": subject.handle}, token=token))["user"]
    by_node = (await client.data(NODE, {"id": subject.id}, token=token))["node"]
    edges = (await client.data(DIRECTORY, token=token))["users"]["edges"]
    listed = {e["node"]["handle"]: e["node"] for e in edges}[subject.handle]
    assert by_handle == by_node == listed
    assert by_handle["displayName"] == subject.handle.title()
    shown = set()
    for field in FIELDS:
        if by_handle[field] is not None:
            assert by_handle[field] == VALUES[field], field
            shown.add(field)
    return shown


@pytest.fixture(params=STYLES)
async def network(
    request: pytest.FixtureRequest, make_client: Any, set_profile: Change
) -> tuple[GraphQLClient, Member, Member]:
    """A client of the style under test, a member with a full profile, and a stranger."""
    client = await make_client(style=request.param)
    ada = await client.sign_up("ada", email=EMAIL)
    await set_profile(client, ada, **PROFILE)
    stranger = await client.sign_up("stranger")
    return client, ada, stranger


@pytest.mark.parametrize("rotation", range(len(AUDIENCES)))
async def test_strangers_see_public_fields_only(
    network: tuple[GraphQLClient, Member, Member], set_privacy: Change, rotation: int
) -> None:
    client, ada, stranger = network
    # Every field gets every audience across the rotations, and never the same as another
    # field, so reading the wrong field's setting shows up.
    audiences = {
        field: AUDIENCES[(i + rotation) % len(AUDIENCES)] for i, field in enumerate(FIELDS)
    }
    await set_privacy(client, ada, **{f"{field}Audience": a for field, a in audiences.items()})
    public = {field for field, audience in audiences.items() if audience == "PUBLIC"}

    assert await visible_fields(client, ada, stranger.token) == public
    assert await visible_fields(client, ada, None) == public
    assert await visible_fields(client, ada, ada.token) == set(FIELDS)


async def test_nothing_public_means_nothing_shown(
    network: tuple[GraphQLClient, Member, Member], set_privacy: Change
) -> None:
    client, ada, stranger = network
    await set_privacy(client, ada, **{f"{field}Audience": "NETWORK" for field in FIELDS})

    assert await visible_fields(client, ada, stranger.token) == set()
    assert await visible_fields(client, ada, None) == set()
    viewer = (await client.data(VIEWER, token=ada.token))["viewer"]
    assert {field: viewer[field] for field in FIELDS} == VALUES


@pytest.mark.parametrize("style", STYLES)
async def test_default_audiences_of_a_new_member(
    make_client: Any, set_profile: Change, style: str
) -> None:
    client = await make_client(style=style)
    ada = await client.sign_up("ada", email=EMAIL)
    await set_profile(client, ada, **PROFILE)
    stranger = await client.sign_up("stranger")

    assert await visible_fields(client, ada, stranger.token) == DEFAULT_VISIBLE[style]
    assert await visible_fields(client, ada, None) == DEFAULT_VISIBLE[style]
    assert await visible_fields(client, ada, ada.token) == set(FIELDS)
    # No style shows the email to strangers by default.
    assert "email" not in DEFAULT_VISIBLE[style]


#: Fields a locked member hides from non-followers even when their audience is PUBLIC.
LOCKED_HIDES = {"linkedin": set(), "facebook": set(), "follow_only": {"bio", "location"}}


@pytest.mark.parametrize("style", STYLES)
async def test_a_locked_member_hides_bio_and_location_on_follow_only(
    make_client: Any, set_profile: Change, set_privacy: Change, style: str
) -> None:
    client = await make_client(style=style)
    ada = await client.sign_up("ada", email=EMAIL)
    await set_profile(client, ada, **PROFILE)
    await set_privacy(client, ada, locked=True, **{f"{f}Audience": "PUBLIC" for f in FIELDS})
    stranger = await client.sign_up("stranger")

    expected = set(FIELDS) - LOCKED_HIDES[style]
    assert await visible_fields(client, ada, stranger.token) == expected
    assert await visible_fields(client, ada, None) == expected
    assert await visible_fields(client, ada, ada.token) == set(FIELDS)

    await set_privacy(client, ada, locked=False)
    assert await visible_fields(client, ada, stranger.token) == set(FIELDS)


async def test_unset_fields_are_null_for_everyone(
    network: tuple[GraphQLClient, Member, Member], set_profile: Change, set_privacy: Change
) -> None:
    client, ada, stranger = network
    await set_profile(client, ada, headline=None, bio="", location="  ")
    await set_privacy(client, ada, **{f"{f}Audience": "PUBLIC" for f in FIELDS})

    assert await visible_fields(client, ada, stranger.token) == {"email"}
    assert await visible_fields(client, ada, ada.token) == {"email"}
