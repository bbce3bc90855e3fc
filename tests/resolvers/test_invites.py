"""Invites over HTTP: inviting by email, revoking, listing, and redemption at sign-up.

Redemption is where the styles differ (linkedin connects, facebook turns the invite into a
pending friend request, follow_only makes the new member follow the inviter), so those tests
run on all three; the rest is the same everywhere and runs on the default style.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from amity.models import ConnectionRequest, Invite, OutboxEmail, User
from amity.resolvers.invites import invite_token
from amity.security import TokenService
from conftest import MakeClient
from resolvers.conftest import sign_up_input
from support.client import GraphQLClient, Member
from support.graph import connect, on_user

STYLES = ["linkedin", "facebook", "follow_only"]

INVITE_FIELDS = """id email status token createdAt expiresAt
  inviter { handle } acceptedBy { handle }"""

INVITE = f"""
mutation($input: InviteByEmailInput!) {{
  inviteByEmail(input: $input) {{ invite {{ {INVITE_FIELDS} }} errors {{ code message field }} }}
}}"""

REVOKE = f"""
mutation($id: ID!) {{
  revokeInvite(id: $id) {{ invite {{ {INVITE_FIELDS} }} errors {{ code message field }} }}
}}"""

LIST = f"""
query($first: Int, $after: String) {{ viewer {{ invites(first: $first, after: $after) {{
  totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }}
  edges {{ cursor node {{ {INVITE_FIELDS} }} }}
}} }} }}"""

NODE = f"""query($id: ID!) {{ node(id: $id) {{ id ... on Invite {{ {INVITE_FIELDS} }} }} }}"""

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) { token user { id handle } errors { code message field } }
}"""

PEOPLE = """
query($h: String!) { user(handle: $h) {
  relationship {
    connected following followedBy outgoingRequest { status } incomingRequest { status }
  }
} }"""


def problems(payload: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e["code"], tuple(e["field"] or ())) for e in payload["errors"])


async def invite(gql: GraphQLClient, inviter: Member, email: str) -> dict[str, Any]:
    data = await gql.data(INVITE, {"input": {"email": email}}, token=inviter.token)
    return data["inviteByEmail"]  # type: ignore[no-any-return]


async def invited(gql: GraphQLClient, inviter: Member, email: str) -> dict[str, Any]:
    """``inviteByEmail`` that must succeed; the invite."""
    payload = await invite(gql, inviter, email)
    assert payload["errors"] == [], payload
    return payload["invite"]  # type: ignore[no-any-return]


async def revoke(gql: GraphQLClient, who: Member, invite_id: str) -> dict[str, Any]:
    data = await gql.data(REVOKE, {"id": invite_id}, token=who.token)
    return data["revokeInvite"]  # type: ignore[no-any-return]


async def invites_of(gql: GraphQLClient, who: Member, **variables: Any) -> dict[str, Any]:
    data = await gql.data(LIST, variables, token=who.token)
    return data["viewer"]["invites"]  # type: ignore[no-any-return]


async def sign_up(gql: GraphQLClient, handle: str, **overrides: Any) -> dict[str, Any]:
    data = await gql.data(SIGN_UP, {"input": sign_up_input(handle, **overrides)})
    return data["signUp"]  # type: ignore[no-any-return]


async def signed_up(gql: GraphQLClient, handle: str, **overrides: Any) -> Member:
    payload = await sign_up(gql, handle, **overrides)
    assert payload["errors"] == [], payload
    email = overrides.get("email", f"{handle}@example.com")
    return Member(payload["user"]["id"], handle, payload["token"], email)


async def expire(email: str) -> None:
    """Move every invite to this email past its expiry (EXPIRED is never stored)."""
    past = datetime.now(UTC) - timedelta(minutes=1)
    await Invite.filter(email_key=email.lower()).update(expires_at=past)


async def people(gql: GraphQLClient, viewer: Member, subject: str) -> dict[str, Any]:
    data = await gql.data(PEOPLE, {"h": subject}, token=viewer.token)
    return data["user"]["relationship"]  # type: ignore[no-any-return]


