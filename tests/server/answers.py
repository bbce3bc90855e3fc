"""Helpers for the HTTP-level tests: raw requests whose answers must still be GraphQL JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientResponse

__all__ = ["RawAnswer", "codes_of", "read_answer"]


@dataclass
class RawAnswer:
    """An answer read as text first, so a non-JSON body fails the test with its content."""

    status: int
    content_type: str
    headers: dict[str, str]
    text: str

    @property
    def body(self) -> dict[str, Any]:
        decoded = json.loads(self.text)
        assert isinstance(decoded, dict), self.text
        return decoded

    @property
    def codes(self) -> list[str | None]:
        return codes_of(self.body)


def codes_of(body: dict[str, Any]) -> list[str | None]:
    """The ``extensions.code`` of every top-level error."""
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


async def read_answer(resp: ClientResponse) -> RawAnswer:
    return RawAnswer(resp.status, resp.content_type, dict(resp.headers), await resp.text())
