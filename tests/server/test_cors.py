"""CORS: browser front ends on the configured origins may call /graphql; others may not."""

from __future__ import annotations

from typing import Any

APP = "http://localhost:3000"


async def test_preflight_from_an_allowed_origin(make_client: Any) -> None:
    gql = await make_client(allowed_origins=(APP,))
    resp = await gql.http.options(
        "/graphql",
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert resp.status == 204
    assert resp.headers["Access-Control-Allow-Origin"] == APP
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in resp.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in resp.headers


async def test_requests_from_an_allowed_origin_carry_the_header(make_client: Any) -> None:
    gql = await make_client(allowed_origins=(APP,))
    resp = await gql.http.post(
        "/graphql", json={"query": "{ policy { style } }"}, headers={"Origin": APP}
    )
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == APP
    assert resp.headers["Vary"] == "Origin"
    refused = await gql.http.post("/graphql", json={"query": "{ nope }"}, headers={"Origin": APP})
    assert refused.status == 422
    assert refused.headers["Access-Control-Allow-Origin"] == APP


async def test_other_origins_get_no_cors_headers(make_client: Any) -> None:
    gql = await make_client(allowed_origins=(APP,))
    resp = await gql.http.post(
        "/graphql",
        json={"query": "{ policy { style } }"},
        headers={"Origin": "https://evil.example"},
    )
    assert "Access-Control-Allow-Origin" not in resp.headers
    preflight = await gql.http.options(
        "/graphql",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert preflight.status == 405


async def test_no_origin_configured_means_no_cors(gql: Any) -> None:
    resp = await gql.http.post(
        "/graphql", json={"query": "{ policy { style } }"}, headers={"Origin": APP}
    )
    assert resp.status == 200
    assert "Access-Control-Allow-Origin" not in resp.headers
