"""Conformance checks: a list filter and its single-object decision must agree.

The directory is filtered in SQL by ``amity_discoverable_filter``; ``user(handle:)`` asks
``amity_can_discover``. If they disagree, a member shows up in one place and not the other.
These checks compute both for every viewer and every member in the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from amity.models import User
from amity.policies import Member, PolicyEngine, load_snapshots

__all__ = ["discoverable_disagreements"]


async def discoverable_disagreements(
    engine: PolicyEngine, viewers: Sequence[User | None]
) -> list[str]:
    """Every (viewer, member) pair on which the directory filter and the single check differ.

    Subjects are all members in the database; ``None`` among the viewers is an anonymous
    viewer. An empty list means the plugins agree.
    """
    members = await User.all()
    problems: list[str] = []
    for viewer in viewers:
        viewer_member = Member.of(viewer) if viewer is not None else None
        q = await engine.discoverable_filter(viewer_member)
        listed = set(await User.filter(q).values_list("id", flat=True))
        snapshots = await load_snapshots(viewer.id if viewer else None, [m.id for m in members])
        for member in members:
            decision = await engine.can_discover(
                viewer_member, Member.of(member), snapshots[member.id]
            )
            if decision.allowed != (member.id in listed):
                who = f"@{viewer.handle}" if viewer else "an anonymous viewer"
                where = "listed but not found" if member.id in listed else "found but not listed"
                problems.append(f"@{member.handle} is {where} for {who}")
    return problems
