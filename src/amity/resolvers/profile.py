"""Changing one's own profile and privacy settings."""

from __future__ import annotations

from collections.abc import Mapping

from tortoise.transactions import in_transaction

from amity.errors import BAD_USER_INPUT, ActionError, Problem
from amity.models import Follow, FollowStatus, User
from amity.resolvers.context import RequestContext
from amity.resolvers.validation import check_display_name, check_length, clean_text

__all__ = ["PROFILE_LIMITS", "SETTING_FIELDS", "update_privacy_settings", "update_profile"]

#: Longest accepted value of each free-text profile field.
PROFILE_LIMITS = {"headline": 220, "bio": 2600, "location": 100}

#: Setting attribute -> GraphQL input name, for error paths.
SETTING_FIELDS = {
    "headline_audience": "headlineAudience",
    "bio_audience": "bioAudience",
    "location_audience": "locationAudience",
    "email_audience": "emailAudience",
    "connections_audience": "connectionsAudience",
    "discoverable": "discoverable",
    "who_can_request": "whoCanRequest",
    "who_can_message": "whoCanMessage",
    "locked": "locked",
}


async def update_profile(ctx: RequestContext, changes: Mapping[str, str | None]) -> User:
    """Apply the given changes; a field left out is unchanged, ``null`` or blank clears it.

    ``displayName`` cannot be cleared. Nothing is written unless every change is valid.
    """
    user = ctx.require_viewer()
    problems: list[Problem] = []
    values: dict[str, str | None] = {}
    if "display_name" in changes:
        name = changes["display_name"]
        problem = check_display_name(name or "", ("input", "displayName"))
        if problem:
            problems.append(problem)
        else:
            values["display_name"] = (name or "").strip()
    for field, limit in PROFILE_LIMITS.items():
        if field in changes:
            value = clean_text(changes[field])
            problem = check_length(value, limit, ("input", field))
            if problem:
                problems.append(problem)
            values[field] = value
    if problems:
        raise ActionError(*problems)
    return await _save(ctx, user, values)


async def update_privacy_settings(ctx: RequestContext, changes: Mapping[str, object]) -> User:
    """Apply the given settings; ``null`` is refused (every setting always has a value)."""
    user = ctx.require_viewer()
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise ActionError(
            *(
                Problem(BAD_USER_INPUT, "A setting cannot be null.", ("input", SETTING_FIELDS[n]))
                for n in nulls
            )
        )
    if changes.get("locked") is False and user.locked:
        # Unlocking approves every pending follow request, in the same transaction.
        async with in_transaction():
            await Follow.filter(followee_id=user.id, status=FollowStatus.PENDING).update(
                status=FollowStatus.ACTIVE
            )
            return await _save(ctx, user, changes)
    return await _save(ctx, user, changes)


async def _save(ctx: RequestContext, user: User, values: Mapping[str, object]) -> User:
    """Write the changed columns in one UPDATE and keep the request's view of the viewer true."""
    if values:
        await User.filter(id=user.id).update(**values)
        for name, value in values.items():
            setattr(user, name, value)
        ctx.forget_viewer()
    return user
