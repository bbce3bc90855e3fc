"""``PolicyInfo``: the active style, the registered plugins and the effective limits."""

from __future__ import annotations

import strawberry

from amity.policies import LIMIT_NAMES, PolicyEngine

__all__ = ["PolicyInfo", "PolicyLimit"]


@strawberry.type
class PolicyLimit:
    name: str
    value: int | None


@strawberry.type(description="The active platform style and its effective limits.")
class PolicyInfo:
    style: str = strawberry.field(
        description="linkedin | facebook | follow_only, or a third-party style name."
    )
    plugins: list[str] = strawberry.field(
        description="Names of every registered policy plugin, in no meaningful order."
    )
    limits: list[PolicyLimit]

    @classmethod
    def from_engine(cls, engine: PolicyEngine) -> PolicyInfo:
        names = list(LIMIT_NAMES) + sorted(set(engine.limits) - set(LIMIT_NAMES))
        return cls(
            style=engine.style,
            plugins=engine.plugins,
            limits=[PolicyLimit(name=n, value=engine.limits[n]) for n in names],
        )
