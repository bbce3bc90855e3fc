"""A member's lists over HTTP: order, keyset paging, audiences, mutual connections, and the
number of SQL statements a page costs."""

from __future__ import annotations

import base64
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from amity.ids import decode_id
from amity.models import Connection, Follow, FollowStatus
from conftest import MakeClient, StatementCounter
from resolvers.conftest import InsertMembers, SetPrivacy
from support.client import GraphQLClient, Member
from support.graph import connect, follow, member_lists

LIST_PAGE = """
query($h: String!, $first: Int, $after: String) { user(handle: $h) {
  %s(first: $first, after: $after) {
    totalCount
    edges { cursor node { handle } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
} }"""

VISIBLE = """query($h: String!) { user(handle: $h) {
  connectionCount connections { totalCount edges { node { handle } } }
  viewerCan { viewConnections { allowed } }
} }"""

MUTUAL = """query($h: String!) { user(handle: $h) {
  mutualConnections(first: 100) { totalCount edges { node { handle } } } } }"""

WIDE = """{ edges { node { handle displayName headline
                relationship { degree mutualConnectionCount label } } } }"""


def uuid_of(member: Member) -> Any:
    decoded = decode_id(member.id, "User")
    assert decoded is not None
    return decoded[1]


async def list_page(
    client: GraphQLClient, viewer: Member, owner: str, name: str, **variables: Any
) -> dict[str, Any]:
    data = await client.data(LIST_PAGE % name, {"h": owner, **variables}, token=viewer.token)
    return data["user"][name]  # type: ignore[no-any-return]


async def walk(
    client: GraphQLClient, viewer: Member, owner: str, name: str, size: int, between: Any = None
) -> list[str]:
    """Every handle of a list, page by page; ``between`` runs after the first page."""
    seen: list[str] = []
    after = None
    while True:
        page = await list_page(client, viewer, owner, name, first=size, after=after)
        seen += [e["node"]["handle"] for e in page["edges"]]
        assert len(page["edges"]) <= size
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
        if between is not None:
            await between()
            between = None


async def visible(client: GraphQLClient, viewer: Member, owner: Member) -> Any:
    """``(connections handles or None, connectionCount)`` as ``viewer`` sees ``owner``."""
    user = (await client.data(VISIBLE, {"h": owner.handle}, token=viewer.token))["user"]
    conn = user["connections"]
    handles = None if conn is None else [e["node"]["handle"] for e in conn["edges"]]
    assert (conn is None) is (user["connectionCount"] is None)
    assert (conn is not None) is user["viewerCan"]["viewConnections"]["allowed"]
    return handles, user["connectionCount"]


