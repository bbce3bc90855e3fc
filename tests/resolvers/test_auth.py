"""signUp, logIn and logOut through the GraphQL API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from amity.models import User
from resolvers.conftest import SETTINGS_SELECTION, sign_up_input
from support.client import PASSWORD, GraphQLClient

SIGN_UP = f"""
mutation($input: SignUpInput!) {{
  signUp(input: $input) {{
    token
    user {{ id handle displayName email settings {{ {SETTINGS_SELECTION} }} }}
    errors {{ code message field }}
  }}
}}
"""

LOG_IN = """
mutation($input: LogInInput!) {
  logIn(input: $input) { token user { id handle } errors { code message field } }
}
"""

LOG_OUT = "mutation { logOut { ok errors { code field } } }"
VIEWER = f"{{ viewer {{ id handle email settings {{ {SETTINGS_SELECTION} }} }} }}"

Count = Callable[[], Awaitable[int]]


async def sign_up(client: GraphQLClient, **input: Any) -> dict[str, Any]:
    data = await client.data(SIGN_UP, {"input": input})
    return data["signUp"]


def fields_of(payload: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e["code"], tuple(e["field"] or ())) for e in payload["errors"])


# ------------------------------------------------------------------ signUp


async def test_sign_up_returns_a_working_token_and_the_new_member(gql: GraphQLClient) -> None:
    payload = await sign_up(gql, **sign_up_input("ada", displayName="  Ada Lovelace  "))

    assert payload["errors"] == []
    user = payload["user"]
    assert (user["handle"], user["displayName"], user["email"]) == (
        "ada",
        "Ada Lovelace",
        "ada@example.com",
    )
    viewer = (await gql.data(VIEWER, token=payload["token"]))["viewer"]
    assert (viewer["id"], viewer["handle"]) == (user["id"], "ada")


@pytest.mark.parametrize(
    ("handle", "stored"),
    [
        ("abc", "abc"),
        ("Ada_Lovelace", "ada_lovelace"),
        ("ABC_123", "abc_123"),
        ("x" * 30, "x" * 30),
        ("___", "___"),
    ],
)
async def test_valid_handles_are_stored_lowercase(
    gql: GraphQLClient, handle: str, stored: str
) -> None:
    payload = await sign_up(gql, **sign_up_input(handle, email="someone@example.com"))

    assert payload["errors"] == []
    assert payload["user"]["handle"] == stored
    assert await User.filter(handle=stored).count() == 1


BAD_INPUT = [
    ("handle", "ab"),
    ("handle", "x" * 31),
    ("handle", ""),
    ("handle", "has space"),
    ("handle", "hyphen-ated"),
    ("handle", "dot.ted"),
    ("handle", "ädä"),
    ("handle", "abc\n"),
    ("displayName", ""),
    ("displayName", "   "),
    ("displayName", "\t\n"),
    ("displayName", "x" * 101),
    ("email", ""),
    ("email", "no-at-sign"),
    ("email", "ada@localhost"),
    ("email", "two@@example.com"),
    ("email", "spa ce@example.com"),
    ("email", "@example.com"),
    ("password", ""),
    ("password", "short"),
    ("password", "x" * 7),
]


@pytest.mark.parametrize(("field", "value"), BAD_INPUT)
async def test_invalid_sign_up_input_names_the_field_and_creates_nothing(
    gql: GraphQLClient, user_count: Count, field: str, value: str
) -> None:
    payload = await sign_up(gql, **{**sign_up_input("ada"), field: value})

    assert fields_of(payload) == [("BAD_USER_INPUT", ("input", field))]
    assert payload["token"] is None
    assert payload["user"] is None
    assert await user_count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("displayName", "x" * 100), ("displayName", "  " + "x" * 100 + "  "), ("password", "x" * 8)],
)
async def test_inputs_at_their_limits_are_accepted(
    gql: GraphQLClient, user_count: Count, field: str, value: str
) -> None:
    payload = await sign_up(gql, **{**sign_up_input("ada"), field: value})

    assert payload["errors"] == []
    assert await user_count() == 1


async def test_every_problem_is_reported_at_once(gql: GraphQLClient, user_count: Count) -> None:
    payload = await sign_up(
        gql, handle="a!", displayName=" ", email="nope", password="123", inviteToken="zzz"
    )

    assert fields_of(payload) == [
        ("BAD_USER_INPUT", ("input", name))
        for name in sorted(["handle", "displayName", "email", "password", "inviteToken"])
    ]
    assert all(e["message"] for e in payload["errors"])
    assert await user_count() == 0


@pytest.mark.parametrize(
    ("second", "taken"),
    [
        ({"handle": "ADA", "email": "other@example.com"}, ["handle"]),
        ({"handle": "Ada", "email": "other@example.com"}, ["handle"]),
        ({"handle": "other", "email": "ada@example.com"}, ["email"]),
        ({"handle": "other", "email": "Ada@Example.COM"}, ["email"]),
        ({"handle": "other", "email": "  ada@example.com "}, ["email"]),
        ({"handle": "aDa", "email": "ADA@EXAMPLE.COM"}, ["email", "handle"]),
    ],
)
async def test_a_taken_handle_or_email_is_already_exists(
    gql: GraphQLClient, user_count: Count, second: dict[str, str], taken: list[str]
) -> None:
    first = await sign_up(gql, **sign_up_input("ada", email="Ada@Example.com"))
    assert first["errors"] == []

    payload = await sign_up(gql, **sign_up_input(**second))

    assert fields_of(payload) == [("ALREADY_EXISTS", ("input", f)) for f in taken]
    assert payload["token"] is None
    assert await user_count() == 1


@pytest.mark.parametrize("token", ["", "abc", "x" * 64, "00000000-0000-0000-0000-000000000000"])
async def test_an_unknown_invite_token_is_refused_and_creates_nothing(
    gql: GraphQLClient, user_count: Count, token: str
) -> None:
    payload = await sign_up(gql, **sign_up_input("ada", inviteToken=token))

    assert fields_of(payload) == [("BAD_USER_INPUT", ("input", "inviteToken"))]
    assert payload["token"] is None
    assert await user_count() == 0


async def test_a_null_invite_token_is_no_invite(gql: GraphQLClient, user_count: Count) -> None:
    payload = await sign_up(gql, **sign_up_input("ada", inviteToken=None))

    assert payload["errors"] == []
    assert await user_count() == 1


DEFAULT_SETTINGS = {
    #        headline   bio            location       email          connections
    "linkedin": ("PUBLIC", "NETWORK", "PUBLIC", "CONNECTIONS", "CONNECTIONS", "EVERYONE"),
    "facebook": ("PUBLIC", "CONNECTIONS", "CONNECTIONS", "ONLY_ME", "PUBLIC", "EVERYONE"),
    "follow_only": ("PUBLIC", "PUBLIC", "PUBLIC", "ONLY_ME", "PUBLIC", "CONNECTIONS"),
}


@pytest.mark.parametrize("style", sorted(DEFAULT_SETTINGS))
async def test_new_members_get_the_style_defaults(make_client: Any, style: str) -> None:
    client = await make_client(style=style)
    headline, bio, location, email, connections, who_can_message = DEFAULT_SETTINGS[style]
    expected = {
        "headlineAudience": headline,
        "bioAudience": bio,
        "locationAudience": location,
        "emailAudience": email,
        "connectionsAudience": connections,
        "discoverable": "PUBLIC",
        "whoCanRequest": "EVERYONE",
        "whoCanMessage": who_can_message,
        "locked": False,
    }

    payload = await sign_up(client, **sign_up_input("ada"))
    viewer = (await client.data(VIEWER, token=payload["token"]))["viewer"]

    assert payload["user"]["settings"] == expected
    assert viewer["settings"] == expected


async def test_repeated_sign_ups_with_one_handle_create_one_member(
    gql: GraphQLClient, user_count: Count
) -> None:
    payloads = [
        await sign_up(gql, **sign_up_input("ada", email=f"ada{i}@example.com")) for i in range(5)
    ]

    assert [p["errors"] == [] for p in payloads] == [True, False, False, False, False]
    for payload in payloads[1:]:
        assert fields_of(payload) == [("ALREADY_EXISTS", ("input", "handle"))]
    assert await user_count() == 1


@pytest.mark.parametrize(
    ("vary", "field"),
    [("email", "handle"), ("handle", "email")],
    ids=["same-handle", "same-email"],
)
async def test_parallel_sign_ups_create_exactly_one_member(
    gql: GraphQLClient, user_count: Count, is_postgres: bool, vary: str, field: str
) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises writes; the sequential test covers it")

    def attempt(i: int) -> dict[str, Any]:
        values = {"handle": "ada", "email": "ada@example.com"}
        values[vary] = f"ada{i}" if vary == "handle" else f"ada{i}@example.com"
        return sign_up_input(**values)

    payloads = await asyncio.gather(*(sign_up(gql, **attempt(i)) for i in range(20)))

    succeeded = [p for p in payloads if p["errors"] == []]
    refused = [p for p in payloads if p["errors"] != []]
    assert len(succeeded) == 1
    assert len(refused) == 19
    for payload in refused:
        assert fields_of(payload) == [("ALREADY_EXISTS", ("input", field))]
        assert payload["token"] is None
    assert await user_count() == 1


# ------------------------------------------------------------------ logIn / logOut


@pytest.mark.parametrize(
    "login",
    ["ada", "ADA", "Ada", " ada ", "Ada@Example.com", "ada@example.com", "ADA@EXAMPLE.COM"],
)
async def test_log_in_by_handle_or_email_case_insensitively(gql: GraphQLClient, login: str) -> None:
    member = await gql.sign_up("Ada", email="Ada@Example.com")

    payload = (await gql.data(LOG_IN, {"input": {"login": login, "password": PASSWORD}}))["logIn"]

    assert payload["errors"] == []
    assert payload["user"] == {"id": member.id, "handle": "ada"}
    assert payload["token"]
    assert payload["token"] != member.token
    viewer = (await gql.data(VIEWER, token=payload["token"]))["viewer"]
    assert viewer["id"] == member.id


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("ada", PASSWORD + "!"),
        ("ada", PASSWORD.upper()),
        ("ada@example.com", "wrong password"),
        ("ada", ""),
        ("nobody", PASSWORD),
        ("nobody@example.com", PASSWORD),
        ("", PASSWORD),
        ("x" * 300, PASSWORD),
        ("grace", PASSWORD + "x"),
    ],
)
async def test_wrong_password_and_unknown_login_answer_alike(
    gql: GraphQLClient, login: str, password: str
) -> None:
    await gql.sign_up("ada")
    await gql.sign_up("grace")
    reference = await gql.data(LOG_IN, {"input": {"login": "nobody", "password": "whatever1"}})
    expected = reference["logIn"]["errors"]
    assert [e["code"] for e in expected] == ["INVALID_CREDENTIALS"]

    payload = (await gql.data(LOG_IN, {"input": {"login": login, "password": password}}))["logIn"]

    assert payload["errors"] == expected
    assert payload["token"] is None
    assert payload["user"] is None


async def test_log_out_revokes_only_the_token_it_was_sent_with(gql: GraphQLClient) -> None:
    member = await gql.sign_up("ada")
    second = (await gql.data(LOG_IN, {"input": {"login": "ada", "password": PASSWORD}}))["logIn"]
    assert (await gql.data(VIEWER, token=member.token))["viewer"]["handle"] == "ada"

    payload = (await gql.data(LOG_OUT, token=member.token))["logOut"]

    assert payload == {"ok": True, "errors": []}
    after = await gql.post(VIEWER, token=member.token)
    assert after.status == 401
    assert after.codes == ["UNAUTHENTICATED"]
    again = await gql.post(LOG_OUT, token=member.token)
    assert again.status == 401
    assert (await gql.data(VIEWER, token=second["token"]))["viewer"]["handle"] == "ada"


async def test_log_out_without_a_token_is_unauthenticated(gql: GraphQLClient) -> None:
    response = await gql.post(LOG_OUT)

    assert response.codes == ["UNAUTHENTICATED"]
    assert not (response.body.get("data") or {}).get("logOut")


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "Bearer"])
async def test_an_unknown_token_is_never_anonymous(gql: GraphQLClient, token: str) -> None:
    await gql.sign_up("ada")

    response = await gql.post(VIEWER, token=token)

    assert response.status == 401
    assert response.codes == ["UNAUTHENTICATED"]
