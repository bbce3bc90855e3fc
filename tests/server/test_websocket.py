"""WebSocket /graphql: graphql-transport-ws, authenticated in connection_init.

Real WebSocket round trips against the real app (aiohttp's test server and client).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType

from support.client import GraphQLClient

PROTOCOL = "graphql-transport-ws"


async def _open(gql: GraphQLClient, **headers: str) -> aiohttp.ClientWebSocketResponse:
    return await gql.http.ws_connect("/graphql", protocols=[PROTOCOL], headers=headers)


async def _init(ws: aiohttp.ClientWebSocketResponse, payload: Any) -> dict[str, Any] | None:
    """Send connection_init; the ack, or None when the server closed the socket."""
    await ws.send_json({"type": "connection_init", "payload": payload})
    msg = await ws.receive(timeout=5)
    if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
        return None
    return msg.json()


async def _run(ws: aiohttp.ClientWebSocketResponse, op_id: str, query: str) -> dict[str, Any]:
    """Run one operation over the socket and return its ``next`` payload."""
    await ws.send_json({"type": "subscribe", "id": op_id, "payload": {"query": query}})
    result = await ws.receive_json(timeout=5)
    assert result["type"] == "next", result
    assert result["id"] == op_id
    done = await ws.receive_json(timeout=5)
    assert done == {"type": "complete", "id": op_id}
    return result["payload"]


@pytest.mark.parametrize(
    "payload",
    [{}, {"authorization": "Bearer not-a-token"}, {"authorization": "Basic abc"}, {"x": 1}],
    ids=["no-token", "unknown-token", "wrong-scheme", "other-keys"],
)
async def test_connection_init_without_a_live_token_is_closed_4403(
    gql: GraphQLClient, payload: dict[str, Any]
) -> None:
    ws = await _open(gql)
    assert await _init(ws, payload) is None
    assert ws.close_code == 4403


async def test_a_revoked_token_is_refused_too(gql: GraphQLClient) -> None:
    member = await gql.sign_up("ada")
    await gql.data("mutation { logOut { ok } }", token=member.token)
    ws = await _open(gql)
    assert await _init(ws, {"authorization": f"Bearer {member.token}"}) is None
    assert ws.close_code == 4403


async def test_a_live_token_is_acknowledged_and_operations_run_as_the_member(
    gql: GraphQLClient,
) -> None:
    member = await gql.sign_up("ada")
    ws = await _open(gql)
    ack = await _init(ws, {"authorization": f"Bearer {member.token}"})
    assert ack == {"type": "connection_ack"}
    payload = await _run(ws, "1", "{ viewer { handle settings { locked } } }")
    assert payload == {"data": {"viewer": {"handle": "ada", "settings": {"locked": False}}}}
    await ws.close()


async def test_each_operation_on_a_socket_sees_fresh_data(gql: GraphQLClient) -> None:
    """A socket shares one context; cached views must not outlive their operation."""
    ada, bob = await gql.sign_up("ada"), await gql.sign_up("bob")
    ws = await _open(gql)
    assert await _init(ws, {"authorization": f"Bearer {ada.token}"}) is not None
    query = '{ user(handle: "bob") { headline } }'
    assert await _run(ws, "1", query) == {"data": {"user": {"headline": None}}}
    await gql.data(
        'mutation { updateProfile(input: {headline: "Now with a headline"}) { errors { code } } }',
        token=bob.token,
    )
    assert await _run(ws, "2", query) == {"data": {"user": {"headline": "Now with a headline"}}}
    await ws.close()


async def test_the_legacy_graphql_ws_protocol_is_not_offered(gql: GraphQLClient) -> None:
    ws = await gql.http.ws_connect("/graphql", protocols=["graphql-ws"])
    msg = await ws.receive(timeout=5)
    assert msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
    assert ws.close_code == 4406


async def test_cross_origin_handshakes_are_refused_unless_allowed(make_client: Any) -> None:
    closed = await make_client()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await _open(closed, Origin="https://elsewhere.example")
    assert refused.value.status == 403

    opened = await make_client(allowed_origins=("https://app.example",))
    ws = await _open(opened, Origin="https://app.example")
    member = await opened.sign_up("ada")
    assert await _init(ws, {"authorization": f"Bearer {member.token}"}) is not None
    await ws.close()
