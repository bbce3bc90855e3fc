"""Passwords (argon2id) and bearer tokens (random, stored only as a keyed hash).

Password hashing is CPU-bound for tens of milliseconds by design, so it runs in a thread to
keep the event loop serving other requests.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY

__all__ = ["PasswordService", "TokenService"]


class PasswordService:
    """argon2id hashing; ``fast`` parameters exist for test suites and demos only."""

    def __init__(self, profile: str = "default") -> None:
        params = CHEAPEST if profile == "fast" else RFC_9106_LOW_MEMORY
        self._hasher = PasswordHasher.from_parameters(params)
        # Verified against when the login is unknown, so both answers take the same time.
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(password_hash or self._dummy, password) and bool(
                    password_hash
                )
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)


class TokenService:
    """Opaque bearer tokens: 256 random bits, stored as HMAC-SHA256 under the server secret."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    def digest(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def mac(self, data: bytes) -> bytes:
        """HMAC-SHA256 of ``data`` under the server secret.

        For values that are derived rather than stored (invite tokens): whoever can recompute
        the MAC is the server, so such a value needs no table of its own. Callers prefix
        ``data`` with their purpose so that one MAC can never stand in for another.
        """
        return hmac.new(self._key, data, hashlib.sha256).digest()
