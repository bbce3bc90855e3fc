"""Synthetic relationship graph: members and mutual connections, loaded in bulk.

    .venv/bin/python -m benchmarks.graph --members 100000 --connections 1000000 --reset \\
        --database postgres://postgres@127.0.0.1:5432/amity_bench

``--connections`` counts mutual connections; each is stored as two directed rows, so the
example writes 2,000,000 ``amity_connection`` rows. The graph is a capped Chung-Lu graph:
every member gets a Pareto-distributed weight (a few hubs, a long tail of members with a
handful of connections), both ends of each connection are drawn in proportion to the weights,
and a connection is kept only if it is not a self loop, not a duplicate and neither end has
reached ``--max-degree``. A seeded RNG makes the graph (ids included) the same on every run.

Why it is loaded the way it is, on PostgreSQL:

* rows are streamed to ``COPY`` (asyncpg ``copy_records_to_table``, binary format) as they are
  built, so the Python side never holds the 2M rows;
* connection rows are written in creation order, as a live database accumulates them, so a
  member's connections are scattered over the heap as they would be in production;
* the connection and follow tables' indexes and constraints are dropped for the load and
  rebuilt afterwards from their own catalog definitions (the same names and definitions,
  checked after the rebuild): building a B-tree once from sorted input, and checking a foreign
  key with one join, is several times faster than maintaining them row by row;
* ``VACUUM ANALYZE`` at the end gives what autovacuum would give a long-running database:
  planner statistics, and a visibility map so that index-only scans need no heap visits.

Every member gets the same password hash (argon2 ``fast`` parameters, as the demo uses): one
hash instead of 100,000, and every member can log in with ``--password``.

On SQLite (``--database sqlite:///path/bench.sqlite3``) the same graph is inserted with
``executemany``; that is meant for small smoke runs.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import random
import sqlite3
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
from asyncpg.pgproto.pgproto import UUID as PgUUID

PASSWORD = "benchmark-password"
#: The tables this generator fills, children first (the order to empty them in on SQLite).
TABLES = ("amity_follow", "amity_connection", "amity_user")
#: Tables whose indexes and constraints are rebuilt after the load (PostgreSQL).
DETACHED = ("amity_connection", "amity_follow")
USER_COLUMNS = (
    "id",
    "created_at",
    "handle",
    "display_name",
    "email",
    "email_key",
    "password_hash",
    "headline",
    "bio",
    "location",
    "headline_audience",
    "bio_audience",
    "location_audience",
    "email_audience",
    "connections_audience",
    "discoverable",
    "who_can_request",
    "who_can_message",
    "locked",
    "inmail_credits",
)
CONNECTION_COLUMNS = ("id", "created_at", "user_id", "other_id")
FOLLOW_COLUMNS = ("id", "created_at", "follower_id", "followee_id", "status")

FIRST = (  # noqa: SIM905 - a word list reads better as one string
    "ada alan anna ben carl chen dana eli emma fatima grace hana ian ines jon kai "
    "lena liam maya nils noor omar pia raj rosa sam sara tom una vera wen yara zoe"
).split()
LAST = (  # noqa: SIM905 - a word list reads better as one string
    "adams berg cruz diaz eriksen fox garcia haas ito jensen kim lopez meyer "
    "nagy okafor park quinn rossi sato silva tanaka ueda vogel wang xu young zimmer"
).split()
TITLES = (
    "Software engineer",
    "Data scientist",
    "Product manager",
    "Designer",
    "Recruiter",
    "Sales lead",
    "Nurse",
    "Teacher",
    "Founder",
    "Student",
)
PLACES = ("Berlin", "Lagos", "Lima", "Osaka", "Austin", "Lyon", "Pune", "Oslo", None)
#: Members joined over these six years; connections and follows came after both members.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=6 * 365).total_seconds()


@dataclass(frozen=True, slots=True)
class Spec:
    """What to generate; the same spec and seed always give the same graph."""

    members: int
    connections: int
    follows: int = 0
    seed: int = 42
    #: Pareto exponent of the degree distribution (2 to 3 is typical of social networks).
    alpha: float = 2.3
    #: No member gets more connections than this (styles cap them too).
    max_degree: int = 2000
    style: str = "linkedin"


@dataclass(slots=True)
class Graph:
    """The generated graph, by member index; ids and times are derived from these."""

    spec: Spec
    member_ids: list[UUID]
    #: Seconds after EPOCH at which each member joined, ascending (member 0 joined first).
    joined: list[float]
    #: ``(created_at seconds, a, b)`` with ``a < b``, in creation order.
    edges: list[tuple[float, int, int]]
    #: ``(created_at seconds, follower, followee)``, in creation order.
    follows: list[tuple[float, int, int]]
    degree: list[int] = field(default_factory=list)

    def handle(self, member: int) -> str:
        return f"m{member:06d}"


@dataclass(slots=True)
class LoadReport:
    """Seconds per phase, as printed and as reported in docs/performance.md."""

    phases: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.phases[name] = self.phases.get(name, 0.0) + now - started
        return now

    @property
    def total(self) -> float:
        return sum(self.phases.values())


#: Version 4 and RFC 4122 variant bits of a UUID read as an integer.
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def _uuid4(rng: random.Random) -> UUID:
    """A random (seeded) version-4 UUID.

    asyncpg's own UUID class (a ``uuid.UUID`` subclass) is built from bytes about three times
    faster than ``uuid.UUID(int=...)`` and is encoded by asyncpg without a conversion; with
    3.2 million ids that is a few seconds of the load.
    """
    return PgUUID(((rng.getrandbits(128) & _V4_CLEAR) | _V4_SET).to_bytes(16))


def _capped_weights(spec: Spec, rng: random.Random) -> list[float]:
    """Pareto weights, capped so that no member's expected degree exceeds ``max_degree``.

    A member's expected degree is ``2 * connections * w / sum(w)``; capping changes the sum,
    so the cap is found by a few fixed-point rounds.
    """
    raw = [(1.0 - rng.random()) ** (-1.0 / (spec.alpha - 1.0)) for _ in range(spec.members)]
    cap = max(raw)
    for _ in range(20):
        weights = [min(w, cap) for w in raw]
        scale = 2 * spec.connections / sum(weights)
        new_cap = spec.max_degree / scale
        if abs(new_cap - cap) < 1e-9 * cap:
            break
        cap = new_cap
    return [min(w, cap) for w in raw]


def generate(spec: Spec) -> Graph:
    """Draw the members, connections and follows (no I/O)."""
    n, m = spec.members, spec.connections
    if n < 2 or m > n * (n - 1) // 2 or 2 * m > n * spec.max_degree * 0.9:
        raise SystemExit(f"{m} connections do not fit {n} members with at most {spec.max_degree}")
    rng = random.Random(spec.seed)
    member_ids = [_uuid4(rng) for _ in range(n)]
    joined = sorted(rng.random() * SPAN * 0.8 for _ in range(n))
    cum = list(itertools.accumulate(_capped_weights(spec, rng)))
    population = range(n)

    degree = [0] * n
    seen: set[int] = set()
    pairs: list[tuple[int, int]] = []
    cap = spec.max_degree
    while len(pairs) < m:
        ends = rng.choices(population, cum_weights=cum, k=2 * (m - len(pairs)) + 64)
        for a, b in zip(ends[::2], ends[1::2], strict=True):
            if a == b or degree[a] >= cap or degree[b] >= cap:
                continue
            if a > b:
                a, b = b, a
            key = a * n + b
            if key in seen:
                continue
            seen.add(key)
            degree[a] += 1
            degree[b] += 1
            pairs.append((a, b))
            if len(pairs) == m:
                break
    del seen
    edges = [(_after(rng, joined[b]), a, b) for a, b in pairs]  # b joined after a
    edges.sort()

    follows: list[tuple[float, int, int]] = []
    followed: set[int] = set()
    while len(follows) < spec.follows:
        # Popular members (by weight) are followed more; anyone may follow.
        followee = bisect.bisect_left(cum, rng.random() * cum[-1])
        follower = rng.randrange(n)
        key = follower * n + followee
        if follower == followee or key in followed:
            continue
        followed.add(key)
        follows.append((_after(rng, joined[max(follower, followee)]), follower, followee))
    follows.sort()
    return Graph(spec, member_ids, joined, edges, follows, degree)


def _after(rng: random.Random, joined: float) -> float:
    """A time between ``joined`` and the end of the span."""
    return joined + rng.random() * (SPAN - joined)


_EPOCH_TS = EPOCH.timestamp()


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(_EPOCH_TS + seconds, UTC)


def member_rows(
    graph: Graph, password_hash: str, settings: Any, credits: int | None
) -> Iterator[tuple[Any, ...]]:
    """``amity_user`` rows with the style's sign-up defaults, as sign-up would write them."""
    rng = random.Random(graph.spec.seed + 1)
    for i, (uid, joined) in enumerate(zip(graph.member_ids, graph.joined, strict=True)):
        handle = graph.handle(i)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        place = rng.choice(PLACES)
        email = f"{handle}@example.org"
        yield (
            uid,
            _at(joined),
            handle,
            f"{first.title()} {last.title()}",
            email,
            email,
            password_hash,
            f"{rng.choice(TITLES)} in {place or 'a remote team'}",
            "A synthetic member of the benchmark graph." if i % 3 else None,
            place,
            str(settings.headline_audience),
            str(settings.bio_audience),
            str(settings.location_audience),
            str(settings.email_audience),
            str(settings.connections_audience),
            str(settings.discoverable),
            str(settings.who_can_request),
            str(settings.who_can_message),
            bool(settings.locked),
            credits,
        )


