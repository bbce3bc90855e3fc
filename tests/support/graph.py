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
    return (
        f"""mutation($id: ID!) {{ {mutation}(id: $id) {{ {payload} errors {{ code field }} }} }}"""
    )


def by_user(mutation: str, payload: str = "ok") -> str:
    """A mutation taking ``userId: ID!``."""
    selection = f"{{ {payload} errors {{ code field }} }}"
    return f"mutation($u: ID!) {{ {mutation}(userId: $u) {selection} }}"


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


FOLLOW_PAYLOAD = "follow { id status follower { handle } followee { handle } }"

MEMBER_LISTS = """
query($h: String!) { user(handle: $h) {
  connectionCount followerCount followingCount
  connections(first: 100) { totalCount edges { node { handle } } }
  followers(first: 100) { totalCount edges { node { handle } } }
  following(first: 100) { totalCount edges { node { handle } } }
} }"""


async def follow(client: GraphQLClient, who: Member, target: Member) -> dict[str, Any]:
    """``follow`` ``target`` as ``who``; returns the payload (follow and errors)."""
    return await on_user(client, who, "follow", target, FOLLOW_PAYLOAD)


async def member_lists(client: GraphQLClient, viewer: Member, subject: Member) -> dict[str, Any]:
    """Handles in ``subject``'s connections/followers/following as ``viewer`` sees them, with
    ``totalCount`` and the ``*Count`` fields; a hidden list is ``None``."""
    data = await client.data(MEMBER_LISTS, {"h": subject.handle}, token=viewer.token)
    user = data["user"]
    assert user is not None, f"{viewer.handle} cannot see {subject.handle}"
    out: dict[str, Any] = {
        k: user[k] for k in ("connectionCount", "followerCount", "followingCount")
    }
    for name in ("connections", "followers", "following"):
        conn = user[name]
        out[name] = None if conn is None else [e["node"]["handle"] for e in conn["edges"]]
        out[f"{name}Total"] = None if conn is None else conn["totalCount"]
    return out
