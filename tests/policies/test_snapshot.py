"""Snapshots and members: what a plugin knows when it decides.

Plugins never query the database; they trust these frozen objects, so their defaults and
derived properties must say exactly what DESIGN.md says.
"""

from __future__ import annotations

import uuid
from dataclasses import FrozenInstanceError, fields
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from amity.policies import (
    Audience,
    Member,
    MessageFilter,
    PrivacySettings,
    RelationshipSnapshot,
    RequestFilter,
    load_snapshots,
)
from amity.testing import create_member

ME = uuid.uuid4()
YOU = uuid.uuid4()


@pytest.mark.parametrize(
    ("snapshot", "is_self", "is_anonymous", "blocked"),
    [
        pytest.param(RelationshipSnapshot(ME, YOU), False, False, False, id="strangers"),
        pytest.param(RelationshipSnapshot(ME, ME, degree=0), True, False, False, id="oneself"),
        pytest.param(RelationshipSnapshot(None, YOU), False, True, False, id="anonymous"),
        pytest.param(
            RelationshipSnapshot(ME, YOU, blocking=True), False, False, True, id="blocking"
        ),
        pytest.param(
            RelationshipSnapshot(ME, YOU, blocked_by=True), False, False, True, id="blocked-by"
        ),
    ],
)
def test_snapshot_properties(
    snapshot: RelationshipSnapshot, is_self: bool, is_anonymous: bool, blocked: bool
) -> None:
    """A block in either direction hides both ways; anonymity is a missing viewer id."""
    assert (snapshot.is_self, snapshot.is_anonymous, snapshot.blocked) == (
        is_self,
        is_anonymous,
        blocked,
    )


#: Facts that are not flags, with the value that means "nothing between them".
NOT_FLAGS: dict[str, object] = {
    "degree": None,
    "request_id": None,
    "last_withdrawn_at": None,
    "last_declined_at": None,
    "mutual_count": 0,
    "connection_count": 0,
    "follower_count": 0,
    "following_count": 0,
    "hidden_counts": (0, 0, 0),
    "sent_this_week": 0,
    "viewer_connection_count": 0,
    "viewer_following_total": 0,
    "viewer_credits": None,
}


def test_snapshot_defaults_mean_unrelated() -> None:
    """Facts left out mean "no relationship": a plugin must never read one in by accident."""
    before = datetime.now(UTC)
    snapshot = RelationshipSnapshot(ME, YOU)
    facts = {f.name: getattr(snapshot, f.name) for f in fields(snapshot)}
    assert facts.pop("viewer_id") == ME
    assert facts.pop("subject_id") == YOU
    # Cooldowns are measured from the moment the snapshot was taken.
    assert before <= facts.pop("now") <= datetime.now(UTC)
    # A snapshot built by hand holds its counts (zero): it is not a partly loaded one.
    assert facts.pop("counts_loaded") is True
    assert {name: facts.pop(name) for name in NOT_FLAGS} == NOT_FLAGS
    # Every other fact is a flag, and every flag is off.
    assert facts
    assert set(facts.values()) == {False}
    assert all(type(value) is bool for value in facts.values())
    assert {snapshot.visible_count(n) for n in ("connections", "followers", "following")} == {0}
    with pytest.raises(FrozenInstanceError):
        snapshot.connected = True  # type: ignore[misc]


def test_visible_count_leaves_out_hidden_members() -> None:
    """Counts shown to a viewer leave out the members a block hides from them, never below 0."""
    snapshot = RelationshipSnapshot(
        ME,
        YOU,
        connection_count=5,
        follower_count=3,
        following_count=1,
        hidden_counts=(2, 0, 4),
    )
    assert snapshot.visible_count("connections") == 3
    assert snapshot.visible_count("followers") == 3
    assert snapshot.visible_count("following") == 0


def test_base_privacy_defaults() -> None:
    """amity's own defaults, before any style's ``amity_setting_defaults``."""
    settings = PrivacySettings()
    assert settings == PrivacySettings(
        headline_audience=Audience.PUBLIC,
        bio_audience=Audience.PUBLIC,
        location_audience=Audience.PUBLIC,
        email_audience=Audience.ONLY_ME,
        connections_audience=Audience.PUBLIC,
        discoverable=Audience.PUBLIC,
        who_can_request=RequestFilter.EVERYONE,
        who_can_message=MessageFilter.EVERYONE,
        locked=False,
    )


AUDIENCE_FIELDS = ("headline", "bio", "location", "email", "connections")


@pytest.mark.parametrize("field", AUDIENCE_FIELDS)
def test_audience_of_reads_the_fields_own_setting(field: str) -> None:
    """Each field is governed by its own setting, never by a neighbour's."""
    audiences = {f"{name}_audience": Audience.NETWORK for name in AUDIENCE_FIELDS}
    settings = PrivacySettings(**{**audiences, f"{field}_audience": Audience.ONLY_ME})
    assert settings.audience_of(field) is Audience.ONLY_ME


def test_member_of_converts_stored_values() -> None:
    """Rows store plain strings; plugins compare enums, so ``of`` must convert."""
    user = SimpleNamespace(
        id=YOU,
        handle="ada",
        display_name="Ada",
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
        headline_audience="PUBLIC",
        bio_audience="NETWORK",
        location_audience="CONNECTIONS",
        email_audience="ONLY_ME",
        connections_audience="CONNECTIONS",
        discoverable="NETWORK",
        who_can_request="CONTACTS",
        who_can_message="NOBODY",
        locked=1,
    )
    member = Member.of(user)  # type: ignore[arg-type]
    assert (member.id, member.handle, member.display_name) == (YOU, "ada", "Ada")
    assert member.settings.bio_audience is Audience.NETWORK
    assert member.settings.location_audience is Audience.CONNECTIONS
    assert member.settings.discoverable is Audience.NETWORK
    assert member.settings.who_can_request is RequestFilter.CONTACTS
    assert member.settings.who_can_message is MessageFilter.NOBODY
    assert member.settings.locked is True


async def test_load_snapshots_one_per_subject(db: str) -> None:
    """Every subject gets a snapshot; oneself is degree 0, others unrelated (the facts
    themselves are checked against a real graph in ``tests/models/test_relations.py``)."""
    me, you = (await create_member("me")).id, (await create_member("you")).id
    snapshots = await load_snapshots(me, [me, you])
    assert set(snapshots) == {me, you}
    assert snapshots[me].is_self
    assert snapshots[me].degree == 0
    assert not snapshots[you].is_self
    assert snapshots[you].degree is None
    assert snapshots[you] == RelationshipSnapshot(me, you, now=snapshots[you].now)
    anonymous = await load_snapshots(None, [you])
    assert anonymous[you].is_anonymous
    assert anonymous[you].degree is None