@pytest.fixture
async def ada(gql: GraphQLClient) -> Member:
    return await gql.sign_up("ada", display_name="Ada Lovelace")


# ------------------------------------------------------------------ inviteByEmail


async def test_invite_by_email_creates_a_pending_invite_and_emails_the_token(
    gql: GraphQLClient, ada: Member
) -> None:
    before = datetime.now(UTC)

    invite = await invited(gql, ada, " Charles@Example.com ")

    assert (invite["email"], invite["status"]) == ("Charles@Example.com", "PENDING")
    assert invite["inviter"] == {"handle": "ada"}
    assert invite["acceptedBy"] is None
    assert invite["token"]
    expires = datetime.fromisoformat(invite["expiresAt"])
    assert before + timedelta(days=180) <= expires <= datetime.now(UTC) + timedelta(days=180)
    [email] = await OutboxEmail.all()
    assert email.to == "Charles@Example.com"
    assert invite["token"] in email.body
    assert "Ada Lovelace" in email.subject + email.body


async def test_the_expiry_follows_the_configuration(make_client: MakeClient) -> None:
    gql = await make_client(limits={"invite_expiry_days": 7})
    ada = await gql.sign_up("ada")

    invite = await invited(gql, ada, "charles@example.com")

    created = datetime.fromisoformat(invite["createdAt"])
    expires = datetime.fromisoformat(invite["expiresAt"])
    assert abs(expires - created - timedelta(days=7)) < timedelta(seconds=5)


@pytest.mark.parametrize("email", ["", "nope", "a@b", "two@@example.com", "x" * 250 + "@ex.com"])
async def test_an_invalid_email_is_bad_user_input(
    gql: GraphQLClient, ada: Member, email: str
) -> None:
    payload = await invite(gql, ada, email)

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "email"))]
    assert payload["invite"] is None
    assert await Invite.all().count() == await OutboxEmail.all().count() == 0


@pytest.mark.parametrize("email", ["grace@example.com", "GRACE@Example.COM", "ada@example.com"])
async def test_a_members_email_is_already_member(
    gql: GraphQLClient, ada: Member, email: str
) -> None:
    await gql.sign_up("grace")

    payload = await invite(gql, ada, email)

    assert problems(payload) == [("ALREADY_MEMBER", ("input", "email"))]
    assert await Invite.all().count() == await OutboxEmail.all().count() == 0


async def test_a_second_pending_invite_is_already_invited(gql: GraphQLClient, ada: Member) -> None:
    grace = await gql.sign_up("grace")
    await invited(gql, ada, "charles@example.com")

    again = await invite(gql, ada, "CHARLES@example.com")
    by_other = await invite(gql, grace, "charles@example.com")

    assert problems(again) == [("ALREADY_INVITED", ("input", "email"))]
    assert by_other["errors"] == []
    assert await Invite.all().count() == await OutboxEmail.all().count() == 2


async def test_an_expired_or_revoked_invite_may_be_sent_again(
    gql: GraphQLClient, ada: Member
) -> None:
    first = await invited(gql, ada, "charles@example.com")
    await expire("charles@example.com")

    second = await invited(gql, ada, "charles@example.com")
    assert (await revoke(gql, ada, second["id"]))["errors"] == []
    third = await invited(gql, ada, "Charles@example.com")

    statuses = {e["node"]["id"]: e["node"]["status"] for e in (await invites_of(gql, ada))["edges"]}
    assert statuses == {first["id"]: "EXPIRED", second["id"]: "REVOKED", third["id"]: "PENDING"}
    assert len({first["token"], second["token"], third["token"]}) == 3


async def test_invite_mutations_need_a_viewer(gql: GraphQLClient) -> None:
    response = await gql.post(INVITE, {"input": {"email": "charles@example.com"}})

    assert response.codes == ["UNAUTHENTICATED"]


# ------------------------------------------------------------------ revokeInvite


async def test_revoke_makes_a_pending_invite_revoked(gql: GraphQLClient, ada: Member) -> None:
    invite = await invited(gql, ada, "charles@example.com")

    payload = await revoke(gql, ada, invite["id"])
    again = await revoke(gql, ada, invite["id"])

    assert payload["errors"] == []
    assert payload["invite"]["status"] == "REVOKED"
    assert problems(again) == [("CONFLICT", ())]