def connection_rows(graph: Graph) -> Iterator[tuple[Any, ...]]:
    """Two directed rows per connection, with the same creation time."""
    rng = random.Random(graph.spec.seed + 2)
    ids = graph.member_ids
    for seconds, a, b in graph.edges:
        at = _at(seconds)
        yield (_uuid4(rng), at, ids[a], ids[b])
        yield (_uuid4(rng), at, ids[b], ids[a])


def follow_rows(graph: Graph) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(graph.spec.seed + 3)
    ids = graph.member_ids
    for seconds, follower, followee in graph.follows:
        yield (_uuid4(rng), _at(seconds), ids[follower], ids[followee], "ACTIVE")


async def _style_defaults(style: str) -> tuple[Any, int | None]:
    """The privacy defaults and InMail credits a member of ``style`` gets at sign-up."""
    from amity.config import Settings
    from amity.server.app import build_engine

    engine = build_engine(Settings.from_env(env={}, style=style))
    return engine.setting_defaults, engine.limits.get("inmail_credits")


async def _password_hash() -> str:
    from amity.security import PasswordService

    return await PasswordService("fast").hash(PASSWORD)


# --------------------------------------------------------------------------- PostgreSQL


def asyncpg_dsn(url: str) -> str:
    """asyncpg takes the URL Tortoise takes, minus Tortoise's pool options."""
    url = url.split("?", 1)[0]
    return "postgresql://" + url.split("://", 1)[1]


