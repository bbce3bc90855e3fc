"""Members, their privacy settings and their sessions."""

from __future__ import annotations

from tortoise import fields

from amity.models.base import Entity
from amity.vocabulary import Audience, MessageFilter, RequestFilter

__all__ = ["AuthToken", "User"]


class User(Entity):
    """A member of the network.

    Privacy settings are columns of the member's row rather than a table of their own: every
    decision about a member needs them, and one row read is cheaper than a join. They are stored
    concretely (the active style's defaults are written at sign-up), so that SQL filters such as
    the directory's ``discoverable`` can compare columns directly.
    """

    handle = fields.CharField(max_length=30, unique=True, description="lowercase")
    display_name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254, description="as the member typed it")
    email_key = fields.CharField(max_length=254, unique=True, description="lowercased email")
    password_hash = fields.CharField(max_length=255)
    headline = fields.CharField(max_length=220, null=True)
    bio = fields.TextField(null=True)
    location = fields.CharField(max_length=100, null=True)

    headline_audience = fields.CharEnumField(Audience, max_length=12, db_default="PUBLIC")
    bio_audience = fields.CharEnumField(Audience, max_length=12, db_default="PUBLIC")
    location_audience = fields.CharEnumField(Audience, max_length=12, db_default="PUBLIC")
    email_audience = fields.CharEnumField(Audience, max_length=12, db_default="ONLY_ME")
    connections_audience = fields.CharEnumField(Audience, max_length=12, db_default="PUBLIC")
    discoverable = fields.CharEnumField(Audience, max_length=12, db_default="PUBLIC")
    who_can_request = fields.CharEnumField(RequestFilter, max_length=12, db_default="EVERYONE")
    who_can_message = fields.CharEnumField(MessageFilter, max_length=12, db_default="EVERYONE")
    locked = fields.BooleanField(db_default=False)
    inmail_credits = fields.IntField(
        null=True, description="InMail balance (linkedin) granted at sign-up, else NULL"
    )

    class Meta:
        table = "amity_user"
        table_description = "Members of the network with their privacy settings"

    def __str__(self) -> str:
        return f"@{self.handle}"


class AuthToken(Entity):
    """A bearer token, stored only as a keyed hash; logging out sets ``revoked_at``."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "amity_auth_token"
        table_description = "Bearer tokens stored as keyed hashes"
