"""Third-party plugins installed as packages: the ``amity`` entry-point group and AMITY_PLUGINS.

The example package under ``tests/fixtures/amity_example_plugin`` is pip-installed into a
temporary directory for this module only, exactly as an operator would install a plugin, and
removed again afterwards so that no other test ever sees it.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from amity.config import ConfigError
from amity.models import User
from amity.policies import (
    PLUGIN_GROUP,
    Audience,
    Member,
    PolicyEngine,
    RelationshipSnapshot,
    available_styles,
    get_plugin_manager,
)
from amity.testing import connect, create_member, discoverable_disagreements

MemberFactory = Callable[..., Member]
SnapshotFactory = Callable[..., RelationshipSnapshot]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "amity_example_plugin"
MODULE = "amity_example_plugin"
ENTRY_POINT = "example_veto"
STYLE_MODULE = "amity_example_style"


def _installed() -> bool:
    return any(ep.name == ENTRY_POINT for ep in entry_points(group=PLUGIN_GROUP))


@pytest.fixture(scope="module")
def example_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Install the example plugin into a private directory and put it on ``sys.path``."""
    assert not _installed(), "the example plugin must not be installed outside this module"
    base = tmp_path_factory.mktemp("example_plugin")
    source = base / "src"
    target = base / "site"
    # Build from a copy: building in place would leave build/ and *.egg-info in tests/.
    shutil.copytree(
        FIXTURE, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        sys.modules.pop(MODULE, None)
        sys.modules.pop(STYLE_MODULE, None)
        importlib.invalidate_caches()
    assert not _installed(), "the example plugin leaked out of its module"


@pytest.fixture
def people(make_member: MemberFactory) -> tuple[Member, Member]:
    """A viewer and a subject who shows every field, email included, to everyone."""
    subject = make_member(
        "subject",
        email_audience=Audience.PUBLIC,
        bio_audience=Audience.PUBLIC,
    )
    return make_member("viewer"), subject


def test_entry_point_plugin_is_registered(example_plugin: Path) -> None:
    """An installed plugin is registered under its entry-point name, next to the style."""
    pm = get_plugin_manager("linkedin")
    assert pm.has_plugin(ENTRY_POINT)
    assert pm.get_plugin(ENTRY_POINT).__name__ == MODULE
    assert Path(pm.get_plugin(ENTRY_POINT).__file__).parent == example_plugin
    assert PolicyEngine(pm, style="linkedin").plugins == [ENTRY_POINT, "linkedin", "outbox"]


async def test_entry_point_plugin_changes_decisions(
    example_plugin: Path, people: tuple[Member, Member], make_snapshot: SnapshotFactory
) -> None:
    """The same question gets a different answer only because the plugin is installed."""
    viewer, subject = people
    snap = make_snapshot(viewer, subject)
    with_plugin = PolicyEngine(get_plugin_manager("linkedin"), style="linkedin")
    without = PolicyEngine(get_plugin_manager("linkedin", load_entrypoints=False), style="linkedin")

    assert await without.can_view_field(viewer, subject, "email", snap)
    assert not await with_plugin.can_view_field(viewer, subject, "email", snap)
    # Other fields are untouched, and the member still sees their own email.
    assert await with_plugin.can_view_field(viewer, subject, "bio", snap)
    itself = make_snapshot(subject, subject, degree=0)
    assert await with_plugin.can_view_field(subject, subject, "email", itself)

    decision = await with_plugin.decide(
        "amity_can_view_field",
        viewer=viewer,
        subject=subject,
        field="email",
        audience=Audience.PUBLIC,
        snapshot=snap,
        limits=with_plugin.limits,
    )
    assert (decision.allowed, decision.code) == (False, "EXAMPLE_VETO")
    assert {(v.plugin, v.allowed) for v in decision.votes} == {
        (ENTRY_POINT, False),
        ("linkedin", True),
    }


@pytest.mark.parametrize(
    ("allowlist", "expected"),
    [
        pytest.param(set(), ["linkedin", "outbox"], id="empty-allowlist-loads-nothing"),
        pytest.param({ENTRY_POINT}, [ENTRY_POINT, "linkedin", "outbox"], id="allowlisted"),
        pytest.param(None, [ENTRY_POINT, "linkedin", "outbox"], id="no-allowlist-loads-all"),
    ],
)
async def test_allowlist(
    example_plugin: Path,
    allowlist: set[str] | None,
    expected: list[str],
    people: tuple[Member, Member],
    make_snapshot: SnapshotFactory,
) -> None:
    """``AMITY_PLUGINS`` decides which installed plugins take part, and so the decisions."""
    engine = PolicyEngine(get_plugin_manager("linkedin", allowlist=allowlist), style="linkedin")
    assert engine.plugins == expected
    viewer, subject = people
    visible = await engine.can_view_field(viewer, subject, "email", make_snapshot(viewer, subject))
    assert visible is (ENTRY_POINT not in expected)


def test_allowlist_still_reports_missing_plugins(example_plugin: Path) -> None:
    """Allowlisting an installed plugin and a missing one names only the missing one."""
    with pytest.raises(ConfigError, match="not_installed") as excinfo:
        get_plugin_manager("linkedin", allowlist={ENTRY_POINT, "not_installed"})
    assert ENTRY_POINT not in str(excinfo.value)


async def test_example_plugin_filter_agrees_with_its_decision(
    example_plugin: Path, db: str
) -> None:
    """The plugin's SQL filter lists exactly whom its single-object check lets one find, on a
    real database (the style's NETWORK and CONNECTIONS grants are SQL subqueries)."""
    engine = PolicyEngine(get_plugin_manager("facebook"), style="facebook")
    viewer = await create_member("viewer")
    await create_member("ada")
    hidden_bob = await create_member("hidden_bob")
    await create_member("hiddenness")
    await create_member("cy", discoverable=Audience.CONNECTIONS)
    await connect(viewer, await create_member("dot", discoverable=Audience.CONNECTIONS))
    await connect(viewer, await create_member("hidden_pal", discoverable=Audience.CONNECTIONS))

    assert await discoverable_disagreements(engine, [None, viewer, hidden_bob]) == []
    q = await engine.discoverable_filter(Member.of(viewer))
    listed = set(await User.filter(q).values_list("handle", flat=True))
    # PUBLIC and the viewer's friend; hidden handles vetoed even when they are friends.
    assert listed == {"viewer", "ada", "dot"}


async def test_an_installed_package_provides_a_new_style(
    example_plugin: Path, make_member: MemberFactory, make_snapshot: SnapshotFactory
) -> None:
    """``amity.styles`` entry points add style names that --style accepts."""
    assert "campus" in available_styles()
    pm = get_plugin_manager("campus", load_entrypoints=False)
    assert pm.get_plugin("campus").__name__ == STYLE_MODULE
    engine = PolicyEngine(pm, style="campus")
    assert engine.plugins == ["campus", "outbox"]
    assert engine.limits["max_connections"] == 500
    assert engine.limits["weekly_requests"] is None
    assert engine.setting_defaults.email_audience is Audience.NETWORK

    subject = make_member("subject", bio_audience=Audience.CONNECTIONS)
    viewer = make_member("viewer")
    assert await engine.can_view_field(viewer, subject, "bio", make_snapshot(viewer, subject))
    anonymous = make_snapshot(None, subject)
    assert not await engine.can_view_field(None, subject, "headline", anonymous)
    decision = await engine.can_discover(None, subject, anonymous)
    assert (decision.allowed, decision.code) == (False, "MEMBERS_ONLY")
