"""The long-lived services one app shares between requests."""

from __future__ import annotations

from dataclasses import dataclass

from amity.config import Settings
from amity.policies import PolicyEngine
from amity.security import PasswordService, TokenService

__all__ = ["Services"]


@dataclass(frozen=True, slots=True)
class Services:
    """Built once at start-up by :func:`amity.server.app.create_app`."""

    settings: Settings
    engine: PolicyEngine
    passwords: PasswordService
    tokens: TokenService
