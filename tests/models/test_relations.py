"""Relationship snapshots loaded from a real database, fact by fact.

Every rule of every style reads a :class:`RelationshipSnapshot`; a fact the batch query gets
wrong (a reversed direction, a closed request still counted as open, a block leaking into a
count) silently changes every decision built on it. The graphs here are written row by row
with :mod:`amity.testing.graph` and checked against the snapshots ``load_snapshots`` builds,
on SQLite by default and on PostgreSQL when ``AMITY_TEST_DATABASE_URL`` is set. The last
tests pin the budget: a page of subjects costs at most two statements.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from amity.models import RequestStatus, User
from amity.policies import RelationshipSnapshot, load_snapshots
from amity.testing import (
    add_contact,
    block,
    connect,
    create_member,
    follow,
    send_request,
)

NOW = datetime.now(UTC)


async def members(*handles: str) -> dict[str, User]:
    return {handle: await create_member(handle) for handle in handles}


async def snapshots_of(viewer: User | None, people: dict[str, User]) -> dict[str, Any]:
    """The viewer's snapshot of every member in ``people``, by handle."""
    loaded = await load_snapshots(
        None if viewer is None else viewer.id, [u.id for u in people.values()]
    )
    return {handle: loaded[user.id] for handle, user in people.items()}


# --------------------------------------------------------------------------- degrees


async def connection_graph() -> dict[str, User]:
    """v-a, v-a2, a-a2 (a triangle); b and b2 behind them; c at three hops, d at four."""
    m = await members("v", "a", "a2", "b", "b2", "c", "d", "e")
    for x, y in [
        ("v", "a"),
        ("v", "a2"),
        ("a", "a2"),
        ("a", "b"),
        ("a2", "b"),
        ("a", "b2"),
        ("b", "c"),
        ("c", "d"),
    ]:
        await connect(m[x], m[y])
    return m


async def test_degree_mutual_count_and_connected(db: str) -> None:
    m = await connection_graph()
    snaps = await snapshots_of(m["v"], m)
    assert {h: s.degree for h, s in snaps.items()} == {
        "v": 0,
        "a": 1,
        "a2": 1,
        "b": 2,
        "b2": 2,
        "c": 3,
        "d": None,  # four hops is out of network
        "e": None,
    }
    assert {h: s.mutual_count for h, s in snaps.items() if h != "v"} == {
        "a": 1,  # a2 is connected to both
        "a2": 1,
        "b": 2,
        "b2": 1,
        "c": 0,
        "d": 0,
        "e": 0,
    }
    assert {h for h, s in snaps.items() if s.connected} == {"a", "a2"}
    assert snaps["v"].is_self
    assert not any(s.is_self for h, s in snaps.items() if h != "v")


async def test_degree_is_seen_from_either_end(db: str) -> None:
    """Connections are two rows: the degree from d back to v is the same as from v to d."""
    m = await connection_graph()
    from_c = await snapshots_of(m["c"], {"v": m["v"], "a": m["a"], "b": m["b"], "d": m["d"]})
    assert {h: s.degree for h, s in from_c.items()} == {"v": 3, "a": 2, "b": 1, "d": 1}


async def test_counts_and_viewer_totals(db: str) -> None:
    m = await connection_graph()
    await follow(m["v"], m["d"])
    await follow(m["v"], m["e"], pending=True)
    snaps = await snapshots_of(m["v"], m)
    assert {h: s.connection_count for h, s in snaps.items()} == {
        "v": 2,
        "a": 4,
        "a2": 3,
        "b": 3,
        "b2": 1,
        "c": 2,
        "d": 1,
        "e": 0,
    }
    # Quotas describe the viewer and are the same in every snapshot of the page.
    assert {s.viewer_connection_count for s in snaps.values()} == {2}
    assert {s.viewer_following_total for s in snaps.values()} == {2}  # pending included
    assert snaps["v"].following_count == 1  # approved only
    assert snaps["d"].follower_count == 1
    assert snaps["e"].follower_count == 0  # a pending follow is no follower yet


# --------------------------------------------------------------------------- follows


async def test_follows_in_both_directions(db: str) -> None:
    m = await members("v", "out", "in", "asked", "asking", "mutual", "none")
    await follow(m["v"], m["out"])
    await follow(m["in"], m["v"])
    await follow(m["v"], m["asked"], pending=True)
    await follow(m["asking"], m["v"], pending=True)
    await follow(m["v"], m["mutual"])
    await follow(m["mutual"], m["v"])
    snaps = await snapshots_of(m["v"], m)

    def facts(s: RelationshipSnapshot) -> tuple[bool, bool, bool, bool]:
        return (s.following, s.followed_by, s.follow_requested, s.follower_requested)

    assert {h: facts(s) for h, s in snaps.items() if h != "v"} == {
        "out": (True, False, False, False),
        "in": (False, True, False, False),
        "asked": (False, False, True, False),
        "asking": (False, False, False, True),
        "mutual": (True, True, False, False),
        "none": (False, False, False, False),
    }
    assert not any(s.connected for s in snaps.values())  # follows are not connections


