"""``/healthz``: what a load balancer polls before sending traffic.

The 503 case needs an app that opens an unmigrated database itself (``manage_db=True``), which
re-initialises Tortoise's process-wide connections; doing that here would pull the session
database out from under every other test. It runs in a child process instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from support.client import GraphQLClient

UNMIGRATED_PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    from aiohttp.test_utils import TestClient, TestServer
    from amity.config import Settings
    from amity.server import create_app

    async def main() -> None:
        settings = Settings.from_env(
            env={}, database_url="sqlite://" + sys.argv[1], password_profile="fast",
            secret="s" * 32,
        )
        app = create_app(settings, manage_db=True, migrate=False)
        async with TestClient(TestServer(app)) as client:
            resp = await client.get("/healthz")
            print(json.dumps({"status": resp.status, "body": await resp.json()}))

    asyncio.run(main())
    """
)


async def test_healthz_ok_on_migrated_database(gql: GraphQLClient) -> None:
    resp = await gql.http.get("/healthz")
    assert resp.status == 200
    assert resp.content_type == "application/json"
    assert await resp.json() == {"status": "ok"}


def test_healthz_503_on_unmigrated_database(tmp_path: Path) -> None:
    database = tmp_path / "empty.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", UNMIGRATED_PROBE, str(database)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"status": "unavailable"}}
