"""Relationship benchmark: single-pair degree latency and the 50-connection page against a floor.

    createdb -h 127.0.0.1 -U postgres amity_bench
    .venv/bin/python -m benchmarks.graph_bench --reset --wait-idle \\
        --database postgres://postgres@127.0.0.1:5432/amity_bench \\
        --members 100000 --connections 1000000
    dropdb -h 127.0.0.1 -U postgres amity_bench

Steps, all in one run:

1. Loads the synthetic graph with ``benchmarks/graph.py`` (reused when the database already
   holds a graph of that size; ``--reset`` replaces anything else) and prints its load time.
2. Starts amity (``benchmarks/graph_server.py --mode real``: ``create_app`` as ``amity serve``
   builds it, plus a clock around the database driver) in its own process, and logs members
   in through the ``logIn`` mutation to get bearer tokens.
3. Captures one real response of each query and starts the floor
   (``graph_server.py --mode floor``): strawberry with amity's extensions serving those
   responses from memory.
4. Single-pair degree: ``--pairs`` sequential requests (one at a time, so latency is not
   queueing), each for a random member as seen by one of ``--viewers`` random members, on both
   servers; p50/p99 and, for amity, the driver time and statements per request.
5. The 50-connection page, viewers with at least 50 connections: ``--rounds`` alternating
   rounds of ``--seconds`` with ``--concurrency`` clients on amity, then on the floor, from this
   process with the same client; throughput, p50/p99 and the ratio. Also ``--page-sequential``
   one-at-a-time requests for the unloaded latency.

Every measurement also reports the CPU it cost per request, read from ``/proc``: the server
process, the PostgreSQL backends serving the benchmark database, and this load generator; and
the share of the machine other processes used meanwhile. On a shared machine ``--wait-idle``
waits for a quiet moment before each measurement (and before the load). ``--pin`` puts the
servers on CPU 0 and the load generator on CPU 1. The results are printed as Markdown for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from benchmarks import graph
from benchmarks.directory import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
PAGE = (
    "{ viewer { connections(first: 50) { edges { node { handle displayName headline "
    "relationship { degree mutualConnectionCount label } } } } } }"
)
DEGREE = "query($h: String!) { user(handle: $h) { relationship { degree } } }"
LOGIN = """mutation($login: String!, $password: String!) {
  logIn(input: {login: $login, password: $password}) { token errors { code } } }"""

CPU = "CPU ms per request: server / PostgreSQL / client | others' CPU share"
#: One request: the bearer token and the JSON body.
Request = tuple[str, dict[str, Any]]


# --------------------------------------------------------------------------- the graph


async def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Run one read on the benchmark database, outside amity (PostgreSQL or SQLite)."""
    if url.startswith("sqlite://"):
        db = sqlite3.connect(url.removeprefix("sqlite://").split("?", 1)[0])
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    conn = await asyncpg.connect(graph.asyncpg_dsn(url))
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()


async def _counts(url: str) -> tuple[int, int] | None:
    try:
        ((members, rows),) = await _rows(
            url,
            "SELECT (SELECT COUNT(*) FROM amity_user), (SELECT COUNT(*) FROM amity_connection)",
        )
    except (asyncpg.UndefinedTableError, sqlite3.OperationalError):
        return None  # not migrated yet
    return int(members), int(rows)


async def ensure_graph(args: argparse.Namespace) -> None:
    """Load the graph unless one of the requested size is there, and print the load time."""
    spec = graph.spec_of(args)
    found = await _counts(args.database)
    if found == (spec.members, 2 * spec.connections) and not args.regenerate:
        print(f"reusing the graph in the database ({spec.members} members)")
        return
    if args.wait_idle:
        await wait_idle()
    built, report = await graph.build(spec, args.database, reset=args.reset)
    print(graph.describe_graph(built))
    for name, seconds in report.phases.items():
        print(f"  {name:<34} {seconds:7.2f} s")
    print(f"graph loaded in {report.total:.1f} s")


# --------------------------------------------------------------------------- servers


