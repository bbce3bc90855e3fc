"""Address-book races on PostgreSQL: the unique constraints and conditional updates make every
outcome equal to some sequential order.

SQLite runs one transaction at a time per process, so these races cannot happen there; the
sequential tests in test_contacts.py and test_invites.py cover the same rules.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from amity.models import Contact, Invite, OutboxEmail, User
from resolvers.conftest import sign_up_input
from resolvers.test_contacts import ADD, IMPORT
from resolvers.test_invites import INVITE, REVOKE, SIGN_UP
from support.client import GraphQLClient

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def _postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises transactions; the sequential tests cover these rules")


def codes(payloads: list[dict[str, Any]]) -> list[str]:
    return sorted(e["code"] for p in payloads for e in p["errors"])


async def test_twenty_identical_invites_leave_one(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")

    answers = await asyncio.gather(
        *(
            gql.data(INVITE, {"input": {"email": "charles@example.com"}}, token=ada.token)
            for _ in range(20)
        )
    )

    payloads = [a["inviteByEmail"] for a in answers]
    assert sum(p["errors"] == [] for p in payloads) == 1
    assert codes(payloads) == ["ALREADY_INVITED"] * 19
    assert await Invite.all().count() == await OutboxEmail.all().count() == 1


async def test_twenty_identical_contacts_leave_one(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    row = {"name": "Charles", "email": "charles@example.com"}

    answers = await asyncio.gather(
        *(gql.data(ADD, {"input": row}, token=ada.token) for _ in range(20))
    )

    payloads = [a["addContact"] for a in answers]
    assert sum(p["errors"] == [] for p in payloads) == 1
    assert codes(payloads) == ["ALREADY_EXISTS"] * 19
    assert await Contact.all().count() == 1


async def test_overlapping_imports_never_duplicate_an_email(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    rows = [{"name": f"P{i}", "email": f"p{i}@example.com"} for i in range(50)]

    answers = await asyncio.gather(
        *(gql.data(IMPORT, {"input": {"contacts": rows}}, token=ada.token) for _ in range(5))
    )

    payloads = [a["importContacts"] for a in answers]
    assert set(codes(payloads)) <= {"CONFLICT"}
    assert sum(p["created"] for p in payloads) == 50
    assert await Contact.all().count() == 50


async def test_one_token_signs_up_one_member(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    invite = await gql.data(INVITE, {"input": {"email": "charles@example.com"}}, token=ada.token)
    token = invite["inviteByEmail"]["invite"]["token"]

    answers = await asyncio.gather(
        *(
            gql.data(
                SIGN_UP,
                {"input": sign_up_input(f"charles{i}", inviteToken=token)},
            )
            for i in range(10)
        )
    )

    payloads = [a["signUp"] for a in answers]
    assert sum(p["errors"] == [] for p in payloads) == 1
    assert codes(payloads) == ["BAD_USER_INPUT"] * 9
    assert await User.all().count() == 2
    assert await Invite.filter(status="ACCEPTED").count() == 1


async def test_a_revoke_racing_a_sign_up_has_one_winner(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    for attempt in range(5):
        email = f"charles{attempt}@example.com"
        data = await gql.data(INVITE, {"input": {"email": email}}, token=ada.token)
        invite = data["inviteByEmail"]["invite"]

        revoked, signed = await asyncio.gather(
            gql.data(REVOKE, {"id": invite["id"]}, token=ada.token),
            gql.data(
                SIGN_UP,
                {"input": sign_up_input(f"new{attempt}", inviteToken=invite["token"])},
            ),
        )

        outcomes = (revoked["revokeInvite"]["errors"] == [], signed["signUp"]["errors"] == [])
        assert outcomes in ((True, False), (False, True))
        stored = await Invite.get(email=email)
        assert stored.status == ("REVOKED" if outcomes[0] else "ACCEPTED")
