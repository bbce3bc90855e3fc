"""The member directory ``users(search:)`` and the ``discoverable`` setting."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.conftest import InsertMembers, SetPrivacy
from support.client import GraphQLClient

DIRECTORY = """
query($search: String, $first: Int, $after: String) {
  users(search: $search, first: $first, after: $after) {
    totalCount
    edges { node { handle } }
  }
}
"""

USER = "query($handle: String!) { user(handle: $handle) { handle } }"

AUDIENCES = ["PUBLIC", "NETWORK", "CONNECTIONS", "ONLY_ME"]
STYLES = ["linkedin", "facebook", "follow_only"]

PEOPLE = {
    "ada": "Ada Lovelace",
    "alan": "Alan Turing",
    "grace": "Grace Hopper",
    "linus": "Linus Torvalds",
    "ab_cd": "Underscore Person",
    "abxcd": "Wildcard Person",
    "percent": "50% Off",
    "fivehundred": "500 Off",
    "backslash": "Back\\Slash",
}


async def directory(
    client: GraphQLClient, *, token: str | None = None, **variables: Any
) -> tuple[list[str], int]:
    data = await client.data(DIRECTORY, {"first": 100, **variables}, token=token)
    users = data["users"]
    return [e["node"]["handle"] for e in users["edges"]], users["totalCount"]


@pytest.fixture
async def people(gql: GraphQLClient) -> GraphQLClient:
    for handle, name in PEOPLE.items():
        await gql.sign_up(handle, display_name=name)
    return gql


async def test_directory_is_ordered_by_handle(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    handles = ["mallory", "bob", "zed", "alice", "carol_2", "carol_10", "carol"]
    await insert_members(handles)

    listed, total = await directory(gql)

    assert listed == sorted(handles)
    assert total == len(handles)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ada", ["ada"]),
        ("ADA", ["ada"]),
        ("  Ada  ", ["ada"]),
        ("LOVE", ["ada"]),
        ("hopper", ["grace"]),
        ("tUrInG", ["alan"]),
        ("torvalds", ["linus"]),
        ("al", ["alan", "linus"]),
        ("person", ["ab_cd", "abxcd"]),
        ("nobody-matches", []),
        # LIKE wildcards are plain characters in a search.
        ("_", ["ab_cd"]),
        ("b_c", ["ab_cd"]),
        ("%", ["percent"]),
        ("0%", ["percent"]),
        ("5%0", []),
        ("\\", ["backslash"]),
        ("k\\s", ["backslash"]),
    ],
)
async def test_search_matches_a_substring_of_handle_or_display_name(
    people: GraphQLClient, search: str, expected: list[str]
) -> None:
    listed, total = await directory(people, search=search)

    assert listed == expected
    assert total == len(expected)


@pytest.mark.parametrize("search", [None, "", "   "])
async def test_a_blank_search_lists_everyone(people: GraphQLClient, search: str | None) -> None:
    listed, total = await directory(people, search=search)

    assert listed == sorted(PEOPLE)
    assert total == len(PEOPLE)


async def test_an_over_long_search_is_bad_user_input(gql: GraphQLClient) -> None:
    response = await gql.post(DIRECTORY, {"search": "x" * 101})

    assert response.codes == ["BAD_USER_INPUT"]


async def test_search_is_also_filtered_by_discoverable(
    gql: GraphQLClient, set_privacy: SetPrivacy
) -> None:
    shown = await gql.sign_up("ada_shown")
    hidden = await gql.sign_up("ada_hidden")
    await set_privacy(gql, hidden.token, discoverable="ONLY_ME")

    assert await directory(gql, search="ada") == (["ada_shown"], 1)
    assert await directory(gql, search="ADA", token=shown.token) == (["ada_shown"], 1)
    assert await directory(gql, search="ada", token=hidden.token) == (
        ["ada_hidden", "ada_shown"],
        2,
    )


@pytest.mark.parametrize("style", STYLES)
async def test_discoverable_hides_a_member_from_strangers(
    make_client: Any, set_privacy: SetPrivacy, style: str
) -> None:
    client = await make_client(style=style)
    members = {}
    for audience in AUDIENCES:
        handle = f"m_{audience.lower()}"
        members[audience] = await client.sign_up(handle)
        await set_privacy(client, members[audience].token, discoverable=audience)
    stranger = await client.sign_up("stranger")

    for token in (None, stranger.token):
        listed, total = await directory(client, token=token)
        assert (listed, total) == (["m_public", "stranger"], 2)
        for audience, member in members.items():
            found = (await client.data(USER, {"handle": member.handle}, token=token))["user"]
            # The list filter and the single-object check agree.
            assert (found is not None) == (member.handle in listed), (audience, token)
            assert (found is not None) == (audience == "PUBLIC"), (audience, token)

    for member in members.values():
        listed, total = await directory(client, token=member.token)
        assert member.handle in listed
        assert total == len(listed)
        found = (await client.data(USER, {"handle": member.handle}, token=member.token))["user"]
        assert found == {"handle": member.handle}


async def test_a_member_who_becomes_discoverable_again_is_listed(
    gql: GraphQLClient, set_privacy: SetPrivacy
) -> None:
    ada = await gql.sign_up("ada")
    await set_privacy(gql, ada.token, discoverable="CONNECTIONS")
    assert await directory(gql) == ([], 0)

    await set_privacy(gql, ada.token, discoverable="PUBLIC")

    assert await directory(gql) == (["ada"], 1)
    assert (await gql.data(USER, {"handle": "ADA"}))["user"] == {"handle": "ada"}