async def insert_connections(owner: Member, others: list[Any]) -> list[str]:
    """Connect ``owner`` to every member row in ``others`` (two rows each), oldest first;
    returns the handles in the order ``owner``'s list must show them (newest first)."""
    me = uuid_of(owner)
    start = datetime.now(UTC) - timedelta(days=1)
    rows = []
    for i, other in enumerate(others):
        at = start + timedelta(seconds=i // 2)  # pairs share a timestamp: ties break by id
        rows += [
            Connection(user_id=me, other_id=other.id, created_at=at),
            Connection(user_id=other.id, other_id=me, created_at=at),
        ]
    await Connection.bulk_create(rows)
    handles = {other.id: other.handle for other in others}
    mine = sorted((r for r in rows if r.user_id == me), key=lambda r: (r.created_at, r.id))
    return [handles[r.other_id] for r in reversed(mine)]


@pytest.mark.parametrize("name", ["connections", "followers", "following"])
async def test_lists_are_newest_first(gql: GraphQLClient, name: str) -> None:
    ada = await gql.sign_up("ada")
    others = [await gql.sign_up(h) for h in ("bob", "cyd", "dee", "eve")]
    for other in others:
        if name == "connections":
            await connect(gql, ada, other)
        elif name == "followers":
            await follow(gql, other, ada)
        else:
            await follow(gql, ada, other)

    page = await list_page(gql, ada, "ada", name, first=10)
    assert [e["node"]["handle"] for e in page["edges"]] == ["eve", "dee", "cyd", "bob"]
    assert page["totalCount"] == 4
    assert page["pageInfo"]["hasNextPage"] is False


async def test_keyset_paging_covers_every_item_once(
    gql: GraphQLClient, insert_members: InsertMembers
) -> None:
    ada = await gql.sign_up("ada")
    rows = await insert_members([f"m{i:02d}" for i in range(23)])
    expected = await insert_connections(ada, rows)
    late = await gql.sign_up("late")

    async def newcomer() -> None:
        await connect(gql, ada, late)

    for size in (1, 5, 7, 23):
        got = await walk(gql, ada, "ada", "connections", size)
        assert got[-len(expected) :] == expected
        assert len(got) == len(set(got))
    got = await walk(gql, ada, "ada", "connections", 4, between=newcomer)
    # The newcomer is newer than the first page: later pages are not disturbed.
    assert got == expected
    page = await list_page(gql, ada, "ada", "connections", first=100)
    assert page["totalCount"] == 24
    assert page["edges"][0]["node"]["handle"] == "late"


@pytest.mark.parametrize(
    "after",
    [
        "garbage",
        "",
        base64.b64encode(b"not json").decode(),
        base64.b64encode(b'["connections", ["yesterday", "x"]]').decode(),
        base64.b64encode(b'["connections", ["2024-01-01T00:00:00+00:00"]]').decode(),
    ],
)
async def test_malformed_after_is_bad_user_input(gql: GraphQLClient, after: str) -> None:
    ada = await gql.sign_up("ada")
    response = await gql.post(
        LIST_PAGE % "connections", {"h": "ada", "first": 5, "after": after}, token=ada.token
    )
    assert response.status == 200, response.body
    assert response.codes == ["BAD_USER_INPUT"], response.body


async def test_a_cursor_of_another_list_is_bad_user_input(gql: GraphQLClient) -> None:
    ada, bob, cyd = [await gql.sign_up(h) for h in ("ada", "bob", "cyd")]
    await follow(gql, bob, ada)
    await follow(gql, cyd, ada)
    cursor = (await list_page(gql, ada, "ada", "followers", first=1))["pageInfo"]["endCursor"]
    response = await gql.post(
        LIST_PAGE % "connections", {"h": "ada", "first": 5, "after": cursor}, token=ada.token
    )
    assert response.codes == ["BAD_USER_INPUT"], response.body


@pytest.mark.parametrize("style", ["linkedin", "facebook", "follow_only"])
async def test_only_me_hides_the_list_from_everyone_else(
    make_client: MakeClient, set_privacy: SetPrivacy, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob, cyd = [await gql.sign_up(h) for h in ("ada", "bob", "cyd")]
    if style != "follow_only":
        await connect(gql, ada, bob)
    await follow(gql, bob, ada)
    await set_privacy(gql, ada.token, connectionsAudience="ONLY_ME")

    for other in (bob, cyd):
        assert await visible(gql, other, ada) == (None, None)
        seen = await member_lists(gql, other, ada)
        assert (seen["followers"], seen["followerCount"]) == (None, None)
    mine = ["bob"] if style != "follow_only" else []
    assert await visible(gql, ada, ada) == (mine, len(mine))
    assert (await member_lists(gql, ada, ada))["followers"] == ["bob"]


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_connections_audience_shows_to_connections_only(
    make_client: MakeClient, set_privacy: SetPrivacy, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob, cyd, dee = [await gql.sign_up(h) for h in ("ada", "bob", "cyd", "dee")]
    await connect(gql, ada, bob)
    await connect(gql, bob, cyd)  # cyd: 2nd degree / friend of a friend
    await set_privacy(gql, ada.token, connectionsAudience="CONNECTIONS")

    assert await visible(gql, bob, ada) == (["bob"], 1)
    assert await visible(gql, cyd, ada) == (None, None)
    assert await visible(gql, dee, ada) == (None, None)


async def test_network_audience_on_linkedin_reaches_the_third_degree(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="linkedin")
    chain = [await gql.sign_up(h) for h in ("ada", "bob", "cyd", "dee", "eve")]
    for a, b in itertools.pairwise(chain):
        await connect(gql, a, b)
    stranger = await gql.sign_up("zed")
    ada, bob, cyd, dee, eve = chain
    await set_privacy(gql, ada.token, connectionsAudience="NETWORK")

    for viewer in (bob, cyd, dee):  # 1st, 2nd, 3rd degree
        assert await visible(gql, viewer, ada) == (["bob"], 1), viewer.handle
    for viewer in (eve, stranger):  # 4th degree, none
        assert await visible(gql, viewer, ada) == (None, None), viewer.handle


async def test_locked_follow_only_member_lists_only_to_approved_followers(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob, cyd, dee = [await gql.sign_up(h) for h in ("ada", "bob", "cyd", "dee")]
    await follow(gql, bob, ada)
    await follow(gql, ada, dee)
    await set_privacy(gql, ada.token, locked=True)
    asked = await follow(gql, cyd, ada)
    assert asked["follow"]["status"] == "PENDING"

    seen = await member_lists(gql, bob, ada)
    assert (seen["followers"], seen["following"]) == (["bob"], ["dee"])
    assert (seen["followerCount"], seen["followingCount"]) == (1, 1)
    for viewer in (cyd, dee):  # a pending follower, a member ada follows
        seen = await member_lists(gql, viewer, ada)
        assert (seen["followers"], seen["following"]) == (None, None), viewer.handle
        assert (seen["followerCount"], seen["followingCount"]) == (None, None)
    seen = await member_lists(gql, ada, ada)
    assert (seen["followers"], seen["following"]) == (["bob"], ["dee"])


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_mutual_connections_are_exactly_the_shared_ones(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob, cyd, dee, eve, fay = [
        await gql.sign_up(h) for h in ("ada", "bob", "cyd", "dee", "eve", "fay")
    ]
    for x in (cyd, dee, eve):
        await connect(gql, ada, x)
    for x in (dee, eve, fay):
        await connect(gql, bob, x)

    data = await gql.data(MUTUAL, {"h": "bob"}, token=ada.token)
    mutual = data["user"]["mutualConnections"]
    assert [e["node"]["handle"] for e in mutual["edges"]] == ["eve", "dee"]
    assert mutual["totalCount"] == 2
    data = await gql.data(MUTUAL, {"h": "ada"}, token=bob.token)
    assert [e["node"]["handle"] for e in data["user"]["mutualConnections"]["edges"]] == [
        "eve",
        "dee",
    ]
    anonymous = await gql.data(MUTUAL, {"h": "bob"})
    assert anonymous["user"]["mutualConnections"] is None


async def _statements(
    client: GraphQLClient,
    counter: StatementCounter,
    query: str,
    variables: dict[str, Any],
    token: str,
) -> int:
    await client.data(query, variables, token=token)  # warm up (caches, prepared plans)
    before = counter.count
    data = await client.data(query, variables, token=token)
    assert data
    return counter.count - before


async def test_list_pages_cost_the_same_statements_whatever_their_size(
    gql: GraphQLClient, insert_members: InsertMembers, sql_statements: StatementCounter
) -> None:
    ada = await gql.sign_up("ada")
    rows = await insert_members([f"m{i:02d}" for i in range(55)])
    await insert_connections(ada, rows)
    # Everyone follows ada; a few connections among the others give mutual counts.
    await Follow.bulk_create(
        [
            Follow(follower_id=r.id, followee_id=uuid_of(ada), status=FollowStatus.ACTIVE)
            for r in rows
        ]
    )
    await Connection.bulk_create(
        [
            Connection(user_id=rows[0].id, other_id=rows[1].id),
            Connection(user_id=rows[1].id, other_id=rows[0].id),
        ]
    )

    viewer_query = "query($n: Int) { viewer { connections(first: $n) " + WIDE + " } }"
    user_query = 'query($n: Int) { user(handle: "ada") { followers(first: $n) ' + WIDE + " } }"
    # Counts and viewerCan load the page's counts in one more statement, for the whole page.
    counted_query = (
        "query($n: Int) { viewer { connections(first: $n) { edges { node { handle "
        "connectionCount followerCount viewerCan { connect { code } follow { code } } "
        "} } } } }"
    )
    for query in (viewer_query, user_query, counted_query):
        small = await _statements(gql, sql_statements, query, {"n": 5}, ada.token)
        large = await _statements(gql, sql_statements, query, {"n": 50}, ada.token)
        assert small == large, (small, large, sql_statements.statements[-large:])
        assert 0 < large <= 5, sql_statements.statements[-large:]

    page = (await gql.data(viewer_query, {"n": 50}, token=ada.token))["viewer"]["connections"]
    assert len(page["edges"]) == 50
    labels = {e["node"]["relationship"]["label"] for e in page["edges"]}
    assert labels == {"1st"}