@dataclass(frozen=True, slots=True)
class Detached:
    """What :func:`detach` dropped from one table, and how to put it back."""

    table: str
    #: ``CREATE [UNIQUE] INDEX`` statements (independent, can run concurrently).
    indexes: tuple[str, ...]
    #: ``ALTER TABLE`` statements attaching constraints, to run after the indexes, in order.
    constraints: tuple[str, ...]
    #: The catalog's description of the table before, to compare with after.
    before: tuple[tuple[str, ...], ...]


_CATALOG = """
SELECT 'c' AS kind, conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS def,
       CASE WHEN conindid <> 0 THEN pg_get_indexdef(conindid) END AS index_def
  FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f')
UNION ALL
SELECT 'i', indexrelid::regclass::text, 'i', pg_get_indexdef(indexrelid), NULL
  FROM pg_index i
 WHERE indrelid = $1::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                    WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
 ORDER BY 1, 2
"""


async def describe(conn: Any, table: str) -> tuple[tuple[str, ...], ...]:
    rows = await conn.fetch(_CATALOG, table)
    return tuple((r["kind"], r["name"], r["type"], r["def"]) for r in rows)


async def detach(conn: Any, table: str) -> Detached:
    """Drop a table's primary key, unique and foreign-key constraints and its other indexes.

    Refuses when another table's foreign key points at this one (dropping its key would
    need dropping theirs too).
    """
    inbound = await conn.fetchval(
        "SELECT count(*) FROM pg_constraint WHERE confrelid = $1::regclass AND contype = 'f'",
        table,
    )
    if inbound:
        raise RuntimeError(f"{table} is referenced by foreign keys; not detaching it")
    rows = await conn.fetch(_CATALOG, table)
    indexes: list[str] = []
    keys: list[str] = []
    foreign: list[str] = []
    drops: list[str] = []
    for r in rows:
        name = f'"{r["name"]}"'
        if r["kind"] == "i":
            indexes.append(r["def"])
            drops.append(f"DROP INDEX {name}")
        elif r["type"] == "f":
            foreign.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {r['def']}")
            drops.insert(0, f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        else:
            # Build the unique index concurrently with the others, then attach it: the
            # constraint takes the index (and its name, which is the constraint's already).
            indexes.append(r["index_def"])
            kind = "PRIMARY KEY" if r["type"] == "p" else "UNIQUE"
            keys.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {kind} USING INDEX {name}")
            drops.append(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for statement in drops:
        await conn.execute(statement)
    before = tuple((r["kind"], r["name"], r["type"], r["def"]) for r in rows)
    return Detached(table, tuple(indexes), (*keys, *foreign), before)


async def reattach(dsn: str, detached: Sequence[Detached], workers: int) -> None:
    """Rebuild the indexes ``workers`` at a time, then the constraints; check the catalog."""
    queue = [statement for d in detached for statement in d.indexes]

    async def worker() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("SET maintenance_work_mem = '512MB'")
            while queue:
                await conn.execute(queue.pop())
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(workers)))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("SET maintenance_work_mem = '512MB'")
        for d in detached:
            for statement in d.constraints:
                await conn.execute(statement)
            after = await describe(conn, d.table)
            if after != d.before:
                raise RuntimeError(f"{d.table}: rebuilt {after}, expected {d.before}")
    finally:
        await conn.close()


