"""CORS for browser front ends on other origins (``AMITY_ALLOWED_ORIGINS``).

Only origins named in the configuration get CORS headers; every other cross-origin browser
request is left for the browser to refuse. Bearer tokens travel in a header, never a cookie,
so credentials are not allowed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.typedefs import Middleware

__all__ = ["cors_middleware"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

ALLOWED_HEADERS = "Authorization, Content-Type, Accept"
ALLOWED_METHODS = "GET, POST, OPTIONS"
MAX_AGE = "600"


def cors_middleware(origins: Iterable[str]) -> Middleware:
    allowed = frozenset(origin.rstrip("/") for origin in origins)

    @web.middleware
    async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is None or origin not in allowed:
            return await handler(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response: web.StreamResponse = web.Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = MAX_AGE
        else:
            response = await handler(request)
        if not response.prepared:  # a WebSocket has already sent its headers
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        return response

    return cors
