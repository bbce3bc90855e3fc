"""Input validation shared by the use cases: each check names the offending field."""

from __future__ import annotations

import re

from amity.errors import BAD_USER_INPUT, Problem

__all__ = [
    "check_display_name",
    "check_email",
    "check_handle",
    "check_length",
    "check_password",
    "clean_text",
    "normalise_email",
]

HANDLE_RE = re.compile(r"[A-Za-z0-9_]{3,30}")
# Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def _bad(field: tuple[str, ...], message: str) -> Problem:
    return Problem(BAD_USER_INPUT, message, field)


def check_handle(handle: str, field: tuple[str, ...]) -> Problem | None:
    if not HANDLE_RE.fullmatch(handle):
        return _bad(field, "A handle is 3 to 30 letters, digits or underscores.")
    return None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str, field: tuple[str, ...]) -> Problem | None:
    email = email.strip()
    if len(email) > 254 or not EMAIL_RE.fullmatch(email):
        return _bad(field, "This is not a valid email address.")
    return None


def check_display_name(name: str, field: tuple[str, ...]) -> Problem | None:
    if not 1 <= len(name.strip()) <= 100:
        return _bad(field, "A display name is 1 to 100 characters.")
    return None


def check_password(password: str, field: tuple[str, ...]) -> Problem | None:
    if len(password) < MIN_PASSWORD:
        return _bad(field, f"A password has at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        return _bad(field, f"A password has at most {MAX_PASSWORD} characters.")
    return None


def clean_text(value: str | None) -> str | None:
    """Trim; an empty result clears the field."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_length(value: str | None, limit: int, field: tuple[str, ...]) -> Problem | None:
    if value is not None and len(value) > limit:
        return _bad(field, f"At most {limit} characters.")
    return None
