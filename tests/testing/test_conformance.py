"""The conformance kit finds disagreements between list filters and single checks.

The directory is filtered in SQL (subqueries over connections, follows and blocks) while
``user(handle:)`` asks the style in Python from a snapshot: two implementations of one rule.
These tests run the kit over a real graph in which every ``discoverable`` audience sits at
every distance from the viewer, blocks either way included, so a style whose filter and
decision drift apart on any cell is reported here, and check the kit itself reports drift.
"""

from __future__ import annotations

import pytest
from tortoise.expressions import Q

from amity.models import Audience, User
from amity.policies import Member, RowFilter, Vote, hookimpl
from amity.testing import (
    block,
    build_engine,
    connect,
    create_member,
    discoverable_disagreements,
    follow,
)


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


# --------------------------------------------------------------------------- a real graph

#: Where a member stands relative to the viewer ``v``; each position holds one member per
#: ``discoverable`` audience, named ``<position>_<audience>`` (``second_network``).
POSITIONS = (
    "first",  # connected to v, and followed by v
    "second",  # connected to first_public
    "third",  # connected to second_public
    "fourth",  # connected to third_public: out of network
    "followed",  # v follows them (approved); no connection
    "asked",  # v asked to follow them (pending)
    "follower",  # they follow v
    "blocked",  # 2nd degree, blocked by v
    "blocker",  # 2nd degree, blocks v
)

#: How close each position is to v, per style (positions left out are PUBLIC).
CLOSENESS = {
    "linkedin": {
        "first": Audience.CONNECTIONS,
        "second": Audience.NETWORK,
        "third": Audience.NETWORK,
    },
    "facebook": {"first": Audience.CONNECTIONS, "second": Audience.NETWORK},
    "follow_only": {"first": Audience.CONNECTIONS, "followed": Audience.CONNECTIONS},
}


async def build_graph() -> dict[str, User]:
    """Every position times every audience, plus the viewer ``v``; by handle."""
    users = {"v": await create_member("v")}
    for position in POSITIONS:
        for audience in Audience:
            handle = f"{position}_{audience.value.lower()}"
            users[handle] = await create_member(handle, discoverable=audience)
    v = users["v"]
    hubs = {
        "second": users["first_public"],
        "third": users["second_public"],
        "fourth": users["third_public"],
        "blocked": users["first_public"],
        "blocker": users["first_public"],
    }
    for handle, user in users.items():
        position = handle.rsplit("_", 1)[0].removesuffix("_only")
        if position == "first":
            await connect(v, user)
            await follow(v, user)
        elif position in hubs:
            await connect(hubs[position], user)
        if position == "followed":
            await follow(v, user)
        elif position == "asked":
            await follow(v, user, pending=True)
        elif position == "follower":
            await follow(user, v)
        elif position == "blocked":
            await block(v, user)
        elif position == "blocker":
            await block(user, v)
    return users


def expected_listing(style: str) -> set[str]:
    """Whom v's directory shows: the style's closeness table applied to every member."""
    listed = {"v"}
    for position in POSITIONS:
        if position in ("blocked", "blocker"):
            continue
        closeness = CLOSENESS[style].get(position, Audience.PUBLIC)
        for audience in Audience:
            if audience is not Audience.ONLY_ME and audience.includes(closeness):
                listed.add(f"{position}_{audience.value.lower()}")
    return listed


@pytest.mark.parametrize("style", ["linkedin", "facebook", "follow_only"])
async def test_styles_agree_on_a_graph(db: str, style: str) -> None:
    """Filter and decision agree for viewers at every distance, anonymous and blocked ones
    included, and the listing is what DESIGN.md's audiences say."""
    users = await build_graph()
    engine = build_engine(style)
    viewers = [
        None,
        users["v"],
        users["first_public"],
        users["third_only_me"],
        users["follower_network"],
        users["blocked_public"],
        users["blocker_connections"],
    ]
    assert await discoverable_disagreements(engine, viewers) == []

    q = await engine.discoverable_filter(Member.of(users["v"]))
    listed = set(await User.filter(q).values_list("handle", flat=True))
    assert listed == expected_listing(style)
    # The blocked pair: neither lists the other, whatever the audience.
    for handle in ("blocked_public", "blocker_public"):
        q = await engine.discoverable_filter(Member.of(users[handle]))
        assert "v" not in set(await User.filter(q).values_list("handle", flat=True))


async def test_a_plugin_on_a_graph_is_checked_too(db: str) -> None:
    """A third-party restriction that the decision does not share shows up on a graph."""
    users = await build_graph()
    await connect(users["v"], await create_member("staff_zoe", discoverable=Audience.NETWORK))
    consistent = build_engine("linkedin", [("staff", HidesStaffConsistently())])
    assert await discoverable_disagreements(consistent, [None, users["v"]]) == []
    half = build_engine("facebook", [("half", HidesStaffOnlyInTheList())])
    assert await discoverable_disagreements(half, [None, users["v"]]) == [
        "@staff_zoe is found but not listed for @v"
    ]
