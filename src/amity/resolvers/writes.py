"""The write path: every use case that changes data runs inside :func:`writing`.

A use case's writes share one transaction, and what must follow a commit happens in one place
here rather than at the end of each use case: the request's caches (snapshots, member views,
loaders) are dropped, so later fields of the same document read what the write left, and the
callbacks the use case registered (events to publish, emails to send) run, only once the
transaction committed. A refusal or a failure raised inside rolls everything back and runs
none of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from tortoise.transactions import in_transaction

from amity.resolvers.context import RequestContext

__all__ = ["Write", "writing"]

AfterCommit = Callable[[], Awaitable[None]]


class Write:
    """What one write use case asks to happen after its transaction commits."""

    __slots__ = ("_after",)

    def __init__(self) -> None:
        self._after: list[AfterCommit] = []

    def after_commit(self, callback: AfterCommit) -> None:
        """Run ``callback`` once the transaction has committed (never after a rollback)."""
        self._after.append(callback)


@asynccontextmanager
async def writing(ctx: RequestContext) -> AsyncIterator[Write]:
    """One transaction for a use case; afterwards, fresh caches and the after-commit work."""
    write = Write()
    async with in_transaction():
        yield write
    ctx.forget_viewer()
    for callback in write._after:
        await callback()
