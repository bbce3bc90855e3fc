"""Testing kit for plugin authors: factories, an engine builder and conformance checks.

Use it from your own tests::

    # conftest.py
    pytest_plugins = ["amity.testing.plugin"]

    # test_my_plugin.py
    from amity.testing import build_engine, make_member, make_snapshot

The conformance checks run against a real database (the ``amity_db`` fixture gives an
in-memory SQLite one), because a filter's meaning is the SQL it produces.
"""

from amity.testing.conformance import discoverable_disagreements
from amity.testing.factories import build_engine, make_member, make_snapshot

__all__ = ["build_engine", "discoverable_disagreements", "make_member", "make_snapshot"]
