"""Directory page benchmark: throughput, latency and the share of time spent in policies.

Builds a synthetic network, starts ``bench_server.py`` in its own process and sends the same
query from this process with a fixed concurrency for a fixed time:

    .venv/bin/python benchmarks/directory.py --members 2000 --page 50 --plugins 1 10

It also counts the SQL statements one request runs, for page sizes 5 and 50. Results are
printed as a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
QUERY = """query($first: Int) { users(first: $first) { totalCount edges { cursor node {
  id handle displayName headline bio location email } } pageInfo { hasNextPage endCursor } } }"""
PASSWORD = "benchmark-password"
LOGIN = (
    f'mutation {{ logIn(input: {{login: "member0000000", password: "{PASSWORD}"}}) {{ token }} }}'
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def build_network(database: str, members: int) -> None:
    """Migrate and insert ``members`` members in bulk (one password hash shared by all)."""
    from tortoise import Tortoise

    from amity.db import apply_migrations, tortoise_config
    from amity.models import Audience, User
    from amity.security import PasswordService

    await apply_migrations(database)
    await Tortoise.init(config=tortoise_config(database))
    try:
        if await User.all().count() >= members:
            return
        password_hash = await PasswordService("fast").hash(PASSWORD)
        audiences = list(Audience)
        rows = [
            User(
                handle=f"member{i:07d}",
                display_name=f"Member {i}",
                email=f"member{i}@example.org",
                email_key=f"member{i}@example.org",
                password_hash=password_hash,
                headline=f"Headline of member {i}",
                bio="A synthetic member.",
                location="Benchmark City",
                headline_audience=audiences[i % 4],
                bio_audience=audiences[(i + 1) % 4],
                location_audience=Audience.PUBLIC,
                email_audience=Audience.CONNECTIONS,
                connections_audience=Audience.PUBLIC,
                discoverable=Audience.PUBLIC,
            )
            for i in range(members)
        ]
        await User.bulk_create(rows, batch_size=1000)
        if database.startswith("postgres"):
            # Fresh planner statistics, as autovacuum would give a long-running database.
            await Tortoise.get_connection("default").execute_script("ANALYZE")
    finally:
        await Tortoise.close_connections()


async def wait_ready(session: aiohttp.ClientSession, base: str) -> None:
    for _ in range(200):
        try:
            async with session.get(f"{base}/healthz") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("benchmark server did not start")


async def load(
    base: str, token: str, page: int, seconds: float, concurrency: int
) -> tuple[int, list[float], float]:
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    body = {"query": QUERY, "variables": {"first": page}}
    deadline = time.perf_counter() + seconds

    async with aiohttp.ClientSession() as session:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                async with session.post(f"{base}/graphql", json=body, headers=headers) as r:
                    payload = await r.json()
                    assert "errors" not in payload, payload
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return len(latencies), latencies, elapsed


async def run_one(args: argparse.Namespace, plugins: int, floor: bool = False) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measured part
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_server.py"),
            "--database",
            args.database,
            "--port",
            str(port),
            "--plugins",
            str(plugins),
            *(["--floor"] if floor else []),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, base)
            login = {"query": LOGIN}
            async with session.post(f"{base}/graphql", json=login) as r:
                token = (await r.json())["data"]["logIn"]["token"]
            await load(base, token, args.page, 1.0, args.concurrency)  # warm-up
            await session.post(f"{base}/bench/reset")
            count, latencies, elapsed = await load(
                base, token, args.page, args.seconds, args.concurrency
            )
            async with session.get(f"{base}/bench/stats") as r:
                stats = await r.json()
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies.sort()
    return {
        "plugins": "floor (from memory)" if floor else plugins,
        "rps": count / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "dispatch_share": stats["dispatch_seconds"] / elapsed,
        "requests": count,
    }


async def count_statements(database: str, page: int) -> int:
    """SQL statements for one directory request, counted in-process on a real app."""
    import logging

    from aiohttp.test_utils import TestClient, TestServer

    from amity.config import Settings
    from amity.server import create_app

    settings = Settings.from_env(env={}, database_url=database, password_profile="fast")
    client = TestClient(TestServer(create_app(settings, migrate=False)))
    await client.start_server()
    try:
        login = {"query": LOGIN}
        token = (await (await client.post("/graphql", json=login)).json())["data"]["logIn"]["token"]
        seen: list[str] = []

        class Count(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if record.funcName.startswith("execute_"):
                    seen.append(record.getMessage())

        logger = logging.getLogger("tortoise.db_client")
        logger.setLevel(logging.DEBUG)
        handler = Count()
        logger.addHandler(handler)
        body = {"query": QUERY, "variables": {"first": page}}
        await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
        logger.removeHandler(handler)
        return len(seen)
    finally:
        await client.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="default: a SQLite file in a temporary directory")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--plugins", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    args.database = args.database or f"sqlite://{tmp.name}/bench.sqlite3"

    started = time.perf_counter()
    await build_network(args.database, args.members)
    print(f"network of {args.members} members built in {time.perf_counter() - started:.1f} s")
    statements = {n: await count_statements(args.database, n) for n in (5, 50)}
    print(f"SQL statements per request: first=5 -> {statements[5]}, first=50 -> {statements[50]}")

    print("\n| plugins | req/s | p50 ms | p99 ms | policy dispatch share |")
    print("|---|---|---|---|---|")
    runs = [(plugins, False) for plugins in args.plugins] + [(1, True)]
    for plugins, floor in runs:
        r = await run_one(args, plugins, floor)
        print(
            f"| {r['plugins']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} "
            f"| {r['dispatch_share']:.1%} |"
        )
    tmp.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
