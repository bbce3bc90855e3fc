"""Follows over HTTP: follow, follow requests of locked members, approval, limits, and how
follows live alongside connections in each style."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MakeClient
from resolvers.conftest import SetPrivacy
from support.client import GraphQLClient, Member
from support.graph import (
    FOLLOW_PAYLOAD,
    by_id,
    connect,
    follow,
    member_lists,
    on_user,
    relationship,
)

STYLES = ["linkedin", "facebook", "follow_only"]

FOLLOW_REQUESTS = """
query($h: String!) { user(handle: $h) {
  followRequests { totalCount edges { node { id status follower { handle } followee { handle } } } }
} }"""


async def follow_requests(client: GraphQLClient, viewer: Member, owner: Member) -> Any:
    """``owner``'s followRequests as ``viewer`` sees them: handles of followers, or None."""
    data = await client.data(FOLLOW_REQUESTS, {"h": owner.handle}, token=viewer.token)
    conn = data["user"]["followRequests"]
    if conn is None:
        return None
    assert conn["totalCount"] == len(conn["edges"])
    return [(e["node"]["follower"]["handle"], e["node"]["status"]) for e in conn["edges"]]


async def approve(client: GraphQLClient, who: Member, follow_id: str) -> dict[str, Any]:
    data = await client.data(
        by_id("approveFollowRequest", FOLLOW_PAYLOAD), {"id": follow_id}, token=who.token
    )
    return data["approveFollowRequest"]  # type: ignore[no-any-return]


async def reject(client: GraphQLClient, who: Member, follow_id: str) -> dict[str, Any]:
    data = await client.data(by_id("rejectFollowRequest", "ok"), {"id": follow_id}, token=who.token)
    return data["rejectFollowRequest"]  # type: ignore[no-any-return]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def style_client(make_client: MakeClient, style: str, **kw: Any) -> GraphQLClient:
    return await make_client(style=style, **kw)


@pytest.mark.parametrize("style", STYLES)
async def test_follow_is_active_at_once_and_again_is_a_no_op(
    make_client: MakeClient, style: str
) -> None:
    gql = await style_client(make_client, style)
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")

    first = await follow(gql, ada, bob)
    assert first["errors"] == []
    assert first["follow"]["status"] == "ACTIVE"
    assert first["follow"]["follower"]["handle"] == "ada"
    assert first["follow"]["followee"]["handle"] == "bob"

    again = await follow(gql, ada, bob)
    assert again["errors"] == []
    assert again["follow"]["id"] == first["follow"]["id"]
    assert again["follow"]["status"] == "ACTIVE"

    rel = await relationship(gql, ada, bob)
    assert rel["relationship"]["following"] is True
    assert rel["relationship"]["followRequested"] is False
    seen = await member_lists(gql, bob, bob)  # linkedin shows lists to connections only
    assert seen["followers"] == ["ada"]
    assert seen["followerCount"] == seen["followersTotal"] == 1
    assert (await relationship(gql, bob, ada))["relationship"]["followedBy"] is True
    assert (await member_lists(gql, ada, ada))["following"] == ["bob"]


