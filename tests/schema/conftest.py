"""Helpers for the schema tests: change a member's profile and privacy through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from support.client import GraphQLClient, Member

UPDATE_PROFILE = """
mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { user { handle } errors { code field } }
}
"""

UPDATE_PRIVACY = """
mutation($input: UpdatePrivacySettingsInput!) {
  updatePrivacySettings(input: $input) { user { handle } errors { code field } }
}
"""

#: ``(client, member, **input)``; the change must succeed.
Change = Callable[..., Awaitable[None]]


async def _change(
    client: GraphQLClient, document: str, name: str, member: Member, input: dict[str, Any]
) -> None:
    data = await client.data(document, {"input": input}, token=member.token)
    assert data[name]["errors"] == [], data


@pytest.fixture
def set_profile() -> Change:
    async def change(client: GraphQLClient, member: Member, **input: Any) -> None:
        await _change(client, UPDATE_PROFILE, "updateProfile", member, input)

    return change


@pytest.fixture
def set_privacy() -> Change:
    async def change(client: GraphQLClient, member: Member, **input: Any) -> None:
        await _change(client, UPDATE_PRIVACY, "updatePrivacySettings", member, input)

    return change