async def load_postgres(graph: Graph, url: str, *, reset: bool, detach_indexes: bool) -> LoadReport:
    from amity.db import apply_migrations

    report = LoadReport()
    t = time.perf_counter()
    await apply_migrations(url)
    t = report.timed("migrate", t)
    settings, credits = await _style_defaults(graph.spec.style)
    password_hash = await _password_hash()
    dsn = asyncpg_dsn(url)
    conn = await asyncpg.connect(dsn)
    detached: list[Detached] = []
    try:
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM amity_user)"):
            if not reset:
                raise SystemExit("the database has members already: pass --reset to replace them")
            # CASCADE empties every table that points at members (tokens, requests, ...).
            await conn.execute("TRUNCATE amity_user CASCADE")
        t = report.timed("prepare", t)
        if detach_indexes:
            detached = [await detach(conn, table) for table in DETACHED]
        await conn.copy_records_to_table(
            "amity_user",
            records=member_rows(graph, password_hash, settings, credits),
            columns=USER_COLUMNS,
        )
        t = report.timed("copy members", t)
        await conn.copy_records_to_table(
            "amity_connection", records=connection_rows(graph), columns=CONNECTION_COLUMNS
        )
        t = report.timed("copy connections", t)
        await conn.copy_records_to_table(
            "amity_follow", records=follow_rows(graph), columns=FOLLOW_COLUMNS
        )
        t = report.timed("copy follows", t)
    finally:
        if detached:
            await reattach(dsn, detached, workers=2)
            t = report.timed("rebuild indexes and constraints", t)
        try:
            # VACUUM cannot run in a transaction block; asyncpg sends it on its own.
            await conn.execute(f"VACUUM ANALYZE {', '.join(TABLES)}")
            report.timed("vacuum analyze", t)
        finally:
            await conn.close()
    return report


# --------------------------------------------------------------------------- SQLite