class Server:
    """A ``graph_server.py`` process on a free port, stopped on exit."""

    def __init__(self, *arguments: str, cpu: int | None, database: str | None = None) -> None:
        self.database = database
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "benchmarks.graph_server", "--port", str(self.port)]

        def pin() -> None:
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})

        self.process = subprocess.Popen(
            [*command, *arguments],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"},
            preexec_fn=pin,
        )

    def memory(self) -> str:
        status = Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        values = dict(line.split(":", 1) for line in status if ":" in line)
        return f"RSS {values['VmRSS'].strip()}, peak {values['VmHWM'].strip()}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def post(
    session: aiohttp.ClientSession, base: str, token: str | None, body: dict[str, Any]
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with session.post(f"{base}/graphql", json=body, headers=headers) as r:
        payload: dict[str, Any] = await r.json()
    if payload.get("errors"):
        raise RuntimeError(f"{body['query'][:60]}...: {payload['errors']}")
    return payload


async def log_in(session: aiohttp.ClientSession, base: str, handles: Sequence[str]) -> list[str]:
    tokens = []
    for handle in handles:
        body = {"query": LOGIN, "variables": {"login": handle, "password": graph.PASSWORD}}
        payload = await post(session, base, None, body)
        if payload["data"]["logIn"]["errors"]:
            raise RuntimeError(f"cannot log in as {handle}: {payload}")
        tokens.append(payload["data"]["logIn"]["token"])
    return tokens


# --------------------------------------------------------------------------- load


