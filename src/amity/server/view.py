"""The GraphQL view: strawberry's aiohttp view, made to follow GraphQL over HTTP.

strawberry answers parse and validation errors with 200 and ``application/json`` and its own
HTTP errors as plain text. Clients such as Apollo Client 4 expect
``application/graphql-response+json`` with 4xx codes, and every answer here is JSON with an
``extensions.code``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from cross_web import HTTPException
from strawberry.aiohttp.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from amity.errors import INTERNAL_SERVER_ERROR, UNAUTHENTICATED
from amity.resolvers.auth import authenticate
from amity.resolvers.context import RequestContext
from amity.server.negotiation import pick_media_type, status_for
from amity.server.state import services_of

__all__ = ["AmityGraphQLView", "Unauthenticated"]

log = logging.getLogger("amity.server")

_SUB_RESPONSE: web.RequestKey[web.Response] = web.RequestKey("amity.sub_response", web.Response)
MAX_AUTHORIZATION = 512


class Unauthenticated(Exception):
    """The request carried a token that is malformed, unknown, expired or revoked."""


def _error_body(code: str, message: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


class AmityGraphQLView(GraphQLView[RequestContext, None]):
    """Serves ``/graphql``: queries and mutations over HTTP, GraphiQL for browsers."""

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        media = pick_media_type(request.headers.get("Accept"))
        try:
            return await self.run(request=request)
        except Unauthenticated:
            body = _error_body(UNAUTHENTICATED, "Invalid, expired or revoked token.")
            return self._json(
                body, 401, media, {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        except HTTPException as e:
            status, headers = e.status_code, {}
            if request.method == "GET" and "GET" in (e.reason or "") and status == 400:
                status, headers = 405, {"Allow": "POST"}
            elif status == 405:
                headers = {"Allow": "GET, POST"}
            return self._json(_error_body("BAD_REQUEST", e.reason), status, media, headers)
        except Exception:
            log.exception("request failed")
            body = _error_body(INTERNAL_SERVER_ERROR, "Internal server error.")
            return self._json(body, 500, media, {})

    @staticmethod
    def _json(body: object, status: int, media: str, headers: dict[str, str]) -> web.Response:
        return web.Response(
            text=json.dumps(body), status=status, content_type=media, headers=headers
        )

    async def get_sub_response(self, request: web.Request) -> web.Response:
        response = web.Response()
        response.content_type = pick_media_type(request.headers.get("Accept"))
        request[_SUB_RESPONSE] = response
        return response

    async def get_context(
        self, request: web.Request, response: web.Response | web.WebSocketResponse
    ) -> RequestContext:
        services = services_of(request.app)
        ctx = RequestContext(services=services, request=request)
        header = request.headers.get("Authorization")
        if header is not None and not isinstance(response, web.WebSocketResponse):
            scheme, _, token = header.strip().partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token or len(header) > MAX_AUTHORIZATION:
                raise Unauthenticated
            found = await authenticate(services.tokens, token)
            if found is None:
                raise Unauthenticated
            ctx.viewer, ctx.token_hash = found
        return ctx

    async def process_result(
        self, request: web.Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        status = status_for(data.get("data"), data.get("errors"))
        if status != 200:
            data.pop("data", None)
            request[_SUB_RESPONSE].set_status(status)
        return data

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: web.Response,
    ) -> web.Response:
        sub_response.text = self.encode_json(response_data)  # type: ignore[assignment]
        return sub_response