def _sqlite_value(value: Any) -> Any:
    """As Tortoise stores values on SQLite: UUIDs and datetimes as text, booleans as 0/1."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, bool):
        return int(value)
    return value


def _sqlite_insert(
    db: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
) -> None:
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    db.executemany(sql, (tuple(_sqlite_value(v) for v in row) for row in rows))


async def load_sqlite(graph: Graph, url: str, *, reset: bool) -> LoadReport:
    from amity.db import apply_migrations

    report = LoadReport()
    t = time.perf_counter()
    await apply_migrations(url)
    t = report.timed("migrate", t)
    settings, credits = await _style_defaults(graph.spec.style)
    password_hash = await _password_hash()
    db = sqlite3.connect(url.removeprefix("sqlite://").split("?", 1)[0])
    try:
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("SELECT EXISTS (SELECT 1 FROM amity_user)").fetchone()[0]:
            if not reset:
                raise SystemExit("the database has members already: pass --reset to replace them")
            # ON DELETE CASCADE empties the tables that point at members.
            db.execute("DELETE FROM amity_user")
        with db:
            _sqlite_insert(
                db, "amity_user", USER_COLUMNS, member_rows(graph, password_hash, settings, credits)
            )
            _sqlite_insert(db, "amity_connection", CONNECTION_COLUMNS, connection_rows(graph))
            _sqlite_insert(db, "amity_follow", FOLLOW_COLUMNS, follow_rows(graph))
        t = report.timed("insert", t)
        db.execute("ANALYZE")
        report.timed("analyze", t)
    finally:
        db.close()
    return report


# --------------------------------------------------------------------------- entry points


async def build(
    spec: Spec, url: str, *, reset: bool = False, detach_indexes: bool = True
) -> tuple[Graph, LoadReport]:
    """Generate the graph and load it; the report's first phase is the generation."""
    started = time.perf_counter()
    graph = generate(spec)
    generated = time.perf_counter() - started
    if url.startswith(("postgres://", "postgresql://")):
        report = await load_postgres(graph, url, reset=reset, detach_indexes=detach_indexes)
    elif url.startswith("sqlite://"):
        report = await load_sqlite(graph, url, reset=reset)
    else:
        raise SystemExit(f"unsupported database URL: {url}")
    report.phases = {"generate": generated, **report.phases}
    return graph, report


def describe_graph(graph: Graph) -> str:
    degrees = sorted(graph.degree)
    n = len(degrees)
    wide = sum(d >= 50 for d in degrees)
    hub = max(range(n), key=graph.degree.__getitem__)
    typical = next((i for i in range(n) if 50 <= graph.degree[i] <= 60), hub)
    return (
        f"{n} members, {len(graph.edges)} connections ({2 * len(graph.edges)} rows), "
        f"{len(graph.follows)} follows\n"
        f"degree: min {degrees[0]}, median {statistics.median(degrees):g}, "
        f"mean {2 * len(graph.edges) / n:.1f}, p99 {degrees[int(n * 0.99)]}, max {degrees[-1]}; "
        f"{wide} members ({wide / n:.1%}) have 50 connections or more\n"
        f"log in as {graph.handle(typical)} ({graph.degree[typical]} connections) or "
        f"{graph.handle(hub)} ({graph.degree[hub]}), password {PASSWORD!r}"
    )


def parser(
    description: str | None = __doc__, database: str | None = None
) -> argparse.ArgumentParser:
    """The generator's options (``graph_bench.py`` extends them, with a default database)."""
    p = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--database",
        required=database is None,
        default=database,
        help="postgres://... or sqlite:///path",
    )
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--connections", type=int, default=1_000_000, help="mutual connections")
    p.add_argument("--follows", type=int, default=100_000, help="one-way follows")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--max-degree", type=int, default=2000)
    p.add_argument("--style", default="linkedin", help="whose sign-up defaults members get")
    p.add_argument("--reset", action="store_true", help="replace the members already there")
    p.add_argument(
        "--keep-indexes",
        action="store_true",
        help="load with every index in place (PostgreSQL; slower, for comparison)",
    )
    return p


def spec_of(args: argparse.Namespace) -> Spec:
    return Spec(
        members=args.members,
        connections=args.connections,
        follows=args.follows,
        seed=args.seed,
        max_degree=args.max_degree,
        style=args.style,
    )


async def main() -> None:
    args = parser().parse_args()
    graph, report = await build(
        spec_of(args), args.database, reset=args.reset, detach_indexes=not args.keep_indexes
    )
    print(describe_graph(graph))
    for name, seconds in report.phases.items():
        print(f"  {name:<34} {seconds:7.2f} s")
    print(f"loaded in {report.total:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
