"""The named limits reported by ``Query.policy.limits`` and how configuration changes them."""

from __future__ import annotations

from collections.abc import Mapping

from amity.config import ConfigError

__all__ = ["CORE_LIMITS", "LIMIT_NAMES", "effective_limits"]

#: Every limit name amity reports, in the order ``Query.policy.limits`` lists them.
LIMIT_NAMES: tuple[str, ...] = (
    "note_max_chars",
    "weekly_requests",
    "max_connections",
    "max_following",
    "withdraw_cooldown_days",
    "decline_cooldown_days",
    "inmail_credits",
    "inmail_refund_days",
    "invite_expiry_days",
    "max_import_rows",
    "max_message_chars",
    "max_page_size",
)

#: Limits every style shares; they belong to amity's core, not to a style.
CORE_LIMITS: Mapping[str, int] = {
    "invite_expiry_days": 180,
    "max_import_rows": 1000,
    "max_message_chars": 10_000,
    "max_page_size": 100,
}


def effective_limits(
    contributed: Mapping[str, int | None], overrides: Mapping[str, int]
) -> dict[str, int | None]:
    """Merge core limits, the plugins' limits and configuration overrides.

    Every name in :data:`LIMIT_NAMES` is present (``None`` where no plugin has the limit).
    An override of an unknown name, or of a limit the active style does not have, is a
    configuration error: silently ignoring it would let an operator believe it is enforced.
    """
    limits: dict[str, int | None] = dict.fromkeys(LIMIT_NAMES)
    limits.update(CORE_LIMITS)
    limits.update(contributed)
    for name, value in overrides.items():
        if name not in limits:
            known = ", ".join(sorted(limits))
            raise ConfigError(f"AMITY_LIMITS: unknown limit {name!r} (known: {known})")
        if limits[name] is None:
            raise ConfigError(f"AMITY_LIMITS: the active style has no {name!r} limit")
        limits[name] = value
    if not limits["max_page_size"]:
        raise ConfigError("AMITY_LIMITS: max_page_size must be at least 1")
    return limits
