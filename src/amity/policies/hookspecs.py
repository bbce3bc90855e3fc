"""Hook specifications for amity policy plugins.

Written in the style of pytest's ``hookspec.py``: every hook documents its parameters and what
returning ``None`` means. Implementations may accept any subset of the arguments, by name.

Decision hooks (``amity_can_*``) return :class:`~amity.policies.Vote` or ``None`` (abstain).
The engine combines every vote regardless of plugin order: any deny wins; else any allow wins;
else the action is denied. No decision hook uses ``firstresult``.

Filter hooks (``amity_*_filter``) return :class:`~amity.policies.RowFilter` or ``None``. They
must agree with the matching single-object decision hook; the conformance kit checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from amity.models.enums import Audience
    from amity.policies.snapshot import Member, RelationshipSnapshot
    from amity.policies.votes import RowFilter, Vote

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "amity"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --------------------------------------------------------------------------- configuration


@hookspec
def amity_setting_defaults() -> Mapping[str, object] | None:
    """Default privacy settings written to a new member's row at sign-up.

    Return a mapping from setting name (``headline_audience``, ``bio_audience``,
    ``location_audience``, ``email_audience``, ``connections_audience``, ``discoverable``,
    ``who_can_request``, ``who_can_message``, ``locked``) to its default value. Settings no
    plugin names keep amity's base defaults. Two plugins giving different defaults for the same
    setting is a start-up error: the answer must not depend on plugin order.

    :return: a partial mapping of defaults, or ``None`` to contribute nothing.
    """


@hookspec
def amity_limits() -> Mapping[str, int | None] | None:
    """The numeric limits a plugin enforces, by name, before configuration overrides.

    The built-in names are ``note_max_chars``, ``weekly_requests``, ``max_connections``,
    ``max_following``, ``withdraw_cooldown_days``, ``decline_cooldown_days``,
    ``inmail_credits``, ``inmail_refund_days``; core limits (``invite_expiry_days``,
    ``max_import_rows``, ``max_message_chars``, ``max_page_size``) come from amity itself. A
    value of ``None`` says the style has no such limit. ``AMITY_LIMITS`` may change a value a
    plugin reports, never give a value to a limit no plugin has. Two plugins giving different
    values for one name is a start-up error.

    :return: a mapping of limit names to values, or ``None`` to contribute nothing.
    """


# --------------------------------------------------------------------------- visibility


@hookspec
def amity_can_view_field(
    viewer: Member | None,
    subject: Member,
    field: str,
    audience: Audience,
    snapshot: RelationshipSnapshot,
    limits: Mapping[str, int | None],
) -> Vote | None:
    """May ``viewer`` see ``field`` of ``subject``'s profile?

    Asked for ``headline``, ``bio``, ``location`` and ``email`` when the field has a value.
    A member always sees their own fields and blocked pairs see nothing: those invariants are
    applied before the hook is called, so implementations never see ``snapshot.is_self``.

    :param viewer: the member asking, or ``None`` for an anonymous request.
    :param subject: the member whose profile is shown.
    :param field: the profile field's name.
    :param audience: the subject's audience setting for this field.
    :param snapshot: the viewer's relationship to the subject.
    :param limits: the effective limits.
    :return: ``Vote.allow()`` to show the field, ``Vote.deny(code)`` to hide it whatever
        other plugins say, or ``None`` to abstain. With no allow at all the field is hidden.
    """


@hookspec
def amity_can_discover(
    viewer: Member | None, subject: Member, snapshot: RelationshipSnapshot
) -> Vote | None:
    """May ``viewer`` find ``subject`` in the directory and by ``user(handle:)``?

    Must agree with :func:`amity_discoverable_filter` for every viewer and subject.

    :param viewer: the member asking, or ``None`` for an anonymous request.
    :param subject: the member looked up.
    :param snapshot: the viewer's relationship to the subject.
    :return: a vote, or ``None`` to abstain.
    """


@hookspec
def amity_discoverable_filter(viewer: Member | None) -> RowFilter | None:
    """The directory's SQL filter: which members may ``viewer`` find?

    Return ``RowFilter.grant(q)`` to make the members matching the Tortoise ``Q`` visible, or
    ``RowFilter.restriction(q)`` to hide every member not matching it. Grants from all plugins
    are OR-ed, restrictions AND-ed onto them; with no grant, nobody is listed. Never return an
    empty ``Q()``: it matches every row. ``amity.policies.NOTHING`` matches none.

    :param viewer: the member asking, or ``None`` for an anonymous request.
    :return: a row filter, or ``None`` to abstain.
    """
