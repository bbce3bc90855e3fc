"""The explain API: a decision lists every plugin's vote, so "why not?" has an answer.

A third-party plugin that vetoes follows of members whose handle starts with ``quiet`` is
registered beside the style; ``viewerCan.follow`` must name both plugins and their votes, and
the follow mutation must refuse with the vetoing plugin's code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from amity.policies import Member, Vote, hookimpl
from amity.server import create_app
from conftest import test_settings as settings_for
from support.client import GraphQLClient
from support.graph import on_user

EXPLAIN = """query($h: String!) { user(handle: $h) { viewerCan {
  follow { allowed code votes { plugin allowed code } }
  connect { allowed code votes { plugin allowed code } }
} } }"""


class QuietVeto:
    """Members whose handle starts with ``quiet`` cannot be followed."""

    @hookimpl
    def amity_can_follow(self, subject: Member) -> Vote | None:
        if subject.handle.startswith("quiet"):
            return Vote.deny("QUIET", "This member does not take followers.")
        return None


@pytest.fixture
async def client(db: str) -> AsyncIterator[GraphQLClient]:
    app = create_app(settings_for(db), manage_db=False, extra_plugins=[("quiet", QuietVeto())])
    http = TestClient(TestServer(app))
    await http.start_server()
    yield GraphQLClient(http)
    await http.close()


async def explain(client: GraphQLClient, token: str, handle: str) -> Any:
    data = await client.data(EXPLAIN, {"h": handle}, token=token)
    return data["user"]["viewerCan"]


async def test_votes_name_every_plugin(client: GraphQLClient) -> None:
    ada, quiet = await client.sign_up("ada"), await client.sign_up("quiet_one")
    can = await explain(client, ada.token, quiet.handle)
    assert can["follow"] == {
        "allowed": False,
        "code": "QUIET",
        "votes": [
            {"plugin": "linkedin", "allowed": True, "code": None},
            {"plugin": "quiet", "allowed": False, "code": "QUIET"},
        ],
    }
    refused = await on_user(client, ada, "follow", quiet, "follow { status }")
    assert [e["code"] for e in refused["errors"]] == ["QUIET"]


async def test_core_invariants_cast_no_votes(client: GraphQLClient) -> None:
    ada = await client.sign_up("ada")
    can = await explain(client, ada.token, ada.handle)
    assert can["connect"] == {"allowed": False, "code": "BAD_USER_INPUT", "votes": []}


async def test_an_allowed_follow_shows_the_style_vote(client: GraphQLClient) -> None:
    ada, bob = await client.sign_up("ada"), await client.sign_up("bob")
    can = await explain(client, ada.token, bob.handle)
    assert can["follow"]["votes"] == [{"plugin": "linkedin", "allowed": True, "code": None}]
    assert (await on_user(client, ada, "follow", bob, "follow { status }"))["follow"] == {
        "status": "ACTIVE"
    }
