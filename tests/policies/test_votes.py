"""Votes, decisions and row filters: the combination rules every decision relies on.

Combination must not depend on plugin order (any deny wins; else any allow; else deny), and
row filters must combine like PostgreSQL row security, with "nothing" spelled explicitly.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError
from typing import Any

import pytest
from tortoise.expressions import Q

from amity.policies import NOTHING, Decision, RowFilter, Vote, combine, combine_filters
from amity.policies.votes import NOT_ALLOWED, POLICY_ERROR

QMatcher = Callable[[Q, Mapping[str, Any]], bool]

ALLOW_A = Vote.allow("OK_A", "a grants").by("a")
ALLOW_B = Vote.allow("OK_B", "b grants").by("b")
DENY_B = Vote.deny("NO_B", "b vetoes").by("b")
DENY_C = Vote.deny("NO_C", "c vetoes").by("c")


def test_vote_constructors_and_credit() -> None:
    """``by`` credits a copy: a vote is shared by nobody, so it must never be mutated."""
    vote = Vote.deny("CODE", "why")
    credited = vote.by("plugin")
    assert (vote.allowed, vote.code, vote.reason, vote.plugin) == (False, "CODE", "why", None)
    assert credited.plugin == "plugin"
    assert (credited.allowed, credited.code, credited.reason) == (False, "CODE", "why")
    assert Vote.allow().allowed is True
    with pytest.raises(FrozenInstanceError):
        vote.allowed = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("votes", "allowed", "code"),
    [
        pytest.param([], False, NOT_ALLOWED, id="nobody-voted-is-a-deny"),
        pytest.param([ALLOW_A], True, "OK_A", id="one-allow"),
        pytest.param([ALLOW_A, ALLOW_B], True, "OK_A", id="two-allows-smallest-plugin"),
        pytest.param([DENY_B], False, "NO_B", id="one-deny"),
        pytest.param([ALLOW_A, DENY_C], False, "NO_C", id="deny-beats-allow"),
        pytest.param([ALLOW_A, ALLOW_B, DENY_C], False, "NO_C", id="deny-beats-two-allows"),
        pytest.param([DENY_C, DENY_B, ALLOW_A], False, "NO_B", id="two-denies-smallest-plugin"),
    ],
)
def test_combine(votes: list[Vote], allowed: bool, code: str) -> None:
    """Any deny wins; else any allow; else deny, and the answer is the same in any order."""
    outcomes = set()
    for order in itertools.permutations(votes):
        decision = combine(order)
        outcomes.add((decision.allowed, decision.code, decision.reason))
        assert sorted(decision.votes, key=str) == sorted(votes, key=str)
    assert len(outcomes) == 1
    (outcome,) = outcomes
    assert outcome[:2] == (allowed, code)
    assert bool(combine(votes)) is allowed


def test_same_plugin_two_denies_is_order_independent() -> None:
    """Ties on the plugin name are broken by code, so even one plugin's votes are stable."""
    votes = [Vote.deny("ZED").by("p"), Vote.deny(POLICY_ERROR).by("p")]
    assert {combine(order).code for order in itertools.permutations(votes)} == {POLICY_ERROR}


def test_decision_truthiness() -> None:
    """Resolvers write ``if decision:``; truthiness must follow ``allowed`` only."""
    assert Decision(True)
    assert not Decision(False, "CODE")


ROWS = [
    {"id": 1, "handle": "ada", "discoverable": "PUBLIC"},
    {"id": 2, "handle": "bob", "discoverable": "NETWORK"},
    {"id": 3, "handle": "hidden_cy", "discoverable": "PUBLIC"},
    {"id": 4, "handle": "dee", "discoverable": "ONLY_ME"},
]


@pytest.mark.parametrize(
    ("filters", "visible"),
    [
        pytest.param([], set(), id="no-filter-nothing"),
        pytest.param(
            [RowFilter.restriction(Q(discoverable="PUBLIC"))], set(), id="restriction-only-nothing"
        ),
        pytest.param([RowFilter.grant(Q(discoverable="PUBLIC"))], {1, 3}, id="one-grant"),
        pytest.param(
            [RowFilter.grant(Q(discoverable="PUBLIC")), RowFilter.grant(Q(handle="bob"))],
            {1, 2, 3},
            id="grants-are-ored",
        ),
        pytest.param(
            [
                RowFilter.grant(Q(discoverable="PUBLIC")),
                RowFilter.grant(Q(handle="bob")),
                RowFilter.restriction(~Q(handle__startswith="hidden")),
                RowFilter.restriction(Q(id__in=[1, 2, 3])),
            ],
            {1, 2},
            id="restrictions-are-anded",
        ),
        pytest.param(
            [RowFilter.grant(Q(discoverable="PUBLIC")), RowFilter.restriction(NOTHING)],
            set(),
            id="restriction-to-nothing-hides-all",
        ),
    ],
)
def test_combine_filters(filters: list[RowFilter], visible: set[int], q_matches: QMatcher) -> None:
    """(any grant) AND (every restriction); no grant at all matches nothing, in any order."""
    for order in itertools.permutations(filters):
        q = combine_filters(order)
        assert {row["id"] for row in ROWS if q_matches(q, row)} == visible


def test_nothing_is_not_an_empty_q(q_matches: QMatcher) -> None:
    """An empty ``Q()`` matches every row in Tortoise; ``NOTHING`` must match none."""
    assert q_matches(Q(), ROWS[0]), "the evaluator must treat Q() as Tortoise does"
    assert not any(q_matches(NOTHING, row) for row in ROWS)
    assert combine_filters([]) is NOTHING


def test_row_filter_constructors() -> None:
    """A grant widens and a restriction narrows; ``by`` credits a copy."""
    grant = RowFilter.grant(Q(handle="ada"))
    restriction = RowFilter.restriction(Q(handle="ada")).by("p")
    assert (grant.restrict, grant.plugin) == (False, None)
    assert (restriction.restrict, restriction.plugin) == (True, "p")
