"""Keyset pagination of the directory, and its cost in SQL statements."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from amity.models import User
from resolvers.conftest import InsertMembers
from support.client import GraphQLClient

PAGE = """
query($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    totalCount
    edges { cursor node { handle } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

WIDE_PAGE = """
query($first: Int) {
  users(first: $first) {
    totalCount
    edges { node { handle headline bio location email settings { locked } } }
  }
}
"""


def handles(n: int, prefix: str = "m") -> list[str]:
    return [f"{prefix}{i:03d}" for i in range(n)]


async def page(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return (await client.data(PAGE, variables))["users"]


def cursor_of(value: object) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("size", [1, 4, 5, 13, 14])
async def test_walking_pages_returns_every_visible_member_once(
    gql: GraphQLClient, insert_members: InsertMembers, size: int
) -> None:
    visible = handles(13)
    await insert_members(visible)
    await insert_members(handles(4, "h"), discoverable="ONLY_ME")
    await insert_members(handles(3, "n"), discoverable="NETWORK")

    seen: list[str] = []
    after = None
    for number in range(20):
        current = await page(gql, first=size, after=after)
        assert current["totalCount"] == len(visible)
        assert current["pageInfo"]["hasPreviousPage"] is (number > 0)
        names = [e["node"]["handle"] for e in current["edges"]]
        assert len(names) <= size
        seen += names
        info = current["pageInfo"]
        assert info["startCursor"] == (current["edges"][0]["cursor"] if names else None)
        assert info["endCursor"] == (current["edges"][-1]["cursor"] if names else None)
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    else:
        pytest.fail("the walk never ended")

    assert seen == visible
    assert number + 1 == -(-len(visible) // size)


async def test_members_inserted_before_the_cursor_do_not_shift_the_next_page(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    await insert_members(["b01", "b02", "b03", "b04", "b05", "b06"])
    first = await page(gql, first=3)
    assert [e["node"]["handle"] for e in first["edges"]] == ["b01", "b02", "b03"]

    await insert_members(["a01", "a02", "b015", "b025"])
    second = await page(gql, first=3, after=first["pageInfo"]["endCursor"])

    assert [e["node"]["handle"] for e in second["edges"]] == ["b04", "b05", "b06"]
    assert second["pageInfo"]["hasNextPage"] is False
    assert second["totalCount"] == 10


async def test_a_cursor_keeps_working_when_its_member_leaves(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    await insert_members(["c1", "c2", "c3", "c4"])
    first = await page(gql, first=2)
    await User.filter(handle="c2").delete()

    second = await page(gql, first=2, after=first["pageInfo"]["endCursor"])

    assert [e["node"]["handle"] for e in second["edges"]] == ["c3", "c4"]


async def test_the_cursor_walk_respects_the_search(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    await insert_members(["xa", "ya", "xb", "yb", "xc"])
    first = await page(gql, first=2, search="X")
    second = await page(gql, first=2, search="X", after=first["pageInfo"]["endCursor"])

    assert [e["node"]["handle"] for e in first["edges"]] == ["xa", "xb"]
    assert [e["node"]["handle"] for e in second["edges"]] == ["xc"]
    assert (first["totalCount"], second["totalCount"]) == (3, 3)
    assert second["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(
    "after",
    [
        "",
        "garbage",
        "!!!",
        "x" * 500,
        cursor_of(["conversations", "m001"]),
        cursor_of(["users"]),
        cursor_of(["users", "m001", "extra"]),
        cursor_of(["users", None]),
        cursor_of(["users", ["m001"]]),
        cursor_of({"users": "m001"}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
async def test_a_malformed_cursor_is_bad_user_input(
    gql: GraphQLClient, insert_members: InsertMembers, after: str
) -> None:
    await insert_members(handles(3))

    response = await gql.post(PAGE, {"first": 2, "after": after})

    assert response.codes == ["BAD_USER_INPUT"]
    assert response.errors[0]["path"] == ["users"]
    assert not (response.body.get("data") or {}).get("users")


async def test_first_zero_returns_an_empty_page(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    await insert_members(handles(3))

    current = await page(gql, first=0)

    assert current["edges"] == []
    assert current["totalCount"] == 3
    assert current["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


async def test_first_zero_on_an_empty_directory(gql: GraphQLClient) -> None:
    current = await page(gql, first=0)

    assert current["edges"] == []
    assert current["totalCount"] == 0
    assert current["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(("first", "expected"), [(None, 20), (100, 100), (1000, 100)])
async def test_page_size_defaults_to_20_and_is_clamped_to_100(
    gql: GraphQLClient, insert_members: InsertMembers, first: int | None, expected: int
) -> None:
    await insert_members(handles(105))
    variables = {} if first is None else {"first": first}

    current = await page(gql, **variables)

    assert len(current["edges"]) == expected
    assert current["pageInfo"]["hasNextPage"] is True
    assert current["totalCount"] == 105


async def test_a_negative_page_size_is_bad_user_input(gql: GraphQLClient) -> None:
    response = await gql.post(PAGE, {"first": -1})

    assert response.codes == ["BAD_USER_INPUT"]


async def test_statements_per_page_do_not_grow_with_page_size(
    gql: GraphQLClient, insert_members: InsertMembers, sql_statements: Any
) -> None:
    viewer = await gql.sign_up("aaa_viewer")
    await insert_members(handles(60), headline="Hello", bio="Bio", location="Here")

    counts = {}
    for first in (5, 50):
        sql_statements.statements.clear()
        data = await gql.data(WIDE_PAGE, {"first": first}, token=viewer.token)
        counts[first] = sql_statements.count
        edges = data["users"]["edges"]
        assert len(edges) == first
        assert data["users"]["totalCount"] == 61
        assert edges[0]["node"]["settings"] == {"locked": False}
        assert edges[1]["node"]["headline"] == "Hello"

    assert counts[5] == counts[50], sql_statements.statements
    # The token lookup, one page query and one COUNT.
    assert counts[50] <= 4, sql_statements.statements


async def test_anonymous_pages_cost_the_same_whatever_their_size(
    gql: GraphQLClient, insert_members: InsertMembers, sql_statements: Any
) -> None:
    await insert_members(handles(60))

    counts = {}
    for first in (5, 50):
        sql_statements.statements.clear()
        await gql.data(WIDE_PAGE, {"first": first})
        counts[first] = sql_statements.count

    assert counts[5] == counts[50] <= 3, sql_statements.statements
