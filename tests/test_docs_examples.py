"""Every GraphQL example in docs/platform-styles.md runs against the real server, so the
documentation cannot drift from the code.

An example is an HTML comment holding a JSON object, a ```graphql block and a ```json block
with the expected ``data`` (a subset: objects may leave fields out, lists must match in
length and order)::

    <!-- example: {"style": "facebook", "as": "ada", "setup": ["connect ada bob"],
                   "variables": {"u": "@bob"}} -->

* ``style`` (default linkedin) and ``limits`` (like ``AMITY_LIMITS``) configure the server;
* ``setup`` lists steps run first over the API, in order: ``member a`` (sign up only),
  ``connect a b``, ``request a b`` (a sends b a request), ``ignore a b``, ``decline a b``
  (a sends, b ignores or declines), ``withdraw a b`` (a sends, then withdraws),
  ``follow a b``, ``lock a``, ``block a b``; every handle named anywhere in the example is
  signed up first, in order of appearance;
* ``as`` is the viewer (omit it for an anonymous request);
* in ``variables``, a string ``"@handle"`` stands for that member's id (ids are random).

There is no way to mark an example as expected to fail: the page documents what the server
does, so an example that fails is a bug in the page or in the code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import MakeClient
from support.client import GraphQLClient, Member
from support.graph import act, connect, on_user, send

DOC = Path(__file__).resolve().parents[1] / "docs" / "platform-styles.md"

EXAMPLE = re.compile(
    r"<!--\s*example:\s*(?P<spec>\{.*?\})\s*-->\s*"
    r"```graphql\n(?P<query>.*?)```\s*"
    r"```json\n(?P<expected>.*?)```",
    re.DOTALL,
)
HANDLE = re.compile(r"^[a-z0-9_]{3,30}$")
STEPS = {
    "member": 1,
    "connect": 2,
    "request": 2,
    "ignore": 2,
    "decline": 2,
    "withdraw": 2,
    "follow": 2,
    "lock": 1,
    "block": 2,
}


@dataclass
class Example:
    line: int
    query: str
    expected: Any
    style: str = "linkedin"
    viewer: str | None = None
    setup: list[list[str]] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)

    @property
    def handles(self) -> list[str]:
        named: list[str] = []
        for step in self.setup:
            named.extend(step[1:])
        if self.viewer:
            named.append(self.viewer)
        named.extend(
            v[1:] for v in self.variables.values() if isinstance(v, str) and v.startswith("@")
        )
        return list(dict.fromkeys(named))


def parse(text: str) -> list[Example]:
    examples = []
    for match in EXAMPLE.finditer(text):
        spec = json.loads(match["spec"])
        unknown = set(spec) - {"style", "as", "setup", "variables", "limits"}
        assert not unknown, f"unknown example keys {unknown}"
        setup = [step.split() for step in spec.get("setup", [])]
        for step in setup:
            assert STEPS.get(step[0]) == len(step) - 1, f"bad setup step {step}"
            assert all(HANDLE.match(h) for h in step[1:]), step
        examples.append(
            Example(
                line=text.count("\n", 0, match.start()) + 1,
                query=match["query"],
                expected=json.loads(match["expected"]),
                style=spec.get("style", "linkedin"),
                viewer=spec.get("as"),
                setup=setup,
                variables=spec.get("variables", {}),
                limits=spec.get("limits", {}),
            )
        )
    return examples


EXAMPLES = parse(DOC.read_text(encoding="utf-8"))


def test_the_page_has_examples_for_every_style() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert len(EXAMPLES) == text.count("<!-- example:"), "an example comment did not parse"
    assert len(EXAMPLES) == text.count("```graphql"), "a graphql block has no example comment"
    assert {e.style for e in EXAMPLES} == {"linkedin", "facebook", "follow_only"}


def contains(actual: Any, expected: Any, path: str = "data") -> None:
    """``expected`` is a subset of ``actual``: missing object keys are allowed, nothing else."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}: no field {key!r} in {actual!r}"
            contains(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: expected {expected!r}, got {actual!r}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            contains(a, e, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


async def run_setup(client: GraphQLClient, members: dict[str, Member], step: list[str]) -> None:
    verb, *who = step
    first = members[who[0]]
    second = members[who[1]] if len(who) > 1 else first
    if verb == "connect":
        await connect(client, first, second)
    elif verb in ("request", "ignore", "decline", "withdraw"):
        sent = await send(client, first, second)
        assert sent["errors"] == [], sent
        if verb != "request":
            actor = first if verb == "withdraw" else second
            mutation = f"{verb}ConnectionRequest"
            done = await act(client, actor, mutation, sent["request"]["id"])
            assert done["errors"] == [], done
    elif verb == "follow":
        done = await on_user(client, first, "follow", second, "follow { status }")
        assert done["errors"] == [], done
    elif verb == "block":
        done = await on_user(client, first, "block", second)
        assert done["errors"] == [], done
    elif verb == "lock":
        data = await client.data(
            """mutation { updatePrivacySettings(input: {locked: true}) {
                 errors { code } } }""",
            token=first.token,
        )
        assert data["updatePrivacySettings"]["errors"] == [], data


def _param(example: Example) -> Any:
    return pytest.param(example, id=f"line{example.line}-{example.style}")


@pytest.mark.parametrize("example", [_param(e) for e in EXAMPLES])
async def test_documented_example(make_client: MakeClient, example: Example) -> None:
    client = await make_client(style=example.style, limits=example.limits)
    members = {handle: await client.sign_up(handle) for handle in example.handles}
    for step in example.setup:
        await run_setup(client, members, step)
    variables = {
        name: members[value[1:]].id if isinstance(value, str) and value.startswith("@") else value
        for name, value in example.variables.items()
    }
    token = members[example.viewer].token if example.viewer else None
    response = await client.post(example.query, variables or None, token=token)
    assert response.status == 200, response.body
    assert not response.errors, response.body
    contains(response.body["data"], example.expected)
