"""Every hook is documented and tested (a meta-test, as datasette does).

A hook without a section in ``docs/hooks.md`` does not exist for plugin authors, and a hook
without a ``test_hook_<name>`` test can break unnoticed. The lists are collected from the
hookspecs and from the test sources, so adding a hook makes this test fail until both exist.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pluggy
import pytest

from amity.policies import hookspecs

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
HOOKS_DOC = ROOT / "docs" / "hooks.md"


def hook_names() -> list[str]:
    """Names of every ``amity_*`` hookspec, as a plugin manager sees them."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return sorted(name for name in dir(pm.hook) if name.startswith("amity_"))


def documented_hooks() -> set[str]:
    """The ``## amity_<name>`` section headings of the hooks reference."""
    text = HOOKS_DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^## (amity_\w+)\s*$", text, flags=re.MULTILINE))


def collect_test_function_names() -> set[str]:
    """Every function defined in a test module, found by parsing (never by importing)."""
    names: set[str] = set()
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
    return names


HOOKS = hook_names()


def test_hookspecs_are_found() -> None:
    """Guards the parametrized tests below against passing vacuously on an empty list."""
    assert HOOKS
    assert "amity_can_view_field" in HOOKS
    assert all(callable(getattr(hookspecs, name)) for name in HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented(hook: str) -> None:
    assert hook in documented_hooks(), f"docs/hooks.md needs a '## {hook}' section"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_tested(hook: str) -> None:
    assert f"test_hook_{hook}" in collect_test_function_names(), (
        f"write a test named test_hook_{hook}"
    )


def test_documented_hooks_exist() -> None:
    """The reference documents no hook that amity does not call."""
    assert documented_hooks() <= set(HOOKS)
