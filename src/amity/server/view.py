"""The GraphQL view: strawberry's aiohttp view, made to follow GraphQL over HTTP.

strawberry answers parse and validation errors with 200 and ``application/json`` and its own
HTTP errors as plain text. Clients such as Apollo Client 4 expect
``application/graphql-response+json`` with 4xx codes, and every answer here is JSON with an
``extensions.code``.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from aiohttp import web
from cross_web import HTTPException
from strawberry.aiohttp.views import GraphQLView
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from amity.errors import INTERNAL_SERVER_ERROR, UNAUTHENTICATED
from amity.resolvers.auth import authenticate
from amity.resolvers.context import RequestContext
from amity.server.negotiation import pick_media_type, status_for
from amity.server.state import services_of

__all__ = ["AmityGraphQLView", "Unauthenticated"]

log = logging.getLogger("amity.server")

_SUB_RESPONSE: web.RequestKey[web.Response] = web.RequestKey("amity.sub_response", web.Response)
MAX_AUTHORIZATION = 512
#: NUL (PostgreSQL text cannot hold it) and unpaired UTF-16 surrogates (not encodable as UTF-8):
#: strings carrying them would crash the database driver or the password hasher.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Unauthenticated(Exception):
    """The request carried a token that is malformed, unknown, expired or revoked."""


def _error_body(code: str, message: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _has_unstorable_text(value: object) -> bool:
    """Whether any string in a decoded JSON value (keys included) cannot be stored; iterative, so
    a deeply nested value cannot overflow the stack."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


async def _log_in_context(ctx: RequestContext, authorization: str) -> bool:
    """Set the context's viewer from an ``Authorization`` value; False if it is not a live
    bearer token (malformed, unknown, expired or revoked)."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if (
        scheme.lower() != "bearer"
        or not token
        or len(authorization) > MAX_AUTHORIZATION
        or _UNSTORABLE.search(token)
    ):
        return False
    found = await authenticate(ctx.services.tokens, token)
    if found is None:
        return False
    ctx.viewer, ctx.token_hash = found
    return True


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
        except web.HTTPException as e:  # aiohttp's own, e.g. 413 for a body over MAX_BODY
            return self._json(_error_body("BAD_REQUEST", e.reason), e.status, media, {})
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

    def parse_json(self, data: str | bytes) -> Any:
        """Decode a JSON body or query parameter; anything but an object or list is a 400.

        strawberry assumes an object or list (a number crashes it), lets a deeply nested
        document overflow the stack or bytes that are not UTF-8 escape, and passes on strings
        no database can store.
        """
        try:
            value = super().parse_json(data)
        except (RecursionError, UnicodeDecodeError):
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if not isinstance(value, dict | list):
            raise HTTPException(400, "The request body must be a JSON object.")
        if _has_unstorable_text(value):
            raise HTTPException(
                400, "Strings must not contain NUL characters or unpaired surrogates."
            )
        return value

    async def get_sub_response(self, request: web.Request) -> web.Response:
        response = web.Response()
        response.content_type = pick_media_type(request.headers.get("Accept"))
        request[_SUB_RESPONSE] = response
        return response

    async def get_context(
        self, request: web.Request, response: web.Response | web.WebSocketResponse
    ) -> RequestContext:
        ctx = RequestContext(services=services_of(request.app), request=request)
        header = request.headers.get("Authorization")
        # A WebSocket authenticates in connection_init instead (see on_ws_connect).
        is_http = not isinstance(response, web.WebSocketResponse)
        if is_http and header is not None and not await _log_in_context(ctx, header):
            raise Unauthenticated
        return ctx

    async def on_ws_connect(self, context: RequestContext) -> UnsetType:
        """A WebSocket must present a live token in ``connection_init`` (else closed, 4403).

        The payload is ``{"authorization": "Bearer <token>"}``, as the header would be.
        """
        params = context.connection_params or {}
        header = params.get("authorization") or params.get("Authorization")
        if not isinstance(header, str) or not await _log_in_context(context, header):
            raise ConnectionRejectionError
        return UNSET  # a plain connection_ack

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
