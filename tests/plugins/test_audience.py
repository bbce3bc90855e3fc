"""Audience arithmetic and the rules every built-in style shares.

Audiences nest (PUBLIC ⊃ NETWORK ⊃ CONNECTIONS ⊃ ONLY_ME), anonymous viewers are PUBLIC,
ONLY_ME reaches nobody else, a member sees all of their own fields and a blocked pair sees
nothing. Those hold whatever the style, so they are checked for every style here.
"""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.expressions import Q

from amity.plugins.audience import PROFILE_FIELDS, discoverable_q, reaches, visible_vote
from amity.policies import BUILTIN_STYLES, Audience, RelationshipSnapshot, Vote

STYLES = sorted(BUILTIN_STYLES)
A = Audience

#: (field audience, viewer's closeness) -> does the viewer belong to the audience?
REACHES = [
    (A.PUBLIC, A.PUBLIC, True),
    (A.PUBLIC, A.NETWORK, True),
    (A.PUBLIC, A.CONNECTIONS, True),
    (A.PUBLIC, A.ONLY_ME, True),
    (A.NETWORK, A.PUBLIC, False),
    (A.NETWORK, A.NETWORK, True),
    (A.NETWORK, A.CONNECTIONS, True),
    (A.NETWORK, A.ONLY_ME, True),
    (A.CONNECTIONS, A.PUBLIC, False),
    (A.CONNECTIONS, A.NETWORK, False),
    (A.CONNECTIONS, A.CONNECTIONS, True),
    (A.CONNECTIONS, A.ONLY_ME, True),
    (A.ONLY_ME, A.PUBLIC, False),
    (A.ONLY_ME, A.NETWORK, False),
    (A.ONLY_ME, A.CONNECTIONS, False),
    (A.ONLY_ME, A.ONLY_ME, False),  # oneself is handled by the engine, never by a style
]


@pytest.mark.parametrize(("audience", "closeness", "expected"), REACHES)
def test_reaches(audience: Audience, closeness: Audience, expected: bool) -> None:
    assert reaches(audience, closeness) is expected


@pytest.mark.parametrize(("audience", "closeness", "expected"), REACHES)
def test_visible_vote_grants_or_abstains(
    audience: Audience, closeness: Audience, expected: bool
) -> None:
    """Styles grant or abstain, never deny: a deny would stop other plugins from granting."""
    assert visible_vote(audience, closeness) == (Vote.allow() if expected else None)


def test_discoverable_q() -> None:
    """Each closeness filter admits members whose ``discoverable`` is that wide or wider."""
    near = Q(id__in=[1])
    network = Q(id__in=[2])
    assert discoverable_q({}) == Q(discoverable=A.PUBLIC)
    assert discoverable_q({A.CONNECTIONS: near, A.NETWORK: network}) == (
        Q(discoverable=A.PUBLIC)
        | (Q(discoverable__in=[A.PUBLIC, A.NETWORK, A.CONNECTIONS]) & near)
        | (Q(discoverable__in=[A.PUBLIC, A.NETWORK]) & network)
    )


#: From nobody to as close as two members can be, in every style's vocabulary.
CLOSENESS = [
    pytest.param({"anonymous": True}, id="anonymous"),
    pytest.param({}, id="stranger"),
    pytest.param({"degree": 2, "mutual_count": 2}, id="friend-of-friend"),
    pytest.param({"following": True}, id="follower"),
    pytest.param(
        {
            "degree": 1,
            "connected": True,
            "following": True,
            "followed_by": True,
            "mutual_count": 9,
            "is_contact": True,
            "in_subject_contacts": True,
        },
        id="closest",
    ),
]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("locked", [False, True], ids=["open", "locked"])
@pytest.mark.parametrize("relation", CLOSENESS)
async def test_audiences_nest(
    style: str, locked: bool, relation: dict[str, Any], visible_audiences: Any
) -> None:
    """Whoever sees a narrow audience sees every wider one; ONLY_ME reaches nobody else."""
    seen = await visible_audiences(style, locked=locked, **relation)
    for field, audiences in seen.items():
        assert A.ONLY_ME not in audiences, field
        for audience in audiences:
            wider = {a for a in Audience if a.includes(audience)}
            assert wider <= audiences, (field, audience)


@pytest.mark.parametrize("style", STYLES)
async def test_anonymous_viewers_are_public(style: str, visible_audiences: Any) -> None:
    """PUBLIC includes anonymous viewers, and nothing narrower does."""
    expected = {field: {A.PUBLIC} for field in PROFILE_FIELDS}
    assert await visible_audiences(style, anonymous=True) == expected


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("locked", [False, True], ids=["open", "locked"])
async def test_oneself_sees_everything(
    style: str, locked: bool, make_member: Any, engine_for: Any
) -> None:
    """A member always sees their own fields and finds themselves, ONLY_ME included."""
    engine = engine_for(style)
    me = make_member(
        "me",
        locked=locked,
        discoverable=A.ONLY_ME,
        **{f"{field}_audience": A.ONLY_ME for field in PROFILE_FIELDS},
    )
    snapshot = RelationshipSnapshot(me.id, me.id, degree=0)
    for field in PROFILE_FIELDS:
        assert await engine.can_view_field(me, me, field, snapshot), field
    assert await engine.can_discover(me, me, snapshot)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("block", ["blocking", "blocked_by"])
async def test_blocked_pair_sees_nothing(
    style: str, block: str, make_member: Any, engine_for: Any
) -> None:
    """A block in either direction hides everything, even PUBLIC fields of a connection."""
    engine = engine_for(style)
    viewer = make_member("viewer")
    subject = make_member(
        "subject", discoverable=A.PUBLIC, **{f"{f}_audience": A.PUBLIC for f in PROFILE_FIELDS}
    )
    snapshot = RelationshipSnapshot(
        viewer.id, subject.id, degree=1, connected=True, following=True, **{block: True}
    )
    for field in PROFILE_FIELDS:
        assert not await engine.can_view_field(viewer, subject, field, snapshot), field
    decision = await engine.can_discover(viewer, subject, snapshot)
    assert (decision.allowed, decision.code) == (False, "NOT_FOUND")
