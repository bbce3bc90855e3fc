"""Typed application state: the services one app shares between requests."""

from __future__ import annotations

from aiohttp import web

from amity.services import Services

__all__ = ["SERVICES", "services_of"]

SERVICES: web.AppKey[Services] = web.AppKey("amity.services", Services)


def services_of(app: web.Application) -> Services:
    return app[SERVICES]
