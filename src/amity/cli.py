"""The ``amity`` command: ``serve``, ``demo``, ``migrate`` and ``export-schema``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Sequence

from aiohttp import web

from amity.config import ConfigError, Settings
from amity.policies import available_styles

__all__ = ["main"]

log = logging.getLogger("amity")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", help="database URL (AMITY_DATABASE_URL)")
    parser.add_argument(
        "--style", help="platform style (AMITY_STYLE): " + ", ".join(available_styles())
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="amity", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve GraphQL at /graphql (applies migrations first)")
    _add_common(serve)
    serve.add_argument("--host", help="interface to bind (AMITY_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (AMITY_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="server processes (AMITY_WORKERS, default 1)")

    demo = sub.add_parser("demo", help="load a demo network and print logins to try")
    _add_common(demo)
    demo.add_argument("--reset", action="store_true", help="delete existing data first")

    migrate = sub.add_parser("migrate", help="apply pending migrations and exit")
    _add_common(migrate)

    sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        database_url=getattr(args, "database", None),
        style=getattr(args, "style", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        workers=getattr(args, "workers", None),
    )


def _run_worker(settings: Settings, sock: socket.socket) -> None:
    from amity.server import create_app

    # Migrations were applied once by the parent before the workers started.
    web.run_app(create_app(settings, migrate=False), sock=sock, print=None)


def serve(settings: Settings) -> None:
    """Serve in this process, or in ``workers`` processes sharing one listening socket."""
    from amity.db import apply_migrations
    from amity.server import create_app
    from amity.server.app import build_engine

    build_engine(settings)  # fail fast on a bad style, plugin or limit
    if settings.workers > 1 and settings.database_url.startswith("sqlite"):
        log.warning("several workers on SQLite serialise writes; use PostgreSQL to scale out")

    asyncio.run(apply_migrations(settings.database_url))
    print(f"amity ({settings.style}) at http://{settings.host}:{settings.port}/graphql", flush=True)
    if settings.workers == 1:
        web.run_app(
            create_app(settings, migrate=False), host=settings.host, port=settings.port, print=None
        )
        return

    sock = socket.create_server((settings.host, settings.port), reuse_port=True)
    sock.set_inheritable(True)
    ctx = multiprocessing.get_context("fork")
    workers = [
        ctx.Process(target=_run_worker, args=(settings, sock)) for _ in range(settings.workers)
    ]
    for worker in workers:
        worker.start()

    def stop(signum: int, _frame: object) -> None:
        for worker in workers:
            if worker.is_alive():
                os.kill(worker.pid or 0, signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.join()


def export_schema() -> None:
    from amity.schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    try:
        if args.command == "export-schema":
            export_schema()
            return
        settings = _settings(args)
        if args.command == "serve":
            serve(settings)
        elif args.command == "migrate":
            from amity.db import apply_migrations

            asyncio.run(apply_migrations(settings.database_url))
        elif args.command == "demo":
            from amity.demo import load_demo

            asyncio.run(load_demo(settings, reset=args.reset))
    except ConfigError as e:
        print(f"amity: {e}", file=sys.stderr)
        raise SystemExit(2) from None
