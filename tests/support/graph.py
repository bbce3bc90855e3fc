"""GraphQL documents and small helpers for relationship tests (every step over real HTTP)."""

from __future__ import annotations

from typing import Any

from support.client import GraphQLClient, Member

REQUEST_FIELDS = "id status note sender { handle } recipient { handle } respondedAt"

SEND = f"""
mutation($input: SendConnectionRequestInput!) {{
  sendConnectionRequest(input: $input) {{
    request {{ {REQUEST_FIELDS} }} connected errors {{ code message field }}
  }}
}}"""


def by_id(mutation: str, payload: str = "request { id status } connected") -> str:
    """A mutation taking ``id: ID!``, selecting its payload and errors."""
    return f"""mutation($id: ID!) {{ {mutation}(id: $id) {{ {payload} errors {{ code field }} }} }}"""


def by_user(mutation: str, payload: str = "ok") -> str:
    """A mutation taking ``userId: ID!``."""
    return f"""mutation($u: ID!) {{ {mutation}(userId: $u) {{ {payload} errors {{ code field }} }} }}"""


RELATIONSHIP = """
query($h: String!) { user(handle: $h) {
  relationship { degree connected following followedBy followRequested blocking isContact
                 mutualConnectionCount label
                 outgoingRequest { id status } incomingRequest { id status } }
  viewerCan { connect { allowed code } follow { allowed code }
              message { allowed route code } viewConnections { allowed code } }
  connectionCount followerCount followingCount
} }"""


async def send(
    client: GraphQLClient, sender: Member, recipient: Member, note: str | None = None
) -> dict[str, Any]:
    """``sendConnectionRequest`` from sender to recipient; returns the payload."""
    data = await client.data(
        SEND, {"input": {"userId": recipient.id, "note": note}}, token=sender.token
    )
    return data["sendConnectionRequest"]  # type: ignore[no-any-return]


async def act(client: GraphQLClient, who: Member, mutation: str, request_id: str) -> dict[str, Any]:
    """accept/decline/ignore/withdraw a request by id, as ``who``."""
    data = await client.data(by_id(mutation), {"id": request_id}, token=who.token)
    return data[mutation]  # type: ignore[no-any-return]


async def on_user(
    client: GraphQLClient, who: Member, mutation: str, target: Member, payload: str = "ok"
) -> dict[str, Any]:
    """follow/unfollow/block/... ``target`` as ``who``."""
    data = await client.data(by_user(mutation, payload), {"u": target.id}, token=who.token)
    return data[mutation]  # type: ignore[no-any-return]


async def connect(client: GraphQLClient, a: Member, b: Member) -> None:
    """Connect two members through the API (request, then accept)."""
    sent = await send(client, a, b)
    assert sent["errors"] == [], sent
    accepted = await act(client, b, "acceptConnectionRequest", sent["request"]["id"])
    assert accepted["connected"] is True, accepted


async def relationship(client: GraphQLClient, viewer: Member, subject: Member) -> Any:
    """``user(handle:)`` with relationship, viewerCan and counts, as ``viewer`` sees it."""
    data = await client.data(RELATIONSHIP, {"h": subject.handle}, token=viewer.token)
    return data["user"]
