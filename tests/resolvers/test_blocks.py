"""Blocks over HTTP: what a block removes, and that to each member the other no longer exists
(except that the blocker may list and unblock them)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MakeClient
from resolvers.conftest import SetPrivacy
from support.client import GraphQLClient, Member
from support.graph import (
    by_id,
    connect,
    follow,
    member_lists,
    on_user,
    relationship,
    send,
)

STYLES = ["linkedin", "facebook", "follow_only"]

REQUESTS = """
query { viewer {
  incomingRequests { totalCount edges { node { sender { handle } } } }
  outgoingRequests { totalCount edges { node { recipient { handle } } } }
  followRequests { totalCount edges { node { follower { handle } } } }
} }"""

USER = "query($h: String!) { user(handle: $h) { handle } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on User { handle } } }"
SEARCH = """query($s: String) { users(search: $s, first: 100) {
  totalCount edges { node { handle } } } }"""
BLOCKED = """query($h: String!) { user(handle: $h) {
  blockedUsers { totalCount edges { node { handle relationship { blocking } } } } } }"""


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def open_requests(client: GraphQLClient, who: Member) -> dict[str, list[str]]:
    viewer = (await client.data(REQUESTS, token=who.token))["viewer"]
    out = {}
    for name, side in (
        ("incomingRequests", "sender"),
        ("outgoingRequests", "recipient"),
        ("followRequests", "follower"),
    ):
        conn = viewer[name]
        assert conn["totalCount"] == len(conn["edges"])
        out[name] = [e["node"][side]["handle"] for e in conn["edges"]]
    return out


async def blocked_users(client: GraphQLClient, viewer: Member, owner: Member) -> Any:
    data = await client.data(BLOCKED, {"h": owner.handle}, token=viewer.token)
    conn = data["user"]["blockedUsers"]
    if conn is None:
        return None
    assert conn["totalCount"] == len(conn["edges"])
    return [(e["node"]["handle"], e["node"]["relationship"]["blocking"]) for e in conn["edges"]]


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_block_removes_connection_follows_and_requests(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob, cyd = [await gql.sign_up(h) for h in ("ada", "bob", "cyd")]
    await connect(gql, ada, bob)
    pending = await send(gql, cyd, ada)  # unrelated: must survive
    assert pending["errors"] == []

    assert await on_user(gql, ada, "block", bob) == {"ok": True, "errors": []}

    for who in (ada, bob):
        seen = await member_lists(gql, who, who)
        assert (seen["connections"], seen["followers"], seen["following"]) == ([], [], [])
        assert (seen["connectionCount"], seen["followerCount"], seen["followingCount"]) == (
            0,
            0,
            0,
        )
    assert (await open_requests(gql, ada))["incomingRequests"] == ["cyd"]


@pytest.mark.parametrize("blocker_is_sender", [True, False])
async def test_block_removes_pending_requests_either_way(
    make_client: MakeClient, blocker_is_sender: bool
) -> None:
    gql = await make_client()
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    sender, recipient = (ada, bob) if blocker_is_sender else (bob, ada)
    sent = await send(gql, sender, recipient)
    await follow(gql, bob, ada)
    await follow(gql, ada, bob)

    assert (await on_user(gql, ada, "block", bob))["errors"] == []

    for who in (ada, bob):
        assert await open_requests(gql, who) == {
            "incomingRequests": [],
            "outgoingRequests": [],
            "followRequests": [],
        }
        seen = await member_lists(gql, who, who)
        assert (seen["followers"], seen["following"]) == ([], [])
    # The old request is gone for both of them.
    for who in (ada, bob):
        got = await gql.data(
            by_id("acceptConnectionRequest"), {"id": sent["request"]["id"]}, token=who.token
        )
        assert codes(got["acceptConnectionRequest"]) == ["NOT_FOUND"]


async def test_block_removes_pending_follow_requests(
    make_client: MakeClient, set_privacy: SetPrivacy
) -> None:
    gql = await make_client(style="follow_only")
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await set_privacy(gql, ada.token, locked=True)
    await set_privacy(gql, bob.token, locked=True)
    assert (await follow(gql, bob, ada))["follow"]["status"] == "PENDING"
    assert (await follow(gql, ada, bob))["follow"]["status"] == "PENDING"

    assert (await on_user(gql, bob, "block", ada))["errors"] == []

    for who in (ada, bob):
        assert (await open_requests(gql, who))["followRequests"] == []


@pytest.mark.parametrize("style", STYLES)
async def test_blocked_members_cannot_see_or_find_each_other(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob, cyd = [await gql.sign_up(h) for h in ("ada", "bob", "cyd")]
    if style != "follow_only":
        await connect(gql, ada, cyd)
        await connect(gql, bob, cyd)
    for x in (ada, bob):
        await follow(gql, x, cyd)
        await follow(gql, cyd, x)

    assert (await on_user(gql, ada, "block", bob))["errors"] == []

    for viewer, other in ((ada, bob), (bob, ada)):
        assert (await gql.data(USER, {"h": other.handle}, token=viewer.token))["user"] is None
        assert (await gql.data(NODE, {"id": other.id}, token=viewer.token))["node"] is None
        found = (await gql.data(SEARCH, {"s": ""}, token=viewer.token))["users"]
        handles = [e["node"]["handle"] for e in found["edges"]]
        assert other.handle not in handles
        assert found["totalCount"] == len(handles) == 2
        found = (await gql.data(SEARCH, {"s": other.handle}, token=viewer.token))["users"]
        assert (found["edges"], found["totalCount"]) == ([], 0)

        # A third member's lists, as either blocked member sees them.
        if style == "follow_only":
            seen = await member_lists(gql, viewer, cyd)
            assert seen["followers"] == [viewer.handle]
            assert seen["following"] == [viewer.handle]
            assert seen["followerCount"] == seen["followersTotal"] == 1
            assert seen["followingCount"] == seen["followingTotal"] == 1
        else:
            seen = await member_lists(gql, viewer, cyd)
            for name in ("connections", "followers", "following"):
                assert seen[name] == [viewer.handle], (name, seen)
                assert seen[f"{name}Total"] == 1, (name, seen)
            assert (seen["connectionCount"], seen["followerCount"], seen["followingCount"]) == (
                1,
                1,
                1,
            )
    # cyd still sees both.
    seen = await member_lists(gql, cyd, cyd)
    assert sorted(seen["followers"]) == ["ada", "bob"]
    assert seen["followerCount"] == 2


@pytest.mark.parametrize("style", ["linkedin", "facebook"])
async def test_every_action_between_blocked_members_is_not_found(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    older = await send(gql, bob, ada)
    assert (await on_user(gql, ada, "block", bob))["errors"] == []

    for actor, target in ((ada, bob), (bob, ada)):
        sent = await gql.data(
            """mutation($u: ID!) { sendConnectionRequest(input: {userId: $u}) {
                 request { id } errors { code } } }""",
            {"u": target.id},
            token=actor.token,
        )
        assert codes(sent["sendConnectionRequest"]) == ["NOT_FOUND"], actor.handle
        assert codes(await follow(gql, actor, target)) == ["NOT_FOUND"], actor.handle
        for mutation in ("unfollow", "removeFollower", "removeConnection"):
            assert codes(await on_user(gql, actor, mutation, target)) == ["NOT_FOUND"], (
                actor.handle,
                mutation,
            )
    accepted = await gql.data(
        by_id("acceptConnectionRequest"), {"id": older["request"]["id"]}, token=ada.token
    )
    assert codes(accepted["acceptConnectionRequest"]) == ["NOT_FOUND"]
    # The blocked member cannot block or unblock back.
    assert codes(await on_user(gql, bob, "block", ada)) == ["NOT_FOUND"]
    assert codes(await on_user(gql, bob, "unblock", ada)) == ["NOT_FOUND"]


async def test_blocker_lists_blocked_members_and_may_unblock(make_client: MakeClient) -> None:
    gql = await make_client()
    ada, bob, cyd = [await gql.sign_up(h) for h in ("ada", "bob", "cyd")]
    await connect(gql, ada, bob)
    assert (await on_user(gql, ada, "block", bob))["errors"] == []
    assert await on_user(gql, ada, "block", bob) == {"ok": True, "errors": []}  # no-op

    assert await blocked_users(gql, ada, ada) == [("bob", True)]
    assert await blocked_users(gql, bob, bob) == []
    assert await blocked_users(gql, cyd, ada) is None

    assert await on_user(gql, ada, "unblock", bob) == {"ok": True, "errors": []}
    assert await blocked_users(gql, ada, ada) == []
    assert (await gql.data(USER, {"h": "ada"}, token=bob.token))["user"] == {"handle": "ada"}
    rel = (await relationship(gql, ada, bob))["relationship"]
    # Unblocking restores nothing.
    assert (rel["connected"], rel["following"], rel["followedBy"], rel["blocking"]) == (
        False,
        False,
        False,
        False,
    )
    # And they may act again.
    assert (await follow(gql, bob, ada))["errors"] == []


@pytest.mark.parametrize("mutation", ["block", "unblock"])
async def test_blocking_oneself_is_bad_user_input(make_client: MakeClient, mutation: str) -> None:
    gql = await make_client()
    ada = await gql.sign_up("ada")
    assert codes(await on_user(gql, ada, mutation, ada)) == ["BAD_USER_INPUT"]
    assert await blocked_users(gql, ada, ada) == []


async def test_block_by_unknown_id_is_not_found(make_client: MakeClient) -> None:
    gql = await make_client()
    ada = await gql.sign_up("ada")
    got = await gql.data(
        "mutation($u: ID!) { block(userId: $u) { ok errors { code } } }",
        {"u": "VXNlcjpub3BlCg=="},
        token=ada.token,
    )
    assert got["block"] == {"ok": False, "errors": [{"code": "NOT_FOUND"}]}
