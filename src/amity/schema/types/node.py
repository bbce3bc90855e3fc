"""The Relay ``Node`` interface."""

from __future__ import annotations

import strawberry

__all__ = ["Node"]


@strawberry.interface(description="An object with a globally unique, opaque id.")
class Node:
    id: strawberry.ID
