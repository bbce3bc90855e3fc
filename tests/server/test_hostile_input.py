"""Hostile input never produces a 500, an unexpected-error code or a traceback.

Each case is something a fuzzer or a careless client sends in practice. NUL characters cannot
be stored in PostgreSQL text and unpaired surrogates cannot be encoded as UTF-8, so both are
refused at the door rather than left to crash a database driver or the password hasher.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from server.answers import read_answer
from support.client import PASSWORD, GraphQLClient

JSON_HEADERS = {"Content-Type": "application/json"}
SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { code field } } }"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { code } } }"
USER = "query($h: String!) { user(handle: $h) { id } }"
SEARCH = "query($s: String) { users(search: $s) { totalCount } }"


def sign_up_vars(**changes: str) -> dict[str, Any]:
    fields = {
        "handle": "mallory",
        "displayName": "Mallory",
        "email": "mallory@example.com",
        "password": PASSWORD,
    }
    return {"i": {**fields, **changes}}


def raw(text: str) -> dict[str, Any]:
    """A body sent byte for byte (``json=`` would escape what the case needs unescaped)."""
    return {"data": text.encode("utf-8", "surrogatepass"), "headers": JSON_HEADERS}


def body(query: str, variables: Any = None, **extra: Any) -> dict[str, Any]:
    payload = {"query": query, "variables": variables, **extra}
    return raw(json.dumps(payload))  # json.dumps writes surrogates as \\ud800 escapes


CASES = {
    "nested-json-array": raw(
        '{"query": "{ viewer { id } }", "variables": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ),
    "nested-json-object": raw('{"a":' * 50_000 + "1" + "}" * 50_000),
    "nested-variable": raw(
        f'{{"query": "{USER}", "variables": {{"h": {"[" * 5000}"x"{"]" * 5000}}}}}'
    ),
    "huge-string-variable": body(SEARCH, {"s": "x" * 900_000}),
    "huge-handle": body(USER, {"h": "a" * 500_000}),
    "huge-password": body(SIGN_UP, sign_up_vars(password="p" * 500_000)),
    "huge-login": body(LOG_IN, {"i": {"login": "l" * 500_000, "password": "p" * 1000}}),
    "nul-handle": body(SIGN_UP, sign_up_vars(handle="mal\x00lory")),
    "nul-display-name": body(SIGN_UP, sign_up_vars(displayName="Mal\x00lory")),
    "nul-email": body(SIGN_UP, sign_up_vars(email="mal\x00lory@example.com")),
    "nul-password": body(SIGN_UP, sign_up_vars(password="correct\x00horse")),
    "nul-login": body(LOG_IN, {"i": {"login": "mal\x00lory", "password": PASSWORD}}),
    "nul-search": body(SEARCH, {"s": "\x00"}),
    "nul-literal": body('{ users(search: "a\\u0000b") { totalCount } }'),
    "nul-literal-handle": body('{ user(handle: "a\\u0000") { id } }'),
    "surrogate-handle": body(SIGN_UP, sign_up_vars(handle="mal\ud800")),
    "surrogate-display-name": body(SIGN_UP, sign_up_vars(displayName="Mal\udfff")),
    "surrogate-email": body(SIGN_UP, sign_up_vars(email="m\ud800@example.com")),
    "surrogate-password": body(SIGN_UP, sign_up_vars(password="correct\udc00horse")),
    "surrogate-login": body(LOG_IN, {"i": {"login": "m\ud800", "password": "x\udc00"}}),
    "surrogate-user": body(USER, {"h": "\udc00x"}),
    "surrogate-search": body(SEARCH, {"s": "\ud800"}),
    "surrogate-in-document": raw('{"query": "{ user(handle: \\"\\ud800\\") { id } }"}'),
    "surrogate-escape-in-document": body('{ user(handle: "\\ud800") { id } }'),
    "surrogate-key": body(USER, {"h\ud800": "x", "h": "x"}),
    "invalid-utf8": {"data": b'{"query": "{ viewer { id } }\xff\xfe"}', "headers": JSON_HEADERS},
    "nul-in-document": raw('{"query": "{ viewer\\u0000 { id } }"}'),
    "wrong-type-int": body("query($f: Int) { users(first: $f) { totalCount } }", {"f": "ten"}),
    "wrong-type-huge-int": body(
        "query($f: Int) { users(first: $f) { totalCount } }", {"f": 10**30}
    ),
    "wrong-type-float": body("query($f: Int) { users(first: $f) { totalCount } }", {"f": 1.5}),
    "wrong-type-object": body(USER, {"h": {"x": 1}}),
    "wrong-type-input-list": body(SIGN_UP, {"i": [1, 2]}),
    "input-unknown-field": body(SIGN_UP, {"i": {**sign_up_vars()["i"], "admin": True}}),
    "input-missing-field": body(SIGN_UP, {"i": {"handle": "x"}}),
    "undeclared-variable": body("{ user(handle: $h) { id } }", {"h": "x"}),
    "unknown-operation-name": body("query A { viewer { id } }", None, operationName="B"),
    "operation-name-number": body("query A { viewer { id } }", None, operationName=7),
    "operation-name-object": body("query A { viewer { id } }", None, operationName={"a": 1}),
    "multiple-operations": body("query A { viewer { id } } query B { viewer { handle } }"),
    "duplicate-operation-names": body("query A { viewer { id } } query A { viewer { id } }"),
    "subscription": body("subscription { viewer { id } }"),
    "fragment-cycle": body(
        "{ viewer { ...A } } fragment A on User { ...B } fragment B on User { ...A }"
    ),
    "unknown-fragment": body("{ viewer { ...Nope } }"),
    "introspection-deep": body(
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType "
        "{ ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } "
        "} } } } } } } } } }"
    ),
    "bad-cursor": body('{ users(after: "!!!") { totalCount } }'),
    "forged-cursor": body('{ users(after: "WyJ1c2VycyIsW11d") { totalCount } }'),
    "bad-node-id": body('{ node(id: "VXNlcjpub3QtYS11dWlk") { id } }'),
    "huge-node-id": body("query($i: ID!) { node(id: $i) { id } }", {"i": "A" * 500_000}),
    "two-megabytes": raw(
        '{"query": "{ viewer { id } }", "pad": "' + "x" * (2 * 1024 * 1024) + '"}'
    ),
}


@pytest.mark.parametrize("request_kwargs", CASES.values(), ids=CASES.keys())
async def test_hostile_input_is_refused_cleanly(
    gql: GraphQLClient, request_kwargs: dict[str, Any]
) -> None:
    resp = await gql.http.post("/graphql", **request_kwargs)
    answer = await read_answer(resp)
    assert answer.status < 500, answer.text[:500]
    assert "Traceback" not in answer.text
    assert answer.content_type in {"application/json", "application/graphql-response+json"}
    assert "INTERNAL_SERVER_ERROR" not in answer.codes, answer.text[:500]
    assert all(answer.codes), answer.text[:500]
    if answer.status != 200:
        assert answer.codes, answer.text[:500]


async def test_two_megabyte_body_is_413(gql: GraphQLClient) -> None:
    resp = await gql.http.post("/graphql", **CASES["two-megabytes"])
    answer = await read_answer(resp)
    assert answer.status == 413
    assert answer.codes == ["BAD_REQUEST"]


async def test_unstorable_strings_are_400(gql: GraphQLClient) -> None:
    for case in ("nul-password", "surrogate-handle", "surrogate-search"):
        answer = await read_answer(await gql.http.post("/graphql", **CASES[case]))
        assert answer.status == 400, (case, answer.text)
        assert answer.codes == ["BAD_REQUEST"], case


async def test_nul_in_a_literal_is_a_validation_error(gql: GraphQLClient) -> None:
    answer = await read_answer(await gql.http.post("/graphql", **CASES["nul-literal"]))
    assert answer.status == 422, answer.text
    assert answer.codes == ["GRAPHQL_VALIDATION_FAILED"]


async def test_hostile_sign_ups_created_nobody(gql: GraphQLClient) -> None:
    sign_ups = [c for c in CASES.values() if b"SignUpInput" in c["data"][:200]]
    assert len(sign_ups) >= 10
    for case in sign_ups:
        await gql.http.post("/graphql", **case)
    assert (await gql.data("{ users { totalCount } }"))["users"]["totalCount"] == 0
