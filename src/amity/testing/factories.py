"""Plain factories for members, snapshots and engines: no database needed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from amity.policies import (
    Member,
    PolicyEngine,
    PrivacySettings,
    RelationshipSnapshot,
    get_plugin_manager,
)

__all__ = ["build_engine", "make_member", "make_snapshot"]


def make_member(handle: str = "member", **settings: Any) -> Member:
    """A member with a fresh id; keyword arguments are privacy settings (``locked=True``)."""
    return Member(
        id=uuid.uuid4(),
        handle=handle,
        display_name=handle.title(),
        created_at=datetime.now(UTC),
        settings=PrivacySettings(**settings),
    )


def make_snapshot(viewer: Member | None, subject: Member, **facts: Any) -> RelationshipSnapshot:
    """The viewer's relationship to the subject; ``viewer=None`` is an anonymous viewer.

    Keyword arguments are relationship facts (``connected=True``, ``degree=2`` ...).
    """
    return RelationshipSnapshot(
        viewer_id=None if viewer is None else viewer.id, subject_id=subject.id, **facts
    )


def build_engine(
    style: str = "linkedin",
    plugins: Iterable[tuple[str, object]] | Mapping[str, object] = (),
    *,
    limits: Mapping[str, int] | None = None,
    load_entrypoints: bool = False,
) -> PolicyEngine:
    """An engine with the style and the given ``(name, plugin)`` pairs registered.

    Installed entry-point plugins are left out unless ``load_entrypoints`` is true, so a test
    sees exactly the plugins it names.
    """
    pairs = list(plugins.items()) if isinstance(plugins, Mapping) else list(plugins)
    pm = get_plugin_manager(style, load_entrypoints=load_entrypoints, extra_plugins=pairs)
    return PolicyEngine(pm, style=style, limit_overrides=limits)
