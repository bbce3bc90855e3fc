"""Account mutations: signing up, logging in and out, the profile and privacy settings."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission
from strawberry.types import Info

from amity.errors import UNAUTHENTICATED, ActionError
from amity.resolvers import auth, profile, users
from amity.resolvers.context import RequestContext
from amity.schema.types.errors import UserError, user_errors
from amity.schema.types.user import Audience, MessageFilter, RequestFilter, User

__all__ = ["AccountMutation", "Authenticated", "Ctx", "OkPayload", "member_mutation"]

Ctx = Info[RequestContext, None]


class Authenticated(BasePermission):
    message = "You must be logged in."
    error_extensions = {"code": UNAUTHENTICATED}

    def has_permission(self, source: Any, info: Ctx, **kwargs: Any) -> bool:
        return info.context.viewer is not None


def member_mutation(**kwargs: Any) -> Any:
    """``strawberry.mutation`` for a logged-in viewer."""
    return strawberry.mutation(permission_classes=[Authenticated], **kwargs)


def _given(input_obj: object, names: dict[str, str]) -> dict[str, Any]:
    """Input fields the client actually sent (left-out fields are UNSET, null is None)."""
    return {
        attr: getattr(input_obj, field)
        for field, attr in names.items()
        if getattr(input_obj, field) is not strawberry.UNSET
    }


# ------------------------------------------------------------------ inputs


@strawberry.input
class SignUpInput:
    handle: str
    display_name: str
    email: str
    password: str
    invite_token: str | None = strawberry.field(
        default=None,
        description="Token from an invitation email: redeems that invite even when the sign-up "
        "email differs.",
    )


@strawberry.input
class LogInInput:
    login: str = strawberry.field(description="Handle or email.")
    password: str


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET


@strawberry.input
class UpdatePrivacySettingsInput:
    headline_audience: Audience | None = strawberry.UNSET
    bio_audience: Audience | None = strawberry.UNSET
    location_audience: Audience | None = strawberry.UNSET
    email_audience: Audience | None = strawberry.UNSET
    connections_audience: Audience | None = strawberry.UNSET
    discoverable: Audience | None = strawberry.UNSET
    who_can_request: RequestFilter | None = strawberry.UNSET
    who_can_message: MessageFilter | None = strawberry.UNSET
    locked: bool | None = strawberry.UNSET


# ------------------------------------------------------------------ payloads


@strawberry.type
class AuthPayload:
    token: str | None = None
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class OkPayload:
    ok: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


async def _auth_payload(ctx: RequestContext, session: auth.Session) -> AuthPayload:
    ctx.viewer = session.user
    ctx.forget_viewer()
    view = (await users.present(ctx, [session.user]))[0]
    return AuthPayload(token=session.token, user=User.from_model(view))


async def _user_payload(ctx: RequestContext) -> UserPayload:
    view = (await users.present(ctx, [ctx.require_viewer()]))[0]
    return UserPayload(user=User.from_model(view))


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description="Create an account; returns a bearer token.")
    async def sign_up(self, info: Ctx, input: SignUpInput) -> AuthPayload:
        try:
            session = await auth.sign_up(
                info.context,
                handle=input.handle,
                display_name=input.display_name,
                email=input.email,
                password=input.password,
                invite_token=input.invite_token,
            )
        except ActionError as e:
            return AuthPayload(errors=user_errors(e.problems))
        return await _auth_payload(info.context, session)

    @strawberry.mutation(description="Log in with a handle or email; returns a bearer token.")
    async def log_in(self, info: Ctx, input: LogInInput) -> AuthPayload:
        try:
            session = await auth.log_in(info.context, login=input.login, password=input.password)
        except ActionError as e:
            return AuthPayload(errors=user_errors(e.problems))
        return await _auth_payload(info.context, session)

    @member_mutation(description="Revoke the token this request was sent with, at once.")
    async def log_out(self, info: Ctx) -> OkPayload:
        await auth.log_out(info.context)
        return OkPayload(ok=True)

    @member_mutation(description="Change the viewer's profile; null or blank clears a field.")
    async def update_profile(self, info: Ctx, input: UpdateProfileInput) -> UserPayload:
        changes = _given(
            input,
            {
                "display_name": "display_name",
                "headline": "headline",
                "bio": "bio",
                "location": "location",
            },
        )
        try:
            await profile.update_profile(info.context, changes)
        except ActionError as e:
            return UserPayload(errors=user_errors(e.problems))
        return await _user_payload(info.context)

    @member_mutation(description="Change the viewer's privacy settings.")
    async def update_privacy_settings(
        self, info: Ctx, input: UpdatePrivacySettingsInput
    ) -> UserPayload:
        changes = _given(input, {name: name for name in profile.SETTING_FIELDS})
        try:
            await profile.update_privacy_settings(info.context, changes)
        except ActionError as e:
            return UserPayload(errors=user_errors(e.problems))
        return await _user_payload(info.context)
