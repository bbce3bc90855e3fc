"""Opaque Relay global ids: ``base64url("Type:uuid")``.

Primary keys are random UUIDs, so an id reveals neither how many rows exist nor when one was
made. Anything that does not decode to a known type and a UUID is simply "not found".
"""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

__all__ = ["decode_id", "encode_id"]


def encode_id(type_name: str, pk: UUID) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_id(global_id: str, expected_type: str | None = None) -> tuple[str, UUID] | None:
    """``(type, uuid)`` for a well-formed id (of ``expected_type`` if given), else ``None``."""
    if not isinstance(global_id, str) or len(global_id) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
        type_name, _, pk = raw.partition(":")
        uuid = UUID(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if expected_type is not None and type_name != expected_type:
        return None
    return type_name, uuid
