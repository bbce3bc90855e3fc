"""The policy engine: runs hook implementations itself and combines their answers.

pluggy calls implementations in reverse registration order, stops at the first exception and
does not await coroutines. Decisions must not depend on order and one broken plugin must not
take the server down, so the engine iterates the registered implementations itself, awaits
what needs awaiting, credits every vote to its plugin and turns an exception into a deny.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from inspect import isawaitable, iscoroutinefunction
from operator import itemgetter
from typing import Any, cast

import pluggy
from tortoise.expressions import Q, Subquery

from amity.config import ConfigError
from amity.models.graph import Block
from amity.policies.limits import effective_limits
from amity.policies.snapshot import Member, PrivacySettings, RelationshipSnapshot
from amity.policies.votes import (
    NOTHING,
    POLICY_ERROR,
    Decision,
    InviteOutcome,
    Route,
    RowFilter,
    Vote,
    combine,
    combine_filters,
    strictest_route,
)
from amity.vocabulary import FollowStatus

__all__ = ["PolicyEngine", "not_blocked"]

log = logging.getLogger("amity.policies")

#: Results that are certainly not awaitable, checked before the slower ``isawaitable``.
_PLAIN = frozenset({Vote, RowFilter, Route, dict, str})

_Picker = Callable[[Mapping[str, Any]], tuple[Any, ...]]


def _picker(argnames: tuple[str, ...]) -> _Picker:
    """A fast function picking an implementation's arguments out of the hook's keywords."""
    if not argnames:
        return lambda _kwargs: ()
    if len(argnames) == 1:
        (name,) = argnames
        return lambda kwargs: (kwargs[name],)
    return itemgetter(*argnames)


_HIDDEN = Decision(False, "NOT_FOUND", "No such member.")
_SELF = Decision(True, None, "A member always sees themselves.")
_ONESELF = Decision(
    False, "BAD_USER_INPUT", "You cannot do this to yourself.", field=("input", "userId")
)
_ALREADY_FOLLOWING = Decision(True, None, "Already following (or asked to): a no-op.")
_POLICY_FAILED = Route.refused(POLICY_ERROR, "A policy failed while deciding.")


class PolicyEngine:
    """Asks the registered plugins and combines their answers; built once per app."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        *,
        style: str,
        limit_overrides: Mapping[str, int] | None = None,
        trace: bool = False,
    ) -> None:
        self.pm = pm
        self.style = style
        self.trace = trace
        self._impls: dict[str, list[pluggy.HookImpl]] = {
            name: [
                impl
                for impl in getattr(pm.hook, name).get_hookimpls()
                if not (impl.hookwrapper or impl.wrapper)
            ]
            for name in dir(pm.hook)
            if name.startswith("amity_")
        }
        self._callers: dict[str, list[tuple[str, Callable[..., Any], _Picker]]] = {
            name: [(impl.plugin_name, impl.function, _picker(impl.argnames)) for impl in impls]
            for name, impls in self._impls.items()
        }
        #: Hooks whose implementations are all plain functions: called without awaiting.
        self._sync_hooks = frozenset(
            name
            for name, impls in self._impls.items()
            if not any(iscoroutinefunction(impl.function) for impl in impls)
        )
        self.limits = effective_limits(self._merge_mapping("amity_limits"), limit_overrides or {})
        self.setting_defaults = self._setting_defaults()

    # ------------------------------------------------------------------ registry

    @property
    def plugins(self) -> list[str]:
        """Names of every registered plugin, sorted (order carries no meaning)."""
        return sorted(name for name, plugin in self.pm.list_name_plugin() if plugin is not None)

    def _merge_mapping(self, hook_name: str) -> dict[str, Any]:
        """Merge mapping-valued configuration hooks; conflicting answers are a start-up error."""
        merged: dict[str, Any] = {}
        owners: dict[str, str] = {}
        for impl in self._impls[hook_name]:
            result = impl.function()
            if not result:
                continue
            for key, value in dict(cast(Mapping[str, Any], result)).items():
                if key in merged and merged[key] != value:
                    raise ConfigError(
                        f"{hook_name}: plugins {owners[key]!r} and {impl.plugin_name!r} "
                        f"disagree on {key!r} ({merged[key]!r} vs {value!r})"
                    )
                merged[key] = value
                owners[key] = impl.plugin_name
        return merged

    def _setting_defaults(self) -> PrivacySettings:
        base = PrivacySettings()
        merged = self._merge_mapping("amity_setting_defaults")
        unknown = set(merged) - set(PrivacySettings.__slots__)
        if unknown:
            raise ConfigError(f"amity_setting_defaults: unknown settings {sorted(unknown)}")
        values = {name: getattr(base, name) for name in PrivacySettings.__slots__}
        for name, value in merged.items():
            current = values[name]
            values[name] = type(current)(value) if not isinstance(current, bool) else bool(value)
        return PrivacySettings(**values)

    # ------------------------------------------------------------------ dispatch

    def _call(
        self,
        hook_name: str,
        kwargs: Mapping[str, Any],
        awaiting: list[tuple[int, str, Awaitable[Any]]] | None = None,
    ) -> list[tuple[str, Any]]:
        """Call every implementation of ``hook_name``; exceptions are returned, not raised.

        Abstentions (``None``) are left out. This loop runs for every field of every member on
        a page, so it is kept lean: arguments are picked by prebuilt getters. Awaitables are
        handed to ``awaiting`` (with their place in the result) for :meth:`_results` to await;
        without it, a plain function returning one is a plugin bug and counts as a failure.
        """
        results: list[tuple[str, Any]] = []
        for plugin, function, pick in self._callers[hook_name]:
            try:
                result = function(*pick(kwargs))
                if result is not None and type(result) not in _PLAIN and isawaitable(result):
                    if awaiting is not None:
                        awaiting.append((len(results), plugin, result))
                        results.append((plugin, result))  # replaced once awaited
                        continue
                    if hasattr(result, "close"):
                        result.close()
                    raise TypeError("a plain function returned an awaitable; use async def")
            except Exception as exc:
                result = self._failure(plugin, hook_name, exc)
            if self.trace:
                log.info("%s %s -> %r", hook_name, plugin, result)
            if result is not None:  # inline, not a method call: this is the hottest loop
                results.append((plugin, result))
        return results

    async def _results(self, hook_name: str, kwargs: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """Like :meth:`_call`, awaiting the implementations that are coroutines."""
        if hook_name in self._sync_hooks:
            return self._call(hook_name, kwargs)
        awaiting: list[tuple[int, str, Awaitable[Any]]] = []
        results = self._call(hook_name, kwargs, awaiting)
        for index, plugin, pending in awaiting:
            try:
                result = await pending
            except Exception as exc:
                result = self._failure(plugin, hook_name, exc)
            if self.trace:
                log.info("%s %s -> %r", hook_name, plugin, result)
            results[index] = (plugin, result)
        return [entry for entry in results if entry[1] is not None]

    @staticmethod
    def _failure(plugin: str, hook_name: str, exc: Exception) -> Exception:
        log.exception("plugin %r raised in %s; counted as a deny", plugin, hook_name, exc_info=exc)
        return exc

    @staticmethod
    def _decision(hook_name: str, results: list[tuple[str, Any]]) -> Decision:
        """Combine a decision hook's answers (any deny wins; else any allow; else deny)."""
        votes: list[Vote] = []
        for plugin, result in results:
            if type(result) is Vote:
                votes.append(result.by(plugin))
            elif isinstance(result, Exception):
                votes.append(Vote.deny(POLICY_ERROR, "A policy failed while deciding.").by(plugin))
            else:
                log.error(
                    "plugin %r returned %r from %s; counted as a deny", plugin, result, hook_name
                )
                votes.append(Vote.deny(POLICY_ERROR, "A policy answered nonsense.").by(plugin))
        return combine(votes)

    async def decide(self, hook_name: str, **kwargs: Any) -> Decision:
        """Run a decision hook and combine the votes (any deny wins; else any allow; else deny)."""
        return self._decision(hook_name, await self._results(hook_name, kwargs))

    async def row_filter(self, hook_name: str, **kwargs: Any) -> Q:
        """Run a filter hook and combine: (any grant) AND (every restriction)."""
        filters: list[RowFilter] = []
        for plugin, result in await self._results(hook_name, kwargs):
            if result is None:
                continue
            if isinstance(result, RowFilter):
                filters.append(result.by(plugin))
            else:
                if not isinstance(result, Exception):
                    log.error(
                        "plugin %r returned %r from %s; hiding every row", plugin, result, hook_name
                    )
                filters.append(RowFilter.restriction(NOTHING).by(plugin))
        return combine_filters(filters)

    # ------------------------------------------------------------------ questions resolvers ask

    async def can_view_field(
        self,
        viewer: Member | None,
        subject: Member,
        field: str,
        snapshot: RelationshipSnapshot,
    ) -> bool:
        """May the viewer see one profile field? Oneself always; a blocked pair never."""
        if snapshot.is_self:
            return True
        if snapshot.blocked:
            return False
        decision = await self.decide(
            "amity_can_view_field",
            viewer=viewer,
            subject=subject,
            field=field,
            audience=subject.settings.audience_of(field),
            snapshot=snapshot,
            limits=self.limits,
        )
        return decision.allowed

    async def visible_fields(
        self,
        viewer: Member | None,
        subject: Member,
        snapshot: RelationshipSnapshot,
        fields: Sequence[str],
    ) -> frozenset[str]:
        """Which of ``fields`` may the viewer see? One call per member, for pages of members."""
        if snapshot.is_self:
            return frozenset(fields)
        if snapshot.blocked:
            return frozenset()
        hook = "amity_can_view_field"
        kwargs: dict[str, Any] = {
            "viewer": viewer,
            "subject": subject,
            "snapshot": snapshot,
            "limits": self.limits,
        }
        settings = subject.settings
        sync = hook in self._sync_hooks
        shown = []
        for field in fields:
            kwargs["field"] = field
            kwargs["audience"] = settings.audience_of(field)
            results = self._call(hook, kwargs) if sync else await self._results(hook, kwargs)
            if self._allowed(hook, results):
                shown.append(field)
        return frozenset(shown)

    @classmethod
    def _allowed(cls, hook_name: str, results: list[tuple[str, Any]]) -> bool:
        """``_decision(...).allowed`` without building votes: the same rule, for hot loops."""
        allowed = False
        for _plugin, result in results:
            if type(result) is not Vote:
                return cls._decision(hook_name, results).allowed  # logs the failure
            if not result.allowed:
                return False
            allowed = True
        return allowed

    def can_reach(self, snapshot: RelationshipSnapshot) -> bool:
        """May the viewer see the subject at all (by id, through a relationship)?

        A core invariant, not a plugin's choice: a block either way makes each member look,
        to the other, like a member who does not exist.
        """
        return snapshot.is_self or not snapshot.blocked

    async def can_discover(
        self, viewer: Member | None, subject: Member, snapshot: RelationshipSnapshot
    ) -> Decision:
        """May the viewer find the subject in the directory or by handle?"""
        if snapshot.is_self:
            return _SELF
        if snapshot.blocked:
            return _HIDDEN
        return await self.decide(
            "amity_can_discover", viewer=viewer, subject=subject, snapshot=snapshot
        )

    async def discoverable_filter(self, viewer: Member | None) -> Q:
        """The directory's SQL filter for the viewer.

        Oneself is always listed; members blocked either way never are (core invariants,
        added around whatever the plugins answered).
        """
        q = await self.row_filter("amity_discoverable_filter", viewer=viewer)
        if viewer is not None:
            q = (q & not_blocked(viewer)) | Q(id=viewer.id)
        return q

    # ------------------------------------------------------------------ lists

    async def can_view_list(
        self,
        viewer: Member | None,
        subject: Member,
        list_name: str,
        snapshot: RelationshipSnapshot,
    ) -> Decision:
        """May the viewer see the subject's connections, followers or following?"""
        if snapshot.is_self:
            return _SELF
        if snapshot.blocked:
            return _HIDDEN
        return await self.decide(
            "amity_can_view_list",
            viewer=viewer,
            subject=subject,
            list_name=list_name,
            audience=subject.settings.connections_audience,
            snapshot=snapshot,
        )

    # ------------------------------------------------------------------ actions

    def _core_refusal(self, snapshot: RelationshipSnapshot) -> Decision | None:
        """Blocks (NOT_FOUND) and acting on oneself (BAD_USER_INPUT), in that order."""
        if snapshot.blocked:
            return _HIDDEN
        if snapshot.is_self:
            return _ONESELF
        return None

    async def can_request(
        self,
        viewer: Member,
        subject: Member,
        snapshot: RelationshipSnapshot,
        note: str | None = None,
    ) -> Decision:
        """May the viewer send the subject a connection request (``sendConnectionRequest``)?

        A crossing request (the subject already asked the viewer) would accept theirs, so it
        is decided as an accept.
        """
        refusal = self._core_refusal(snapshot)
        if refusal is not None:
            return refusal
        longest = self.limits["note_max_chars"]
        if note is not None and longest is not None and len(note) > longest:
            return Decision(
                False,
                "BAD_USER_INPUT",
                f"A note is at most {longest} characters.",
                field=("input", "note"),
            )
        if snapshot.incoming_request_pending:
            return await self.can_accept(viewer, subject, snapshot)
        return await self.decide(
            "amity_can_request",
            viewer=viewer,
            subject=subject,
            snapshot=snapshot,
            note=note,
            limits=self.limits,
        )

    async def can_accept(
        self, viewer: Member, subject: Member, snapshot: RelationshipSnapshot
    ) -> Decision:
        """May the viewer (a request's recipient) accept the subject's request?"""
        refusal = self._core_refusal(snapshot)
        if refusal is not None:
            return refusal
        return await self.decide(
            "amity_can_accept",
            viewer=viewer,
            subject=subject,
            snapshot=snapshot,
            limits=self.limits,
        )

    async def auto_follow(self, viewer: Member, subject: Member) -> bool:
        """Does connecting these two make them follow each other?"""
        return (await self.decide("amity_can_auto_follow", viewer=viewer, subject=subject)).allowed

    async def can_follow(
        self, viewer: Member, subject: Member, snapshot: RelationshipSnapshot
    ) -> Decision:
        """May the viewer follow the subject? Following again is an allowed no-op."""
        refusal = self._core_refusal(snapshot)
        if refusal is not None:
            return refusal
        if snapshot.following or snapshot.follow_requested:
            return _ALREADY_FOLLOWING
        return await self.decide(
            "amity_can_follow",
            viewer=viewer,
            subject=subject,
            snapshot=snapshot,
            limits=self.limits,
        )

    async def follow_status(
        self, viewer: Member, subject: Member, snapshot: RelationshipSnapshot
    ) -> FollowStatus:
        """ACTIVE or PENDING for a new, allowed follow: the most restrictive answer wins."""
        status = FollowStatus.ACTIVE
        for plugin, result in await self._results(
            "amity_follow_status", {"viewer": viewer, "subject": subject, "snapshot": snapshot}
        ):
            if isinstance(result, FollowStatus):
                if result is FollowStatus.PENDING:
                    status = FollowStatus.PENDING
            else:  # a failure or nonsense: ask for approval rather than grant silently
                self._nonsense(plugin, "amity_follow_status", result)
                status = FollowStatus.PENDING
        return status

    async def message_route(
        self, viewer: Member, subject: Member, snapshot: RelationshipSnapshot
    ) -> Route:
        """Where a new conversation from the viewer to the subject would go."""
        if snapshot.blocked:
            return Route.refused("NOT_FOUND", "No such member.")
        if snapshot.is_self:
            return Route.refused("BAD_USER_INPUT", "You cannot message yourself.")
        routes: list[Route] = []
        kwargs = {"viewer": viewer, "subject": subject, "snapshot": snapshot}
        for plugin, result in await self._results(
            "amity_message_route", {**kwargs, "limits": self.limits}
        ):
            if type(result) is Route:
                routes.append(result.by(plugin))
            else:
                self._nonsense(plugin, "amity_message_route", result)
                routes.append(_POLICY_FAILED.by(plugin))
        return strictest_route(routes)

    def label(
        self, viewer: Member | None, subject: Member, snapshot: RelationshipSnapshot
    ) -> str | None:
        """The style's relationship label; ``You`` for oneself, nothing across a block."""
        if snapshot.is_self:
            return "You"
        if viewer is None or snapshot.blocked:
            return None
        results = self._call(
            "amity_relationship_label",
            {"viewer": viewer, "subject": subject, "snapshot": snapshot},
        )
        labels = sorted((plugin, r) for plugin, r in results if type(r) is str)
        return labels[0][1] if labels else None

    async def invite_outcome(self, inviter: Member, member: Member) -> InviteOutcome:
        """What redeeming an invite does: the most restrictive answer wins; none is NONE."""
        outcomes = []
        for plugin, result in await self._results(
            "amity_invite_outcome", {"inviter": inviter, "member": member}
        ):
            if isinstance(result, InviteOutcome):
                outcomes.append(result)
            else:
                self._nonsense(plugin, "amity_invite_outcome", result)
                outcomes.append(InviteOutcome.NONE)
        return max(outcomes, key=lambda o: o.strictness, default=InviteOutcome.NONE)

    async def deliver_email(self, to: str, subject: str, body: str) -> None:
        """Hand an email to every delivery plugin; a failing one is logged, never raised."""
        await self._results("amity_deliver_email", {"to": to, "subject": subject, "body": body})

    @staticmethod
    def _nonsense(plugin: str, hook_name: str, result: object) -> None:
        if not isinstance(result, Exception):
            log.error("plugin %r returned %r from %s; ignored", plugin, result, hook_name)


def not_blocked(viewer: Member) -> Q:
    """Members neither blocked by the viewer nor blocking the viewer (two SQL subqueries)."""
    return ~Q(id__in=Subquery(Block.filter(blocker_id=viewer.id).values("blocked_id"))) & ~Q(
        id__in=Subquery(Block.filter(blocked_id=viewer.id).values("blocker_id"))
    )
