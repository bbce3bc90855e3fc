"""Building the plugin manager: styles, start-up validation and the allowlist.

Mistakes in plugins and configuration must stop the server at start-up with a message that
says what is wrong, never surface later as a silently ignored rule.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pluggy
import pytest

from amity.config import ConfigError, Settings
from amity.policies import (
    BUILTIN_STYLES,
    Member,
    PolicyEngine,
    RelationshipSnapshot,
    Vote,
    available_styles,
    get_plugin_manager,
    hookimpl,
)

MemberFactory = Callable[..., Member]


class Bogus:
    """Implements a hook nobody specified (a typo in a hook name, say)."""

    @hookimpl
    def amity_bogus(self) -> None:
        return None


class WrongArgument:
    """Asks for an argument the hook does not pass."""

    @hookimpl
    def amity_can_view_field(self, field: str, colour: str) -> Vote | None:
        return None


class Veto:
    @hookimpl
    def amity_can_view_field(self) -> Vote:
        return Vote.deny("VETO")


@pytest.mark.parametrize("style", sorted(BUILTIN_STYLES))
def test_style_plugin_is_registered_under_its_name(style: str) -> None:
    """``Query.policy.plugins`` names the style plugin after the style, next to the default
    email delivery (``outbox``), which every manager registers."""
    pm = get_plugin_manager(style, load_entrypoints=False)
    assert pm.get_plugin(style) is importlib.import_module(BUILTIN_STYLES[style])
    assert pm.get_plugin("outbox") is importlib.import_module("amity.plugins.outbox")
    assert PolicyEngine(pm, style=style).plugins == sorted([style, "outbox"])


def test_available_styles_lists_the_built_ins() -> None:
    assert set(available_styles()) >= {"linkedin", "facebook", "follow_only"}


def test_unknown_style_lists_the_available_ones() -> None:
    """An operator who mistypes ``--style`` learns the valid names from the error."""
    with pytest.raises(ConfigError, match="myspace") as excinfo:
        get_plugin_manager("myspace", load_entrypoints=False)
    for name in available_styles():
        assert name in str(excinfo.value)


@pytest.mark.parametrize(
    "plugin", [Bogus(), WrongArgument()], ids=["unknown-hook", "unknown-argument"]
)
def test_invalid_hook_implementation_is_refused_at_start_up(plugin: object) -> None:
    """A hook implementation the specs do not know would never be called: refuse it."""
    with pytest.raises(pluggy.PluginValidationError):
        get_plugin_manager("linkedin", load_entrypoints=False, extra_plugins=[("bad", plugin)])


def test_allowlist_naming_an_uninstalled_plugin_is_refused() -> None:
    """``AMITY_PLUGINS=nope`` must not start a server that lacks the rule the operator wanted."""
    allowlist = Settings.from_env({"AMITY_PLUGINS": "not_installed_plugin, "}).plugin_allowlist
    assert allowlist == frozenset({"not_installed_plugin"})
    with pytest.raises(ConfigError, match="not_installed_plugin"):
        get_plugin_manager("linkedin", allowlist=allowlist)


def test_empty_allowlist_loads_no_entry_point() -> None:
    """An allowlist that names nothing loads nothing beyond the style (and the outbox)."""
    pm = get_plugin_manager("facebook", allowlist=set())
    assert PolicyEngine(pm, style="facebook").plugins == ["facebook", "outbox"]


def test_extra_plugins_are_registered_by_name() -> None:
    pm = get_plugin_manager("linkedin", load_entrypoints=False, extra_plugins=[("veto", Veto())])
    assert PolicyEngine(pm, style="linkedin").plugins == ["linkedin", "outbox", "veto"]


async def test_each_manager_is_fresh(make_member: MemberFactory) -> None:
    """Registrations on one app's manager never leak into another's (tests, several apps)."""
    vetoed = PolicyEngine(
        get_plugin_manager("linkedin", load_entrypoints=False, extra_plugins=[("veto", Veto())]),
        style="linkedin",
    )
    plain = PolicyEngine(get_plugin_manager("linkedin", load_entrypoints=False), style="linkedin")
    assert "veto" in vetoed.plugins
    assert plain.plugins == ["linkedin", "outbox"]
    subject = make_member("subject")
    snapshot = RelationshipSnapshot(viewer_id=None, subject_id=subject.id)
    assert await plain.can_view_field(None, subject, "headline", snapshot)
    assert not await vetoed.can_view_field(None, subject, "headline", snapshot)
