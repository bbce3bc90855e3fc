"""The graph queries behind a relationship snapshot: every fact for a page in one statement.

A page of 50 members needs, for each of them, about fifteen facts (connected? follows either
way? open request? block either way? contact either way? mutual count? cooldowns? counts?).
Asked one by one that would be hundreds of statements; here every fact is one indexed branch
of a single ``UNION ALL`` over the whole page, so a page costs one round trip (two when some
members are beyond the 2nd degree and the 3rd must be checked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from uuid import UUID

from amity.models.graph import pair_key
from amity.models.sql import as_datetime, as_uuid, fetch, null_ts, null_uuid

__all__ = ["PairFacts", "ViewerFacts", "load_facts", "third_degree"]

WEEK = timedelta(days=7)


@dataclass(slots=True)
class PairFacts:
    """Raw facts about the viewer and one subject, as the database holds them."""

    connected: bool = False
    #: Status of the viewer's follow of the subject (``ACTIVE``/``PENDING``), if any.
    follow_out: str | None = None
    follow_in: str | None = None
    #: The open request (PENDING or IGNORED) between them: id, sender id, stored status.
    request_id: UUID | None = None
    request_sender: UUID | None = None
    request_status: str | None = None
    last_withdrawn_at: datetime | None = None
    last_declined_at: datetime | None = None
    blocking: bool = False
    blocked_by: bool = False
    is_contact: bool = False
    in_subject_contacts: bool = False
    mutual_count: int = 0
    connection_count: int = 0
    follower_count: int = 0
    #: Follows the subject made, approved or not (what the following cap counts).
    following_total: int = 0
    following_count: int = 0
    #: Members in the subject's lists that the viewer may not see (blocks).
    hidden: list[int] = field(default_factory=lambda: [0, 0, 0])


@dataclass(slots=True)
class ViewerFacts:
    """Facts about the viewer alone (quotas and caps)."""

    sent_this_week: int = 0
    #: The viewer has at least one connection (known even without counts).
    has_connections: bool = False
    connection_count: int = 0
    following_total: int = 0


_COUNTS = """
        SELECT 'cc', user_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_connection WHERE user_id IN :all GROUP BY user_id
        UNION ALL
        SELECT 'fc', followee_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_follow WHERE followee_id IN :all AND status = 'ACTIVE' GROUP BY followee_id
        UNION ALL
        SELECT 'gc', follower_id, {null_id}, COUNT(*),
               SUM(CASE WHEN status = 'ACTIVE' THEN 1 ELSE 0 END), NULL, {null_at}
          FROM amity_follow WHERE follower_id IN :all GROUP BY follower_id"""

_HIDDEN = """(SELECT blocked_id FROM amity_block WHERE blocker_id = :v
                  UNION ALL SELECT blocker_id FROM amity_block WHERE blocked_id = :v)"""

#: Members in each subject's lists that the viewer may not see, and the viewer's weekly quota.
_VIEWER_COUNTS = """
        SELECT 'hc', user_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_connection WHERE user_id IN :s AND other_id IN {hidden} GROUP BY user_id
        UNION ALL
        SELECT 'hf', followee_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_follow
         WHERE followee_id IN :s AND status = 'ACTIVE' AND follower_id IN {hidden}
         GROUP BY followee_id
        UNION ALL
        SELECT 'hg', follower_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_follow
         WHERE follower_id IN :s AND status = 'ACTIVE' AND followee_id IN {hidden}
         GROUP BY follower_id
        UNION ALL
        SELECT 'wk', sender_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_connection_request WHERE sender_id = :v AND created_at > :week
         GROUP BY sender_id"""

#: What the viewer and each subject are to each other, and whether the viewer has any
#: connection at all (without one, nobody is at the 3rd degree and that check is skipped).
_PAIRS = """
        SELECT 'vc', user_id, {null_id}, 1, 0, NULL, {null_at}
          FROM (SELECT user_id FROM amity_connection WHERE user_id = :v LIMIT 1) AS mine
        UNION ALL
        SELECT 'c', other_id, {null_id}, 0, 0, NULL, {null_at}
          FROM amity_connection WHERE user_id = :v AND other_id IN :s
        UNION ALL
        SELECT 'fo', followee_id, {null_id}, 0, 0, status, {null_at}
          FROM amity_follow WHERE follower_id = :v AND followee_id IN :s
        UNION ALL
        SELECT 'fi', follower_id, {null_id}, 0, 0, status, {null_at}
          FROM amity_follow WHERE followee_id = :v AND follower_id IN :s
        UNION ALL
        SELECT 'r', CASE WHEN sender_id = :v THEN recipient_id ELSE sender_id END, id,
               CASE WHEN sender_id = :v THEN 1 ELSE 0 END, 0, status, {null_at}
          FROM amity_connection_request WHERE open_pair IN :pairs
        UNION ALL
        SELECT 'x', recipient_id, {null_id}, 0, 0, status, MAX(responded_at)
          FROM amity_connection_request
         WHERE sender_id = :v AND recipient_id IN :s AND status IN ('WITHDRAWN', 'DECLINED')
         GROUP BY recipient_id, status
        UNION ALL
        SELECT 'b', blocked_id, {null_id}, 0, 0, NULL, {null_at}
          FROM amity_block WHERE blocker_id = :v AND blocked_id IN :s
        UNION ALL
        SELECT 'bb', blocker_id, {null_id}, 0, 0, NULL, {null_at}
          FROM amity_block WHERE blocked_id = :v AND blocker_id IN :s
        UNION ALL
        SELECT 'ct', u.id, {null_id}, 0, 0, NULL, {null_at}
          FROM amity_contact c JOIN amity_user u ON u.email_key = c.email_key
         WHERE c.owner_id = :v AND u.id IN :s
        UNION ALL
        SELECT 'ic', c.owner_id, {null_id}, 0, 0, NULL, {null_at}
          FROM amity_contact c JOIN amity_user me ON me.id = :v AND c.email_key = me.email_key
         WHERE c.owner_id IN :s
        UNION ALL
        SELECT 'm', theirs.user_id, {null_id}, COUNT(*), 0, NULL, {null_at}
          FROM amity_connection theirs
          JOIN amity_connection mine ON mine.user_id = :v AND mine.other_id = theirs.other_id
         WHERE theirs.user_id IN :s GROUP BY theirs.user_id"""


@cache
def _facts_sql(null_id: str, null_at: str, with_viewer: bool, with_counts: bool) -> str:
    """The branches a load needs: pair facts with a viewer, counts (and quotas) if asked."""
    branches = []
    if with_viewer:
        branches.append(_PAIRS)
    if with_counts:
        branches.append(_COUNTS)
        if with_viewer:
            branches.append(_VIEWER_COUNTS.replace("{hidden}", _HIDDEN))
    return "\n        UNION ALL".join(branches).format(null_id=null_id, null_at=null_at)


async def load_facts(
    viewer_id: UUID | None, subject_ids: Sequence[UUID], now: datetime, *, counts: bool = True
) -> tuple[dict[UUID, PairFacts], ViewerFacts]:
    """Every fact about the viewer and each subject, in one statement.

    Without ``counts`` neither the subjects' list sizes nor the viewer's quotas and caps are
    read: on a page of well-connected members the counts are the statement's largest part,
    and only count fields and action decisions need them. An anonymous viewer without counts
    needs no statement at all.

    Every branch yields the same seven columns (kind, subject, ref id, two numbers, a status
    and a time); NULLs are typed where PostgreSQL cannot infer the column's type.
    """
    facts = {sid: PairFacts() for sid in subject_ids}
    viewer = ViewerFacts()
    if not subject_ids and not counts:
        return facts, viewer
    if viewer_id is None and not (counts and subject_ids):
        return facts, viewer
    params: dict[str, object] = {}
    if counts:
        params["all"] = list(dict.fromkeys([*subject_ids, *([viewer_id] if viewer_id else [])]))
    if viewer_id is not None:
        params.update(
            v=viewer_id,
            s=list(subject_ids),
            pairs=[pair_key(viewer_id, sid) for sid in subject_ids],
        )
        if counts:
            params["week"] = now - WEEK
    sql = _facts_sql(null_uuid(), null_ts(), viewer_id is not None, counts)
    for kind, subject, ref, n, n2, status, at in await fetch(sql, params):
        _apply(facts, viewer, viewer_id, kind, as_uuid(subject), ref, int(n or 0), n2, status, at)
    return facts, viewer


def _apply(
    facts: dict[UUID, PairFacts],
    viewer: ViewerFacts,
    viewer_id: UUID | None,
    kind: str,
    subject: UUID,
    ref: object,
    n: int,
    n2: int | None,
    status: str | None,
    at: object,
) -> None:
    if subject == viewer_id:
        if kind == "cc":
            viewer.connection_count = n
        elif kind == "gc":
            viewer.following_total = n
        elif kind == "wk":
            viewer.sent_this_week = n
        elif kind == "vc":
            viewer.has_connections = True
    fact = facts.get(subject)
    if fact is None:
        return
    if kind == "cc":
        fact.connection_count = n
    elif kind == "fc":
        fact.follower_count = n
    elif kind == "gc":
        fact.following_total, fact.following_count = n, int(n2 or 0)
    elif kind == "c":
        fact.connected = True
    elif kind == "fo":
        fact.follow_out = status
    elif kind == "fi":
        fact.follow_in = status
    elif kind == "r":
        fact.request_id = as_uuid(ref)
        fact.request_sender = viewer_id if n else subject  # n: the viewer sent it
        fact.request_status = status
    elif kind == "x":
        if status == "WITHDRAWN":
            fact.last_withdrawn_at = as_datetime(at)
        else:
            fact.last_declined_at = as_datetime(at)
    elif kind == "b":
        fact.blocking = True
    elif kind == "bb":
        fact.blocked_by = True
    elif kind == "ct":
        fact.is_contact = True
    elif kind == "ic":
        fact.in_subject_contacts = True
    elif kind == "m":
        fact.mutual_count = n
    elif kind in ("hc", "hf", "hg"):
        fact.hidden[("hc", "hf", "hg").index(kind)] = n


async def third_degree(viewer_id: UUID, subject_ids: Sequence[UUID]) -> set[UUID]:
    """The subjects at exactly three hops from the viewer (callers pass those beyond two)."""
    if not subject_ids:
        return set()
    rows = await fetch(
        """SELECT DISTINCT theirs.user_id
             FROM amity_connection theirs
             JOIN amity_connection middle ON middle.user_id = theirs.other_id
             JOIN amity_connection mine
               ON mine.user_id = :v AND mine.other_id = middle.other_id
            WHERE theirs.user_id IN :s""",
        {"v": viewer_id, "s": list(subject_ids)},
    )
    return {as_uuid(row[0]) for row in rows}
