"""Connection requests through the API: the lifecycle, every refusal code, and who may act.

Each rule of the platform-styles table is exercised on the styles where it differs; every
refusal is also checked to change nothing (the request lists look the same afterwards).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from amity.models import ConnectionRequest
from support.client import GraphQLClient, Member
from support.graph import act, connect, on_user, relationship, send

MUTUAL_STYLES = ["linkedin", "facebook"]

LISTS = """
{ viewer {
    incomingRequests { totalCount edges { node { id status sender { handle } } } }
    ignored: incomingRequests(status: IGNORED) { edges { node { id status } } }
    outgoingRequests { totalCount edges { node { id status recipient { handle } } } }
    connections { totalCount edges { node { handle } } }
} }"""


async def lists(client: GraphQLClient, who: Member) -> Any:
    return (await client.data(LISTS, token=who.token))["viewer"]


async def trio(client: GraphQLClient) -> tuple[Member, Member, Member]:
    return (await client.sign_up("ada"), await client.sign_up("bob"), await client.sign_up("cyd"))


@pytest.mark.parametrize("style", MUTUAL_STYLES)
async def test_request_then_accept_connects(make_client: Any, style: str) -> None:
    client = await make_client(style=style)
    ada, bob, _ = await trio(client)
    sent = await send(client, ada, bob)
    assert sent["errors"] == []
    assert sent["connected"] is False
    assert sent["request"]["status"] == "PENDING"
    assert [
        e["node"]["sender"]["handle"]
        for e in (await lists(client, bob))["incomingRequests"]["edges"]
    ] == ["ada"]
    accepted = await act(client, bob, "acceptConnectionRequest", sent["request"]["id"])
    assert accepted == {
        "request": {"id": sent["request"]["id"], "status": "ACCEPTED"},
        "connected": True,
        "errors": [],
    }
    assert (await relationship(client, ada, bob))["relationship"]["connected"] is True
    assert (await lists(client, bob))["incomingRequests"]["totalCount"] == 0


async def test_linkedin_keeps_a_note_and_refuses_a_long_one(make_client: Any) -> None:
    client = await make_client(style="linkedin")
    ada, bob, _ = await trio(client)
    too_long = await send(client, ada, bob, note="x" * 301)
    assert too_long["errors"] == [
        {
            "code": "BAD_USER_INPUT",
            "message": too_long["errors"][0]["message"],
            "field": ["input", "note"],
        }
    ]
    assert (await lists(client, bob))["incomingRequests"]["totalCount"] == 0
    sent = await send(client, ada, bob, note="  We met at the conference.  ")
    assert sent["request"]["note"] == "We met at the conference."


@pytest.mark.parametrize(
    ("style", "note", "code"),
    [("facebook", "hello", "NOTE_NOT_ALLOWED"), ("follow_only", None, "NOT_SUPPORTED")],
)
async def test_style_refusals(make_client: Any, style: str, note: str | None, code: str) -> None:
    client = await make_client(style=style)
    ada, bob, _ = await trio(client)
    refused = await send(client, ada, bob, note=note)
    assert [e["code"] for e in refused["errors"]] == [code]
    assert refused["request"] is None
    can = (await relationship(client, ada, bob))["viewerCan"]["connect"]
    # viewerCan asks about a request without a note: facebook allows that one.
    assert can == ({"allowed": True, "code": None} if note else {"allowed": False, "code": code})
    assert (await lists(client, bob))["incomingRequests"]["totalCount"] == 0


@pytest.mark.parametrize("style", MUTUAL_STYLES)
async def test_duplicates_and_connections_are_refused(make_client: Any, style: str) -> None:
    client = await make_client(style=style)
    ada, bob, cy = await trio(client)
    await send(client, ada, bob)
    again = await send(client, ada, bob)
    assert [e["code"] for e in again["errors"]] == ["ALREADY_REQUESTED"]
    await connect(client, ada, cy)
    connected = await send(client, cy, ada)
    assert [e["code"] for e in connected["errors"]] == ["ALREADY_CONNECTED"]
    assert (await lists(client, bob))["incomingRequests"]["totalCount"] == 1
    assert (
        await ConnectionRequest.filter(sender__handle="ada", recipient__handle="bob").count() == 1
    )


@pytest.mark.parametrize("style", MUTUAL_STYLES)
async def test_crossing_request_connects_at_once(make_client: Any, style: str) -> None:
    client = await make_client(
        style=style, limits={} if style == "facebook" else {"weekly_requests": 1}
    )
    ada, bob, cy = await trio(client)
    first = await send(client, ada, bob)
    assert (await relationship(client, bob, ada))["viewerCan"]["connect"]["allowed"] is True
    crossing = await send(client, bob, ada)
    assert crossing["errors"] == []
    assert crossing["connected"] is True
    assert crossing["request"]["id"] == first["request"]["id"]
    assert crossing["request"]["status"] == "ACCEPTED"
    assert await ConnectionRequest.filter(open_pair__isnull=False).count() == 0
    # The crossing request did not count toward bob's weekly limit (1 on linkedin here).
    assert (await send(client, bob, cy))["errors"] == []


@pytest.mark.parametrize("style", MUTUAL_STYLES)
async def test_ignore_leaves_it_pending_for_the_sender(make_client: Any, style: str) -> None:
    client = await make_client(style=style)
    ada, bob, _ = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    ignored = await act(client, bob, "ignoreConnectionRequest", request_id)
    assert ignored["request"]["status"] == "IGNORED"
    bob_lists, ada_lists = await lists(client, bob), await lists(client, ada)
    assert bob_lists["incomingRequests"]["totalCount"] == 0
    assert [e["node"]["id"] for e in bob_lists["ignored"]["edges"]] == [request_id]
    assert [e["node"]["status"] for e in ada_lists["outgoingRequests"]["edges"]] == ["PENDING"]
    assert [e["code"] for e in (await send(client, ada, bob))["errors"]] == ["ALREADY_REQUESTED"]
    # The recipient may still accept an ignored request.
    assert (await act(client, bob, "acceptConnectionRequest", request_id))["connected"] is True


@pytest.mark.parametrize(("style", "code"), [("linkedin", "DECLINED"), ("facebook", "COOLDOWN")])
async def test_decline(make_client: Any, style: str, code: str) -> None:
    client = await make_client(style=style)
    ada, bob, _ = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    declined = await act(client, bob, "declineConnectionRequest", request_id)
    assert declined["request"]["status"] == "DECLINED"
    assert [e["code"] for e in (await send(client, ada, bob))["errors"]] == [code]
    assert (await relationship(client, ada, bob))["viewerCan"]["connect"] == {
        "allowed": False,
        "code": code,
    }
    # The decliner may still request the sender.
    assert (await send(client, bob, ada))["errors"] == []


async def test_facebook_decline_cooldown_ends_after_a_year(make_client: Any) -> None:
    client = await make_client(style="facebook")
    ada, bob, _ = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    await act(client, bob, "declineConnectionRequest", request_id)
    await ConnectionRequest.all().update(responded_at=datetime.now(UTC) - timedelta(days=366))
    assert (await send(client, ada, bob))["errors"] == []


@pytest.mark.parametrize(("style", "cooldown"), [("linkedin", True), ("facebook", False)])
async def test_withdraw(make_client: Any, style: str, cooldown: bool) -> None:
    client = await make_client(style=style)
    ada, bob, _ = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    withdrawn = await act(client, ada, "withdrawConnectionRequest", request_id)
    assert withdrawn["request"]["status"] == "WITHDRAWN"
    assert (await lists(client, bob))["incomingRequests"]["totalCount"] == 0
    again = await send(client, ada, bob)
    assert [e["code"] for e in again["errors"]] == (["COOLDOWN"] if cooldown else [])
    if cooldown:
        # During the cooldown the recipient may still request the sender.
        assert (await send(client, bob, ada))["errors"] == []
        await ConnectionRequest.filter(status="WITHDRAWN").update(
            responded_at=datetime.now(UTC) - timedelta(days=22)
        )
        await ConnectionRequest.filter(status="PENDING").delete()
        assert (await send(client, ada, bob))["errors"] == []


async def test_weekly_limit_counts_withdrawn_requests(make_client: Any) -> None:
    client = await make_client(style="linkedin", limits={"weekly_requests": 2})
    ada, bob, cy = await trio(client)
    dee = await client.sign_up("dee")
    first = (await send(client, ada, bob))["request"]["id"]
    await act(client, ada, "withdrawConnectionRequest", first)
    assert (await send(client, ada, cy))["errors"] == []
    refused = await send(client, ada, dee)
    assert [e["code"] for e in refused["errors"]] == ["WEEKLY_LIMIT"]
    assert (await relationship(client, ada, dee))["viewerCan"]["connect"]["code"] == "WEEKLY_LIMIT"
    # Requests older than 7 days no longer count.
    await ConnectionRequest.all().update(created_at=datetime.now(UTC) - timedelta(days=8))
    assert (await send(client, ada, dee))["errors"] == []


async def test_connection_cap_is_checked_for_both_sides(make_client: Any) -> None:
    client = await make_client(style="facebook", limits={"max_connections": 1})
    ada, bob, cy = await trio(client)
    await connect(client, ada, bob)
    request_id = (await send(client, cy, ada))["request"]["id"]
    refused = await act(client, ada, "acceptConnectionRequest", request_id)
    assert [e["code"] for e in refused["errors"]] == ["CONNECTION_LIMIT"]
    assert (await lists(client, ada))["connections"]["totalCount"] == 1
    # Past the cap others can still follow.
    followed = await on_user(client, cy, "follow", ada, "follow { status }")
    assert followed["follow"] == {"status": "ACTIVE"}


@pytest.mark.parametrize(
    ("setting", "code_for_stranger", "code_for_friend_of_friend"),
    [
        ("EVERYONE", None, None),
        ("NETWORK", "REQUESTS_RESTRICTED", None),
        ("CONTACTS", "REQUESTS_RESTRICTED", "REQUESTS_RESTRICTED"),
        ("NOBODY", "REQUESTS_RESTRICTED", "REQUESTS_RESTRICTED"),
    ],
)
@pytest.mark.parametrize("style", MUTUAL_STYLES)
async def test_who_can_request(
    make_client: Any,
    style: str,
    setting: str,
    code_for_stranger: str | None,
    code_for_friend_of_friend: str | None,
) -> None:
    client = await make_client(style=style)
    ada, bob, cy = await trio(client)
    stranger = await client.sign_up("eve")
    await connect(client, ada, cy)  # bob's friend of friend: cy -> ada -> bob
    await connect(client, ada, bob)
    await client.data(
        "mutation($s: RequestFilter!) { updatePrivacySettings(input: {whoCanRequest: $s}) "
        "{ errors { code } } }",
        {"s": setting},
        token=bob.token,
    )
    for who, code in ((stranger, code_for_stranger), (cy, code_for_friend_of_friend)):
        can = (await relationship(client, who, bob))["viewerCan"]["connect"]
        sent = await send(client, who, bob)
        assert can == {"allowed": code is None, "code": code}
        assert [e["code"] for e in sent["errors"]] == ([code] if code else [])


@pytest.mark.parametrize(
    ("mutation", "actor"),
    [
        ("acceptConnectionRequest", "sender"),
        ("declineConnectionRequest", "sender"),
        ("ignoreConnectionRequest", "stranger"),
        ("withdrawConnectionRequest", "recipient"),
        ("acceptConnectionRequest", "stranger"),
    ],
)
async def test_only_the_right_member_may_act(make_client: Any, mutation: str, actor: str) -> None:
    client = await make_client()
    ada, bob, cy = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    who = {"sender": ada, "recipient": bob, "stranger": cy}[actor]
    answer = await act(client, who, mutation, request_id)
    assert [e["code"] for e in answer["errors"]] == ["NOT_FOUND"]
    assert [
        e["node"]["status"] for e in (await lists(client, ada))["outgoingRequests"]["edges"]
    ] == ["PENDING"]


async def test_acting_on_a_closed_request_is_a_conflict(make_client: Any) -> None:
    client = await make_client()
    ada, bob, _ = await trio(client)
    request_id = (await send(client, ada, bob))["request"]["id"]
    await act(client, bob, "acceptConnectionRequest", request_id)
    again = await act(client, bob, "declineConnectionRequest", request_id)
    assert [e["code"] for e in again["errors"]] == ["CONFLICT"]


@pytest.mark.parametrize("bad_id", ["nonsense", "VXNlcjox", ""])
async def test_malformed_ids_are_not_found(make_client: Any, bad_id: str) -> None:
    client = await make_client()
    ada, _, _ = await trio(client)
    answer = await act(client, ada, "acceptConnectionRequest", bad_id)
    assert [e["code"] for e in answer["errors"]] == ["NOT_FOUND"]
    sent = await client.data(
        "mutation($u: ID!) { sendConnectionRequest(input: {userId: $u}) "
        "{ errors { code field } } }",
        {"u": bad_id},
        token=ada.token,
    )
    assert sent["sendConnectionRequest"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "userId"]}
    ]


async def test_requesting_oneself_is_bad_input(make_client: Any) -> None:
    client = await make_client()
    ada, _, _ = await trio(client)
    answer = await send(client, ada, ada)
    assert [(e["code"], e["field"]) for e in answer["errors"]] == [
        ("BAD_USER_INPUT", ["input", "userId"])
    ]
