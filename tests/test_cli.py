"""The ``amity`` command as an operator runs it: real processes, real ports, real HTTP.

Each server runs in a child process with its own SQLite file and fast password hashing, and is
always terminated in a ``finally`` so a failing assertion cannot leave a listener behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

AMITY = [sys.executable, "-m", "amity"]
STARTUP_SECONDS = 20.0


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMITY_")}
    env["AMITY_PASSWORD_PROFILE"] = "fast"
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _post_graphql(port: int, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as resp:
        return resp.status, json.loads(resp.read())


def _wait_healthy(process: subprocess.Popen[str], port: int) -> tuple[int, Any]:
    """Poll /healthz until it answers or the bounded wait runs out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"amity serve exited with {process.returncode}")
        try:
            return _get(f"http://127.0.0.1:{port}/healthz")
        except (ConnectionError, urllib.error.URLError, TimeoutError):
            time.sleep(0.1)
    pytest.fail("amity serve did not answer /healthz in time")


@contextmanager
def serving(tmp_path: Path, *extra_args: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = _free_port()
    database = f"sqlite://{tmp_path / 'x.sqlite3'}"
    process = subprocess.Popen(
        [*AMITY, "serve", "--database", database, "--port", str(port), *extra_args],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


SIGN_UP = (
    "mutation($i: SignUpInput!) { signUp(input: $i) { token user { handle } errors { code } } }"
)


def _sign_up(port: int, handle: str) -> dict[str, Any]:
    status, body = _post_graphql(
        port,
        SIGN_UP,
        {
            "i": {
                "handle": handle,
                "displayName": handle.title(),
                "email": f"{handle}@example.com",
                "password": "correct horse battery",
            }
        },
    )
    assert status == 200, body
    assert "errors" not in body, body
    return body["data"]["signUp"]


def test_export_schema_prints_sdl() -> None:
    done = subprocess.run(
        [*AMITY, "export-schema"], env=_env(), capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert "type Query {" in done.stdout
    assert "type Mutation {" in done.stdout
    assert "signUp(input: SignUpInput!): AuthPayload!" in done.stdout


def test_serve_answers_healthz_and_sign_up(tmp_path: Path) -> None:
    with serving(tmp_path) as (process, port):
        assert _wait_healthy(process, port) == (200, {"status": "ok"})
        payload = _sign_up(port, "ada")
        assert payload["errors"] == []
        assert payload["user"] == {"handle": "ada"}
        assert payload["token"]
    assert process.returncode is not None


def test_serve_with_two_workers(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2") as (process, port):
        assert _wait_healthy(process, port) == (200, {"status": "ok"})
        assert len(_children(process.pid)) == 2
        for handle in ("ada", "bob", "cy_d"):
            assert _sign_up(port, handle)["errors"] == []
        for _ in range(10):
            assert _get(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok"})
        children = _children(process.pid)
    assert process.returncode is not None
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return "gone"


def test_unknown_style_exits_2_listing_styles(tmp_path: Path) -> None:
    done = subprocess.run(
        [*AMITY, "serve", "--style", "nope", "--database", f"sqlite://{tmp_path / 'y.sqlite3'}"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    for style in ("linkedin", "facebook", "follow_only"):
        assert style in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("limits", ["bogus=1", "weekly_requests=ten"])
def test_bad_limits_exit_2(tmp_path: Path, limits: str) -> None:
    done = subprocess.run(
        [*AMITY, "serve", "--database", f"sqlite://{tmp_path / 'z.sqlite3'}"],
        env=_env(AMITY_LIMITS=limits),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "AMITY_LIMITS" in done.stderr or "bogus" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "z.sqlite3").exists()


def _demo_counts(database: Path) -> dict[str, Any]:
    import sqlite3

    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    with sqlite3.connect(database) as db:
        return {
            "members": count("SELECT count(*) FROM amity_user"),
            "discoverable": {row[0] for row in db.execute("SELECT discoverable FROM amity_user")},
            "locked": count("SELECT count(*) FROM amity_user WHERE locked"),
            "profiles": count(
                "SELECT count(*) FROM amity_user WHERE headline IS NOT NULL AND bio IS NOT NULL"
            ),
            "credits": {row[0] for row in db.execute("SELECT inmail_credits FROM amity_user")},
            "connection_rows": count("SELECT count(*) FROM amity_connection"),
            "asymmetric": count(
                "SELECT count(*) FROM amity_connection c WHERE NOT EXISTS (SELECT 1 FROM"
                " amity_connection r WHERE r.user_id = c.other_id AND r.other_id = c.user_id)"
            ),
            "pending": count(
                "SELECT count(*) FROM amity_connection_request WHERE status = 'PENDING'"
                " AND open_pair IS NOT NULL"
            ),
            "ignored": count(
                "SELECT count(*) FROM amity_connection_request WHERE status = 'IGNORED'"
            ),
            "follows": count("SELECT count(*) FROM amity_follow WHERE status = 'ACTIVE'"),
            "follow_requests": count("SELECT count(*) FROM amity_follow WHERE status = 'PENDING'"),
            "blocks": count("SELECT count(*) FROM amity_block"),
            "contacts": count("SELECT count(*) FROM amity_contact"),
            "invites": count(
                "SELECT count(*) FROM amity_invite"
                " WHERE status = 'PENDING' AND open_key IS NOT NULL"
            ),
        }


@pytest.mark.parametrize("style", ["linkedin", "facebook", "follow_only"])
def test_demo_loads_a_network_and_prints_logins(tmp_path: Path, style: str) -> None:
    from amity.demo import CONNECTIONS

    database = tmp_path / "demo.sqlite3"
    command = [*AMITY, "demo", "--style", style, "--database", f"sqlite://{database}", "--reset"]
    started = time.monotonic()
    done = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10  # the loading itself stays well under 3 s
    assert "password 'amity-demo'" in done.stdout
    assert "  ada " in done.stdout
    assert "policy { style limits" in done.stdout

    counts = _demo_counts(database)
    assert counts["members"] >= 30
    assert counts["profiles"] == counts["members"]
    assert counts["discoverable"] == {"PUBLIC", "NETWORK", "CONNECTIONS", "ONLY_ME"}
    assert counts["locked"] >= 1
    assert counts["blocks"] >= 1
    assert counts["contacts"] >= 3
    assert counts["invites"] >= 2
    assert counts["asymmetric"] == 0
    if style == "follow_only":
        assert counts["connection_rows"] == 0
        assert counts["pending"] == counts["ignored"] == 0
        assert counts["follows"] >= len(CONNECTIONS)
        assert counts["follow_requests"] >= 1
    else:
        assert counts["connection_rows"] == 2 * len(CONNECTIONS)
        assert counts["pending"] >= 1
        assert counts["ignored"] == 1
        assert counts["follows"] >= counts["connection_rows"]
        assert counts["follow_requests"] == 0
    assert counts["credits"] == ({5} if style == "linkedin" else {None})

    again = subprocess.run(command[:-1], env=_env(), capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "already holds members" in again.stdout