# --------------------------------------------------------------------------- requests


async def test_open_requests_either_way(db: str) -> None:
    m = await members("v", "sent", "received", "sent_ignored", "received_ignored", "accepted")
    sent = await send_request(m["v"], m["sent"])
    received = await send_request(m["received"], m["v"])
    sent_ignored = await send_request(m["v"], m["sent_ignored"], status=RequestStatus.IGNORED)
    received_ignored = await send_request(
        m["received_ignored"], m["v"], status=RequestStatus.IGNORED
    )
    await send_request(m["v"], m["accepted"], status=RequestStatus.ACCEPTED, responded_at=NOW)
    await connect(m["v"], m["accepted"])
    snaps = await snapshots_of(m["v"], m)

    def facts(s: RelationshipSnapshot) -> tuple[bool, bool, UUID | None, bool]:
        return (
            s.outgoing_request_pending,
            s.incoming_request_pending,
            s.request_id,
            s.request_ignored,
        )

    assert {h: facts(s) for h, s in snaps.items() if h != "v"} == {
        "sent": (True, False, sent.id, False),
        "received": (False, True, received.id, False),
        # An ignored request stays open for both: its sender is never told.
        "sent_ignored": (True, False, sent_ignored.id, True),
        "received_ignored": (False, True, received_ignored.id, True),
        "accepted": (False, False, None, False),
    }
    # Seen from the other end, the same request is the other way round.
    back = await snapshots_of(m["sent"], {"v": m["v"]})
    assert (back["v"].incoming_request_pending, back["v"].request_id) == (True, sent.id)
    assert not back["v"].outgoing_request_pending


async def test_withdrawn_and_declined_times(db: str) -> None:
    """The latest withdraw by the viewer and the latest decline by the subject, nothing else."""
    m = await members("v", "withdrawn", "declined", "they_withdrew", "v_declined", "none")
    recent, old = NOW - timedelta(days=5), NOW - timedelta(days=30)
    for at in (old, recent):
        await send_request(m["v"], m["withdrawn"], status=RequestStatus.WITHDRAWN, responded_at=at)
    await send_request(
        m["v"], m["declined"], status=RequestStatus.DECLINED, responded_at=NOW - timedelta(100)
    )
    # The other direction: the subject withdrew, or the viewer declined. Neither limits v.
    await send_request(
        m["they_withdrew"], m["v"], status=RequestStatus.WITHDRAWN, responded_at=recent
    )
    await send_request(m["v_declined"], m["v"], status=RequestStatus.DECLINED, responded_at=recent)
    snaps = await snapshots_of(m["v"], m)
    assert {h: (s.last_withdrawn_at, s.last_declined_at) for h, s in snaps.items()} == {
        "v": (None, None),
        "withdrawn": (recent, None),
        "declined": (None, NOW - timedelta(100)),
        "they_withdrew": (None, None),
        "v_declined": (None, None),
        "none": (None, None),
    }
    assert not any(s.outgoing_request_pending or s.incoming_request_pending for s in snaps.values())


async def test_sent_this_week_counts_the_last_seven_days(db: str) -> None:
    """Withdrawn requests still count (withdrawing gives no quota back); older ones do not."""
    m = await members("v", "r1", "r2", "r3", "r4", "r5", "other")
    now = datetime.now(UTC)
    await send_request(m["v"], m["r1"])
    await send_request(m["v"], m["r2"], created_at=now - timedelta(days=6, hours=23))
    await send_request(
        m["v"], m["r3"], status=RequestStatus.WITHDRAWN, created_at=now - timedelta(days=1)
    )
    await send_request(m["v"], m["r4"], created_at=now - timedelta(days=7, hours=1))
    await send_request(
        m["v"], m["r5"], status=RequestStatus.DECLINED, created_at=now - timedelta(days=30)
    )
    await send_request(m["other"], m["v"])  # received, not sent
    snaps = await snapshots_of(m["v"], {"other": m["other"], "r1": m["r1"]})
    assert [s.sent_this_week for s in snaps.values()] == [3, 3]
    from_other = await snapshots_of(m["other"], {"v": m["v"]})
    assert from_other["v"].sent_this_week == 1


# --------------------------------------------------------------------------- blocks


async def test_blocks_either_way(db: str) -> None:
    m = await members("v", "blocked", "blocker", "both", "none")
    await block(m["v"], m["blocked"])
    await block(m["blocker"], m["v"])
    await block(m["v"], m["both"])
    await block(m["both"], m["v"])
    snaps = await snapshots_of(m["v"], m)
    assert {h: (s.blocking, s.blocked_by, s.blocked) for h, s in snaps.items()} == {
        "v": (False, False, False),
        "blocked": (True, False, True),
        "blocker": (False, True, True),
        "both": (True, True, True),
        "none": (False, False, False),
    }


