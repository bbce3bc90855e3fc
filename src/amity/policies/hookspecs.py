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
    from amity.policies.snapshot import Member, RelationshipSnapshot
    from amity.policies.votes import InviteOutcome, Route, RowFilter, Vote
    from amity.vocabulary import Audience, FollowStatus

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


# --------------------------------------------------------------------------- lists


@hookspec
def amity_can_view_list(
    viewer: Member | None,
    subject: Member,
    list_name: str,
    audience: Audience,
    snapshot: RelationshipSnapshot,
) -> Vote | None:
    """May ``viewer`` see ``subject``'s ``connections``, ``followers`` or ``following`` list?

    The answer also governs the matching count (``connectionCount`` ...) and
    ``viewerCan.viewConnections``. Oneself and blocked pairs are decided before the hook.

    :param list_name: ``"connections"``, ``"followers"`` or ``"following"``.
    :param audience: the subject's ``connectionsAudience`` (it governs all three lists).
    :param snapshot: the viewer's relationship to the subject.
    :return: a vote, or ``None`` to abstain. With no allow at all the list is hidden (null).
    """


# --------------------------------------------------------------------------- connections


@hookspec
def amity_can_request(
    viewer: Member,
    subject: Member,
    snapshot: RelationshipSnapshot,
    note: str | None,
    limits: Mapping[str, int | None],
) -> Vote | None:
    """May ``viewer`` send ``subject`` a connection request?

    Asked by ``sendConnectionRequest`` and by ``viewerCan.connect``, which therefore always
    agree. Before the hook, the engine answers ``NOT_FOUND`` for a blocked pair,
    ``BAD_USER_INPUT`` for oneself or a note over ``note_max_chars``; and when ``subject``
    already asked ``viewer`` (a *crossing* request) the request accepts theirs at once, so
    :func:`amity_can_accept` is asked instead of this hook.

    A style checks its rules here, each with its code: ``NOT_SUPPORTED`` (no connections),
    ``NOTE_NOT_ALLOWED``, ``ALREADY_CONNECTED``, ``ALREADY_REQUESTED``,
    ``REQUESTS_RESTRICTED`` (``subject.settings.who_can_request``), ``DECLINED``,
    ``COOLDOWN``, ``WEEKLY_LIMIT`` (``snapshot.sent_this_week``).

    :param note: the request's note, trimmed; ``None`` when there is none (``viewerCan``).
    :return: a vote, or ``None`` to abstain.
    """


@hookspec
def amity_can_accept(
    viewer: Member,
    subject: Member,
    snapshot: RelationshipSnapshot,
    limits: Mapping[str, int | None],
) -> Vote | None:
    """May ``viewer`` accept ``subject``'s open connection request (and so connect)?

    Asked by ``acceptConnectionRequest`` and for a crossing request. Caps on connections are
    checked here for both sides (``snapshot.viewer_connection_count``,
    ``snapshot.connection_count``): ``CONNECTION_LIMIT``.

    :param viewer: the request's recipient.
    :param subject: the request's sender.
    :return: a vote, or ``None`` to abstain.
    """


@hookspec
def amity_can_auto_follow(viewer: Member, subject: Member) -> Vote | None:
    """Does connecting make the two members follow each other?

    Asked when a connection is made (``viewer`` accepted ``subject``'s request). An allow makes
    both follows ACTIVE, approving any follow request between them.

    :return: ``Vote.allow()`` for mutual follows, a deny or ``None`` for none.
    """


# --------------------------------------------------------------------------- follows


@hookspec
def amity_can_follow(
    viewer: Member,
    subject: Member,
    snapshot: RelationshipSnapshot,
    limits: Mapping[str, int | None],
) -> Vote | None:
    """May ``viewer`` follow ``subject``?

    Asked by ``follow`` and ``viewerCan.follow``. Following someone already followed (or
    already asked) is a no-op that succeeds before the hook. Codes of the built-in styles:
    ``FOLLOW_FRIENDS_ONLY``, ``FOLLOW_LIMIT`` (``snapshot.viewer_following_total``).

    :return: a vote, or ``None`` to abstain.
    """


@hookspec
def amity_follow_status(
    viewer: Member, subject: Member, snapshot: RelationshipSnapshot
) -> FollowStatus | None:
    """A routing hook: does an allowed follow start ACTIVE, or PENDING the subject's approval?

    The most restrictive answer wins (``PENDING`` over ``ACTIVE``); with no answer the follow
    is ACTIVE.
    A PENDING follow waits for the subject's approval; when the subject unlocks (``locked``
    set to false), amity approves every follow waiting for them.

    :return: ``FollowStatus.PENDING``, ``FollowStatus.ACTIVE``, or ``None`` to abstain.
    """


# --------------------------------------------------------------------------- messages


@hookspec
def amity_message_route(
    viewer: Member,
    subject: Member,
    snapshot: RelationshipSnapshot,
    limits: Mapping[str, int | None],
) -> Route | None:
    """A routing hook: where would a new conversation from ``viewer`` to ``subject`` go?

    Return ``Route.inbox()``, ``Route.requests()``, ``Route.credit()`` or
    ``Route.refused(code, reason)``. The most restrictive answer wins (REFUSED, then CREDIT,
    then REQUESTS, then INBOX); with no answer the message is refused. A blocked pair is
    refused with ``NOT_FOUND`` before the hook. ``viewerCan.message`` answers with it.

    :return: a route, or ``None`` to abstain.
    """


# --------------------------------------------------------------------------- presentation


@hookspec
def amity_relationship_label(
    viewer: Member, subject: Member, snapshot: RelationshipSnapshot
) -> str | None:
    """The short text a front end shows next to a member (``1st``, ``Friend``, ``Follows you``).

    Oneself is labelled ``You`` before the hook. When several plugins answer, the answer of
    the plugin whose name sorts first is used.

    :return: the label, or ``None`` to abstain.
    """


# --------------------------------------------------------------------------- invites


@hookspec
def amity_invite_outcome(inviter: Member, member: Member) -> InviteOutcome | None:
    """A routing hook: what does redeeming ``inviter``'s invite make of the two members?

    ``CONNECT`` connects them, ``REQUEST`` turns the invite into a pending connection request
    from the inviter, ``FOLLOW`` makes the new member follow the inviter, ``NONE`` does
    nothing. The most restrictive answer wins (``NONE``, ``FOLLOW``, ``REQUEST``,
    ``CONNECT``); with no answer, nothing happens.

    :param inviter: the member who sent the invite.
    :param member: the member who just signed up.
    :return: an outcome, or ``None`` to abstain.
    """


@hookspec
def amity_deliver_email(to: str, subject: str, body: str) -> None:
    """Send an email (invitations). Every implementation is called; none returns anything.

    The built-in ``outbox`` plugin writes the email to the server log and keeps it in the
    ``amity_outbox_email`` table, so a deployment without mail still shows what was sent.
    An implementation that raises is logged and does not undo the action that sent the email.

    :param to: the recipient's address.
    :param subject: the subject line.
    :param body: the plain-text body.
    """
