"""Limits: what ``Query.policy.limits`` reports per style and how ``AMITY_LIMITS`` changes it.

Every name is always reported (null where the style has no such limit), and an override an
operator believes in but nothing enforces is refused rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from amity.config import ConfigError, Settings, parse_limits
from amity.policies import CORE_LIMITS, LIMIT_NAMES, PolicyEngine, get_plugin_manager, hookimpl

CORE = {
    "invite_expiry_days": 180,
    "max_import_rows": 1000,
    "max_message_chars": 10_000,
    "max_page_size": 100,
}

#: DESIGN.md, "Platform styles" and "Running it".
EXPECTED: dict[str, dict[str, int | None]] = {
    "linkedin": {
        "note_max_chars": 300,
        "weekly_requests": 100,
        "max_connections": 30_000,
        "max_following": None,
        "withdraw_cooldown_days": 21,
        "decline_cooldown_days": None,
        "inmail_credits": 5,
        "inmail_refund_days": 90,
        **CORE,
    },
    "facebook": {
        "note_max_chars": None,
        "weekly_requests": None,
        "max_connections": 5_000,
        "max_following": None,
        "withdraw_cooldown_days": None,
        "decline_cooldown_days": 365,
        "inmail_credits": None,
        "inmail_refund_days": None,
        **CORE,
    },
    "follow_only": {
        "note_max_chars": None,
        "weekly_requests": None,
        "max_connections": None,
        "max_following": 7_500,
        "withdraw_cooldown_days": None,
        "decline_cooldown_days": None,
        "inmail_credits": None,
        "inmail_refund_days": None,
        **CORE,
    },
}


def engine(
    style: str, overrides: Mapping[str, int] | None = None, *plugins: object
) -> PolicyEngine:
    extra = [(type(p).__name__.lower(), p) for p in plugins]
    pm = get_plugin_manager(style, load_entrypoints=False, extra_plugins=extra)
    return PolicyEngine(pm, style=style, limit_overrides=overrides)


def test_limit_names_are_the_documented_ones() -> None:
    """The reported names are a public contract; this list changes only with DESIGN.md."""
    assert list(LIMIT_NAMES) == list(EXPECTED["linkedin"])
    assert dict(CORE_LIMITS) == CORE


@pytest.mark.parametrize(
    ("style", "name", "value"),
    [(style, name, value) for style, limits in EXPECTED.items() for name, value in limits.items()],
)
def test_style_limits(style: str, name: str, value: int | None) -> None:
    """Each style reports every name, with null where it has no such limit."""
    limits = engine(style).limits
    assert list(limits) == list(LIMIT_NAMES)
    assert limits[name] == value


def test_hook_amity_limits() -> None:
    """A plugin's limits are reported and can be overridden; disagreeing plugins refuse."""

    class Following:
        @hookimpl
        def amity_limits(self) -> Mapping[str, int | None]:
            return {"max_following": 2_000}

    limits = engine("linkedin", None, Following()).limits
    assert limits["max_following"] == 2_000  # linkedin alone has none
    assert limits["weekly_requests"] == 100
    # Once a plugin has the limit, configuration may change it.
    assert engine("linkedin", {"max_following": 10}, Following()).limits["max_following"] == 10

    class Agreeing:
        @hookimpl
        def amity_limits(self) -> Mapping[str, int | None]:
            return {"weekly_requests": 100}

    assert engine("linkedin", None, Agreeing()).limits["weekly_requests"] == 100

    class Stricter:
        @hookimpl
        def amity_limits(self) -> Mapping[str, int | None]:
            return {"weekly_requests": 20}

    with pytest.raises(ConfigError, match="weekly_requests") as excinfo:
        engine("linkedin", None, Stricter())
    assert "stricter" in str(excinfo.value)
    assert "linkedin" in str(excinfo.value)


@pytest.mark.parametrize(
    ("style", "overrides"),
    [
        ("linkedin", {"weekly_requests": 50, "inmail_credits": 3}),
        ("facebook", {"decline_cooldown_days": 30, "max_page_size": 10}),
        ("follow_only", {"max_following": 1_000, "max_import_rows": 500}),
    ],
)
def test_overrides_change_only_what_they_name(style: str, overrides: dict[str, int]) -> None:
    limits = engine(style, overrides).limits
    assert limits == {**EXPECTED[style], **overrides}


@pytest.mark.parametrize(
    ("style", "overrides", "message"),
    [
        pytest.param("linkedin", {"weekly_request": 5}, "unknown limit", id="unknown-name"),
        pytest.param("facebook", {"weekly_requests": 5}, "no 'weekly_requests'", id="not-in-style"),
        pytest.param("linkedin", {"max_following": 5}, "no 'max_following'", id="not-in-linkedin"),
        pytest.param("follow_only", {"note_max_chars": 5}, "no 'note_max_chars'", id="no-notes"),
        pytest.param("linkedin", {"max_page_size": 0}, "max_page_size", id="zero-page-size"),
    ],
)
def test_bad_overrides_are_refused(style: str, overrides: dict[str, int], message: str) -> None:
    """Overriding a limit nothing enforces would mislead the operator: refuse at start-up."""
    with pytest.raises(ConfigError, match=message):
        engine(style, overrides)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("", {}),
        ("weekly_requests=50", {"weekly_requests": 50}),
        (" weekly_requests = 50 , inmail_credits=3,", {"weekly_requests": 50, "inmail_credits": 3}),
        ("max_import_rows=0", {"max_import_rows": 0}),
    ],
)
def test_parse_limits(text: str, parsed: dict[str, int]) -> None:
    assert parse_limits(text) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weekly_requests", "expected name=value"),
        ("=5", "expected name=value"),
        ("weekly_requests=many", "whole number"),
        ("weekly_requests=1.5", "whole number"),
        ("weekly_requests=-1", "must not be negative"),
    ],
)
def test_parse_limits_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_limits(text)


def test_amity_limits_reaches_the_engine() -> None:
    """From the environment variable to the reported value, as ``amity serve`` wires it."""
    settings = Settings.from_env({"AMITY_LIMITS": "weekly_requests=50,inmail_credits=3"})
    limits = engine("linkedin", settings.limits).limits
    assert (limits["weekly_requests"], limits["inmail_credits"]) == (50, 3)
    with pytest.raises(ConfigError):
        engine("facebook", settings.limits)