@dataclass(slots=True)
class Run:
    """Latencies (seconds) of one measured run and its wall time."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    answers: list[dict[str, Any]] = field(default_factory=list)
    #: Per request, from the real server: (seconds in the driver, statements).
    sql: list[tuple[float, int]] = field(default_factory=list)
    #: CPU seconds used during the run: the server, PostgreSQL, this load generator.
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000

    def merge(self, other: Run) -> None:
        self.latencies += other.latencies
        self.elapsed += other.elapsed
        self.sql += other.sql
        for name, seconds in other.cpu.items():
            self.cpu[name] = self.cpu.get(name, 0.0) + seconds


async def sequential(session: aiohttp.ClientSession, base: str, requests: list[Request]) -> Run:
    """One request at a time: latency without queueing."""
    run = Run()
    started = time.perf_counter()
    for token, body in requests:
        start = time.perf_counter()
        run.answers.append(await post(session, base, token, body))
        run.latencies.append(time.perf_counter() - start)
    run.elapsed = time.perf_counter() - started
    return run


async def saturate(
    session: aiohttp.ClientSession,
    base: str,
    requests: list[Request],
    seconds: float,
    concurrency: int,
) -> Run:
    """``concurrency`` clients sending ``requests`` round robin for ``seconds``."""
    run = Run()
    deadline = time.perf_counter() + seconds
    turn = iter(range(sys.maxsize))

    async def client() -> None:
        while time.perf_counter() < deadline:
            token, body = requests[next(turn) % len(requests)]
            start = time.perf_counter()
            await post(session, base, token, body)
            run.latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    run.elapsed = time.perf_counter() - started
    return run


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int | str) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _postgres_pids(database: str) -> list[str]:
    """PostgreSQL backends connected to ``database`` (their title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                pids.append(entry.name)
    return pids


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / _TICK


def cpu_snapshot(server: Server) -> dict[str, float]:
    """CPU seconds so far: the server process, the PostgreSQL backends serving the benchmark
    database, this process, and the whole machine.

    The pool's backends live as long as the server, so the difference of two snapshots is
    what a run cost; ``other`` (the machine minus those three) shows whether something else
    was competing for the CPUs during the run.
    """
    database = graph.asyncpg_dsn(server.database).rsplit("/", 1)[-1] if server.database else ""
    snapshot = {
        "server": _cpu_of(server.process.pid),
        "postgres": sum(_cpu_of(pid) for pid in _postgres_pids(database)) if database else 0.0,
        "client": _cpu_of(os.getpid()),
    }
    snapshot["other"] = _machine_busy() - sum(snapshot.values())
    return snapshot


#: With ``--wait-idle``, each measurement waits until the machine is at most this busy.
IDLE_ENOUGH = 0.15


async def wait_idle(give_up_after: float = 900.0) -> None:
    """On a shared machine, wait for a quiet moment: 3 s in which all CPUs together were at
    most ``IDLE_ENOUGH`` busy (our servers are idle between measurements)."""
    cores = os.cpu_count() or 1
    deadline = time.perf_counter() + give_up_after
    waited = False
    while True:
        before, start = _machine_busy(), time.perf_counter()
        await asyncio.sleep(3.0)
        busy = (_machine_busy() - before) / ((time.perf_counter() - start) * cores)
        if busy <= IDLE_ENOUGH or time.perf_counter() > deadline:
            if waited:
                print(f"  (waited for a quiet machine: {busy:.0%} busy)")
            return
        waited = True


async def measured(
    session: aiohttp.ClientSession,
    server: Server,
    work: Any,
    *args: Any,
    quiet: bool = False,
    **kwargs: Any,
) -> Run:
    """Run ``work`` with the server's SQL clock reset before and read after, and its CPU;
    with ``quiet``, first wait for the machine to be idle."""
    if quiet:
        await wait_idle()
    await session.post(f"{server.base}/bench/reset")
    before = cpu_snapshot(server)
    run: Run = await work(session, server.base, *args, **kwargs)
    after = cpu_snapshot(server)
    run.cpu = {name: after[name] - before[name] for name in before}
    async with session.get(f"{server.base}/bench/stats") as r:
        run.sql = [(s, n) for s, n in (await r.json())["requests"]]
    return run


# --------------------------------------------------------------------------- report


def _sql_summary(run: Run) -> str:
    if not run.sql:
        return "—"
    seconds = sorted(s for s, _ in run.sql)
    statements = statistics.mean(n for _, n in run.sql)
    return (
        f"{statistics.median(seconds) * 1000:.2f} ms p50, "
        f"{statistics.mean(seconds) * 1000:.2f} ms mean, {statements:.1f} statements"
    )


def _cpu_summary(run: Run) -> str:
    """CPU milliseconds per request: server / PostgreSQL / load generator; and the share of
    the machine's CPUs other processes used during the run."""
    n = len(run.latencies)
    mine = " / ".join(
        f"{run.cpu.get(k, 0.0) * 1000 / n:.2f}" for k in ("server", "postgres", "client")
    )
    cores = os.cpu_count() or 1
    return f"{mine} | {run.cpu.get('other', 0.0) / (run.elapsed * cores):.0%}"


def _latency_row(name: str, run: Run) -> str:
    return (
        f"| {name} | {len(run.latencies)} | {run.pct(0.5):.2f} | {run.pct(0.99):.2f} "
        f"| {_sql_summary(run)} | {_cpu_summary(run)} |"
    )


def _degrees(run: Run) -> str:
    by: dict[Any, list[float]] = defaultdict(list)
    for answer, latency in zip(run.answers, run.latencies, strict=True):
        user = answer["data"]["user"]
        degree = user and user["relationship"] and user["relationship"]["degree"]
        by[degree].append(latency * 1000)
    parts = []
    for degree, values in sorted(by.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        values.sort()
        parts.append(
            f"degree {degree}: {len(values)} pairs, p50 {statistics.median(values):.2f} ms, "
            f"max {values[-1]:.2f} ms"
        )
    return "; ".join(parts)


# --------------------------------------------------------------------------- main


async def bench(args: argparse.Namespace) -> None:
    await ensure_graph(args)
    with tempfile.TemporaryDirectory() as samples:
        await measure(args, Path(samples))


async def measure(args: argparse.Namespace, samples: Path) -> None:
    rng = random.Random(args.seed)
    handles = [
        h for (h,) in await _rows(args.database, "SELECT handle FROM amity_user ORDER BY handle")
    ]
    wide = [
        h
        for (h,) in await _rows(
            args.database,
            """SELECT u.handle FROM amity_user u
                 JOIN (SELECT user_id FROM amity_connection GROUP BY user_id
                       HAVING COUNT(*) >= 50) c ON c.user_id = u.id
                ORDER BY u.handle""",
        )
    ]
    page_viewers = rng.sample(wide, min(args.viewers, len(wide)))
    pair_viewers = rng.sample(handles, args.viewers)
    print(f"{len(wide)} members have 50 connections or more; page viewers: {len(page_viewers)}")

    cpu_server, cpu_client = (0, 1) if args.pin else (None, None)
    if cpu_client is not None:
        os.sched_setaffinity(0, {cpu_client})
    real = Server(
        "--mode",
        "real",
        "--database",
        args.database,
        "--style",
        args.style,
        cpu=cpu_server,
        database=args.database,
    )
    floor: Server | None = None
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, real.base)
            page_tokens = await log_in(session, real.base, page_viewers)
            pair_tokens = await log_in(session, real.base, pair_viewers)
            pages: list[Request] = [(t, {"query": PAGE}) for t in page_tokens]
            pairs: list[Request] = []
            for _ in range(args.pairs):
                i = rng.randrange(len(pair_viewers))
                target = rng.choice(handles)
                while target == pair_viewers[i]:
                    target = rng.choice(handles)
                pairs.append((pair_tokens[i], {"query": DEGREE, "variables": {"h": target}}))

            # The floor answers with what amity answered.
            files = []
            captured = {}
            for name, (token, body) in (("page", pages[0]), ("degree", pairs[0])):
                path = samples / f"{name}.json"
                captured[name] = await post(session, real.base, token, body)
                path.write_text(json.dumps({"query": body["query"], "response": captured[name]}))
                files += ["--sample", str(path)]
            floor = Server("--mode", "floor", *files, cpu=cpu_server)
            await wait_ready(session, floor.base)
            edges = len(captured["page"]["data"]["viewer"]["connections"]["edges"])
            size = len(json.dumps(captured["page"]))
            print(f"page sample: {edges} edges, {size} bytes of JSON")

            servers = {"amity": real, "floor (from memory)": floor}
            for server in servers.values():  # warm-up: caches, pools, the database's buffers
                await saturate(session, server.base, pages, args.warmup, args.concurrency)
                await sequential(session, server.base, pairs[: args.pairs // 5])

            degree = {
                name: await measured(session, s, sequential, pairs, quiet=args.wait_idle)
                for name, s in servers.items()
            }
            page_seq = {
                name: await measured(
                    session,
                    s,
                    sequential,
                    (pages * args.page_sequential)[: args.page_sequential],
                    quiet=args.wait_idle,
                )
                for name, s in servers.items()
            }
            page = {name: Run() for name in servers}
            rounds: list[str] = []
            for i in range(args.rounds):
                row = []
                for name, server in servers.items():
                    run = await measured(
                        session,
                        server,
                        saturate,
                        pages,
                        args.seconds,
                        args.concurrency,
                        quiet=args.wait_idle,
                    )
                    page[name].merge(run)
                    row.append(run.rps)
                rounds.append(
                    f"round {i + 1}: amity {row[0]:.0f} req/s, floor {row[1]:.0f} req/s, "
                    f"ratio {row[0] / row[1]:.1%}"
                )
            memory = real.memory()
    finally:
        real.stop()
        if floor is not None:
            floor.stop()

    print(f"\n### Single-pair `relationship {{ degree }}` ({args.pairs} sequential requests)\n")
    print(f"| server | requests | p50 ms | p99 ms | SQL per request (driver time) | {CPU} |")
    print("|---|---|---|---|---|---|---|")
    for name, run in degree.items():
        print(_latency_row(name, run))
    print(f"\namity, by answer: {_degrees(degree['amity'])}")

    print(f"\n### The 50-connection page, one request at a time ({args.page_sequential})\n")
    print(f"| server | requests | p50 ms | p99 ms | SQL per request (driver time) | {CPU} |")
    print("|---|---|---|---|---|---|---|")
    for name, run in page_seq.items():
        print(_latency_row(name, run))

    print(
        f"\n### The 50-connection page, {args.concurrency} concurrent clients, "
        f"{args.rounds} rounds of {args.seconds:g} s each\n"
    )
    print(
        f"| server | requests | req/s | p50 ms | p99 ms | SQL per request (driver time) | {CPU} |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, run in page.items():
        print(
            f"| {name} | {len(run.latencies)} | {run.rps:.0f} | {run.pct(0.5):.2f} "
            f"| {run.pct(0.99):.2f} | {_sql_summary(run)} | {_cpu_summary(run)} |"
        )
    ratio = page["amity"].rps / page["floor (from memory)"].rps
    print(f"\namity at {ratio:.1%} of the floor's throughput; " + "; ".join(rounds))
    print(f"amity server memory after the run: {memory}")


def main() -> None:
    parser = graph.parser(__doc__, database="postgres://postgres@127.0.0.1:5432/amity_bench")
    parser.add_argument("--regenerate", action="store_true", help="load even if one is there")
    parser.add_argument("--viewers", type=int, default=20, help="members logged in, per test")
    parser.add_argument("--pairs", type=int, default=1000, help="single-pair degree requests")
    parser.add_argument("--page-sequential", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0, help="per round and server")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per server")
    parser.add_argument(
        "--pin", action="store_true", help="servers on CPU 0, this load generator on CPU 1"
    )
    parser.add_argument(
        "--wait-idle",
        action="store_true",
        help="before each measurement, wait until other processes leave the CPUs idle",
    )
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
