"""Ask a real engine one rule at a time, so a style's rules table reads as a table.

A row of a rules table is "this relationship, these settings → this answer". :class:`Probe`
builds the viewer, the subject and their snapshot from such a row, asks the engine exactly
what a resolver would ask, and answers with one comparable value: ``OK`` or the refusal code
for decisions, the route (or refusal code) for messages, the label text for labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from amity.policies import Decision, Member, PolicyEngine, RelationshipSnapshot
from amity.policies.votes import InviteOutcome
from amity.testing import build_engine, make_member
from amity.vocabulary import FollowStatus

__all__ = ["NOW", "OK", "Probe", "ago"]

#: What an allowed decision reads as in a table.
OK = "OK"
#: The clock of every probed snapshot, so that cooldown edges are exact.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def ago(**delta: float) -> datetime:
    """A moment before :data:`NOW` (``ago(days=21)``)."""
    return NOW - timedelta(**delta)


def _answer(decision: Decision) -> str:
    return OK if decision.allowed else str(decision.code)


class Probe:
    """One style's engine, asked about a fresh viewer and subject per question.

    ``settings`` are the subject's privacy settings; every other keyword is a snapshot fact
    (``connected=True``, ``sent_this_week=100``). ``anonymous=True`` asks as a signed-out
    viewer, ``itself=True`` as the subject themselves.
    """

    def __init__(self, style: str, limits: Mapping[str, int] | None = None) -> None:
        self.style = style
        self.engine: PolicyEngine = build_engine(style, limits=limits)

    def pair(
        self,
        settings: Mapping[str, Any] | None = None,
        *,
        anonymous: bool = False,
        itself: bool = False,
        **facts: Any,
    ) -> tuple[Member | None, Member, RelationshipSnapshot]:
        subject = make_member("subject", **dict(settings or {}))
        viewer = None if anonymous else subject if itself else make_member("viewer")
        if itself:
            facts.setdefault("degree", 0)
        facts.setdefault("now", NOW)
        snapshot = RelationshipSnapshot(
            viewer_id=None if viewer is None else viewer.id, subject_id=subject.id, **facts
        )
        return viewer, subject, snapshot

    def _member_pair(
        self, settings: Mapping[str, Any] | None, facts: dict[str, Any]
    ) -> tuple[Member, Member, RelationshipSnapshot]:
        viewer, subject, snapshot = self.pair(settings, **facts)
        assert viewer is not None, "this question needs a signed-in viewer"
        return viewer, subject, snapshot

    async def request(
        self, note: str | None = None, settings: Mapping[str, Any] | None = None, **facts: Any
    ) -> str:
        """``sendConnectionRequest`` / ``viewerCan.connect``."""
        viewer, subject, snapshot = self._member_pair(settings, facts)
        return _answer(await self.engine.can_request(viewer, subject, snapshot, note))

    async def accept(self, settings: Mapping[str, Any] | None = None, **facts: Any) -> str:
        """``acceptConnectionRequest``: the viewer accepts the subject's open request."""
        facts.setdefault("incoming_request_pending", True)
        viewer, subject, snapshot = self._member_pair(settings, facts)
        return _answer(await self.engine.can_accept(viewer, subject, snapshot))

    async def auto_follow(self) -> bool:
        """Does connecting make the two follow each other?"""
        return await self.engine.auto_follow(make_member("viewer"), make_member("subject"))

    async def follow(self, settings: Mapping[str, Any] | None = None, **facts: Any) -> str:
        """``follow`` / ``viewerCan.follow``."""
        viewer, subject, snapshot = self._member_pair(settings, facts)
        return _answer(await self.engine.can_follow(viewer, subject, snapshot))

    async def follow_status(
        self, settings: Mapping[str, Any] | None = None, **facts: Any
    ) -> FollowStatus:
        """Whether an allowed follow starts ACTIVE or PENDING."""
        viewer, subject, snapshot = self._member_pair(settings, facts)
        return await self.engine.follow_status(viewer, subject, snapshot)

    async def route(self, settings: Mapping[str, Any] | None = None, **facts: Any) -> str:
        """Where a first message goes: ``INBOX``, ``REQUESTS``, ``CREDIT`` or the refusal."""
        viewer, subject, snapshot = self._member_pair(settings, facts)
        route = await self.engine.message_route(viewer, subject, snapshot)
        return route.route.value if route.allowed else str(route.code)

    def label(self, **facts: Any) -> str | None:
        """The relationship label shown next to the subject."""
        viewer, subject, snapshot = self.pair(**facts)
        return self.engine.label(viewer, subject, snapshot)

    async def view_list(
        self, list_name: str, settings: Mapping[str, Any] | None = None, **facts: Any
    ) -> str:
        """May the viewer see the subject's ``connections``/``followers``/``following``?"""
        viewer, subject, snapshot = self.pair(settings, **facts)
        return _answer(await self.engine.can_view_list(viewer, subject, list_name, snapshot))

    async def invite(self) -> InviteOutcome:
        """What redeeming an invite does."""
        return await self.engine.invite_outcome(make_member("inviter"), make_member("newcomer"))
