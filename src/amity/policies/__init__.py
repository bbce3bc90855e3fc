"""The policy engine: hookspecs, votes, snapshots and the plugin manager.

Plugin authors need only this package::

    from amity.policies import Vote, RowFilter, hookimpl
"""

from amity.policies.engine import PolicyEngine
from amity.policies.hookspecs import hookimpl, hookspec
from amity.policies.limits import CORE_LIMITS, LIMIT_NAMES
from amity.policies.manager import (
    BUILTIN_STYLES,
    PLUGIN_GROUP,
    STYLE_GROUP,
    available_styles,
    get_plugin_manager,
)
from amity.policies.snapshot import Member, PrivacySettings, RelationshipSnapshot, load_snapshots
from amity.policies.votes import NOTHING, Decision, RowFilter, Vote, combine, combine_filters
from amity.vocabulary import Audience, MessageFilter, RequestFilter

__all__ = [
    "BUILTIN_STYLES",
    "CORE_LIMITS",
    "LIMIT_NAMES",
    "NOTHING",
    "PLUGIN_GROUP",
    "STYLE_GROUP",
    "Audience",
    "Decision",
    "Member",
    "MessageFilter",
    "PolicyEngine",
    "PrivacySettings",
    "RelationshipSnapshot",
    "RequestFilter",
    "RowFilter",
    "Vote",
    "available_styles",
    "combine",
    "combine_filters",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "load_snapshots",
]
