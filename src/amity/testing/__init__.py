"""Testing kit for plugin authors: factories, an engine builder, graph rows and conformance.

Use it from your own tests::

    # conftest.py
    pytest_plugins = ["amity.testing.plugin"]

    # test_my_plugin.py
    from amity.testing import build_engine, make_member, make_snapshot

The conformance checks run against a real database (the ``amity_db`` fixture gives an
in-memory SQLite one), because a filter's meaning is the SQL it produces; the helpers of
:mod:`amity.testing.graph` (``create_member``, ``connect``, ``follow``, ``block`` ...) write
the graph they check against.
"""

from amity.testing.conformance import discoverable_disagreements
from amity.testing.factories import build_engine, make_member, make_snapshot
from amity.testing.graph import (
    add_contact,
    block,
    connect,
    create_member,
    follow,
    send_request,
)

__all__ = [
    "add_contact",
    "block",
    "build_engine",
    "connect",
    "create_member",
    "discoverable_disagreements",
    "follow",
    "make_member",
    "make_snapshot",
    "send_request",
]
