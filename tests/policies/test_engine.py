"""The policy engine's dispatch: order independence, failure isolation, async and filters.

pluggy alone calls implementations in reverse registration order, stops at the first
exception and never awaits. The engine exists to undo all three, so these tests register
small plugins in every order, make them raise, and make them async.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from tortoise.expressions import Q

from amity.config import ConfigError
from amity.models import User
from amity.policies import (
    BUILTIN_STYLES,
    NOTHING,
    Audience,
    Decision,
    Member,
    MessageFilter,
    PolicyEngine,
    RelationshipSnapshot,
    RowFilter,
    Vote,
    get_plugin_manager,
    hookimpl,
)
from amity.policies.votes import POLICY_ERROR
from amity.testing import connect, create_member, discoverable_disagreements, follow

MemberFactory = Callable[..., Member]
SnapshotFactory = Callable[..., RelationshipSnapshot]
QMatcher = Callable[[Q, Mapping[str, Any]], bool]

SECRET = "database password is hunter2"


def build_engine(
    *plugins: tuple[str, object], style: str = "linkedin", trace: bool = False
) -> PolicyEngine:
    """An engine with only the style and the given plugins (no installed entry points)."""
    pm = get_plugin_manager(style, load_entrypoints=False, extra_plugins=plugins)
    return PolicyEngine(pm, style=style, trace=trace)


async def view_decision(
    engine: PolicyEngine,
    viewer: Member | None,
    subject: Member,
    field: str,
    snap: RelationshipSnapshot,
) -> Decision:
    """The full decision (votes included) behind ``can_view_field``."""
    return await engine.decide(
        "amity_can_view_field",
        viewer=viewer,
        subject=subject,
        field=field,
        audience=subject.settings.audience_of(field),
        snapshot=snap,
        limits=engine.limits,
    )


# --------------------------------------------------------------------------- small plugins


class GrantEverything:
    """Widens: shows every field to everyone."""

    @hookimpl
    def amity_can_view_field(self) -> Vote:
        return Vote.allow("GRANT_ALL", "granted by a plugin")


class VetoEmail:
    """Narrows: hides emails."""

    @hookimpl
    def amity_can_view_field(self, field: str) -> Vote | None:
        return Vote.deny("VETO_EMAIL", "emails are hidden") if field == "email" else None


class VetoEmailAndBio:
    """Narrows more, with its own code, so the tie between two vetoes is visible."""

    @hookimpl
    def amity_can_view_field(self, field: str) -> Vote | None:
        if field in {"email", "bio"}:
            return Vote.deny("VETO_PERSONAL", "personal fields are hidden")
        return None


class AsyncVetoLocation:
    """An async implementation: its vote only counts if the engine awaits it."""

    @hookimpl
    async def amity_can_view_field(self, field: str) -> Vote | None:
        return Vote.deny("VETO_LOCATION", "locations are hidden") if field == "location" else None


class Abstain:
    @hookimpl
    def amity_can_view_field(self, viewer: Member | None, subject: Member) -> None:
        return None


class RaiseSync:
    @hookimpl
    def amity_can_view_field(self) -> Vote:
        raise RuntimeError(SECRET)


class RaiseAsync:
    @hookimpl
    async def amity_can_view_field(self) -> Vote:
        raise RuntimeError(SECRET)


# --------------------------------------------------------------------------- combination


async def test_decisions_do_not_depend_on_registration_order(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """Every permutation of four plugins gives the same allowed/code/reason for every field."""
    plugins = [
        ("b_veto_personal", VetoEmailAndBio()),
        ("a_veto_email", VetoEmail()),
        ("grant_all", GrantEverything()),
        ("c_veto_location", AsyncVetoLocation()),
    ]
    viewer = make_member("viewer")
    subject = make_member(
        "subject",
        headline_audience=Audience.ONLY_ME,
        bio_audience=Audience.PUBLIC,
        location_audience=Audience.PUBLIC,
        email_audience=Audience.PUBLIC,
    )
    snap = make_snapshot(viewer, subject)
    fields = ("headline", "bio", "location", "email")
    outcomes: set[tuple[tuple[str, bool, str | None, str | None], ...]] = set()
    for order in itertools.permutations(plugins):
        engine = build_engine(*order)
        outcome = []
        for field in fields:
            decision = await view_decision(engine, viewer, subject, field, snap)
            outcome.append((field, decision.allowed, decision.code, decision.reason))
        outcomes.add(tuple(outcome))
    assert len(outcomes) == 1
    (outcome,) = outcomes
    assert [row[1:3] for row in outcome] == [
        (True, "GRANT_ALL"),  # ONLY_ME, but a plugin may grant more
        (False, "VETO_PERSONAL"),
        (False, "VETO_LOCATION"),
        (False, "VETO_EMAIL"),  # two vetoes: the smallest plugin name reports
    ]


async def test_votes_are_credited_to_their_plugins(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """The explain API lists every vote with the plugin that cast it; abstentions cast none."""
    engine = build_engine(("veto", VetoEmail()), ("abstain", Abstain()))
    viewer, subject = make_member("viewer"), make_member("subject", email_audience=Audience.PUBLIC)
    decision = await view_decision(engine, viewer, subject, "email", make_snapshot(viewer, subject))
    assert sorted((v.plugin, v.allowed, v.code) for v in decision.votes) == [
        ("linkedin", True, None),
        ("veto", False, "VETO_EMAIL"),
    ]


async def test_nobody_allowing_is_a_deny(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """With only abstentions the field is hidden: silence never grants."""
    engine = build_engine(("abstain", Abstain()))
    viewer, subject = make_member("viewer"), make_member("subject", bio_audience=Audience.ONLY_ME)
    decision = await view_decision(engine, viewer, subject, "bio", make_snapshot(viewer, subject))
    assert not decision.allowed
    assert decision.votes == ()


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("broken", [RaiseSync(), RaiseAsync()], ids=["sync", "async"])
async def test_raising_plugin_is_a_deny_credited_to_it(
    broken: object,
    make_member: MemberFactory,
    make_snapshot: SnapshotFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broken plugin refuses (POLICY_ERROR), hides its exception text and logs a traceback."""
    engine = build_engine(("broken", broken), ("grant_all", GrantEverything()))
    viewer, subject = make_member("viewer"), make_member("subject")
    snap = make_snapshot(viewer, subject)
    with caplog.at_level(logging.ERROR, logger="amity.policies"):
        decision = await view_decision(engine, viewer, subject, "headline", snap)
        visible = await engine.can_view_field(viewer, subject, "headline", snap)

    assert not visible
    assert (decision.allowed, decision.code) == (False, POLICY_ERROR)
    assert SECRET not in f"{decision.code} {decision.reason}"
    by_plugin = {v.plugin: v for v in decision.votes}
    assert by_plugin["broken"].code == POLICY_ERROR
    assert not by_plugin["broken"].allowed
    assert SECRET not in f"{by_plugin['broken'].code} {by_plugin['broken'].reason}"
    # One failure does not stop the others from voting.
    assert by_plugin["grant_all"].allowed
    assert by_plugin["linkedin"].allowed

    records = [r for r in caplog.records if "broken" in r.getMessage()]
    assert records, "the failure must be logged"
    assert records[0].exc_info is not None
    assert SECRET in caplog.text  # the traceback is in the server log, not in the answer
    assert "Traceback" in caplog.text


