"""Building the plugin manager: built-in styles, entry points, the allowlist and tracing.

A fresh manager per app (like pluggy's eggsample), so that tests and several apps in one
process never share registrations.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from importlib.metadata import entry_points

import pluggy

from amity.config import ConfigError
from amity.policies import hookspecs

__all__ = [
    "BUILTIN_STYLES",
    "PLUGIN_GROUP",
    "STYLE_GROUP",
    "available_styles",
    "get_plugin_manager",
]

log = logging.getLogger("amity.plugins")

#: Entry-point group of third-party policy plugins (always loaded unless ``AMITY_PLUGINS``
#: names an allowlist).
PLUGIN_GROUP = "amity"
#: Entry-point group of third-party platform styles; the entry point's name is the style name.
STYLE_GROUP = "amity.styles"

BUILTIN_STYLES: dict[str, str] = {
    "linkedin": "amity.plugins.linkedin",
    "facebook": "amity.plugins.facebook",
    "follow_only": "amity.plugins.follow_only",
}


def available_styles() -> list[str]:
    """Every style name that ``--style`` accepts: built-in and installed."""
    names = set(BUILTIN_STYLES)
    names.update(ep.name for ep in entry_points(group=STYLE_GROUP))
    return sorted(names)


def _load_style(name: str) -> object:
    if name in BUILTIN_STYLES:
        return importlib.import_module(BUILTIN_STYLES[name])
    for ep in entry_points(group=STYLE_GROUP, name=name):
        return ep.load()
    raise ConfigError(f"unknown style {name!r}; available: {', '.join(available_styles())}")


def get_plugin_manager(
    style: str = "linkedin",
    *,
    allowlist: Iterable[str] | None = None,
    load_entrypoints: bool = True,
    extra_plugins: Iterable[tuple[str, object]] = (),
) -> pluggy.PluginManager:
    """A new plugin manager with the style ``style`` and the installed plugins registered.

    :param style: the platform style; its plugin is registered under the style's name. The
        default email delivery (``outbox``) is always registered too.
    :param allowlist: if given, only entry-point plugins with these names are loaded.
    :param load_entrypoints: load plugins from the ``amity`` entry-point group.
    :param extra_plugins: ``(name, plugin)`` pairs registered as well (tests, embedding).
    :raises ConfigError: for an unknown style or an allowlisted plugin that is not installed.
    :raises pluggy.PluginValidationError: for a hook implementation no spec knows.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(_load_style(style), name=style)
    pm.register(importlib.import_module("amity.plugins.outbox"), name="outbox")
    if load_entrypoints:
        wanted = None if allowlist is None else set(allowlist)
        found: set[str] = set()
        for ep in entry_points(group=PLUGIN_GROUP):
            if wanted is not None and ep.name not in wanted:
                continue
            if pm.has_plugin(ep.name):
                continue
            found.add(ep.name)
            pm.register(ep.load(), name=ep.name)
        if wanted is not None and (missing := wanted - found):
            raise ConfigError(
                f"AMITY_PLUGINS names plugins that are not installed: {sorted(missing)}"
            )
    for name, plugin in extra_plugins:
        pm.register(plugin, name=name)
    pm.check_pending()
    return pm
