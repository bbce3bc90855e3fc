"""Votes, decisions and row filters: what decision hooks return and how they combine.

Combination never depends on plugin order: any deny wins; else any allow wins; else deny.
Row filters combine like PostgreSQL row security: (any grant) AND (every restriction).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from tortoise.expressions import Q

from amity.vocabulary import MessageRoute

__all__ = [
    "NOTHING",
    "POLICY_ERROR",
    "Decision",
    "InviteOutcome",
    "Route",
    "RowFilter",
    "Vote",
    "combine",
    "combine_filters",
    "strictest_route",
]

#: Code given to the client when a plugin raised while deciding.
POLICY_ERROR = "POLICY_ERROR"
#: Code of a decision nobody granted.
NOT_ALLOWED = "NOT_ALLOWED"


@dataclass(frozen=True, slots=True)
class Vote:
    """One plugin's answer to a decision hook. Build with :meth:`allow` or :meth:`deny`."""

    allowed: bool
    code: str | None = None
    reason: str | None = None
    #: Name of the plugin that cast the vote; the engine fills it in.
    plugin: str | None = None

    @classmethod
    def allow(cls, code: str | None = None, reason: str | None = None) -> Vote:
        return cls(True, code, reason)

    @classmethod
    def deny(cls, code: str, reason: str | None = None) -> Vote:
        return cls(False, code, reason)

    def by(self, plugin: str) -> Vote:
        """The same vote credited to ``plugin``."""
        return Vote(self.allowed, self.code, self.reason, plugin)


@dataclass(frozen=True, slots=True)
class Decision:
    """The combined outcome of every vote, with the votes kept for explanation."""

    allowed: bool
    code: str | None = None
    reason: str | None = None
    votes: tuple[Vote, ...] = ()
    #: The input field a core validation refers to (``("input", "note")``), if any.
    field: tuple[str, ...] | None = None

    def __bool__(self) -> bool:
        return self.allowed


def combine(votes: Iterable[Vote]) -> Decision:
    """Any deny wins; else any allow wins; else deny.

    When several plugins deny, the reported code is the smallest (by plugin name, then code), so
    that the answer is the same whatever the registration order.
    """
    votes = tuple(votes)
    if not votes:
        return _NOBODY
    if len(votes) == 1:  # the common case: only the style voted
        (vote,) = votes
        return Decision(vote.allowed, vote.code, vote.reason, votes)
    denies = sorted(
        (v for v in votes if not v.allowed), key=lambda v: (v.plugin or "", v.code or "")
    )
    if denies:
        first = denies[0]
        return Decision(False, first.code, first.reason, votes)
    allows = sorted((v for v in votes if v.allowed), key=lambda v: (v.plugin or "", v.code or ""))
    if allows:
        first = allows[0]
        return Decision(True, first.code, first.reason, votes)
    return _NOBODY


_NOBODY = Decision(False, NOT_ALLOWED, "No policy allows this.")

#: A filter that matches no row. Never use an empty ``Q()`` for "nothing": it matches every row.
NOTHING = Q(pk__isnull=True)


@dataclass(frozen=True, slots=True)
class RowFilter:
    """One plugin's contribution to a list filter: a grant widens, a restriction narrows."""

    q: Q
    restrict: bool = False
    plugin: str | None = None

    @classmethod
    def grant(cls, q: Q) -> RowFilter:
        return cls(q, restrict=False)

    @classmethod
    def restriction(cls, q: Q) -> RowFilter:
        return cls(q, restrict=True)

    def by(self, plugin: str) -> RowFilter:
        return replace(self, plugin=plugin)


def combine_filters(filters: Iterable[RowFilter]) -> Q:
    """(any grant) AND (every restriction); no grant at all matches nothing."""
    filters = list(filters)
    grants = [f.q for f in filters if not f.restrict]
    restrictions = [f.q for f in filters if f.restrict]
    if not grants:
        return NOTHING
    combined = Q(*grants, join_type=Q.OR) if len(grants) > 1 else grants[0]
    for q in restrictions:
        combined = combined & q
    return combined


@dataclass(frozen=True, slots=True)
class Route:
    """A routing hook's answer for a message: where it goes, or why it is refused."""

    route: MessageRoute
    code: str | None = None
    reason: str | None = None
    plugin: str | None = None

    @classmethod
    def inbox(cls, reason: str | None = None) -> Route:
        return cls(MessageRoute.INBOX, None, reason)

    @classmethod
    def requests(cls, reason: str | None = None) -> Route:
        return cls(MessageRoute.REQUESTS, None, reason)

    @classmethod
    def credit(cls, reason: str | None = None) -> Route:
        return cls(MessageRoute.CREDIT, None, reason)

    @classmethod
    def refused(cls, code: str, reason: str | None = None) -> Route:
        return cls(MessageRoute.REFUSED, code, reason)

    @property
    def allowed(self) -> bool:
        return self.route is not MessageRoute.REFUSED

    def by(self, plugin: str) -> Route:
        return replace(self, plugin=plugin)


def strictest_route(routes: Iterable[Route]) -> Route:
    """The most restrictive route (REFUSED > CREDIT > REQUESTS > INBOX); ties by plugin name."""
    ranked = sorted(routes, key=lambda r: (-r.route.strictness, r.plugin or "", r.code or ""))
    return ranked[0] if ranked else _NO_ROUTE


_NO_ROUTE = Route(MessageRoute.REFUSED, "NOT_ACCEPTING_MESSAGES", "No policy routes this message.")


class InviteOutcome(StrEnum):
    """What redeeming an invite makes of the inviter and the new member."""

    CONNECT = "CONNECT"
    REQUEST = "REQUEST"
    FOLLOW = "FOLLOW"
    NONE = "NONE"

    @property
    def strictness(self) -> int:
        return _OUTCOME_STRICTNESS[self]


_OUTCOME_STRICTNESS = {
    InviteOutcome.CONNECT: 0,
    InviteOutcome.REQUEST: 1,
    InviteOutcome.FOLLOW: 2,
    InviteOutcome.NONE: 3,
}
