"""The aiohttp server: ``/graphql`` (HTTP and WebSocket), GraphiQL and ``/healthz``."""

from amity.server.app import create_app

__all__ = ["create_app"]
