"""The root lookups: ``viewer``, ``user(handle:)`` and ``node(id:)``."""

from __future__ import annotations

import base64
import uuid

import pytest

from amity.models import User
from schema.conftest import Change
from support.client import GraphQLClient, Member

FIELDS = "id handle displayName email settings { emailAudience discoverable }"

VIEWER = f"{{ viewer {{ {FIELDS} }} }}"
USER = f"query($handle: String!) {{ user(handle: $handle) {{ {FIELDS} }} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ __typename id ... on User {{ {FIELDS} }} }} }}"
DIRECTORY = f"{{ users {{ edges {{ node {{ {FIELDS} }} }} }} }}"


def global_id(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.fixture
async def ada(gql: GraphQLClient) -> Member:
    return await gql.sign_up("Ada", email="Ada@Example.com", display_name="Ada Lovelace")


async def test_viewer_is_null_when_anonymous(gql: GraphQLClient, ada: Member) -> None:
    assert await gql.data(VIEWER) == {"viewer": None}


async def test_viewer_is_the_member_the_token_belongs_to(gql: GraphQLClient, ada: Member) -> None:
    await gql.sign_up("grace")

    viewer = (await gql.data(VIEWER, token=ada.token))["viewer"]

    assert viewer == {
        "id": ada.id,
        "handle": "ada",
        "displayName": "Ada Lovelace",
        "email": "Ada@Example.com",
        "settings": {"emailAudience": "CONNECTIONS", "discoverable": "PUBLIC"},
    }


@pytest.mark.parametrize("handle", ["ada", "ADA", "Ada", "aDa"])
async def test_user_by_handle_is_case_insensitive(
    gql: GraphQLClient, ada: Member, handle: str
) -> None:
    found = (await gql.data(USER, {"handle": handle}))["user"]

    assert (found["id"], found["handle"]) == (ada.id, "ada")


@pytest.mark.parametrize(
    "handle",
    [
        "",
        " ",
        " ada",
        "ada ",
        "ad",
        "adaa",
        "nobody",
        "a" * 31,
        "a" * 100_000,
        "ädä",
        "ada\u0301",
        "\u0430da",  # Cyrillic a
        "😀😀😀",
        "ada'; DROP TABLE amity_user; --",
        "%",
        "ad%",
        "_da",
        "ad_",
        "a*",
        "\\",
    ],
)
async def test_user_by_handle_is_null_for_unknown_or_hostile_handles(
    gql: GraphQLClient, ada: Member, handle: str
) -> None:
    response = await gql.post(USER, {"handle": handle}, token=ada.token)

    assert response.status == 200
    assert response.errors == []
    assert response.data == {"user": None}
    assert await User.all().count() == 1


async def test_a_nul_character_is_refused_before_any_lookup(
    gql: GraphQLClient, ada: Member
) -> None:
    response = await gql.post(USER, {"handle": "ada\x00"}, token=ada.token)

    assert response.status == 400
    assert response.codes == ["BAD_REQUEST"]
    assert "data" not in response.body


async def test_node_returns_the_member_for_a_user_id(gql: GraphQLClient, ada: Member) -> None:
    grace = await gql.sign_up("grace")

    as_ada = (await gql.data(NODE, {"id": ada.id}, token=ada.token))["node"]
    as_grace = (await gql.data(NODE, {"id": ada.id}, token=grace.token))["node"]
    anonymous = (await gql.data(NODE, {"id": grace.id}))["node"]

    assert (as_ada["__typename"], as_ada["id"], as_ada["handle"]) == ("User", ada.id, "ada")
    assert as_ada["settings"] is not None
    assert (as_grace["handle"], as_grace["settings"]) == ("ada", None)
    assert (anonymous["handle"], anonymous["settings"]) == ("grace", None)


async def test_ids_agree_across_entry_points(gql: GraphQLClient, ada: Member) -> None:
    by_viewer = (await gql.data(VIEWER, token=ada.token))["viewer"]["id"]
    by_handle = (await gql.data(USER, {"handle": "ada"}))["user"]["id"]
    by_node = (await gql.data(NODE, {"id": ada.id}))["node"]["id"]
    by_list = (await gql.data(DIRECTORY))["users"]["edges"][0]["node"]["id"]

    assert by_viewer == by_handle == by_node == by_list == ada.id


async def test_node_finds_a_member_hidden_from_the_directory(
    gql: GraphQLClient, ada: Member, set_privacy: Change
) -> None:
    await set_privacy(gql, ada, discoverable="ONLY_ME")

    assert (await gql.data(USER, {"handle": "ada"}))["user"] is None
    assert (await gql.data(NODE, {"id": ada.id}))["node"]["handle"] == "ada"


@pytest.mark.parametrize(
    "make_id",
    [
        lambda pk: "",
        lambda pk: "garbage",
        lambda pk: "!!!!",
        lambda pk: str(pk),
        lambda pk: global_id(f"User:{uuid.uuid4()}"),
        lambda pk: global_id("User:not-a-uuid"),
        lambda pk: global_id("User:"),
        lambda pk: global_id(f"Contact:{pk}"),
        lambda pk: global_id(f"Invite:{pk}"),
        lambda pk: global_id(f"user:{pk}"),
        lambda pk: global_id(f"User:{pk}:extra"),
        lambda pk: global_id(f"User:{pk}") + "x" * 300,
        lambda pk: "x" * 10_000,
        lambda pk: base64.urlsafe_b64encode(b"\xff\xfe:\x00").decode(),
    ],
    ids=[
        "empty",
        "garbage",
        "punctuation",
        "raw-uuid",
        "random-user",
        "not-a-uuid",
        "no-uuid",
        "contact-type",
        "invite-type",
        "lowercase-type",
        "trailing-part",
        "padded",
        "very-long",
        "binary",
    ],
)
async def test_node_is_null_for_malformed_random_or_foreign_ids(
    gql: GraphQLClient, ada: Member, make_id: object
) -> None:
    pk = (await User.get(handle="ada")).id
    node_id = make_id(pk)  # type: ignore[operator]

    for token in (None, ada.token):
        response = await gql.post(NODE, {"id": node_id}, token=token)
        assert response.status == 200
        assert response.errors == []
        assert response.data == {"node": None}


async def test_settings_are_only_for_the_member_themselves(gql: GraphQLClient, ada: Member) -> None:
    grace = await gql.sign_up("grace")

    for token in (None, grace.token):
        by_handle = (await gql.data(USER, {"handle": "ada"}, token=token))["user"]
        by_node = (await gql.data(NODE, {"id": ada.id}, token=token))["node"]
        listed = (await gql.data(DIRECTORY, token=token))["users"]["edges"]
        assert by_handle["settings"] is None
        assert by_node["settings"] is None
        assert {e["node"]["handle"]: e["node"]["settings"] for e in listed}["ada"] is None

    own = (await gql.data(USER, {"handle": "ada"}, token=ada.token))["user"]
    listed = (await gql.data(DIRECTORY, token=ada.token))["users"]["edges"]
    settings = {e["node"]["handle"]: e["node"]["settings"] for e in listed}
    assert own["settings"] == {"emailAudience": "CONNECTIONS", "discoverable": "PUBLIC"}
    assert settings == {"ada": own["settings"], "grace": None}
