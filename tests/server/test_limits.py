"""Complexity limits and page sizes: a public GraphQL endpoint without them is a DoS endpoint.

The schema is shallow: the deepest valid selection (``users > edges > node > settings >
locked``) reaches depth 4, so no valid document can exceed depth 15 with real fields. The depth
limiter measures the document before the schema is consulted, though, so nesting a real field
inside itself (invalid, but measured) shows where the limit falls; the limiter and
``classify`` are also checked directly against ``build_schema().execute``.
"""

from __future__ import annotations

import uuid

import pytest
from graphql import GraphQLError

from amity.errors import QUERY_TOO_COMPLEX
from amity.models import User
from amity.schema import build_schema
from amity.schema.extensions import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, classify
from support.client import GraphQLClient

DEEPEST_VALID = "{ users { edges { node { settings { locked } } } } }"


def nested(depth: int) -> str:
    """A document whose deepest field sits at ``depth`` (top-level fields are at depth 0)."""
    inner = "handle"
    for _ in range(depth - 1):
        inner = f"handle {{ {inner} }}"
    return f"{{ viewer {{ {inner} }} }}"


def nested_by_fragments(depth: int) -> str:
    """The same depth spread over a chain of named fragments, which add no depth themselves."""
    fragments = [f"fragment F{depth} on User {{ handle }}"]
    for level in range(depth - 1, 0, -1):
        fragments.append(f"fragment F{level} on User {{ handle {{ ...F{level + 1} }} }}")
    return "{ viewer { ...F1 } } " + " ".join(fragments)


def test_nested_helpers_measure_what_they_say() -> None:
    assert nested(1) == "{ viewer { handle } }"
    assert nested(2) == "{ viewer { handle { handle } } }"


async def test_deepest_valid_document_runs(gql: GraphQLClient) -> None:
    ada = await gql.sign_up("ada")
    data = await gql.data(DEEPEST_VALID, token=ada.token)
    assert data["users"]["edges"][0]["node"]["settings"] == {"locked": False}


@pytest.mark.parametrize("build", [nested, nested_by_fragments])
async def test_depth_limit_over_http(gql: GraphQLClient, build: object) -> None:
    assert callable(build)
    at_limit = await gql.post(build(MAX_DEPTH))
    assert at_limit.status == 422
    assert QUERY_TOO_COMPLEX not in at_limit.codes
    assert set(at_limit.codes) == {"GRAPHQL_VALIDATION_FAILED"}

    over = await gql.post(build(MAX_DEPTH + 1))
    assert over.status == 422
    assert QUERY_TOO_COMPLEX in over.codes
    assert "data" not in over.body


async def test_depth_limiter_in_the_schema() -> None:
    """The limiter, run by the schema itself, names the maximum and is coded as too complex."""
    schema = build_schema()
    result = await schema.execute(nested(MAX_DEPTH + 1))
    assert result.data is None
    too_deep = [e for e in result.errors or [] if "exceeds maximum operation depth" in e.message]
    assert len(too_deep) == 1
    assert f"depth of {MAX_DEPTH}" in too_deep[0].message
    assert too_deep[0].extensions == {"code": QUERY_TOO_COMPLEX}

    result = await schema.execute(nested(MAX_DEPTH))
    assert not any("maximum operation depth" in e.message for e in result.errors or [])


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (GraphQLError("'anonymous' exceeds maximum operation depth of 15"), QUERY_TOO_COMPLEX),
        (GraphQLError("31 aliases found. Allowed: 30"), QUERY_TOO_COMPLEX),
        (GraphQLError("Cannot query field 'x' on type 'Query'."), "GRAPHQL_VALIDATION_FAILED"),
        (GraphQLError("boom", path=["users"]), None),
        (GraphQLError("boom", original_error=RuntimeError("x"), path=["users"]), None),
    ],
)
def test_classify(error: GraphQLError, code: str | None) -> None:
    assert classify(error) == code


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(count)) + " }"


async def test_alias_limit(gql: GraphQLClient) -> None:
    assert (await gql.data(aliases(MAX_ALIASES)))["a0"] is None
    over = await gql.post(aliases(MAX_ALIASES + 1))
    assert over.status == 422
    assert over.codes == [QUERY_TOO_COMPLEX]


def operations(extra_tokens: int = 0) -> str:
    """Exactly ``MAX_TOKENS + extra_tokens`` tokens, as many small named operations.

    One flat selection of thousands of fields would trip graphql-core's own validation budget
    (overlapping-field checks are quadratic), hiding the token limit behind another error.
    """
    count = MAX_TOKENS // 5  # "query Qn { __typename }" is five tokens
    first = "query Q0 { __typename" + " __typename" * extra_tokens + " }"
    return " ".join([first, *(f"query Q{i} {{ __typename }}" for i in range(1, count))])


async def test_token_limit(gql: GraphQLClient) -> None:
    at_limit = await gql.http.post("/graphql", json={"query": operations(), "operationName": "Q0"})
    assert at_limit.status == 200
    assert await at_limit.json() == {"data": {"__typename": "Query"}}

    over = await gql.http.post(
        "/graphql", json={"query": operations(extra_tokens=1), "operationName": "Q0"}
    )
    body = await over.json(content_type=None)
    assert over.status == 422, body
    assert [e["extensions"]["code"] for e in body["errors"]] == [QUERY_TOO_COMPLEX]
    assert "data" not in body


async def _insert_members(count: int) -> None:
    """Members straight into the table: signing 100+ up over HTTP would hash 100+ passwords."""
    await User.bulk_create(
        [
            User(
                id=uuid.uuid4(),
                handle=f"member{i:03d}",
                display_name=f"Member {i}",
                email=f"member{i:03d}@example.com",
                email_key=f"member{i:03d}@example.com",
                password_hash="not-a-hash",
            )
            for i in range(count)
        ]
    )


PAGE = "query($first: Int) { users(first: $first) { totalCount edges { node { handle } } } }"


async def test_page_sizes(gql: GraphQLClient) -> None:
    await _insert_members(105)
    assert await User.all().count() == 105

    default = (await gql.data("{ users { totalCount edges { node { handle } } } }"))["users"]
    assert default["totalCount"] == 105
    assert len(default["edges"]) == 20

    clamped = (await gql.data(PAGE, {"first": 1000}))["users"]
    assert clamped["totalCount"] == 105
    assert len(clamped["edges"]) == 100

    exact = (await gql.data(PAGE, {"first": 100}))["users"]
    assert len(exact["edges"]) == 100

    assert (await gql.data(PAGE, {"first": 0}))["users"]["edges"] == []
    assert len((await gql.data(PAGE, {"first": None}))["users"]["edges"]) == 20


async def test_negative_first_is_bad_user_input(gql: GraphQLClient) -> None:
    response = await gql.post(PAGE, {"first": -1})
    assert response.status == 200
    assert response.codes == ["BAD_USER_INPUT"]
    assert response.body["data"] is None
