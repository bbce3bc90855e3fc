"""updateProfile and updatePrivacySettings through the GraphQL API."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.conftest import SETTINGS_SELECTION, UPDATE_PRIVACY
from support.client import GraphQLClient, Member

PROFILE_SELECTION = "displayName headline bio location"

UPDATE_PROFILE = f"""
mutation($input: UpdateProfileInput!) {{
  updateProfile(input: $input) {{
    user {{ {PROFILE_SELECTION} }}
    errors {{ code message field }}
  }}
}}
"""

VIEWER = f"{{ viewer {{ {PROFILE_SELECTION} settings {{ {SETTINGS_SELECTION} }} }} }}"

FILLED = {
    "displayName": "Ada Lovelace",
    "headline": "Analyst",
    "bio": "Wrote the first program.",
    "location": "London",
}

LIMITS = {"headline": 220, "bio": 2600, "location": 100}

OTHER_SETTINGS = {
    "headlineAudience": "ONLY_ME",
    "bioAudience": "CONNECTIONS",
    "locationAudience": "NETWORK",
    "emailAudience": "PUBLIC",
    "connectionsAudience": "ONLY_ME",
    "discoverable": "NETWORK",
    "whoCanRequest": "CONTACTS",
    "whoCanMessage": "NOBODY",
    "locked": True,
}


async def update_profile(gql: GraphQLClient, member: Member, **input: Any) -> dict[str, Any]:
    data = await gql.data(UPDATE_PROFILE, {"input": input}, token=member.token)
    return data["updateProfile"]


async def update_privacy(gql: GraphQLClient, member: Member, **input: Any) -> dict[str, Any]:
    data = await gql.data(UPDATE_PRIVACY, {"input": input}, token=member.token)
    return data["updatePrivacySettings"]


async def viewer(gql: GraphQLClient, member: Member) -> dict[str, Any]:
    return (await gql.data(VIEWER, token=member.token))["viewer"]


def fields_of(payload: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e["code"], tuple(e["field"] or ())) for e in payload["errors"])


@pytest.fixture
async def ada(gql: GraphQLClient) -> Member:
    member = await gql.sign_up("ada")
    payload = await update_profile(gql, member, **FILLED)
    assert payload["errors"] == []
    return member


# ------------------------------------------------------------------ updateProfile


async def test_update_profile_changes_every_field(gql: GraphQLClient) -> None:
    member = await gql.sign_up("ada")
    changes = {
        "displayName": "  Countess of Lovelace ",
        "headline": " Mathematician ",
        "bio": "Notes on the Analytical Engine",
        "location": "Marylebone",
    }

    payload = await update_profile(gql, member, **changes)

    expected = {name: value.strip() for name, value in changes.items()}
    assert payload == {"user": expected, "errors": []}
    current = await viewer(gql, member)
    assert {name: current[name] for name in expected} == expected


@pytest.mark.parametrize("field", sorted(FILLED))
async def test_fields_left_out_are_unchanged(gql: GraphQLClient, ada: Member, field: str) -> None:
    payload = await update_profile(gql, ada, **{field: "Changed"})

    assert payload["errors"] == []
    current = await viewer(gql, ada)
    assert {name: current[name] for name in FILLED} == {**FILLED, field: "Changed"}


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t"])
@pytest.mark.parametrize("field", sorted(LIMITS))
async def test_null_or_blank_clears_a_profile_field(
    gql: GraphQLClient, ada: Member, field: str, value: str | None
) -> None:
    payload = await update_profile(gql, ada, **{field: value})

    assert payload["errors"] == []
    assert payload["user"][field] is None
    current = await viewer(gql, ada)
    assert {name: current[name] for name in FILLED} == {**FILLED, field: None}


@pytest.mark.parametrize("value", [None, "", "   ", "x" * 101])
async def test_display_name_cannot_be_cleared_or_too_long(
    gql: GraphQLClient, ada: Member, value: str | None
) -> None:
    payload = await update_profile(gql, ada, displayName=value, headline="Changed")

    assert fields_of(payload) == [("BAD_USER_INPUT", ("input", "displayName"))]
    assert payload["user"] is None
    current = await viewer(gql, ada)
    assert {name: current[name] for name in FILLED} == FILLED


@pytest.mark.parametrize(("field", "limit"), sorted(LIMITS.items()))
async def test_an_over_long_field_changes_nothing(
    gql: GraphQLClient, ada: Member, field: str, limit: int
) -> None:
    others = {name: f"New {name}" for name in FILLED if name != field}

    payload = await update_profile(gql, ada, **others, **{field: "x" * (limit + 1)})

    assert fields_of(payload) == [("BAD_USER_INPUT", ("input", field))]
    assert payload["user"] is None
    current = await viewer(gql, ada)
    assert {name: current[name] for name in FILLED} == FILLED


@pytest.mark.parametrize(("field", "limit"), sorted(LIMITS.items()))
async def test_a_field_at_its_limit_is_accepted(
    gql: GraphQLClient, ada: Member, field: str, limit: int
) -> None:
    value = "é" * limit

    payload = await update_profile(gql, ada, **{field: f"  {value}  "})

    assert payload["errors"] == []
    assert (await viewer(gql, ada))[field] == value


async def test_every_profile_problem_is_reported(gql: GraphQLClient, ada: Member) -> None:
    payload = await update_profile(
        gql,
        ada,
        displayName=" ",
        **{name: "x" * (limit + 1) for name, limit in LIMITS.items()},
    )

    assert fields_of(payload) == sorted(
        ("BAD_USER_INPUT", ("input", name)) for name in ["displayName", *LIMITS]
    )
    current = await viewer(gql, ada)
    assert {name: current[name] for name in FILLED} == FILLED


async def test_an_empty_update_changes_nothing(gql: GraphQLClient, ada: Member) -> None:
    payload = await update_profile(gql, ada)

    assert payload == {"user": FILLED, "errors": []}


@pytest.mark.parametrize(
    "document",
    [UPDATE_PROFILE, UPDATE_PRIVACY],
    ids=["updateProfile", "updatePrivacySettings"],
)
async def test_changes_need_a_viewer(gql: GraphQLClient, document: str) -> None:
    response = await gql.post(document, {"input": {}})

    assert response.codes == ["UNAUTHENTICATED"]


# ------------------------------------------------------------------ updatePrivacySettings


async def test_update_privacy_settings_changes_every_setting(gql: GraphQLClient) -> None:
    member = await gql.sign_up("ada")

    payload = await update_privacy(gql, member, **OTHER_SETTINGS)

    assert payload["errors"] == []
    assert payload["user"]["settings"] == OTHER_SETTINGS
    assert (await viewer(gql, member))["settings"] == OTHER_SETTINGS


@pytest.mark.parametrize("setting", sorted(OTHER_SETTINGS))
async def test_settings_left_out_are_unchanged(gql: GraphQLClient, setting: str) -> None:
    member = await gql.sign_up("ada")
    before = (await viewer(gql, member))["settings"]

    payload = await update_privacy(gql, member, **{setting: OTHER_SETTINGS[setting]})

    assert payload["errors"] == []
    assert (await viewer(gql, member))["settings"] == {
        **before,
        setting: OTHER_SETTINGS[setting],
    }


@pytest.mark.parametrize("setting", sorted(OTHER_SETTINGS))
async def test_a_null_setting_is_refused_and_changes_nothing(
    gql: GraphQLClient, setting: str
) -> None:
    member = await gql.sign_up("ada")
    before = (await viewer(gql, member))["settings"]
    others = {name: value for name, value in OTHER_SETTINGS.items() if name != setting}

    payload = await update_privacy(gql, member, **others, **{setting: None})

    assert fields_of(payload) == [("BAD_USER_INPUT", ("input", setting))]
    assert payload["user"] is None
    assert (await viewer(gql, member))["settings"] == before


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("bioAudience", "EVERYBODY"),
        ("discoverable", "public"),
        ("whoCanRequest", "ONLY_ME"),
        ("whoCanMessage", "NETWORK"),
        ("headlineAudience", 3),
        ("locked", "yes"),
    ],
)
async def test_an_invalid_value_is_a_request_error_and_changes_nothing(
    gql: GraphQLClient, setting: str, value: object
) -> None:
    member = await gql.sign_up("ada")
    before = (await viewer(gql, member))["settings"]

    response = await gql.post(
        UPDATE_PRIVACY,
        {"input": {"emailAudience": "PUBLIC", setting: value}},
        token=member.token,
    )

    assert response.status == 422
    assert response.errors
    assert "data" not in response.body or response.body["data"] is None
    assert (await viewer(gql, member))["settings"] == before


async def test_an_invalid_enum_literal_is_a_request_error(gql: GraphQLClient) -> None:
    member = await gql.sign_up("ada")
    before = (await viewer(gql, member))["settings"]

    response = await gql.post(
        """mutation { updatePrivacySettings(input: {discoverable: EVERYBODY, locked: true}) {
             errors { code } } }""",
        token=member.token,
    )

    assert response.status == 422
    assert (await viewer(gql, member))["settings"] == before