async def test_hidden_counts_leave_out_blocked_members(db: str) -> None:
    """Members blocked either way inside a subject's lists are counted, and hidden, apart."""
    m = await members("v", "s", "h1", "h2", "h3", "h4")
    for other in ("h1", "h2", "h3"):
        await connect(m["s"], m[other])
    await follow(m["h1"], m["s"])
    await follow(m["h3"], m["s"])
    await follow(m["h4"], m["s"], pending=True)
    await follow(m["s"], m["h2"])
    await follow(m["s"], m["h3"])
    await follow(m["s"], m["h4"], pending=True)
    await block(m["v"], m["h1"])  # the viewer blocked h1
    await block(m["h2"], m["v"])  # h2 blocked the viewer

    s = (await snapshots_of(m["v"], {"s": m["s"]}))["s"]
    assert (s.connection_count, s.follower_count, s.following_count) == (3, 2, 2)
    assert s.hidden_counts == (2, 1, 1)
    assert [s.visible_count(n) for n in ("connections", "followers", "following")] == [1, 1, 1]

    # A viewer with no block sees every count whole.
    h3 = (await snapshots_of(m["h3"], {"s": m["s"]}))["s"]
    assert h3.hidden_counts == (0, 0, 0)
    assert h3.visible_count("connections") == 3


# --------------------------------------------------------------------------- contacts


async def test_contacts_either_way_ignore_case(db: str) -> None:
    v = await create_member("v", email="Viewer.One@Example.ORG")
    known = await create_member("known", email="Known.Person@Example.org")
    keeps_v = await create_member("keeps_v")
    both = await create_member("both", email="BOTH@example.org")
    stranger = await create_member("stranger")
    await add_contact(v, "known.person@EXAMPLE.org")
    await add_contact(v, "nobody@example.org")
    await add_contact(keeps_v, "viewer.one@example.org")
    await add_contact(v, "both@EXAMPLE.org")
    await add_contact(both, "VIEWER.ONE@example.org")
    await add_contact(stranger, "someone.else@example.org")
    people = {"known": known, "keeps_v": keeps_v, "both": both, "stranger": stranger}
    snaps = await snapshots_of(v, people)
    assert {h: (s.is_contact, s.in_subject_contacts) for h, s in snaps.items()} == {
        "known": (True, False),
        "keeps_v": (False, True),
        "both": (True, True),
        "stranger": (False, False),
    }


# --------------------------------------------------------------------------- anonymous viewers


async def test_anonymous_viewers_get_counts_only(db: str) -> None:
    m = await members("s", "x", "y")
    await connect(m["s"], m["x"])
    await follow(m["x"], m["s"])
    await follow(m["s"], m["y"])
    await block(m["s"], m["y"])
    await send_request(m["y"], m["s"])
    snap = (await load_snapshots(None, [m["s"].id]))[m["s"].id]
    assert snap.is_anonymous
    assert (snap.connection_count, snap.follower_count, snap.following_count) == (1, 1, 1)
    # Everything else is "no relationship", exactly as an unrelated snapshot says.
    assert snap == RelationshipSnapshot(
        None, m["s"].id, connection_count=1, follower_count=1, following_count=1, now=snap.now
    )


async def test_credits_and_time_are_passed_through(db: str) -> None:
    m = await members("v", "s")
    before = datetime.now(UTC)
    snaps = await load_snapshots(m["v"].id, [m["s"].id, m["v"].id], viewer_credits=4)
    assert {s.viewer_credits for s in snaps.values()} == {4}
    assert len({s.now for s in snaps.values()}) == 1  # one clock for the whole page
    assert before <= snaps[m["s"].id].now <= datetime.now(UTC)
    assert await load_snapshots(m["v"].id, []) == {}


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize("size", [5, 50])
async def test_a_page_costs_at_most_two_statements(db: str, size: int, sql_statements: Any) -> None:
    """One statement for every fact, one more for the 3rd degree; never one per subject."""
    m = await connection_graph()
    page = [await create_member(f"p{i:02}") for i in range(size)]
    for i, member in enumerate(page):
        # Spread the page over every degree, blocks and requests included.
        await connect(member, [m["a"], m["b"], m["c"], m["e"]][i % 4])
        if i % 5 == 0:
            await block(member, m["v"])
        if i % 7 == 0:
            await send_request(member, m["v"])
        if i % 3 == 0:
            await follow(m["v"], member)
    sql_statements.statements.clear()
    snaps = await load_snapshots(m["v"].id, [p.id for p in page])
    assert len(snaps) == size
    assert sql_statements.count == 2, sql_statements.statements
    assert {snaps[p.id].degree for p in page} == {2, 3, None}

    sql_statements.statements.clear()
    await load_snapshots(m["v"].id, [m["a"].id, m["b"].id])  # nobody beyond the 2nd degree
    assert sql_statements.count == 1, sql_statements.statements
