"""Sign-up, log-in, log-out and turning a bearer token into a viewer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from tortoise import Tortoise
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from amity.errors import (
    ALREADY_EXISTS,
    INVALID_CREDENTIALS,
    ActionError,
    Problem,
)
from amity.models import AuthToken, ServerState, User
from amity.resolvers import invites
from amity.resolvers.context import RequestContext
from amity.resolvers.validation import (
    check_display_name,
    check_email,
    check_handle,
    check_password,
    normalise_email,
)
from amity.security import TokenService

__all__ = [
    "TOKEN_LIFETIME",
    "Session",
    "authenticate",
    "log_in",
    "log_out",
    "server_secret",
    "sign_up",
]

TOKEN_LIFETIME = timedelta(days=30)
_SECRET_KEY = "token_secret"


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    user: User


async def server_secret(configured: str | None) -> str:
    """``AMITY_SECRET`` if set; else a random secret kept in the database.

    Keeping it in the database makes tokens survive restarts and work across every process of a
    deployment without any set-up; an operator who sets ``AMITY_SECRET`` takes over.
    """
    if configured:
        return configured
    state = await ServerState.get_or_none(key=_SECRET_KEY)
    if state is None:
        try:
            state = await ServerState.create(key=_SECRET_KEY, value=secrets.token_urlsafe(48))
        except IntegrityError:  # another process won the race
            state = await ServerState.get(key=_SECRET_KEY)
    return state.value


@cache
def _token_sql(dialect: str) -> str:
    """Token and member in one statement; written by hand because every request runs it and
    Tortoise spends longer building this query than the database spends answering it."""
    a, b = ("$1", "$2") if dialect == "postgres" else ("?", "?")
    return (
        f"SELECT u.* FROM {AuthToken._meta.db_table} t "
        f"JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"WHERE t.token_hash = {a} AND t.revoked_at IS NULL AND t.expires_at > {b} LIMIT 1"
    )


async def authenticate(tokens: TokenService, token: str) -> tuple[User, str] | None:
    """The member a live token belongs to, and the token's hash; ``None`` if not live."""
    digest = tokens.digest(token)
    connection = Tortoise.get_connection("default")
    now = AuthToken._meta.fields_map["expires_at"].to_db_value(datetime.now(UTC), AuthToken)
    rows = await connection.execute_query_dict(
        _token_sql(connection.capabilities.dialect), [digest, now]
    )
    return (User._init_from_db(**rows[0]), digest) if rows else None


async def _issue_token(ctx: RequestContext, user: User) -> str:
    token = ctx.services.tokens.new_token()
    await AuthToken.create(
        user=user,
        token_hash=ctx.services.tokens.digest(token),
        expires_at=datetime.now(UTC) + TOKEN_LIFETIME,
    )
    return token


async def sign_up(
    ctx: RequestContext,
    *,
    handle: str,
    display_name: str,
    email: str,
    password: str,
    invite_token: str | None = None,
) -> Session:
    """Create a member with the style's default settings and log them in.

    Sign-up redeems every pending invite to the member's email, and the invite that
    ``invite_token`` names (whatever its email); a token that names no pending invite refuses
    the sign-up and creates nothing.
    """
    problems = [
        p
        for p in (
            check_handle(handle, ("input", "handle")),
            check_display_name(display_name, ("input", "displayName")),
            check_email(email, ("input", "email")),
            check_password(password, ("input", "password")),
        )
        if p is not None
    ]
    token_invite = None
    if invite_token is not None:
        token_invite = await invites.invite_for_token(ctx.services.tokens, invite_token)
        if token_invite is None:
            problems.append(invites.BAD_TOKEN)
    if problems:
        raise ActionError(*problems)

    handle_key, email_key = handle.lower(), normalise_email(email)
    await _refuse_taken(handle_key, email_key)
    password_hash = await ctx.services.passwords.hash(password)
    defaults = ctx.services.engine.setting_defaults
    try:
        async with in_transaction():
            user = await User.create(
                handle=handle_key,
                display_name=display_name.strip(),
                email=email.strip(),
                email_key=email_key,
                password_hash=password_hash,
                headline_audience=defaults.headline_audience,
                bio_audience=defaults.bio_audience,
                location_audience=defaults.location_audience,
                email_audience=defaults.email_audience,
                connections_audience=defaults.connections_audience,
                discoverable=defaults.discoverable,
                who_can_request=defaults.who_can_request,
                who_can_message=defaults.who_can_message,
                locked=defaults.locked,
                inmail_credits=ctx.services.engine.limits["inmail_credits"],
            )
            # Inside the transaction: a token taken meanwhile refuses the whole sign-up.
            await invites.redeem_invites(
                ctx.services.engine, user, token_invite.id if token_invite else None
            )
            token = await _issue_token(ctx, user)
    except IntegrityError:
        # A concurrent sign-up took the handle or email between the check and the insert.
        await _refuse_taken(handle_key, email_key)
        raise
    return Session(token, user)


async def _refuse_taken(handle_key: str, email_key: str) -> None:
    taken = (
        await User.filter(handle=handle_key).exists(),
        await User.filter(email_key=email_key).exists(),
    )
    problems = []
    if taken[0]:
        problems.append(Problem(ALREADY_EXISTS, "This handle is taken.", ("input", "handle")))
    if taken[1]:
        problems.append(
            Problem(ALREADY_EXISTS, "An account with this email exists.", ("input", "email"))
        )
    if problems:
        raise ActionError(*problems)


async def log_in(ctx: RequestContext, *, login: str, password: str) -> Session:
    """Log in by handle or email; one answer for every failure (no account enumeration)."""
    key = login.strip().lower()
    user = None
    if 0 < len(key) <= 254:
        field = "email_key" if "@" in key else "handle"
        user = await User.filter(**{field: key}).first()
    ok = await ctx.services.passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok:
        raise ActionError.of(INVALID_CREDENTIALS, "Wrong login or password.")
    return Session(await _issue_token(ctx, user), user)


async def log_out(ctx: RequestContext) -> None:
    """Revoke the token this request carried, at once."""
    ctx.require_viewer()
    await AuthToken.filter(token_hash=ctx.token_hash, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
