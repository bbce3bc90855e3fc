"""Error masking: exception text never reaches a client, and every error carries a code.

A crash inside a resolver is logged with its traceback (operators need it) and answered with
``INTERNAL_SERVER_ERROR`` only; deliberate, coded errors pass through unchanged.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import pytest

from amity.resolvers import users
from support.client import GraphQLClient

SECRET = "secret detail"


async def _crash(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise RuntimeError(SECRET)


async def test_unexpected_exception_is_masked_and_logged(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(users, "directory", _crash)
    caplog.set_level(logging.ERROR)
    resp = await gql.http.post(
        "/graphql",
        json={"query": "{ users { totalCount } viewer { id } }"},
        headers={"Accept": "application/graphql-response+json"},
    )
    text = await resp.text()
    assert resp.status == 200, text
    body = await resp.json(content_type=None)
    assert [e["extensions"] for e in body["errors"]] == [{"code": "INTERNAL_SERVER_ERROR"}]
    assert body["errors"][0]["path"] == ["users"]
    assert body["data"] is None  # users is non-null, so the null reaches the root
    assert SECRET not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text

    logged = [r for r in caplog.records if r.exc_info and r.exc_info[1] is not None]
    assert any(SECRET in str(r.exc_info[1]) for r in logged if r.exc_info), caplog.records


async def test_deliberate_errors_are_not_masked(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    response = await gql.post("{ users(first: -1) { totalCount } }")
    assert response.codes == ["BAD_USER_INPUT"]
    assert response.errors[0]["message"] == "first must not be negative."
    assert response.errors[0]["extensions"]["field"] == ["first"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    bad_cursor = await gql.post('{ users(after: "nope") { totalCount } }')
    assert bad_cursor.codes == ["BAD_USER_INPUT"]
    assert bad_cursor.errors[0]["message"] == "after is not a valid cursor."


async def test_variable_of_wrong_type_is_coded(gql: GraphQLClient) -> None:
    """A value that cannot be coerced to its variable's type is the client's mistake."""
    response = await gql.post(
        "query($first: Int) { users(first: $first) { totalCount } }", {"first": "ten"}
    )
    assert response.status == 422
    assert response.codes == ["BAD_USER_INPUT"]
    assert "data" not in response.body


async def test_missing_required_variable_is_coded(gql: GraphQLClient) -> None:
    response = await gql.post("query($h: String!) { user(handle: $h) { id } }", {})
    assert response.status == 422
    assert response.codes == ["BAD_USER_INPUT"]


async def test_unknown_fragment_is_a_validation_error(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    """strawberry's depth limiter used to crash on this and leak the KeyError's text."""
    caplog.set_level(logging.ERROR)
    response = await gql.post("{ viewer { ...Missing } }")
    assert response.status == 422
    assert response.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Missing" in response.errors[0]["message"]
    assert response.errors[0]["message"] != "'Missing'"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_validation_errors_are_not_logged_as_faults(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A client's typo is not a server fault: no ERROR record, no traceback in the log."""
    caplog.set_level(logging.ERROR)
    response = await gql.post("{ viewer { nope } }")
    assert response.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
