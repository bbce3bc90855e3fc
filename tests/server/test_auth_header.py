"""Authentication at the HTTP boundary.

A bad token is never treated as anonymous: a client whose session died must learn it (401 and
``WWW-Authenticate``) rather than silently see the public view. Mutations other than signUp and
logIn need a live token; the list of mutations is read by introspection so that a new mutation
is covered without touching this file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from amity.models import AuthToken
from support.client import PASSWORD, GraphQLClient, Response

PUBLIC_MUTATIONS = {"signUp", "logIn"}

INTROSPECT_MUTATIONS = """
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
{
  __schema {
    mutationType { fields { name args { name type { ...Ref } } } }
    types {
      name kind
      inputFields { name defaultValue type { ...Ref } }
      enumValues { name }
    }
  }
}
"""

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }"""
LOG_IN = """mutation($input: LogInInput!) { logIn(input: $input) { token errors { code } } }"""
LOG_OUT = "mutation { logOut { ok errors { code } } }"
VIEWER = "{ viewer { handle } }"


def _literal(ref: dict[str, Any], types: dict[str, dict[str, Any]]) -> str:
    """A GraphQL literal of the referenced input type, with every required field filled."""
    if ref["kind"] == "NON_NULL":
        return _literal(ref["ofType"], types)
    if ref["kind"] == "LIST":
        return f"[{_literal(ref['ofType'], types)}]"
    named = types[ref["name"]]
    if named["kind"] == "ENUM":
        return named["enumValues"][0]["name"]
    if named["kind"] == "INPUT_OBJECT":
        fields = [
            f"{f['name']}: {_literal(f['type'], types)}"
            for f in named["inputFields"]
            if f["type"]["kind"] == "NON_NULL" and f["defaultValue"] is None
        ]
        return "{" + ", ".join(fields) + "}"
    scalars = {"Int": "1", "Float": "1.0", "Boolean": "true"}
    return scalars.get(named["name"], '"x"')


async def _member_only_mutations(gql: GraphQLClient) -> dict[str, str]:
    """Each mutation but signUp/logIn, mapped to a minimal valid document calling it."""
    schema = (await gql.data(INTROSPECT_MUTATIONS))["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    calls = {}
    for field in schema["mutationType"]["fields"]:
        if field["name"] in PUBLIC_MUTATIONS:
            continue
        args = [
            f"{a['name']}: {_literal(a['type'], types)}"
            for a in field["args"]
            if a["type"]["kind"] == "NON_NULL"
        ]
        call = field["name"] + (f"({', '.join(args)})" if args else "")
        calls[field["name"]] = f"mutation {{ {call} {{ __typename }} }}"
    return calls


def _assert_401(response: Response) -> None:
    assert response.status == 401, response.body
    assert response.codes == ["UNAUTHENTICATED"]
    assert "data" not in response.body


async def test_anonymous_viewer_is_null(gql: GraphQLClient) -> None:
    assert await gql.data(VIEWER) == {"viewer": None}


async def test_viewer_with_token(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    assert await gql.data(VIEWER, token=ada.token) == {"viewer": {"handle": "ada"}}


async def test_every_member_mutation_needs_a_token(gql: GraphQLClient) -> None:
    calls = await _member_only_mutations(gql)
    assert {"logOut", "updateProfile", "updatePrivacySettings"} <= set(calls)
    for name, document in calls.items():
        response = await gql.post(document)
        assert response.status == 200, (name, response.body)
        assert response.codes == ["UNAUTHENTICATED"], (name, response.body)
        assert response.body["data"] is None, name


async def test_member_mutations_built_here_are_valid(gql: GraphQLClient) -> None:
    """The generated calls are valid documents: with a token none is refused as unauthenticated
    or invalid, so the test above fails for the right reason."""
    calls = await _member_only_mutations(gql)
    calls.pop("logOut")  # would revoke the token the loop uses
    ada = await gql.sign_up("ada")
    for name, document in calls.items():
        response = await gql.post(document, token=ada.token)
        assert response.status == 200, (name, response.body)
        assert "UNAUTHENTICATED" not in response.codes, (name, response.body)
        assert "GRAPHQL_VALIDATION_FAILED" not in response.codes, (name, response.body)


REQUESTS = {
    "query": (VIEWER, None),
    "signUp": (
        SIGN_UP,
        {
            "input": {
                "handle": "newcomer",
                "displayName": "New",
                "email": "new@example.com",
                "password": PASSWORD,
            }
        },
    ),
    "logIn": (LOG_IN, {"input": {"login": "ada", "password": PASSWORD}}),
}

BAD_HEADERS = {
    "garbage-bearer": "Bearer garbage",
    "basic-scheme": "Basic xyz",
    "bearer-without-token": "Bearer",
    "bearer-blank-token": "Bearer    ",
    "over-long": "Bearer " + "a" * 600,
    "empty": "",
}


@pytest.mark.parametrize("header", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
@pytest.mark.parametrize("operation", REQUESTS)
async def test_bad_authorization_header_is_401(
    gql: GraphQLClient, header: str, operation: str
) -> None:
    await gql.sign_up("ada")
    document, variables = REQUESTS[operation]
    resp = await gql.http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": header, "Accept": "application/graphql-response+json"},
    )
    body = await resp.json(content_type=None)
    assert resp.status == 401, body
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert resp.content_type == "application/graphql-response+json"
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "data" not in body
    # Nothing ran: signUp did not create the member.
    assert await gql.data('{ user(handle: "newcomer") { id } }') == {"user": None}


async def test_revoked_token_is_401_everywhere(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    assert (await gql.data(LOG_OUT, token=ada.token))["logOut"] == {"ok": True, "errors": []}
    for document, variables in REQUESTS.values():
        response = await gql.post(document, variables, token=ada.token)
        _assert_401(response)


async def test_expired_token_is_401(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    assert await gql.data(VIEWER, token=ada.token) == {"viewer": {"handle": "ada"}}
    expired = await AuthToken.filter(user__handle="ada").update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert expired == 1
    _assert_401(await gql.post(VIEWER, token=ada.token))
    _assert_401(await gql.post(*REQUESTS["logIn"], token=ada.token))


async def test_log_out_revokes_only_its_own_token(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    second = (await gql.data(*REQUESTS["logIn"]))["logIn"]
    assert second["errors"] == []
    other_token = second["token"]
    assert other_token
    assert other_token != ada.token

    assert (await gql.data(LOG_OUT, token=ada.token))["logOut"]["ok"] is True
    _assert_401(await gql.post(VIEWER, token=ada.token))
    assert await gql.data(VIEWER, token=other_token) == {"viewer": {"handle": "ada"}}
    assert await AuthToken.filter(user__handle="ada", revoked_at__isnull=True).count() == 1
