"""The address book in the schema: the contract's shapes, and ``node(id:)`` for contacts and
invites (their owner sees them; anyone else, anonymous viewers included, gets null)."""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl
from graphql import find_breaking_changes

from amity.schema import build_schema
from support.client import GraphQLClient, Member

CONTRACT = Path(__file__).resolve().parent.parent / "contract.graphql"

#: Matches every contract name the address book serves (Contact, ContactSource, addContact,
#: User.contacts, Invite, InviteByEmailInput, revokeInvite, User.invites, ...).
ADDRESS_BOOK = re.compile("contact|invite", re.IGNORECASE)

ADD = """mutation { addContact(input: {name: "Grace", email: "grace@example.com"}) {
  contact { id } errors { code } } }"""
INVITE = """mutation { inviteByEmail(input: {email: "charles@example.com"}) {
  invite { id } errors { code } } }"""
NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Contact { name member { handle } }
  ... on Invite { email token inviter { handle } } } }"""


def global_id(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def test_the_served_address_book_keeps_the_contract() -> None:
    contract = parse_sdl(CONTRACT.read_text())
    served = parse_sdl(build_schema().as_str())

    broken = [
        change.description
        for change in find_breaking_changes(contract, served)
        if ADDRESS_BOOK.search(change.description)
    ]
    assert broken == []


@pytest.fixture
async def owned(gql: GraphQLClient) -> tuple[Member, Member, str, str]:
    """ada, who owns a contact and an invite, and grace (whom the contact names)."""
    ada = await gql.sign_up("ada")
    grace = await gql.sign_up("grace")
    contact = (await gql.data(ADD, token=ada.token))["addContact"]
    invite = (await gql.data(INVITE, token=ada.token))["inviteByEmail"]
    assert contact["errors"] == invite["errors"] == []
    return ada, grace, contact["contact"]["id"], invite["invite"]["id"]


async def test_node_returns_contacts_and_invites_to_their_owner(
    gql: GraphQLClient, owned: tuple[Member, Member, str, str]
) -> None:
    ada, _, contact_id, invite_id = owned

    contact = (await gql.data(NODE, {"id": contact_id}, token=ada.token))["node"]
    invite = (await gql.data(NODE, {"id": invite_id}, token=ada.token))["node"]

    assert contact == {
        "__typename": "Contact",
        "id": contact_id,
        "name": "Grace",
        "member": {"handle": "grace"},
    }
    assert invite["__typename"] == "Invite"
    assert (invite["email"], invite["inviter"]) == ("charles@example.com", {"handle": "ada"})
    assert invite["token"]


@pytest.mark.parametrize("who", ["anonymous", "grace"])
async def test_node_is_null_for_anyone_else(
    gql: GraphQLClient, owned: tuple[Member, Member, str, str], who: str
) -> None:
    _, grace, contact_id, invite_id = owned
    token = grace.token if who == "grace" else None

    for node_id in (contact_id, invite_id):
        response = await gql.post(NODE, {"id": node_id}, token=token)
        assert response.errors == []
        assert response.data == {"node": None}


async def test_node_does_not_mix_up_types_or_accept_random_ids(
    gql: GraphQLClient, owned: tuple[Member, Member, str, str]
) -> None:
    ada, _, contact_id, invite_id = owned
    contact_pk = base64.urlsafe_b64decode(contact_id + "==").decode().split(":", 1)[1]
    invite_pk = base64.urlsafe_b64decode(invite_id + "==").decode().split(":", 1)[1]

    for raw in (
        f"Invite:{contact_pk}",
        f"Contact:{invite_pk}",
        f"Contact:{uuid.uuid4()}",
        f"Invite:{uuid.uuid4()}",
        "Contact:not-a-uuid",
    ):
        response = await gql.post(NODE, {"id": global_id(raw)}, token=ada.token)
        assert response.data == {"node": None}, raw
