"""The relationship hooks, through a real engine: lists, requests, accepts and follows.

Each ``test_hook_<name>`` registers a small third-party plugin next to a real platform style and
checks the three things a plugin author relies on: the plugin's vote counts (any deny wins,
else any allow, else deny), it receives the arguments the reference promises, and the core
invariants (blocks answer NOT_FOUND, acting on oneself BAD_USER_INPUT, a crossing request is
an accept, following again is a no-op) are settled before any plugin is asked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest

from amity.policies import Audience, Decision, Member, RelationshipSnapshot, Vote, hookimpl
from amity.testing import build_engine, make_member, make_snapshot
from amity.vocabulary import FollowStatus

Calls = list[dict[str, Any]]


def outcome(decision: Decision) -> tuple[bool, str | None]:
    return decision.allowed, decision.code


# --------------------------------------------------------------------------- amity_can_view_list


class FollowersForMembers:
    """Widens: signed-in members see anyone's followers; nobody sees whom anyone follows."""

    def __init__(self) -> None:
        self.calls: Calls = []

    @hookimpl
    def amity_can_view_list(
        self, viewer: Member | None, list_name: str, audience: Audience
    ) -> Vote | None:
        self.calls.append({"list_name": list_name, "audience": audience})
        if list_name == "following":
            return Vote.deny("PRIVATE_FOLLOWING", "Nobody sees whom a member follows.")
        if list_name == "followers" and viewer is not None:
            return Vote.allow()
        return None


async def test_hook_amity_can_view_list() -> None:
    plugin = FollowersForMembers()
    engine = build_engine("linkedin", [("lists", plugin)])
    viewer = make_member("viewer")
    subject = make_member("subject", connections_audience=Audience.CONNECTIONS)

    async def lists(snapshot: RelationshipSnapshot, who: Member | None = viewer) -> list[Any]:
        return [
            outcome(await engine.can_view_list(who, subject, name, snapshot))
            for name in ("connections", "followers", "following")
        ]

    stranger = make_snapshot(viewer, subject)
    connection = make_snapshot(viewer, subject, degree=1, connected=True)
    assert await lists(stranger) == [
        (False, "NOT_ALLOWED"),  # CONNECTIONS audience, nobody grants
        (True, None),  # the plugin grants more than the style
        (False, "PRIVATE_FOLLOWING"),
    ]
    assert await lists(connection) == [(True, None), (True, None), (False, "PRIVATE_FOLLOWING")]
    assert await lists(make_snapshot(None, subject), None) == [
        (False, "NOT_ALLOWED"),
        (False, "NOT_ALLOWED"),
        (False, "PRIVATE_FOLLOWING"),
    ]
    # connectionsAudience governs all three lists.
    assert {c["audience"] for c in plugin.calls} == {Audience.CONNECTIONS}
    assert {c["list_name"] for c in plugin.calls} == {"connections", "followers", "following"}

    # Oneself sees every list, and a blocked pair none, before any plugin is asked.
    plugin.calls.clear()
    mine = await engine.can_view_list(
        subject, subject, "following", make_snapshot(subject, subject)
    )
    assert (mine.allowed, mine.votes) == (True, ())
    blocked = make_snapshot(viewer, subject, degree=1, connected=True, blocked_by=True)
    assert await lists(blocked) == [(False, "NOT_FOUND")] * 3
    assert plugin.calls == []


# --------------------------------------------------------------------------- amity_can_request


class VipsByContactOnly:
    """Narrows: members whose handle starts with ``vip_`` take requests from their contacts."""

    def __init__(self) -> None:
        self.calls: Calls = []

    @hookimpl
    def amity_can_request(
        self,
        subject: Member,
        snapshot: RelationshipSnapshot,
        note: str | None,
        limits: Mapping[str, int | None],
    ) -> Vote | None:
        self.calls.append({"note": note, "limits": limits})
        if subject.handle.startswith("vip_") and not snapshot.in_subject_contacts:
            return Vote.deny("VIP_ONLY", "This member takes requests from contacts only.")
        return None


class NoAcceptsForRobots:
    """Answers the crossing-request case: amity_can_accept, not amity_can_request."""

    @hookimpl
    def amity_can_accept(self, subject: Member) -> Vote | None:
        return Vote.deny("ROBOT", "Robots cannot connect.") if subject.handle == "robot" else None