async def test_locked_follow_only_member_approves_followers(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob, cy = await gql.sign_up("ada"), await gql.sign_up("bob"), await gql.sign_up("cyd")
    await set_privacy(gql, bob.token, locked=True)

    asked = await follow(gql, ada, bob)
    assert asked["errors"] == []
    assert asked["follow"]["status"] == "PENDING"
    again = await follow(gql, ada, bob)
    assert again["follow"]["id"] == asked["follow"]["id"]
    assert again["follow"]["status"] == "PENDING"

    assert await follow_requests(gql, bob, bob) == [("ada", "PENDING")]
    assert await follow_requests(gql, ada, bob) is None
    assert await follow_requests(gql, cy, bob) is None
    assert await follow_requests(gql, ada, ada) == []

    rel = (await relationship(gql, ada, bob))["relationship"]
    assert rel["followRequested"] is True
    assert rel["following"] is False
    assert (await relationship(gql, bob, bob))["followerCount"] == 0

    approved = await approve(gql, bob, asked["follow"]["id"])
    assert approved["errors"] == []
    assert approved["follow"]["status"] == "ACTIVE"
    assert approved["follow"]["id"] == asked["follow"]["id"]

    assert await follow_requests(gql, bob, bob) == []
    rel = (await relationship(gql, ada, bob))["relationship"]
    assert (rel["following"], rel["followRequested"]) == (True, False)
    seen = await member_lists(gql, ada, bob)
    assert seen["followers"] == ["ada"]
    assert seen["followerCount"] == seen["followersTotal"] == 1

    # Approving it again: no longer pending.
    assert codes(await approve(gql, bob, asked["follow"]["id"])) == ["CONFLICT"]


async def test_rejected_follow_request_is_gone(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await set_privacy(gql, bob.token, locked=True)
    asked = await follow(gql, ada, bob)

    rejected = await reject(gql, bob, asked["follow"]["id"])
    assert rejected == {"ok": True, "errors": []}
    assert await follow_requests(gql, bob, bob) == []
    rel = (await relationship(gql, ada, bob))["relationship"]
    assert (rel["following"], rel["followRequested"]) == (False, False)
    assert (await relationship(gql, bob, bob))["followerCount"] == 0
    assert codes(await reject(gql, bob, asked["follow"]["id"])) in (["NOT_FOUND"], ["CONFLICT"])


async def test_only_the_followee_may_answer_a_follow_request(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob, cy = await gql.sign_up("ada"), await gql.sign_up("bob"), await gql.sign_up("cyd")
    await set_privacy(gql, bob.token, locked=True)
    asked = await follow(gql, ada, bob)
    fid = asked["follow"]["id"]

    for who in (ada, cy):
        assert codes(await approve(gql, who, fid)) == ["NOT_FOUND"]
        assert codes(await reject(gql, who, fid)) == ["NOT_FOUND"]
    assert codes(await approve(gql, bob, "not-an-id")) == ["NOT_FOUND"]
    assert await follow_requests(gql, bob, bob) == [("ada", "PENDING")]


async def test_unfollow_cancels_a_pending_request(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await set_privacy(gql, bob.token, locked=True)
    asked = await follow(gql, ada, bob)

    assert await on_user(gql, ada, "unfollow", bob) == {"ok": True, "errors": []}
    assert await follow_requests(gql, bob, bob) == []
    assert (await relationship(gql, ada, bob))["relationship"]["followRequested"] is False
    assert codes(await approve(gql, bob, asked["follow"]["id"])) in (["NOT_FOUND"], ["CONFLICT"])


async def test_unlocking_approves_every_pending_request(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    bob = await gql.sign_up("bob")
    await set_privacy(gql, bob.token, locked=True)
    fans = [await gql.sign_up(h) for h in ("ada", "cyd", "dee")]
    for fan in fans:
        assert (await follow(gql, fan, bob))["follow"]["status"] == "PENDING"

    await set_privacy(gql, bob.token, locked=False)

    assert await follow_requests(gql, bob, bob) == []
    seen = await member_lists(gql, bob, bob)
    assert sorted(seen["followers"]) == ["ada", "cyd", "dee"]
    assert seen["followerCount"] == 3
    for fan in fans:
        rel = (await relationship(gql, fan, bob))["relationship"]
        assert (rel["following"], rel["followRequested"]) == (True, False)


async def test_locked_facebook_member_may_be_followed_by_friends_only(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="facebook")
    ada, bob, cy = await gql.sign_up("ada"), await gql.sign_up("bob"), await gql.sign_up("cyd")
    await connect(gql, ada, bob)
    await on_user(gql, ada, "unfollow", bob)
    await set_privacy(gql, bob.token, locked=True)

    stranger = await follow(gql, cy, bob)
    assert codes(stranger) == ["FOLLOW_FRIENDS_ONLY"]
    assert stranger["follow"] is None
    can = (await relationship(gql, cy, bob))["viewerCan"]["follow"]
    assert can == {"allowed": False, "code": "FOLLOW_FRIENDS_ONLY"}

    friend = await follow(gql, ada, bob)
    assert friend["errors"] == []
    assert friend["follow"]["status"] == "ACTIVE"


async def test_follow_limit_on_follow_only(make_client: MakeClient) -> None:
    gql = await make_client(style="follow_only", limits={"max_following": 2})
    ada = await gql.sign_up("ada")
    others = [await gql.sign_up(h) for h in ("bob", "cyd", "dee")]
    for other in others[:2]:
        assert (await follow(gql, ada, other))["errors"] == []

    refused = await follow(gql, ada, others[2])
    assert codes(refused) == ["FOLLOW_LIMIT"]
    can = (await relationship(gql, ada, others[2]))["viewerCan"]["follow"]
    assert can == {"allowed": False, "code": "FOLLOW_LIMIT"}
    assert (await relationship(gql, ada, ada))["followingCount"] == 2

    # Following someone already followed is a no-op, even at the cap.
    again = await follow(gql, ada, others[0])
    assert again["errors"] == []
    assert again["follow"]["status"] == "ACTIVE"

    await on_user(gql, ada, "unfollow", others[0])
    assert (await follow(gql, ada, others[2]))["errors"] == []


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_connections_follow_each_other_and_unfollowing_keeps_the_connection(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await connect(gql, ada, bob)

    rel = (await relationship(gql, ada, bob))["relationship"]
    assert (rel["connected"], rel["following"], rel["followedBy"]) == (True, True, True)

    assert await on_user(gql, ada, "unfollow", bob) == {"ok": True, "errors": []}
    rel = (await relationship(gql, ada, bob))["relationship"]
    assert (rel["connected"], rel["following"], rel["followedBy"]) == (True, False, True)

    assert await on_user(gql, ada, "removeFollower", bob) == {"ok": True, "errors": []}
    rel = (await relationship(gql, ada, bob))["relationship"]
    assert (rel["connected"], rel["following"], rel["followedBy"]) == (True, False, False)
    seen = await member_lists(gql, ada, ada)
    assert seen["connections"] == ["bob"]
    assert (seen["followers"], seen["following"]) == ([], [])
    assert (seen["connectionCount"], seen["followerCount"], seen["followingCount"]) == (1, 0, 0)


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_remove_connection_removes_the_follows_too(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await connect(gql, ada, bob)

    assert await on_user(gql, ada, "removeConnection", bob) == {"ok": True, "errors": []}

    for viewer, subject in ((ada, bob), (bob, ada)):
        rel = (await relationship(gql, viewer, subject))["relationship"]
        assert (rel["connected"], rel["following"], rel["followedBy"]) == (False, False, False)
        seen = await member_lists(gql, viewer, viewer)
        assert (seen["connections"], seen["followers"], seen["following"]) == ([], [], [])
        assert (seen["connectionCount"], seen["followerCount"], seen["followingCount"]) == (
            0,
            0,
            0,
        )


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize(
    "mutation",
    [
        "follow",
        "unfollow",
        "removeFollower",
        "block",
        "unblock",
        "removeConnection",
    ],
)
async def test_acting_on_oneself_is_bad_user_input(
    make_client: MakeClient, style: str, mutation: str
) -> None:
    gql = await make_client(style=style)
    ada = await gql.sign_up("ada")
    payload = "follow { id }" if mutation == "follow" else "ok"
    assert codes(await on_user(gql, ada, mutation, ada, payload)) == ["BAD_USER_INPUT"]
    can = (await relationship(gql, ada, ada))["viewerCan"]["follow"]
    assert can == {"allowed": False, "code": "BAD_USER_INPUT"}


@pytest.mark.parametrize("style", STYLES)
async def test_viewer_can_follow_agrees_with_follow(
    make_client: MakeClient, set_privacy: SetPrivacy, style: str
) -> None:
    gql = await make_client(
        style=style, limits={"max_following": 1} if style == "follow_only" else {}
    )
    ada, bob, cy, dee = [await gql.sign_up(h) for h in ("ada", "bob", "cyd", "dee")]
    if style != "follow_only":
        await connect(gql, ada, bob)
        await on_user(gql, ada, "unfollow", bob)
    await set_privacy(gql, bob.token, locked=True)
    if style == "follow_only":
        await follow(gql, cy, dee)  # cy is at the cap of one

    pairs = [(ada, bob), (cy, bob), (dee, ada), (ada, ada), (cy, ada), (dee, bob)]
    for viewer, subject in pairs:
        can = (await relationship(gql, viewer, subject))["viewerCan"]["follow"]
        outcome = await follow(gql, viewer, subject)
        got = codes(outcome)
        assert can["allowed"] is (got == []), (viewer.handle, subject.handle, can, outcome)
        if got:
            assert can["code"] == got[0], (viewer.handle, subject.handle, can, outcome)


NODE = """query($id: ID!) { node(id: $id) {
  ... on Follow { id status follower { handle } followee { handle } } } }"""


async def test_a_follow_is_a_node_for_its_two_members_only(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob, cy = await gql.sign_up("ada"), await gql.sign_up("bob"), await gql.sign_up("cyd")
    await set_privacy(gql, bob.token, locked=True)
    follow_id = (await follow(gql, ada, bob))["follow"]["id"]

    expected = {
        "id": follow_id,
        "status": "PENDING",
        "follower": {"handle": "ada"},
        "followee": {"handle": "bob"},
    }
    for who in (ada, bob):
        assert (await gql.data(NODE, {"id": follow_id}, token=who.token))["node"] == expected
    assert (await gql.data(NODE, {"id": follow_id}, token=cy.token))["node"] is None
    assert (await gql.data(NODE, {"id": follow_id}))["node"] is None


async def test_pending_requests_count_toward_the_following_cap(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    """Approvals can never push a member past the cap: a waiting request holds its place."""
    gql = await make_client(style="follow_only", limits={"max_following": 1})
    ada, bob, cy = await gql.sign_up("ada"), await gql.sign_up("bob"), await gql.sign_up("cyd")
    await set_privacy(gql, bob.token, locked=True)
    assert (await follow(gql, ada, bob))["follow"]["status"] == "PENDING"

    assert codes(await follow(gql, ada, cy)) == ["FOLLOW_LIMIT"]
    await on_user(gql, ada, "unfollow", bob)  # cancelling the request frees the place
    assert (await follow(gql, ada, cy))["errors"] == []


async def test_remove_follower_drops_a_waiting_request(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await set_privacy(gql, bob.token, locked=True)
    await follow(gql, ada, bob)

    removed = await on_user(gql, bob, "removeFollower", ada)
    assert removed == {"ok": True, "errors": []}
    assert await follow_requests(gql, bob, bob) == []
    assert (await relationship(gql, ada, bob))["relationship"]["followRequested"] is False


FOLLOW_REQUEST_PAGE = """query($after: String) { viewer {
  followRequests(first: 2, after: $after) {
    edges { node { follower { handle } } } pageInfo { hasNextPage endCursor } } } }"""


async def test_follow_requests_page_through_every_request_once(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    star = await gql.sign_up("star")
    await set_privacy(gql, star.token, locked=True)
    fans = [await gql.sign_up(f"fan{i}") for i in range(5)]
    for fan in fans:
        await follow(gql, fan, star)

    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(FOLLOW_REQUEST_PAGE, {"after": after}, token=star.token)
        page = data["viewer"]["followRequests"]
        seen += [e["node"]["follower"]["handle"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"fan{i}" for i in reversed(range(5))]  # newest first
