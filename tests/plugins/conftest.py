"""Fixtures for the built-in style tests: members, snapshots and audience probes.

Each style answers "how close is this viewer to this member?". The probes below ask a real
:class:`PolicyEngine` about every audience and every profile field at once, so that a test
can state a style's rule as one row of a table: "a 2nd-degree viewer sees PUBLIC and NETWORK".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from amity.plugins.audience import PROFILE_FIELDS
from amity.policies import (
    Audience,
    Member,
    PolicyEngine,
    RelationshipSnapshot,
)
from amity.testing import build_engine, make_member

MemberFactory = Callable[..., Member]
EngineFactory = Callable[[str], PolicyEngine]
#: ``(style, anonymous=False, locked=False, **facts)`` -> {field: audiences in which it shows}
VisibilityProbe = Callable[..., Awaitable[dict[str, set[Audience]]]]
#: ``(style, anonymous=False, **facts)`` -> the ``discoverable`` settings that let one find
DiscoveryProbe = Callable[..., Awaitable[set[Audience]]]


_member = make_member
_engine = build_engine


def _other(audience: Audience) -> Audience:
    """An audience that differs from ``audience`` in who it reaches, for the other fields."""
    return Audience.PUBLIC if audience is Audience.ONLY_ME else Audience.ONLY_ME


@pytest.fixture
def make_member() -> MemberFactory:
    """Build a :class:`Member` with a fresh id; keyword arguments are privacy settings."""
    return _member


@pytest.fixture
def engine_for() -> EngineFactory:
    """A real engine for a built-in style, with no installed third-party plugin."""
    return _engine


@pytest.fixture
def visible_audiences() -> VisibilityProbe:
    """For each profile field, the audiences under which the viewer sees it.

    The field under test gets the audience being probed and every other field a different
    one, so a style reading the wrong field's setting shows up.
    """

    async def probe(
        style: str, *, anonymous: bool = False, locked: bool = False, **facts: Any
    ) -> dict[str, set[Audience]]:
        engine = _engine(style)
        viewer = None if anonymous else _member("viewer")
        seen: dict[str, set[Audience]] = {field: set() for field in PROFILE_FIELDS}
        for field in PROFILE_FIELDS:
            for audience in Audience:
                settings = {f"{f}_audience": _other(audience) for f in PROFILE_FIELDS}
                settings[f"{field}_audience"] = audience
                subject = _member("subject", locked=locked, **settings)
                snapshot = RelationshipSnapshot(
                    viewer_id=None if viewer is None else viewer.id,
                    subject_id=subject.id,
                    **facts,
                )
                if await engine.can_view_field(viewer, subject, field, snapshot):
                    seen[field].add(audience)
        return seen

    return probe


@pytest.fixture
def discoverable_under() -> DiscoveryProbe:
    """The ``discoverable`` settings under which the viewer finds the subject."""

    async def probe(style: str, *, anonymous: bool = False, **facts: Any) -> set[Audience]:
        engine = _engine(style)
        viewer = None if anonymous else _member("viewer")
        found = set()
        for audience in Audience:
            subject = _member("subject", discoverable=audience)
            snapshot = RelationshipSnapshot(
                viewer_id=None if viewer is None else viewer.id, subject_id=subject.id, **facts
            )
            if await engine.can_discover(viewer, subject, snapshot):
                found.add(audience)
        return found

    return probe