async def test_hook_amity_can_request() -> None:
    vips = VipsByContactOnly()
    engine = build_engine("linkedin", [("vips", vips), ("robots", NoAcceptsForRobots())])
    viewer, vip, other = make_member("viewer"), make_member("vip_ann"), make_member("other")

    hello = await engine.can_request(viewer, other, make_snapshot(viewer, other), "Hi")
    assert outcome(hello) == (True, None)
    assert vips.calls[-1] == {"note": "Hi", "limits": engine.limits}
    refused = await engine.can_request(viewer, vip, make_snapshot(viewer, vip))
    assert outcome(refused) == (False, "VIP_ONLY")
    assert {(v.plugin, v.allowed) for v in refused.votes} == {("linkedin", True), ("vips", False)}
    contact = make_snapshot(viewer, vip, in_subject_contacts=True)
    assert outcome(await engine.can_request(viewer, vip, contact)) == (True, None)
    # Two denies: the code is the one of the plugin whose name sorts first, in any order.
    both = await engine.can_request(viewer, vip, make_snapshot(viewer, vip, connected=True))
    assert outcome(both) == (False, "ALREADY_CONNECTED")
    assert {v.code for v in both.votes} == {"ALREADY_CONNECTED", "VIP_ONLY"}

    # Core invariants, decided before the hook: the plugin is not even asked.
    vips.calls.clear()
    blocked = await engine.can_request(viewer, other, make_snapshot(viewer, other, blocking=True))
    assert (blocked.allowed, blocked.code, blocked.votes) == (False, "NOT_FOUND", ())
    itself = await engine.can_request(viewer, viewer, make_snapshot(viewer, viewer, degree=0))
    assert (itself.code, itself.field) == ("BAD_USER_INPUT", ("input", "userId"))
    long_note = await engine.can_request(viewer, other, make_snapshot(viewer, other), "x" * 301)
    assert (long_note.code, long_note.field) == ("BAD_USER_INPUT", ("input", "note"))
    assert outcome(
        await engine.can_request(viewer, other, make_snapshot(viewer, other), "x" * 300)
    ) == (True, None)
    assert len(vips.calls) == 1  # only the last, valid question reached the plugin

    # A crossing request accepts the other's: amity_can_accept decides, not this hook.
    vips.calls.clear()
    robot = make_member("robot")
    crossing = make_snapshot(viewer, robot, incoming_request_pending=True)
    assert outcome(await engine.can_request(viewer, robot, crossing)) == (False, "ROBOT")
    crossing_vip = make_snapshot(viewer, vip, incoming_request_pending=True)
    assert outcome(await engine.can_request(viewer, vip, crossing_vip)) == (True, None)
    assert vips.calls == []


# --------------------------------------------------------------------------- amity_can_accept


class SmallNetworks:
    """Narrows: members past 10 connections accept no more (a cap of the plugin's own)."""

    @hookimpl
    def amity_can_accept(self, snapshot: RelationshipSnapshot) -> Vote | None:
        if snapshot.viewer_connection_count >= 10:
            return Vote.deny("SMALL_NETWORK", "Ten connections is enough.")
        return None


async def test_hook_amity_can_accept() -> None:
    engine = build_engine("linkedin", [("small", SmallNetworks())], limits={"max_connections": 3})
    viewer, sender = make_member("viewer"), make_member("sender")

    async def accept(style: str = "linkedin", **facts: Any) -> tuple[bool, str | None]:
        chosen = (
            engine if style == "linkedin" else build_engine(style, [("small", SmallNetworks())])
        )
        snapshot = make_snapshot(viewer, sender, incoming_request_pending=True, **facts)
        return outcome(await chosen.can_accept(viewer, sender, snapshot))

    assert await accept() == (True, None)
    # The style's cap (3 here, through the limits) for either side; the plugin's own cap.
    assert await accept(connection_count=3) == (False, "CONNECTION_LIMIT")
    assert await accept(viewer_connection_count=3) == (False, "CONNECTION_LIMIT")
    assert await accept(viewer_connection_count=10) == (False, "CONNECTION_LIMIT")
    assert await accept(style="facebook", viewer_connection_count=10) == (False, "SMALL_NETWORK")
    assert await accept(style="facebook", viewer_connection_count=9) == (True, None)
    # A style without connections refuses whatever a plugin allows.
    assert await accept(style="follow_only") == (False, "NOT_SUPPORTED")

    assert await accept(blocked_by=True) == (False, "NOT_FOUND")
    itself = await engine.can_accept(viewer, viewer, make_snapshot(viewer, viewer, degree=0))
    assert outcome(itself) == (False, "BAD_USER_INPUT")


# --------------------------------------------------------------------------- amity_can_auto_follow


class NoAutoFollowForBrands:
    """Narrows: connecting with a brand account does not make anyone follow anyone."""

    @hookimpl
    def amity_can_auto_follow(self, viewer: Member, subject: Member) -> Vote | None:
        if "brand" in (viewer.handle, subject.handle):
            return Vote.deny("BRAND")
        return None


class AutoFollowEverywhere:
    @hookimpl
    def amity_can_auto_follow(self) -> Vote:
        return Vote.allow()


