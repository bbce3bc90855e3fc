"""Error codes and the two ways errors reach a client.

Expected business failures are data: a mutation returns them in its payload's ``errors``
(:class:`ActionError` carries one up from a resolver). Request-level failures are top-level
GraphQL errors with ``extensions.code`` (:func:`request_error`). Exception text never reaches a
client: anything else is masked as ``INTERNAL_SERVER_ERROR``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import GraphQLError

__all__ = [
    "ALREADY_EXISTS",
    "ALREADY_INVITED",
    "ALREADY_MEMBER",
    "BAD_USER_INPUT",
    "CONFLICT",
    "INTERNAL_SERVER_ERROR",
    "INVALID_CREDENTIALS",
    "NOT_FOUND",
    "QUERY_TOO_COMPLEX",
    "UNAUTHENTICATED",
    "ActionError",
    "Problem",
    "request_error",
]

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
ALREADY_EXISTS = "ALREADY_EXISTS"
ALREADY_MEMBER = "ALREADY_MEMBER"
ALREADY_INVITED = "ALREADY_INVITED"
INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
CONFLICT = "CONFLICT"
UNAUTHENTICATED = "UNAUTHENTICATED"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


@dataclass(frozen=True, slots=True)
class Problem:
    """One business-level failure: a code, a message and the path of the offending input."""

    code: str
    message: str
    field: tuple[str, ...] | None = None


class ActionError(Exception):
    """Raised by a use case to refuse an action; the mutation returns its problems as data."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__(problems[0].message if problems else "refused")
        self.problems: Sequence[Problem] = problems

    @classmethod
    def of(cls, code: str, message: str, field: Sequence[str] | None = None) -> ActionError:
        return cls(Problem(code, message, tuple(field) if field else None))


def request_error(code: str, message: str, **extensions: object) -> GraphQLError:
    """A top-level GraphQL error that survives masking and carries ``extensions.code``."""
    return GraphQLError(message, extensions={"code": code, **extensions})