async def test_nonsense_answer_is_a_deny(
    make_member: MemberFactory, make_snapshot: SnapshotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A plugin returning something other than a Vote refuses rather than being ignored."""

    class Nonsense:
        @hookimpl
        def amity_can_view_field(self) -> object:
            return True

    engine = build_engine(("nonsense", Nonsense()))
    viewer, subject = make_member("viewer"), make_member("subject")
    with caplog.at_level(logging.ERROR, logger="amity.policies"):
        decision = await view_decision(
            engine, viewer, subject, "headline", make_snapshot(viewer, subject)
        )
    assert (decision.allowed, decision.code) == (False, POLICY_ERROR)
    assert any("nonsense" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------- calling convention


async def test_async_implementations_are_awaited(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """An un-awaited coroutine would be a nonsense answer (POLICY_ERROR), not its real vote."""
    engine = build_engine(("async_veto", AsyncVetoLocation()))
    viewer, subject = make_member("viewer"), make_member("subject")
    snap = make_snapshot(viewer, subject)
    decision = await view_decision(engine, viewer, subject, "location", snap)
    assert (decision.allowed, decision.code) == (False, "VETO_LOCATION")
    assert await engine.can_view_field(viewer, subject, "headline", snap)


async def test_implementations_take_any_subset_of_arguments(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """Arguments are passed by name: each implementation gets exactly what it asks for."""
    seen: dict[str, dict[str, Any]] = {}

    class Everything:
        @hookimpl
        def amity_can_view_field(
            self,
            viewer: Member | None,
            subject: Member,
            field: str,
            audience: Audience,
            snapshot: RelationshipSnapshot,
            limits: Mapping[str, int | None],
        ) -> None:
            seen["everything"] = {
                "viewer": viewer,
                "subject": subject,
                "field": field,
                "audience": audience,
                "snapshot": snapshot,
                "limits": limits,
            }

    class Reordered:
        @hookimpl
        def amity_can_view_field(self, snapshot: RelationshipSnapshot, field: str) -> None:
            seen["reordered"] = {"snapshot": snapshot, "field": field}

    class Nothing:
        @hookimpl
        def amity_can_view_field(self) -> None:
            seen["nothing"] = {}

    engine = build_engine(("everything", Everything()), ("reordered", Reordered()))
    engine_nothing = build_engine(("nothing", Nothing()))
    viewer = make_member("viewer")
    subject = make_member("subject", location_audience=Audience.NETWORK)
    snap = make_snapshot(viewer, subject, degree=2)
    assert await engine.can_view_field(viewer, subject, "location", snap)
    await engine_nothing.can_view_field(viewer, subject, "location", snap)

    assert seen["everything"] == {
        "viewer": viewer,
        "subject": subject,
        "field": "location",
        "audience": Audience.NETWORK,  # the subject's setting for that field
        "snapshot": snap,
        "limits": engine.limits,
    }
    assert seen["reordered"] == {"snapshot": snap, "field": "location"}
    assert seen["nothing"] == {}


async def test_wrappers_do_not_vote(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """A wrapper implementation is not a policy: the engine neither calls it nor counts it."""
    calls: list[str] = []

    class Wrapper:
        @hookimpl(wrapper=True)
        def amity_can_view_field(self) -> Any:
            calls.append("wrapper")
            return (yield)

    engine = build_engine(("wrapper", Wrapper()))
    viewer, subject = make_member("viewer"), make_member("subject")
    decision = await view_decision(
        engine, viewer, subject, "headline", make_snapshot(viewer, subject)
    )
    assert decision.allowed
    assert [v.plugin for v in decision.votes] == ["linkedin"]
    assert calls == []


# --------------------------------------------------------------------------- the question hooks


async def test_hook_amity_can_view_field(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """A plugin can grant more than the style and veto what the style grants, not for oneself."""

    class EmailForContacts:
        @hookimpl
        def amity_can_view_field(self, field: str, snapshot: RelationshipSnapshot) -> Vote | None:
            if field == "email" and snapshot.in_subject_contacts:
                return Vote.allow("CONTACT", "the subject has the viewer's email")
            return None

    engine = build_engine(("contacts", EmailForContacts()), ("veto", VetoEmailAndBio()))
    viewer = make_member("viewer")
    subject = make_member(
        "subject",
        headline_audience=Audience.CONNECTIONS,
        bio_audience=Audience.PUBLIC,
        email_audience=Audience.CONNECTIONS,
    )
    stranger = make_snapshot(viewer, subject)
    contact = make_snapshot(viewer, subject, in_subject_contacts=True)
    connection = make_snapshot(viewer, subject, degree=1, connected=True)
    itself = make_snapshot(subject, subject, degree=0)

    # A grant widens: headline needs CONNECTIONS, a stranger does not see it...
    assert not await engine.can_view_field(viewer, subject, "headline", stranger)
    assert await engine.can_view_field(viewer, subject, "headline", connection)
    # ...a veto narrows, even where the style (PUBLIC bio) and another plugin would show it.
    assert not await engine.can_view_field(viewer, subject, "bio", stranger)
    assert not await engine.can_view_field(viewer, subject, "email", contact)
    assert not await engine.can_view_field(viewer, subject, "email", connection)
    # A member always sees their own fields, whatever the plugins say.
    assert await engine.can_view_field(subject, subject, "email", itself)
    assert await engine.can_view_field(subject, subject, "bio", itself)

    # Without the veto, the contact grant alone shows the email to a stranger contact.
    engine = build_engine(("contacts", EmailForContacts()))
    assert await engine.can_view_field(viewer, subject, "email", contact)
    assert not await engine.can_view_field(viewer, subject, "email", stranger)


class HideStaff:
    """Members whose handle starts with ``staff_`` cannot be found; decision and filter agree."""

    @hookimpl
    def amity_can_discover(self, subject: Member) -> Vote | None:
        return (
            Vote.deny("STAFF", "staff are not listed")
            if subject.handle.startswith("staff_")
            else None
        )

    @hookimpl
    def amity_discoverable_filter(self) -> RowFilter:
        return RowFilter.restriction(~Q(handle__startswith="staff_"))


async def test_hook_amity_can_discover(
    make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """A veto hides a member from others; oneself and blocked pairs never reach the plugins."""
    engine = build_engine(("hide_staff", HideStaff()))
    viewer, staff, other = make_member("viewer"), make_member("staff_eve"), make_member("frank")

    hidden = await engine.can_discover(viewer, staff, make_snapshot(viewer, staff))
    assert (hidden.allowed, hidden.code) == (False, "STAFF")
    assert {v.plugin for v in hidden.votes} == {"hide_staff", "linkedin"}
    assert await engine.can_discover(None, other, make_snapshot(None, other))

    itself = await engine.can_discover(staff, staff, make_snapshot(staff, staff, degree=0))
    assert itself.allowed
    assert itself.votes == ()

    blocked = await engine.can_discover(
        viewer, other, make_snapshot(viewer, other, blocked_by=True)
    )
    assert (blocked.allowed, blocked.code, blocked.votes) == (False, "NOT_FOUND", ())


ROWS = [
    {"id": 1, "handle": "ada", "discoverable": "PUBLIC"},
    {"id": 2, "handle": "bob", "discoverable": "NETWORK"},
    {"id": 3, "handle": "cy", "discoverable": "CONNECTIONS"},
    {"id": 4, "handle": "dee", "discoverable": "ONLY_ME"},
    {"id": 5, "handle": "staff_eve", "discoverable": "PUBLIC"},
]


async def create_rows() -> dict[str, User]:
    """The members of ``ROWS`` in the database, by handle."""
    return {
        row["handle"]: await create_member(
            row["handle"], discoverable=Audience(row["discoverable"])
        )
        for row in ROWS
    }


async def listed_handles(engine: PolicyEngine, viewer: User | None) -> set[str]:
    """Handles the directory shows ``viewer``: the combined filter, run as SQL."""
    q = await engine.discoverable_filter(None if viewer is None else Member.of(viewer))
    return set(await User.filter(q).values_list("handle", flat=True))


@pytest.mark.parametrize("style", sorted(BUILTIN_STYLES))
async def test_hook_amity_discoverable_filter_anonymous(
    style: str, make_member: MemberFactory, make_snapshot: SnapshotFactory, q_matches: QMatcher
) -> None:
    """For an anonymous viewer the filter is plain columns: checked in memory, it lists
    exactly the members the single-object check lets them find, minus a plugin's restriction."""
    engine = build_engine(("hide_staff", HideStaff()), style=style)
    q = await engine.discoverable_filter(None)
    listed = {row["handle"] for row in ROWS if q_matches(q, row)}
    allowed = set()
    for row in ROWS:
        subject = make_member(row["handle"], discoverable=Audience(row["discoverable"]))
        if await engine.can_discover(None, subject, make_snapshot(None, subject)):
            allowed.add(row["handle"])
    assert listed == allowed
    assert listed == {"ada"}  # PUBLIC only, minus staff


@pytest.mark.parametrize("style", sorted(BUILTIN_STYLES))
async def test_hook_amity_discoverable_filter(style: str, db: str) -> None:
    """For a member the styles grant through SQL subqueries (connections, network, follows),
    so the filter is run by the database: it agrees with the single-object check for every
    viewer, and a third-party restriction hides staff even from a close viewer."""
    engine = build_engine(("hide_staff", HideStaff()), style=style)
    users = await create_rows()
    viewer = await create_member("viewer")
    for close in ("cy", "staff_eve"):  # close in every style: connected and followed
        await connect(viewer, users[close])
        await follow(viewer, users[close])

    assert await discoverable_disagreements(engine, [None, viewer, *users.values()]) == []
    # cy is CONNECTIONS-only but close; bob is NETWORK but not near; dee ONLY_ME; staff hidden.
    assert await listed_handles(engine, viewer) == {"viewer", "ada", "cy"}
    assert await listed_handles(engine, users["staff_eve"]) == {"viewer", "ada", "staff_eve"}


async def test_discoverable_filter_lists_oneself(db: str) -> None:
    """The directory always shows the viewer, even with ``discoverable`` set to ONLY_ME."""
    me = await create_member("dee", discoverable=Audience.ONLY_ME)
    await create_member("eve", discoverable=Audience.ONLY_ME)
    assert await listed_handles(build_engine(), me) == {"dee"}


# --------------------------------------------------------------------------- row filters


class GrantHandle:
    def __init__(self, handle: str) -> None:
        self.handle = handle

    @hookimpl
    def amity_discoverable_filter(self) -> RowFilter:
        return RowFilter.grant(Q(handle=self.handle))


class RestrictToIds:
    def __init__(self, *ids: int) -> None:
        self.ids = ids

    @hookimpl
    async def amity_discoverable_filter(self) -> RowFilter:
        return RowFilter.restriction(Q(id__in=list(self.ids)))


class RaisingFilter:
    @hookimpl
    def amity_discoverable_filter(self) -> RowFilter:
        raise RuntimeError(SECRET)


class NonsenseFilter:
    @hookimpl
    def amity_discoverable_filter(self) -> object:
        return Q()


async def test_row_filter_grants_or_restrictions_and(q_matches: QMatcher) -> None:
    """(any grant) AND (every restriction), whatever the registration order."""
    plugins = [
        ("grant_bob", GrantHandle("bob")),
        ("grant_dee", GrantHandle("dee")),
        ("only_some", RestrictToIds(1, 2, 3, 5)),
        ("hide_staff", HideStaff()),
    ]
    for order in itertools.permutations(plugins):
        q = await build_engine(*order).discoverable_filter(None)
        # linkedin grants PUBLIC (ada, staff_eve); plugins grant bob and dee;
        # restrictions drop dee (id 4) and staff_eve.
        assert {row["handle"] for row in ROWS if q_matches(q, row)} == {"ada", "bob"}


async def test_row_filter_without_grant_is_nothing(q_matches: QMatcher) -> None:
    """With no grant at all nobody is listed, even if a restriction would allow rows."""
    pm = get_plugin_manager(
        "linkedin", load_entrypoints=False, extra_plugins=[("some", RestrictToIds(1, 2))]
    )
    pm.unregister(name="linkedin")  # the only grant
    engine = PolicyEngine(pm, style="linkedin")
    q = await engine.row_filter("amity_discoverable_filter", viewer=None)
    assert q is NOTHING
    assert not any(q_matches(q, row) for row in ROWS)


@pytest.mark.parametrize("broken", [RaisingFilter(), NonsenseFilter()], ids=["raises", "nonsense"])
async def test_broken_filter_hides_everything(
    broken: object, db: str, q_matches: QMatcher, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing filter must fail closed: no row at all, not every row (oneself excepted)."""
    engine = build_engine(("broken", broken), ("grant_bob", GrantHandle("bob")))
    with caplog.at_level(logging.ERROR, logger="amity.policies"):
        q = await engine.discoverable_filter(None)
    assert not any(q_matches(q, row) for row in ROWS)
    assert any("broken" in r.getMessage() for r in caplog.records)

    # A member's filter holds SQL subqueries (blocks): run it on the database.
    await create_rows()
    me = await create_member("me")
    assert await listed_handles(engine, me) == {"me"}


# --------------------------------------------------------------------------- configuration hooks


def test_hook_amity_setting_defaults() -> None:
    """Plugins' defaults merge over amity's base, coerced to their types; conflicts refuse."""

    class Cautious:
        @hookimpl
        def amity_setting_defaults(self) -> Mapping[str, object]:
            return {"discoverable": "NETWORK", "locked": 1, "bio_audience": Audience.NETWORK}

    defaults = build_engine(("cautious", Cautious())).setting_defaults
    assert defaults.discoverable is Audience.NETWORK
    assert defaults.locked is True
    assert defaults.bio_audience is Audience.NETWORK  # agrees with linkedin: no conflict
    assert defaults.email_audience is Audience.CONNECTIONS  # from linkedin
    assert defaults.who_can_message is MessageFilter.EVERYONE  # amity's base default

    class Conflicting:
        @hookimpl
        def amity_setting_defaults(self) -> Mapping[str, object]:
            return {"email_audience": Audience.ONLY_ME}

    with pytest.raises(ConfigError, match=r"email_audience") as excinfo:
        build_engine(("conflicting", Conflicting()))
    assert "conflicting" in str(excinfo.value)
    assert "linkedin" in str(excinfo.value)


def test_unknown_setting_default_is_refused() -> None:
    """A typo in a setting name would silently do nothing; it is a start-up error instead."""

    class Typo:
        @hookimpl
        def amity_setting_defaults(self) -> Mapping[str, object]:
            return {"bio_audiense": Audience.PUBLIC}

    with pytest.raises(ConfigError, match="bio_audiense"):
        build_engine(("typo", Typo()))


# --------------------------------------------------------------------------- tracing


@pytest.mark.parametrize("trace", [True, False])
async def test_trace_logs_every_hook_call(
    trace: bool,
    make_member: MemberFactory,
    make_snapshot: SnapshotFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``AMITY_TRACE_PLUGINS=1`` logs one line per implementation called, and only then."""
    engine = build_engine(("veto", VetoEmail()), trace=trace)
    viewer, subject = make_member("viewer"), make_member("subject")
    with caplog.at_level(logging.INFO, logger="amity.policies"):
        await engine.can_view_field(viewer, subject, "email", make_snapshot(viewer, subject))
    traced = [r.getMessage() for r in caplog.records if "amity_can_view_field" in r.getMessage()]
    if trace:
        assert len(traced) == 2
        assert any("linkedin" in line for line in traced)
        assert any("veto" in line and "VETO_EMAIL" in line for line in traced)
    else:
        assert traced == []


# --------------------------------------------------------------------------- page-sized calls


class ReturnsCoroutineFromPlainFunction:
    """A plain function handing back a coroutine: a plugin bug the engine must not hide."""

    @hookimpl
    def amity_can_view_field(self) -> Any:
        async def vote() -> Vote:
            return Vote.allow()

        return vote()


@pytest.mark.parametrize(
    "plugins",
    [
        (),
        (("veto", VetoEmailAndBio()),),
        (("veto", VetoEmail()), ("async", AsyncVetoLocation())),
        (("grant", GrantEverything()), ("raise", RaiseSync())),
    ],
    ids=["style-only", "sync-veto", "sync-and-async", "grant-and-raise"],
)
async def test_visible_fields_agrees_with_single_field_decisions(
    plugins: tuple[tuple[str, object], ...],
    make_member: MemberFactory,
    make_snapshot: SnapshotFactory,
) -> None:
    engine = build_engine(*plugins)
    fields = ("headline", "bio", "location", "email")
    viewer = make_member("viewer")
    for audience in Audience:
        subject = make_member("subject", **{f"{f}_audience": audience for f in fields})
        for facts in ({}, {"connected": True, "degree": 1}, {"degree": 2}, {"blocking": True}):
            snapshot = make_snapshot(viewer, subject, **facts)
            one_by_one = {
                f for f in fields if await engine.can_view_field(viewer, subject, f, snapshot)
            }
            assert await engine.visible_fields(viewer, subject, snapshot, fields) == one_by_one


async def test_visible_fields_always_shows_oneself_everything(make_member: MemberFactory) -> None:
    engine = build_engine(("veto", VetoEmailAndBio()))
    me = make_member("me", email_audience=Audience.ONLY_ME)
    mine = RelationshipSnapshot(viewer_id=me.id, subject_id=me.id, degree=0)
    fields = ("headline", "bio", "email")
    assert await engine.visible_fields(me, me, mine, fields) == frozenset(fields)


async def test_plain_function_returning_an_awaitable_is_a_deny(
    make_member: MemberFactory, make_snapshot: SnapshotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    engine = build_engine(("sloppy", ReturnsCoroutineFromPlainFunction()))
    viewer, subject = make_member("viewer"), make_member("subject")
    decision = await view_decision(
        engine, viewer, subject, "headline", make_snapshot(viewer, subject)
    )
    assert not decision.allowed
    assert decision.code == POLICY_ERROR
    assert any(v.plugin == "sloppy" and v.code == POLICY_ERROR for v in decision.votes)
    assert "use async def" in caplog.text


@pytest.mark.parametrize(
    ("facts", "reachable"),
    [({}, True), ({"blocking": True}, False), ({"blocked_by": True}, False)],
    ids=["unrelated", "blocking", "blocked-by"],
)
def test_blocks_make_a_member_unreachable_whatever_the_plugins(
    facts: dict[str, bool],
    reachable: bool,
    make_member: MemberFactory,
    make_snapshot: SnapshotFactory,
) -> None:
    engine = build_engine(("grant", GrantEverything()))
    viewer, subject = make_member("viewer"), make_member("subject")
    assert engine.can_reach(make_snapshot(viewer, subject, **facts)) is reachable
    assert engine.can_reach(make_snapshot(viewer, viewer, degree=0)) is True
