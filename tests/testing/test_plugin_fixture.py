"""A plugin author's test suite, run as they would run it: the ``amity_db`` fixture included."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

AUTHOR_TESTS = textwrap.dedent(
    """
    from amity.models import User
    from amity.policies import Vote, hookimpl
    from amity.testing import build_engine, discoverable_disagreements, make_member, make_snapshot

    pytest_plugins = ["amity.testing.plugin"]


    class NoEmails:
        @hookimpl
        def amity_can_view_field(self, field):
            return Vote.deny("NO_EMAILS") if field == "email" else None


    async def test_emails_are_hidden():
        engine = build_engine("linkedin", [("no_emails", NoEmails())])
        viewer, subject = make_member("viewer"), make_member("subject")
        snapshot = make_snapshot(viewer, subject, connected=True)
        assert await engine.can_view_field(viewer, subject, "headline", snapshot)
        assert not await engine.can_view_field(viewer, subject, "email", snapshot)


    async def test_conformance_on_a_real_database(amity_db):
        await User.create(handle="zed", display_name="Zed", email="z@x.org",
                          email_key="z@x.org", password_hash="x")
        engine = build_engine("linkedin", [("no_emails", NoEmails())])
        assert await discoverable_disagreements(engine, [None]) == []
    """
)


def test_plugin_authors_fixtures_work_in_their_own_suite(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The author's suite gets its own in-memory database, never this session's.
    monkeypatch.delenv("AMITY_TEST_DATABASE_URL", raising=False)
    pytester.makepyfile(test_author=AUTHOR_TESTS)
    pytester.makeini("[pytest]\nasyncio_mode = auto\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
