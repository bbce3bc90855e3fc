"""The conformance kit finds disagreements between list filters and single checks."""

from __future__ import annotations

import pytest
from tortoise.expressions import Q

from amity.models import Audience, User
from amity.policies import Member, RowFilter, Vote, hookimpl
from amity.testing import build_engine, discoverable_disagreements


async def _members() -> list[User]:
    """One member per ``discoverable`` audience, plus one whose handle starts with 'staff_'."""
    users = []
    for audience in Audience:
        name = f"m_{audience.value.lower()}"
        users.append(
            await User.create(
                handle=name,
                display_name=name,
                email=f"{name}@example.org",
                email_key=f"{name}@example.org",
                password_hash="x",
                discoverable=audience,
            )
        )
    users.append(
        await User.create(
            handle="staff_ann",
            display_name="Ann",
            email="ann@example.org",
            email_key="ann@example.org",
            password_hash="x",
        )
    )
    return users


class HidesStaffConsistently:
    @hookimpl
    def amity_can_discover(self, subject: Member) -> Vote | None:
        return Vote.deny("STAFF") if subject.handle.startswith("staff_") else None

    @hookimpl
    def amity_discoverable_filter(self) -> RowFilter:
        return RowFilter.restriction(~Q(handle__startswith="staff_"))


class HidesStaffOnlyInTheList:
    @hookimpl
    def amity_discoverable_filter(self) -> RowFilter:
        return RowFilter.restriction(~Q(handle__startswith="staff_"))


@pytest.mark.parametrize("style", ["linkedin", "facebook", "follow_only"])
async def test_built_in_styles_agree_with_themselves(db: str, style: str) -> None:
    users = await _members()
    problems = await discoverable_disagreements(build_engine(style), [None, *users])
    assert problems == []


async def test_a_consistent_plugin_passes_and_changes_what_is_listed(db: str) -> None:
    users = await _members()
    engine = build_engine("linkedin", [("staff", HidesStaffConsistently())])
    assert await discoverable_disagreements(engine, [None, users[0]]) == []
    q = await engine.discoverable_filter(None)
    listed = await User.filter(q).values_list("handle", flat=True)
    assert "staff_ann" not in listed
    assert "m_public" in listed


async def test_an_inconsistent_plugin_is_reported_pair_by_pair(db: str) -> None:
    users = await _members()
    engine = build_engine("linkedin", [("half", HidesStaffOnlyInTheList())])
    problems = await discoverable_disagreements(engine, [None, users[0]])
    assert problems == [
        "@staff_ann is found but not listed for an anonymous viewer",
        "@staff_ann is found but not listed for @m_public",
    ]
