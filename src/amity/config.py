"""Server configuration: command-line flags with environment twins.

Every option of ``amity serve`` has an ``AMITY_*`` twin so that the same image runs from a
shell, a process manager or a container without a config file. Flags win over the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["DEFAULT_DATABASE_URL", "ConfigError", "Settings", "parse_limits"]

DEFAULT_DATABASE_URL = "sqlite://amity.sqlite3"


class ConfigError(ValueError):
    """A configuration value is malformed; the message says which and why."""


def parse_limits(text: str) -> dict[str, int]:
    """Parse ``AMITY_LIMITS`` (``name=value,name=value``) into a mapping.

    Names are checked against the known limits later, once the active style is known.
    """
    limits: dict[str, int] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, raw = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ConfigError(f"AMITY_LIMITS: expected name=value, got {part!r}")
        try:
            value = int(raw.strip())
        except ValueError:
            raise ConfigError(f"AMITY_LIMITS: {name} must be a whole number, got {raw!r}") from None
        if value < 0:
            raise ConfigError(f"AMITY_LIMITS: {name} must not be negative")
        limits[name] = value
    return limits


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the server needs to start; built by :meth:`from_env`."""

    host: str = "127.0.0.1"
    port: int = 8000
    style: str = "linkedin"
    database_url: str = DEFAULT_DATABASE_URL
    workers: int = 1
    secret: str | None = None
    limits: Mapping[str, int] = field(default_factory=dict)
    #: ``None`` loads every installed plugin; otherwise only the named ones.
    plugin_allowlist: frozenset[str] | None = None
    trace_plugins: bool = False
    #: argon2 parameters: "default" (RFC 9106 low-memory) or "fast" (tests and demos only).
    password_profile: str = "default"
    #: Cross-origin browser clients allowed to open WebSockets.
    allowed_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read ``AMITY_*`` variables, then apply non-``None`` overrides (the CLI flags)."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "host": env.get("AMITY_HOST", "127.0.0.1"),
            "style": env.get("AMITY_STYLE", "linkedin"),
            "database_url": env.get("AMITY_DATABASE_URL", DEFAULT_DATABASE_URL),
            "secret": env.get("AMITY_SECRET") or None,
            "limits": parse_limits(env.get("AMITY_LIMITS", "")),
            "trace_plugins": _flag(env, "AMITY_TRACE_PLUGINS"),
            "password_profile": env.get("AMITY_PASSWORD_PROFILE", "default"),
        }
        for name, var in (("port", "AMITY_PORT"), ("workers", "AMITY_WORKERS")):
            if var in env:
                try:
                    values[name] = int(env[var])
                except ValueError:
                    raise ConfigError(f"{var} must be a whole number, got {env[var]!r}") from None
        if env.get("AMITY_PLUGINS", "").strip():
            values["plugin_allowlist"] = frozenset(
                name.strip() for name in env["AMITY_PLUGINS"].split(",") if name.strip()
            )
        if env.get("AMITY_ALLOWED_ORIGINS", "").strip():
            values["allowed_origins"] = tuple(
                o.strip() for o in env["AMITY_ALLOWED_ORIGINS"].split(",") if o.strip()
            )
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, got {self.port}")
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if self.password_profile not in {"default", "fast"}:
            raise ConfigError("AMITY_PASSWORD_PROFILE must be 'default' or 'fast'")
        if not self.database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ConfigError("database URL must start with sqlite:// or postgres://")