async def test_an_expired_or_accepted_invite_cannot_be_revoked(
    gql: GraphQLClient, ada: Member
) -> None:
    expired = await invited(gql, ada, "old@example.com")
    await expire("old@example.com")
    accepted = await invited(gql, ada, "charles@example.com")
    await signed_up(gql, "charles")

    assert problems(await revoke(gql, ada, expired["id"])) == [("CONFLICT", ())]
    assert problems(await revoke(gql, ada, accepted["id"])) == [("CONFLICT", ())]


@pytest.mark.parametrize("make_id", ["other", "garbage", "user-id"])
async def test_anyone_but_the_inviter_gets_not_found(
    gql: GraphQLClient, ada: Member, make_id: str
) -> None:
    grace = await gql.sign_up("grace")
    invite = await invited(gql, ada, "charles@example.com")
    target = {"other": invite["id"], "garbage": "garbage", "user-id": ada.id}[make_id]

    payload = await revoke(gql, grace, target)

    assert problems(payload) == [("NOT_FOUND", ("id",))]
    assert (await invites_of(gql, ada))["edges"][0]["node"]["status"] == "PENDING"


# ------------------------------------------------------------------ listing and privacy


async def test_invites_are_newest_first_and_paged_by_keyset(
    gql: GraphQLClient, ada: Member
) -> None:
    emails = [f"p{i}@example.com" for i in range(7)]
    for email in emails:
        await invited(gql, ada, email)

    seen: list[str] = []
    after = None
    while True:
        page = await invites_of(gql, ada, first=3, after=after)
        assert page["totalCount"] == 7
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [e["node"]["email"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == emails[::-1]


async def test_a_bad_cursor_is_bad_user_input(gql: GraphQLClient, ada: Member) -> None:
    response = await gql.post(LIST, {"after": "garbage"}, token=ada.token)

    assert response.codes == ["BAD_USER_INPUT"]


async def test_invites_are_null_for_anyone_but_the_inviter(gql: GraphQLClient, ada: Member) -> None:
    grace = await gql.sign_up("grace")
    invite = await invited(gql, ada, "charles@example.com")
    query = "query($h: String!) { user(handle: $h) { handle invites { totalCount } } }"

    as_grace = await gql.data(query, {"h": "ada"}, token=grace.token)
    anonymous = await gql.data(query, {"h": "ada"})
    own_node = await gql.data(NODE, {"id": invite["id"]}, token=ada.token)
    other_node = await gql.data(NODE, {"id": invite["id"]}, token=grace.token)
    anonymous_node = await gql.data(NODE, {"id": invite["id"]})

    assert as_grace["user"] == anonymous["user"] == {"handle": "ada", "invites": None}
    assert own_node["node"] == invite
    assert other_node == anonymous_node == {"node": None}


# ------------------------------------------------------------------ redemption


@pytest.mark.parametrize("style", STYLES)
async def test_sign_up_redeems_every_pending_invite_to_its_email(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada = await gql.sign_up("ada")
    grace = await gql.sign_up("grace")
    first = await invited(gql, ada, "Charles@Example.com")
    second = await invited(gql, grace, "charles@example.com")

    charles = await signed_up(gql, "charles", email="CHARLES@example.com")

    for inviter, sent in ((ada, first), (grace, second)):
        [edge] = (await invites_of(gql, inviter))["edges"]
        assert edge["node"]["id"] == sent["id"]
        assert (edge["node"]["status"], edge["node"]["acceptedBy"]) == (
            "ACCEPTED",
            {"handle": "charles"},
        )
        assert await outcome(gql, inviter, charles) == EXPECTED_OUTCOME[style]


#: What the inviter and the new member see of each other after redemption:
#: (connected, new member follows inviter, inviter follows new member, request inviter -> new).
EXPECTED_OUTCOME = {
    "linkedin": (True, True, True, None),
    "facebook": (False, False, False, "PENDING"),
    "follow_only": (False, True, False, None),
}


async def outcome(
    gql: GraphQLClient, inviter: Member, member: Member
) -> tuple[bool, bool, bool, str | None]:
    seen = await people(gql, inviter, member.handle)
    request = seen["outgoingRequest"]
    return (
        seen["connected"],
        seen["followedBy"],
        seen["following"],
        request["status"] if request else None,
    )


async def test_an_inviter_at_the_connection_cap_gets_a_pending_request(
    make_client: MakeClient,
) -> None:
    """Redeeming is an accept: past the cap it leaves a request instead of a connection."""
    gql = await make_client(style="linkedin", limits={"max_connections": 1})
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    await connect(gql, ada, bob)
    await invited(gql, ada, "charles@example.com")

    charles = await signed_up(gql, "charles")

    assert await outcome(gql, ada, charles) == (False, False, False, "PENDING")


@pytest.mark.parametrize("style", STYLES)
async def test_a_token_redeems_its_invite_whatever_the_sign_up_email(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada = await gql.sign_up("ada")
    sent = await invited(gql, ada, "charles@work.example.com")

    charles = await signed_up(
        gql, "charles", email="charles@home.example.com", inviteToken=sent["token"]
    )

    node = (await gql.data(NODE, {"id": sent["id"]}, token=ada.token))["node"]
    assert (node["status"], node["acceptedBy"]) == ("ACCEPTED", {"handle": "charles"})
    assert await outcome(gql, ada, charles) == EXPECTED_OUTCOME[style]
    if style == "facebook":
        data = await gql.data(
            "{ viewer { incomingRequests { edges { node { sender { handle } } } } } }",
            token=charles.token,
        )
        senders = [
            e["node"]["sender"]["handle"] for e in data["viewer"]["incomingRequests"]["edges"]
        ]
        assert senders == ["ada"]


@pytest.mark.parametrize("style", STYLES)
async def test_a_token_and_an_email_invite_from_one_inviter_act_once(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada = await gql.sign_up("ada")
    by_token = await invited(gql, ada, "charles@work.example.com")
    await invited(gql, ada, "charles@home.example.com")

    charles = await signed_up(
        gql, "charles", email="charles@home.example.com", inviteToken=by_token["token"]
    )

    statuses = [e["node"]["status"] for e in (await invites_of(gql, ada))["edges"]]
    assert statuses == ["ACCEPTED", "ACCEPTED"]
    assert await outcome(gql, ada, charles) == EXPECTED_OUTCOME[style]
    assert await ConnectionRequest.filter(status="PENDING").count() == (
        1 if style == "facebook" else 0
    )


async def test_expired_and_revoked_invites_are_not_redeemed(
    gql: GraphQLClient, ada: Member
) -> None:
    grace = await gql.sign_up("grace")
    await invited(gql, ada, "charles@example.com")
    await expire("charles@example.com")
    revoked = await invited(gql, grace, "charles@example.com")
    assert (await revoke(gql, grace, revoked["id"]))["errors"] == []

    charles = await signed_up(gql, "charles")

    assert (await invites_of(gql, ada))["edges"][0]["node"]["status"] == "EXPIRED"
    assert (await invites_of(gql, grace))["edges"][0]["node"]["status"] == "REVOKED"
    assert await outcome(gql, ada, charles) == (False, False, False, None)


async def tokens_to_refuse(gql: GraphQLClient, ada: Member) -> dict[str, str]:
    """One token per reason a token is refused."""
    revoked = await invited(gql, ada, "revoked@example.com")
    assert (await revoke(gql, ada, revoked["id"]))["errors"] == []
    expired = await invited(gql, ada, "expired@example.com")
    await expire("expired@example.com")
    used = await invited(gql, ada, "used@example.com")
    await signed_up(gql, "used")
    valid = await invited(gql, ada, "valid@example.com")
    other_secret = TokenService("not the server's secret")
    return {
        "revoked": revoked["token"],
        "expired": expired["token"],
        "used": used["token"],
        "unknown": invite_token(other_secret, uuid.uuid4()),
        "forged": invite_token(other_secret, uuid.UUID(bytes=_pk_of(valid["token"]))),
        "truncated": valid["token"][:-1],
        "padded": valid["token"] + "=",
        "garbage": "!" * 43,
        "non-ascii": "é" * 43,
    }


def _pk_of(token: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(token + "=")[:16]


@pytest.mark.parametrize(
    "reason",
    [
        "revoked",
        "expired",
        "used",
        "unknown",
        "forged",
        "truncated",
        "padded",
        "garbage",
        "non-ascii",
    ],
)
async def test_a_bad_token_refuses_the_sign_up_and_creates_nothing(
    gql: GraphQLClient, ada: Member, reason: str
) -> None:
    token = (await tokens_to_refuse(gql, ada))[reason]
    before = (await User.all().count(), await Invite.filter(status="ACCEPTED").count())

    payload = await sign_up(gql, "charles", inviteToken=token)

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "inviteToken"))]
    assert payload["token"] is None
    assert (await User.all().count(), await Invite.filter(status="ACCEPTED").count()) == before
    assert not await User.exists(handle="charles")


async def test_a_refused_token_redeems_nothing_else(gql: GraphQLClient, ada: Member) -> None:
    pending = await invited(gql, ada, "charles@example.com")
    revoked = await invited(gql, ada, "other@example.com")
    assert (await revoke(gql, ada, revoked["id"]))["errors"] == []

    payload = await sign_up(gql, "charles", inviteToken=revoked["token"])

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "inviteToken"))]
    node = (await gql.data(NODE, {"id": pending["id"]}, token=ada.token))["node"]
    assert node["status"] == "PENDING"


