"""The aiohttp application factory."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiohttp import web
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from amity.config import Settings
from amity.db import close_db, init_db, is_migrated, ping_db
from amity.policies import PolicyEngine, get_plugin_manager
from amity.resolvers.auth import server_secret
from amity.schema import build_schema
from amity.security import PasswordService, TokenService
from amity.server.cors import cors_middleware
from amity.server.state import SERVICES
from amity.server.view import AmityGraphQLView
from amity.services import Services

__all__ = ["build_engine", "create_app"]

log = logging.getLogger("amity.server")

#: Largest accepted request body (a 1,000-row contact import fits comfortably).
MAX_BODY = 1024 * 1024


def build_engine(
    settings: Settings, extra_plugins: Iterable[tuple[str, object]] = ()
) -> PolicyEngine:
    """Load the style and plugins; unknown hooks or bad limits fail here, at start-up.

    ``extra_plugins`` are ``(name, plugin)`` pairs registered besides the installed ones, for
    applications that embed amity and for benchmarks.
    """
    pm = get_plugin_manager(
        settings.style, allowlist=settings.plugin_allowlist, extra_plugins=extra_plugins
    )
    return PolicyEngine(
        pm, style=settings.style, limit_overrides=settings.limits, trace=settings.trace_plugins
    )


class HealthCheck:
    """``GET /healthz``: 200 once the database answers and is migrated; 503 otherwise.

    Checking the migrations loads every migration module, which costs milliseconds; once they
    were found applied, later checks only ask the database to answer.
    """

    def __init__(self) -> None:
        self.migrated = False

    async def __call__(self, request: web.Request) -> web.Response:
        try:
            if self.migrated:
                await ping_db()
            else:
                self.migrated = await is_migrated()
            ready = self.migrated
        except Exception:
            log.exception("health check failed")
            ready = False
        if ready:
            return web.json_response({"status": "ok"})
        return web.json_response({"status": "unavailable"}, status=503)


def create_app(
    settings: Settings,
    *,
    manage_db: bool = True,
    migrate: bool = True,
    extra_plugins: Iterable[tuple[str, object]] = (),
) -> web.Application:
    """Build the app. With ``manage_db`` it opens (and migrates) the database on start-up and
    closes it on clean-up; without, the caller has initialised Tortoise already (tests)."""
    engine = build_engine(settings, extra_plugins)
    app = web.Application(
        client_max_size=MAX_BODY, middlewares=[cors_middleware(settings.allowed_origins)]
    )
    view = AmityGraphQLView(
        schema=build_schema(),
        graphql_ide="graphiql",
        allowed_origins=settings.allowed_origins,
        # The protocol amity speaks; the legacy graphql-ws protocol is not offered.
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
    )

    async def startup(app: web.Application) -> None:
        if manage_db:
            await init_db(settings.database_url, migrate=migrate)
        app[SERVICES] = Services(
            settings=settings,
            engine=engine,
            passwords=PasswordService(settings.password_profile),
            tokens=TokenService(await server_secret(settings.secret)),
        )
        log.info("amity serving style %s with plugins %s", engine.style, engine.plugins)

    async def cleanup(app: web.Application) -> None:
        if manage_db:
            await close_db()

    app.on_startup.append(startup)
    app.on_cleanup.append(cleanup)
    app.router.add_route("*", "/graphql", view)
    health = HealthCheck()

    async def healthz(request: web.Request) -> web.Response:
        return await health(request)

    app.router.add_get("/healthz", healthz)
    return app
