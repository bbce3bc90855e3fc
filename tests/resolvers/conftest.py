"""Helpers for the use-case tests: raw sign-up input, privacy changes and ORM shortcuts.

Everything a test asserts goes through the GraphQL API over HTTP; the ORM is only used to
count rows and to insert many members quickly where the API would only slow a test down.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from amity.models import User
from support.client import PASSWORD, GraphQLClient

SETTINGS_SELECTION = """
  headlineAudience bioAudience locationAudience emailAudience connectionsAudience
  discoverable whoCanRequest whoCanMessage locked
"""

UPDATE_PRIVACY = f"""
mutation($input: UpdatePrivacySettingsInput!) {{
  updatePrivacySettings(input: $input) {{
    user {{ handle settings {{ {SETTINGS_SELECTION} }} }}
    errors {{ code message field }}
  }}
}}
"""

#: ``(client, token, **settings)`` -> the settings the mutation returned.
SetPrivacy = Callable[..., Awaitable[dict[str, Any]]]
#: ``(handles, **columns)`` -> the inserted rows.
InsertMembers = Callable[..., Awaitable[list[User]]]


def sign_up_input(handle: str = "ada", **overrides: Any) -> dict[str, Any]:
    """A valid ``SignUpInput``; keyword arguments replace fields (camelCase names)."""
    values: dict[str, Any] = {
        "handle": handle,
        "displayName": handle.title(),
        "email": f"{handle}@example.com",
        "password": PASSWORD,
    }
    values.update(overrides)
    return values


@pytest.fixture
def user_count(db: str) -> Callable[[], Awaitable[int]]:
    """How many member rows the database holds."""

    async def count() -> int:
        return await User.all().count()

    return count


@pytest.fixture
def set_privacy() -> SetPrivacy:
    """Change a member's privacy settings through the API; the change must succeed."""

    async def change(client: GraphQLClient, token: str, **settings: Any) -> dict[str, Any]:
        data = await client.data(UPDATE_PRIVACY, {"input": settings}, token=token)
        payload = data["updatePrivacySettings"]
        assert payload["errors"] == [], payload
        return payload["user"]["settings"]

    return change


@pytest.fixture
def insert_members(db: str) -> InsertMembers:
    """Insert members directly (dummy password hash); keyword arguments are model columns."""

    async def insert(handles: list[str], **columns: Any) -> list[User]:
        rows = [
            User(
                handle=handle,
                display_name=handle.title(),
                email=f"{handle}@example.com",
                email_key=f"{handle}@example.com",
                password_hash="not-a-real-hash",
                **columns,
            )
            for handle in handles
        ]
        await User.bulk_create(rows)
        return rows

    return insert
