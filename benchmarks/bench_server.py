"""A benchmark server: amity with ``N`` extra voting plugins and a dispatch-time counter.

Run by ``benchmarks/directory.py`` in its own process, so that the load generator does not
share the server's event loop. ``GET /bench/stats`` reports the seconds spent inside policy
dispatch since the last ``POST /bench/reset``.
"""

from __future__ import annotations

import argparse
import contextvars
import time
from typing import Any

from aiohttp import web

from amity.config import Settings
from amity.policies import Vote, hookimpl
from amity.policies.engine import PolicyEngine
from amity.server import create_app


class VotingPlugin:
    """A plugin that votes on every visibility question, like a real third-party policy."""

    @hookimpl
    def amity_can_view_field(self, field: str, snapshot: Any) -> Vote | None:
        if field == "email" and snapshot.blocked:
            return Vote.deny("BENCH")
        return None

    @hookimpl
    def amity_can_discover(self, snapshot: Any) -> Vote | None:
        return None


class DispatchClock:
    """Accumulates wall time spent inside the policy engine's entry points.

    Nested entry points (``can_discover`` calling ``decide``) are counted once, per task.
    """

    ENTRY_POINTS = (
        "visible_fields",
        "can_view_field",
        "can_discover",
        "discoverable_filter",
        "decide",
        "row_filter",
    )

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        depth: contextvars.ContextVar[int] = contextvars.ContextVar("depth", default=0)
        for name in self.ENTRY_POINTS:
            setattr(PolicyEngine, name, self._timed(getattr(PolicyEngine, name), depth))

    def _timed(self, original: Any, depth: contextvars.ContextVar[int]) -> Any:
        async def timed(engine: PolicyEngine, *args: Any, **kwargs: Any) -> Any:
            outermost = depth.get() == 0
            token = depth.set(depth.get() + 1)
            start = time.perf_counter()
            try:
                return await original(engine, *args, **kwargs)
            finally:
                depth.reset(token)
                if outermost:
                    self.seconds += time.perf_counter() - start
                    self.calls += 1

        return timed


def serve_from_memory() -> None:
    """The floor: the same schema, extensions and response, with no database and no policy.

    The first request computes the page and the viewer for real; every later one is answered
    from memory, so what remains is aiohttp, strawberry and our types.
    """
    import amity.resolvers.users as users
    import amity.server.view as view

    real_directory, real_authenticate = users.directory, view.authenticate
    memo: dict[str, Any] = {}

    async def directory(ctx: Any, **kwargs: Any) -> Any:
        if "page" not in memo:
            page = await real_directory(ctx, **kwargs)
            count = await page.count()
            # Stored together: concurrent first requests must never see one without the other.
            memo["page"], memo["count"] = page, count
        page = memo["page"]

        async def count() -> int:
            return memo["count"]

        return type(page)(page.items, page.cursors, page.has_next, page.has_previous, count)

    async def authenticate(tokens: Any, token: str) -> Any:
        if token not in memo:
            memo[token] = await real_authenticate(tokens, token)
        return memo[token]

    users.directory = directory  # type: ignore[assignment]
    view.authenticate = authenticate  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plugins", type=int, default=1, help="plugins registered in all")
    parser.add_argument("--style", default="linkedin")
    parser.add_argument("--floor", action="store_true", help="answer from memory")
    args = parser.parse_args()
    if args.floor:
        serve_from_memory()

    clock = DispatchClock()
    extra = [(f"bench_{i}", VotingPlugin()) for i in range(max(0, args.plugins - 1))]
    settings = Settings.from_env(
        env={}, database_url=args.database, style=args.style, password_profile="fast"
    )
    app = create_app(settings, migrate=False, extra_plugins=extra)

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({"dispatch_seconds": clock.seconds, "calls": clock.calls})

    async def reset(_request: web.Request) -> web.Response:
        clock.seconds, clock.calls = 0.0, 0
        return web.json_response({"ok": True})

    app.router.add_get("/bench/stats", stats)
    app.router.add_post("/bench/reset", reset)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