@pytest.mark.parametrize(
    ("style", "plugins", "pair", "follows"),
    [
        pytest.param("linkedin", [], ("ann", "bob"), True, id="linkedin-connecting-follows"),
        pytest.param("facebook", [], ("ann", "bob"), True, id="facebook-friends-follow"),
        pytest.param("follow_only", [], ("ann", "bob"), False, id="follow_only-nobody-answers"),
        pytest.param(
            "linkedin", [("brands", NoAutoFollowForBrands())], ("ann", "bob"), True, id="abstains"
        ),
        pytest.param(
            "linkedin", [("brands", NoAutoFollowForBrands())], ("brand", "bob"), False, id="veto"
        ),
        pytest.param(
            "linkedin", [("brands", NoAutoFollowForBrands())], ("bob", "brand"), False, id="veto-2"
        ),
        pytest.param(
            "follow_only", [("all", AutoFollowEverywhere())], ("ann", "bob"), True, id="grant"
        ),
    ],
)
async def test_hook_amity_can_auto_follow(
    style: str, plugins: list[tuple[str, object]], pair: tuple[str, str], follows: bool
) -> None:
    engine = build_engine(style, plugins)
    assert await engine.auto_follow(make_member(pair[0]), make_member(pair[1])) is follows


# --------------------------------------------------------------------------- amity_can_follow


class NoFollowingBots:
    """Narrows: bot accounts cannot be followed; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    @hookimpl
    def amity_can_follow(self, subject: Member, limits: Mapping[str, int | None]) -> Vote | None:
        self.asked.append(subject.handle)
        assert "max_following" in limits
        return Vote.deny("BOTS", "Bots cannot be followed.") if subject.handle == "bot" else None


async def test_hook_amity_can_follow() -> None:
    bots = NoFollowingBots()
    viewer, bot, ann = make_member("viewer"), make_member("bot"), make_member("ann")
    locked = make_member("locked", locked=True)

    facebook = build_engine("facebook", [("bots", bots)])

    async def follow(subject: Member, **facts: Any) -> tuple[bool, str | None]:
        snapshot = make_snapshot(viewer, subject, **facts)
        return outcome(await facebook.can_follow(viewer, subject, snapshot))

    assert await follow(ann) == (True, None)
    assert await follow(bot) == (False, "BOTS")
    assert await follow(locked) == (False, "FOLLOW_FRIENDS_ONLY")
    assert await follow(locked, degree=1, connected=True) == (True, None)

    # Following again, or again asking, is an allowed no-op: no plugin is asked.
    bots.asked.clear()
    for again in ({"following": True}, {"follow_requested": True}):
        decision = await facebook.can_follow(viewer, bot, make_snapshot(viewer, bot, **again))
        assert (decision.allowed, decision.votes) == (True, ())
    assert bots.asked == []
    assert await follow(ann, blocking=True) == (False, "NOT_FOUND")
    itself = await facebook.can_follow(viewer, viewer, make_snapshot(viewer, viewer, degree=0))
    assert outcome(itself) == (False, "BAD_USER_INPUT")
    assert bots.asked == []

    # The plugin sees the effective limits: the follow_only cap, changed by configuration.
    follow_only = build_engine("follow_only", [("bots", bots)], limits={"max_following": 2})
    full = make_snapshot(viewer, ann, viewer_following_total=2)
    assert outcome(await follow_only.can_follow(viewer, ann, full)) == (False, "FOLLOW_LIMIT")
    room = make_snapshot(viewer, ann, viewer_following_total=1)
    assert outcome(await follow_only.can_follow(viewer, ann, room)) == (True, None)


# --------------------------------------------------------------------------- amity_follow_status


class ApproveEveryone:
    """Tries to widen a routing answer: it cannot, the most restrictive answer wins."""

    @hookimpl
    def amity_follow_status(self) -> FollowStatus:
        return FollowStatus.ACTIVE


class ReviewNewcomers:
    """Narrows: follows of members whose handle starts with ``new_`` wait for approval."""

    @hookimpl
    async def amity_follow_status(self, subject: Member) -> FollowStatus | None:
        return FollowStatus.PENDING if subject.handle.startswith("new_") else None


class BrokenStatus:
    @hookimpl
    def amity_follow_status(self) -> FollowStatus:
        raise RuntimeError("status service down")


async def test_hook_amity_follow_status(caplog: pytest.LogCaptureFixture) -> None:
    viewer = make_member("viewer")
    open_, locked, newcomer = (
        make_member("open"),
        make_member("locked", locked=True),
        make_member("new_ann"),
    )

    async def status(style: str, subject: Member, *plugins: tuple[str, object]) -> FollowStatus:
        engine = build_engine(style, list(plugins))
        return await engine.follow_status(viewer, subject, make_snapshot(viewer, subject))

    assert await status("follow_only", open_) is FollowStatus.ACTIVE
    assert await status("follow_only", locked) is FollowStatus.PENDING
    assert await status("linkedin", locked) is FollowStatus.ACTIVE  # nobody answers
    assert await status("follow_only", locked, ("approve", ApproveEveryone())) is (
        FollowStatus.PENDING
    )
    assert await status("linkedin", newcomer, ("review", ReviewNewcomers())) is (
        FollowStatus.PENDING
    )
    assert await status("linkedin", open_, ("review", ReviewNewcomers())) is FollowStatus.ACTIVE
    # A failing plugin asks for approval rather than granting silently, and is logged.
    with caplog.at_level(logging.ERROR, logger="amity.policies"):
        assert await status("linkedin", open_, ("broken", BrokenStatus())) is (FollowStatus.PENDING)
    assert "broken" in caplog.text
