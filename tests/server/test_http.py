"""GraphQL over HTTP: media types, status codes and methods, as Apollo Client 4 expects them.

strawberry on its own answers parse and validation errors with 200 and its HTTP errors as plain
text; these tests pin the status codes and the JSON shape a client can rely on.
"""

from __future__ import annotations

from typing import Any

import pytest

from server.answers import read_answer
from support.client import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (f"{GRAPHQL_RESPONSE}, {JSON}", GRAPHQL_RESPONSE),
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (JSON, JSON),
        ("*/*", JSON),
        (None, JSON),
        (f"{GRAPHQL_RESPONSE};q=0, {JSON}", JSON),
    ],
)
async def test_media_type_follows_accept(
    gql: GraphQLClient, accept: str | None, media: str
) -> None:
    """The newer media type only for clients that ask for it; older clients get plain JSON."""
    headers = {"Accept": accept} if accept is not None else {}
    resp = await gql.http.post("/graphql", json={"query": "{ viewer { id } }"}, headers=headers)
    answer = await read_answer(resp)
    assert answer.status == 200
    assert answer.content_type == media
    assert answer.body == {"data": {"viewer": None}}


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
async def test_unparsable_document_is_400_without_data(gql: GraphQLClient, accept: str) -> None:
    response = await gql.post("{ viewer { id ", headers={"Accept": accept})
    assert response.status == 400
    assert response.content_type == accept
    assert response.codes == ["GRAPHQL_PARSE_FAILED"]
    assert "data" not in response.body


async def test_invalid_document_is_422(gql: GraphQLClient) -> None:
    response = await gql.post("{ viewer { noSuchField } }")
    assert response.status == 422
    assert response.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert "data" not in response.body
    assert "noSuchField" in response.errors[0]["message"]


async def test_execution_error_keeps_200_and_data(gql: GraphQLClient) -> None:
    """An error raised while executing is not a refused request: data stays, status is 200."""
    response = await gql.post("{ users(first: -1) { totalCount } }")
    assert response.status == 200
    assert "data" in response.body
    assert response.codes == ["BAD_USER_INPUT"]


async def test_query_over_get(gql: GraphQLClient) -> None:
    resp = await gql.http.get(
        "/graphql",
        params={
            "query": "query($h: String!) { user(handle: $h) { id } }",
            "variables": '{"h": "x"}',
        },
        headers={"Accept": JSON},
    )
    answer = await read_answer(resp)
    assert answer.status == 200, answer.text
    assert answer.body == {"data": {"user": None}}


async def test_mutation_over_get_is_405(gql: GraphQLClient) -> None:
    resp = await gql.http.get("/graphql", params={"query": "mutation { logOut { ok } }"})
    answer = await read_answer(resp)
    assert answer.status == 405
    assert answer.headers["Allow"] == "POST"
    assert answer.codes == ["BAD_REQUEST"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_405(gql: GraphQLClient, method: str) -> None:
    resp = await gql.http.request(method, "/graphql", json={"query": "{ viewer { id } }"})
    answer = await read_answer(resp)
    assert answer.status == 405
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert answer.codes == ["BAD_REQUEST"]


JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    "request_kwargs",
    [
        pytest.param({"data": "not json", "headers": JSON_HEADERS}, id="not-json"),
        pytest.param({"data": '{"query": ', "headers": JSON_HEADERS}, id="truncated-json"),
        pytest.param({"data": "[1, 2]", "headers": JSON_HEADERS}, id="json-array"),
        pytest.param({"data": "[]", "headers": JSON_HEADERS}, id="empty-array"),
        pytest.param({"data": "3", "headers": JSON_HEADERS}, id="json-number"),
        pytest.param({"data": '"{ viewer { id } }"', "headers": JSON_HEADERS}, id="json-string"),
        pytest.param({"data": "null", "headers": JSON_HEADERS}, id="json-null"),
        pytest.param({"data": "", "headers": JSON_HEADERS}, id="empty-body"),
        pytest.param({"json": {"query": 5}}, id="query-number"),
        pytest.param({"json": {"query": ["{ viewer { id } }"]}}, id="query-list"),
        pytest.param({"json": {"query": "{ viewer { id } }", "variables": [1]}}, id="vars-list"),
        pytest.param({"json": {"query": "{ viewer { id } }", "variables": "{}"}}, id="vars-str"),
        pytest.param({"json": {"query": "{ viewer { id } }", "extensions": 1}}, id="ext-number"),
        pytest.param({"json": {"variables": {}}}, id="no-query"),
        pytest.param(
            {"data": "{ viewer { id } }", "headers": {"Content-Type": "text/plain"}},
            id="text-plain",
        ),
        pytest.param(
            {"data": "{ viewer { id } }", "headers": {"Content-Type": "application/graphql"}},
            id="application-graphql",
        ),
        pytest.param(
            {"data": "query=%7Bviewer%7Bid%7D%7D", "headers": {"Content-Type": "text/html"}},
            id="text-html",
        ),
    ],
)
async def test_malformed_requests_are_400_json(
    gql: GraphQLClient, request_kwargs: dict[str, Any]
) -> None:
    """Every refusal is JSON with a code, never strawberry's plain text or a 500."""
    resp = await gql.http.post("/graphql", **request_kwargs)
    answer = await read_answer(resp)
    assert answer.status == 400, answer.text
    assert answer.content_type == JSON
    assert answer.codes, answer.text
    assert all(answer.codes), answer.text
    assert "data" not in answer.body


async def test_browser_get_serves_graphiql(gql: GraphQLClient) -> None:
    resp = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert resp.status == 200
    assert resp.content_type == "text/html"
    page = await resp.text()
    assert "<html" in page.lower()
    assert "graphiql" in page.lower()


async def test_several_operations_need_an_operation_name(gql: GraphQLClient) -> None:
    document = "query A { policy { style } } query B { viewer { handle } }"
    unnamed = await gql.http.post("/graphql", json={"query": document})
    body = await unnamed.json(content_type=None)
    assert unnamed.status == 422
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    named = await gql.http.post("/graphql", json={"query": document, "operationName": "B"})
    assert named.status == 200
    assert await named.json(content_type=None) == {"data": {"viewer": None}}