async def test_a_token_redeems_only_once(gql: GraphQLClient, ada: Member) -> None:
    sent = await invited(gql, ada, "charles@example.com")
    await signed_up(gql, "charles", email="charles@home.example.com", inviteToken=sent["token"])

    payload = await sign_up(gql, "charlie", inviteToken=sent["token"])

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "inviteToken"))]


async def test_accepted_by_is_hidden_once_blocked(gql: GraphQLClient, ada: Member) -> None:
    await invited(gql, ada, "charles@example.com")
    charles = await signed_up(gql, "charles")

    assert (await on_user(gql, charles, "block", ada))["errors"] == []

    [edge] = (await invites_of(gql, ada))["edges"]
    assert (edge["node"]["status"], edge["node"]["acceptedBy"]) == ("ACCEPTED", None)


@pytest.mark.parametrize(("style", "credits"), [("linkedin", 5), ("facebook", None)])
async def test_sign_up_grants_the_styles_inmail_credits(
    make_client: MakeClient, style: str, credits: int | None
) -> None:
    gql = await make_client(style=style)
    await gql.sign_up("ada")

    assert (await User.get(handle="ada")).inmail_credits == credits


async def test_invite_pages_cost_the_same_and_page_through_equal_timestamps(
    gql: GraphQLClient, ada: Member, insert_members: Any, sql_statements: Any
) -> None:
    members = await insert_members([f"m{i:03}" for i in range(60)])
    inviter = await User.get(handle="ada")
    moment = datetime.now(UTC)
    await Invite.bulk_create(
        [
            Invite(
                id=uuid.uuid4(),
                inviter=inviter,
                email=f"x{i}@example.com",
                email_key=f"x{i}@example.com",
                status="ACCEPTED",
                accepted_by_id=member.id,
                created_at=moment,
                expires_at=moment + timedelta(days=1),
            )
            for i, member in enumerate(members)
        ]
    )
    query = """query($first: Int, $after: String) { viewer { invites(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id inviter { handle } acceptedBy { handle displayName } } } } } }"""

    counts = {}
    for first in (5, 50):
        sql_statements.statements.clear()
        data = await gql.data(query, {"first": first}, token=ada.token)
        counts[first] = sql_statements.count
        edges = data["viewer"]["invites"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["acceptedBy"]["handle"].startswith("m") for e in edges)
        assert {e["node"]["inviter"]["handle"] for e in edges} == {"ada"}
    assert counts[5] == counts[50], sql_statements.statements

    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(query, {"first": 7, "after": after}, token=ada.token)
        conn = data["viewer"]["invites"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 60
