"""A small GraphQL client over real HTTP (aiohttp's test client)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient

__all__ = ["GraphQLClient", "Member", "Response"]

PASSWORD = "correct horse battery"


@dataclass
class Response:
    status: int
    content_type: str
    body: dict[str, Any]

    @property
    def data(self) -> dict[str, Any]:
        assert "errors" not in self.body or self.body.get("data"), self.body
        return self.body["data"]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def codes(self) -> list[str | None]:
        return [(e.get("extensions") or {}).get("code") for e in self.errors]


@dataclass
class Member:
    id: str
    handle: str
    token: str
    email: str


class GraphQLClient:
    """Posts GraphQL documents as JSON and returns the decoded answer."""

    def __init__(self, http: TestClient) -> None:
        self.http = http

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = {"Accept": "application/graphql-response+json, application/json"}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        resp = await self.http.post("/graphql", json=payload, headers=sent)
        return Response(resp.status, resp.content_type, await resp.json(content_type=None))

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The ``data`` of a response that must have no errors at all."""
        response = await self.post(query, variables, **kw)
        assert response.status == 200, response.body
        assert not response.errors, response.body
        return response.body["data"]

    async def sign_up(
        self, handle: str, *, email: str | None = None, display_name: str | None = None
    ) -> Member:
        email = email or f"{handle}@example.com"
        data = await self.data(
            """mutation($input: SignUpInput!) {
                 signUp(input: $input) { token user { id handle } errors { code field } }
               }""",
            {
                "input": {
                    "handle": handle,
                    "displayName": display_name or handle.title(),
                    "email": email,
                    "password": PASSWORD,
                }
            },
        )
        payload = data["signUp"]
        assert payload["errors"] == [], payload
        return Member(payload["user"]["id"], payload["user"]["handle"], payload["token"], email)
