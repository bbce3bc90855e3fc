"""The aiohttp application factory."""

from __future__ import annotations

import logging

from aiohttp import web

from amity.config import Settings
from amity.db import close_db, init_db, is_migrated
from amity.policies import PolicyEngine, get_plugin_manager
from amity.resolvers.auth import server_secret
from amity.schema import build_schema
from amity.security import PasswordService, TokenService
from amity.server.state import SERVICES
from amity.server.view import AmityGraphQLView
from amity.services import Services

__all__ = ["build_engine", "create_app"]

log = logging.getLogger("amity.server")

#: Largest accepted request body (a 1,000-row contact import fits comfortably).
MAX_BODY = 1024 * 1024


def build_engine(settings: Settings) -> PolicyEngine:
    """Load the style and plugins; unknown hooks or bad limits fail here, at start-up."""
    pm = get_plugin_manager(settings.style, allowlist=settings.plugin_allowlist)
    return PolicyEngine(
        pm, style=settings.style, limit_overrides=settings.limits, trace=settings.trace_plugins
    )


async def healthz(request: web.Request) -> web.Response:
    """200 once the database answers and is migrated; 503 otherwise."""
    try:
        ready = await is_migrated()
    except Exception:
        log.exception("health check failed")
        ready = False
    if ready:
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "unavailable"}, status=503)


def create_app(
    settings: Settings, *, manage_db: bool = True, migrate: bool = True
) -> web.Application:
    """Build the app. With ``manage_db`` it opens (and migrates) the database on start-up and
    closes it on clean-up; without, the caller has initialised Tortoise already (tests)."""
    engine = build_engine(settings)
    app = web.Application(client_max_size=MAX_BODY)
    view = AmityGraphQLView(
        schema=build_schema(),
        graphql_ide="graphiql",
        allowed_origins=settings.allowed_origins,
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
    app.router.add_get("/healthz", healthz)
    return app
