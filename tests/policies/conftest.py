"""Fixtures for the policy engine tests: members, snapshots and an in-memory ``Q`` evaluator.

The engine is pure Python, so these tests need no database. Row filters are Tortoise ``Q``
trees; evaluating them against plain dicts lets the tests check what a filter *matches*
(the property that matters) instead of how the tree happens to be shaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from tortoise.expressions import Q

from amity.policies import Member, RelationshipSnapshot
from amity.testing import make_member, make_snapshot

MemberFactory = Callable[..., Member]
SnapshotFactory = Callable[..., RelationshipSnapshot]
QMatcher = Callable[[Q, Mapping[str, Any]], bool]


# The same factories plugin authors get from the testing kit.
_member = make_member
_snapshot = make_snapshot


def _lookup(key: str, expected: Any, row: Mapping[str, Any]) -> bool:
    field, _, op = key.partition("__")
    actual = row["id" if field == "pk" else field]
    if op == "":
        return actual == expected
    if op == "in":
        return actual in list(expected)
    if op == "isnull":
        return (actual is None) is bool(expected)
    if op == "startswith":
        return str(actual).startswith(expected)
    if op == "istartswith":
        return str(actual).lower().startswith(str(expected).lower())
    raise AssertionError(f"the test evaluator does not know the lookup {key!r}")


def _q_matches(q: Q, row: Mapping[str, Any]) -> bool:
    """Evaluate a Tortoise ``Q`` against one row, with Tortoise's semantics.

    Like Tortoise, an empty ``Q()`` matches every row: that is exactly the trap that
    ``NOTHING`` exists to avoid, so the evaluator must not hide it.
    """
    results = [_lookup(key, value, row) for key, value in q.filters.items()]
    results += [_q_matches(child, row) for child in q.children]
    matched = all(results) if q.join_type == Q.AND else any(results)
    return not matched if q._is_negated else matched


@pytest.fixture
def make_member() -> MemberFactory:
    """Build a :class:`Member` with a fresh id; keyword arguments are privacy settings."""
    return _member


@pytest.fixture
def make_snapshot() -> SnapshotFactory:
    """Build the viewer's snapshot of a subject; ``viewer=None`` is an anonymous viewer."""
    return _snapshot


@pytest.fixture
def q_matches() -> QMatcher:
    """Whether a Tortoise ``Q`` matches a row given as a dict."""
    return _q_matches
