"""``UserError``: how a mutation reports an expected failure as data."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from amity.errors import Problem

__all__ = ["UserError", "user_errors"]


@strawberry.type(
    description="An expected, business-level failure. Mutations return these in their "
    "payload's `errors`; they never throw for them."
)
class UserError:
    code: str = strawberry.field(description="A code from the error table, e.g. NOT_FOUND.")
    message: str
    field: list[str] | None = strawberry.field(
        description="Path to the offending input field, e.g. ['input', 'note']."
    )

    @classmethod
    def from_problem(cls, problem: Problem) -> UserError:
        return cls(
            code=problem.code,
            message=problem.message,
            field=list(problem.field) if problem.field else None,
        )


def user_errors(problems: Iterable[Problem]) -> list[UserError]:
    return [UserError.from_problem(p) for p in problems]
