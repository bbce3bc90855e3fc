"""Races on PostgreSQL: uniqueness and quotas hold under real parallel requests.

SQLite runs one transaction at a time per process, so these races cannot happen there (the
sequential tests in test_requests.py cover the same rules); on PostgreSQL the member-row locks
and the unique constraints must make every outcome equal to some sequential order.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
import pytest

from amity.models import Connection, ConnectionRequest
from support.client import PASSWORD, GraphQLClient
from support.graph import SEND, act, send

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def _postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises transactions; the sequential tests cover these rules")


async def test_twenty_identical_requests_leave_one(gql: GraphQLClient) -> None:
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    answers = await asyncio.gather(*(send(gql, ada, bob) for _ in range(20)))
    succeeded = [a for a in answers if a["errors"] == []]
    refused = {e["code"] for a in answers for e in a["errors"]}
    assert len(succeeded) == 1
    assert refused <= {"ALREADY_REQUESTED", "CONFLICT"}
    assert await ConnectionRequest.filter(open_pair__isnull=False).count() == 1


async def test_crossing_requests_at_once_connect(gql: GraphQLClient) -> None:
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    answers = await asyncio.gather(send(gql, ada, bob), send(gql, bob, ada))
    assert [a["errors"] for a in answers] == [[], []]
    assert sorted(a["connected"] for a in answers) == [False, True]
    assert await ConnectionRequest.filter(open_pair__isnull=False).count() == 0
    assert await Connection.all().count() == 2


async def test_twenty_accepts_make_one_connection(gql: GraphQLClient) -> None:
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    request_id = (await send(gql, ada, bob))["request"]["id"]
    answers = await asyncio.gather(
        *(act(gql, bob, "acceptConnectionRequest", request_id) for _ in range(20))
    )
    assert sum(a["connected"] for a in answers) == 1
    assert {e["code"] for a in answers for e in a["errors"]} == {"CONFLICT"}
    assert await Connection.all().count() == 2


@contextmanager
def server(database_url: str, limits: str) -> Iterator[str]:
    """A real ``amity serve`` process on its own port against the test database."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMITY_")}
    env.update(AMITY_PASSWORD_PROFILE="fast", AMITY_LIMITS=limits, AMITY_SECRET="race-secret")
    process = subprocess.Popen(
        [sys.executable, "-m", "amity", "serve", "--database", database_url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


async def _ready(session: aiohttp.ClientSession, base: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{base}/healthz") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    pytest.fail(f"{base} did not start")


async def _gql(
    session: aiohttp.ClientSession, base: str, query: str, variables: dict[str, Any], token: str
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with session.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers
    ) as resp:
        body = await resp.json(content_type=None)
        assert "errors" not in body, body
        return body["data"]


async def test_two_processes_never_exceed_the_weekly_limit(database_url: str) -> None:
    weekly = 5
    with (
        server(database_url, f"weekly_requests={weekly}") as one,
        server(database_url, f"weekly_requests={weekly}") as two,
    ):
        async with aiohttp.ClientSession() as session:
            await _ready(session, one)
            await _ready(session, two)
            members = []
            for i in range(12):
                data = await _gql(
                    session,
                    one,
                    "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }",
                    {
                        "i": {
                            "handle": f"racer{i}",
                            "displayName": f"Racer {i}",
                            "email": f"racer{i}@example.com",
                            "password": PASSWORD,
                        }
                    },
                    "",
                )
                members.append(data["signUp"])
            sender, targets = members[0], members[1:]
            answers = await asyncio.gather(
                *(
                    _gql(
                        session,
                        (one, two)[i % 2],
                        SEND,
                        {"input": {"userId": t["user"]["id"]}},
                        sender["token"],
                    )
                    for i, t in enumerate(targets)
                )
            )
    sent = [a for a in answers if a["sendConnectionRequest"]["errors"] == []]
    codes = {e["code"] for a in answers for e in a["sendConnectionRequest"]["errors"]}
    assert len(sent) == weekly
    assert codes == {"WEEKLY_LIMIT"}
    assert await ConnectionRequest.all().count() == weekly
