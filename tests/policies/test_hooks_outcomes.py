"""Hooks that answer with an outcome rather than a vote: routes, labels, invites and email.

Routing hooks combine differently from decisions: the most restrictive answer wins, so a
plugin can make a message, a follow or an invite stricter but never looser. A label comes from
the plugin whose name sorts first, and email goes to every delivery plugin. Each
``test_hook_<name>`` checks that rule against a real style plus a small third-party plugin, and
that the core invariants (blocks, oneself, ``You``) are applied before any plugin is asked.
"""

from __future__ import annotations

import logging

import pytest

from amity.models import MessageRoute, OutboxEmail
from amity.policies import Member, RelationshipSnapshot, get_plugin_manager, hookimpl
from amity.policies.engine import PolicyEngine
from amity.policies.votes import InviteOutcome, Route
from amity.testing import build_engine, make_member, make_snapshot

# --------------------------------------------------------------------------- amity_message_route


class QuietHours:
    """Refuses first messages to members whose handle starts with ``quiet_``."""

    @hookimpl
    def amity_message_route(self, subject: Member) -> Route | None:
        if subject.handle.startswith("quiet_"):
            return Route.refused("QUIET_HOURS", "Not now.")
        return None


class RequestsFirst:
    """Sends every first message to the requests folder; asks for the arguments it uses."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool, int | None]] = []

    @hookimpl
    def amity_message_route(
        self, viewer: Member, snapshot: RelationshipSnapshot, limits: dict[str, int | None]
    ) -> Route:
        self.seen.append((viewer.handle, snapshot.connected, limits["inmail_credits"]))
        return Route.requests()


class Nonsense:
    @hookimpl
    def amity_message_route(self) -> object:
        return "INBOX"


async def test_hook_amity_message_route(caplog: pytest.LogCaptureFixture) -> None:
    viewer, ann, quiet = make_member("viewer"), make_member("ann"), make_member("quiet_bo")
    requests_first = RequestsFirst()
    engine = build_engine("linkedin", [("quiet", QuietHours()), ("requests", requests_first)])

    async def route(subject: Member, **facts: object) -> tuple[MessageRoute, str | None, str]:
        chosen = await engine.message_route(
            viewer, subject, make_snapshot(viewer, subject, **facts)
        )
        return chosen.route, chosen.code, chosen.plugin or ""

    # linkedin says INBOX to a connection; the plugin's REQUESTS is stricter and wins.
    assert await route(ann, degree=1, connected=True) == (MessageRoute.REQUESTS, None, "requests")
    assert requests_first.seen[-1] == ("viewer", True, 5)
    # linkedin's CREDIT is stricter than REQUESTS, and without credit the refusal is stricter.
    assert await route(ann, viewer_credits=1) == (MessageRoute.CREDIT, None, "linkedin")
    assert await route(ann) == (MessageRoute.REFUSED, "NEEDS_CREDIT", "linkedin")
    # Two refusals: the plugin whose name sorts first reports.
    assert await route(quiet, viewer_credits=1) == (MessageRoute.REFUSED, "QUIET_HOURS", "quiet")
    assert await route(quiet) == (MessageRoute.REFUSED, "NEEDS_CREDIT", "linkedin")

    # Blocks and oneself are answered before any plugin.
    requests_first.seen.clear()
    assert await route(ann, connected=True, blocked_by=True) == (
        MessageRoute.REFUSED,
        "NOT_FOUND",
        "",
    )
    itself = await engine.message_route(viewer, viewer, make_snapshot(viewer, viewer, degree=0))
    assert (itself.route, itself.code) == (MessageRoute.REFUSED, "BAD_USER_INPUT")
    assert requests_first.seen == []

    # No answer at all refuses; a nonsense answer refuses with POLICY_ERROR and is logged.
    pm = get_plugin_manager("linkedin", load_entrypoints=False)
    pm.unregister(name="linkedin")
    silent = await PolicyEngine(pm, style="linkedin").message_route(
        viewer, ann, make_snapshot(viewer, ann, connected=True)
    )
    assert (silent.route, silent.code) == (MessageRoute.REFUSED, "NOT_ACCEPTING_MESSAGES")
    with caplog.at_level(logging.ERROR, logger="amity.policies"):
        broken = await build_engine("facebook", [("nonsense", Nonsense())]).message_route(
            viewer, ann, make_snapshot(viewer, ann, connected=True)
        )
    assert (broken.route, broken.code, broken.plugin) == (
        MessageRoute.REFUSED,
        "POLICY_ERROR",
        "nonsense",
    )
    assert "nonsense" in caplog.text


# ------------------------------------------------------------------ amity_relationship_label


class Teammates:
    """Labels members whose handle starts with ``team_``; abstains for everyone else."""

    @hookimpl
    def amity_relationship_label(self, subject: Member) -> str | None:
        return "Teammate" if subject.handle.startswith("team_") else None


@pytest.mark.parametrize(
    ("plugin_name", "subject", "facts", "label"),
    [
        # "colleagues" sorts before "linkedin": its label is used when it answers...
        pytest.param("colleagues", "team_ann", {"degree": 2}, "Teammate", id="first-name-wins"),
        # ...and when it abstains, the style's is.
        pytest.param("colleagues", "bob", {"degree": 2}, "2nd", id="abstaining"),
        # "zz_teams" sorts after "linkedin": linkedin always answers, so it is never shown.
        pytest.param("zz_teams", "team_ann", {"degree": 2}, "2nd", id="later-name-loses"),
        # Core rules come first: oneself is "You"; a blocked pair and anonymous viewers none.
        pytest.param("colleagues", "team_ann", {"self": True}, "You", id="oneself"),
        pytest.param("colleagues", "team_ann", {"blocking": True}, None, id="blocked"),
        pytest.param("colleagues", "team_ann", {"anonymous": True}, None, id="anonymous"),
    ],
)
def test_hook_amity_relationship_label(
    plugin_name: str, subject: str, facts: dict[str, object], label: str | None
) -> None:
    engine = build_engine("linkedin", [(plugin_name, Teammates())])
    member = make_member(subject)
    facts = dict(facts)
    if facts.pop("self", False):
        viewer: Member | None = member
    elif facts.pop("anonymous", False):
        viewer = None
    else:
        viewer = make_member("viewer")
    assert engine.label(viewer, member, make_snapshot(viewer, member, **facts)) == label


# --------------------------------------------------------------------------- amity_invite_outcome


class Outcome:
    """Answers one fixed outcome; records who it was asked about."""

    def __init__(self, answer: object) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    @hookimpl
    def amity_invite_outcome(self, inviter: Member, member: Member) -> object:
        self.asked.append((inviter.handle, member.handle))
        return self.answer


@pytest.mark.parametrize(
    ("style", "answer", "expected"),
    [
        pytest.param("linkedin", None, InviteOutcome.CONNECT, id="linkedin-connects"),
        pytest.param("facebook", None, InviteOutcome.REQUEST, id="facebook-requests"),
        pytest.param("follow_only", None, InviteOutcome.FOLLOW, id="follow_only-follows"),
        pytest.param("linkedin", InviteOutcome.FOLLOW, InviteOutcome.FOLLOW, id="stricter-wins"),
        pytest.param("linkedin", InviteOutcome.REQUEST, InviteOutcome.REQUEST, id="request"),
        pytest.param("follow_only", InviteOutcome.CONNECT, InviteOutcome.FOLLOW, id="no-widening"),
        pytest.param("facebook", InviteOutcome.NONE, InviteOutcome.NONE, id="none-wins"),
        pytest.param("linkedin", "CONNECT!", InviteOutcome.NONE, id="nonsense-is-none"),
    ],
)
async def test_hook_amity_invite_outcome(
    style: str, answer: object, expected: InviteOutcome
) -> None:
    plugin = Outcome(answer)
    engine = build_engine(style, [("invites", plugin)])
    inviter, newcomer = make_member("inviter"), make_member("newcomer")
    assert await engine.invite_outcome(inviter, newcomer) is expected
    assert plugin.asked == [("inviter", "newcomer")]


async def test_invite_outcome_without_any_answer_is_none() -> None:
    pm = get_plugin_manager("linkedin", load_entrypoints=False)
    pm.unregister(name="linkedin")
    engine = PolicyEngine(pm, style="linkedin")
    assert await engine.invite_outcome(make_member("a"), make_member("b")) is InviteOutcome.NONE


# --------------------------------------------------------------------------- amity_deliver_email


class Mailer:
    """A delivery plugin of a deployment (an SMTP relay, say), async like most transports."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    @hookimpl
    async def amity_deliver_email(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


class BrokenMailer:
    @hookimpl
    def amity_deliver_email(self, to: str) -> None:
        raise ConnectionError(f"SMTP refused {to}")


async def test_hook_amity_deliver_email(db: str, caplog: pytest.LogCaptureFixture) -> None:
    """Every delivery plugin gets the email, the built-in outbox keeps it, and a failing one
    is logged without stopping the others or the action that sent it."""
    mailer = Mailer()
    engine = build_engine("facebook", [("mailer", mailer), ("broken", BrokenMailer())])
    with caplog.at_level(logging.INFO):
        await engine.deliver_email("ann@example.org", "Join me on amity", "Here is the link.")

    assert mailer.sent == [("ann@example.org", "Join me on amity", "Here is the link.")]
    kept = await OutboxEmail.all().values_list("to", "subject", "body")
    assert [tuple(row) for row in kept] == [
        ("ann@example.org", "Join me on amity", "Here is the link.")
    ]
    assert "email to ann@example.org" in caplog.text  # the outbox writes the log too
    failures = [r for r in caplog.records if "broken" in r.getMessage()]
    assert failures
    assert failures[0].exc_info is not None
