"""What a member keeps about people outside the graph: contacts, invites, and sent email.

Contacts and invites are keyed by ``email_key`` (the lowercased email) so that every
comparison is case-insensitive; uniqueness per owner (contacts) and per inviter among pending
invites (``open_key``, NULL once the invite is no longer pending) lives in the database.
"""

from __future__ import annotations

from uuid import UUID

from tortoise import fields

from amity.models.base import Entity
from amity.models.users import User
from amity.vocabulary import ContactSource, InviteStatus

__all__ = ["Contact", "Invite", "OutboxEmail"]


class Contact(Entity):
    """A private address-book entry; the person it names is never told."""

    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="contacts", on_delete=fields.CASCADE
    )
    owner_id: UUID
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254, null=True)
    email_key = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=40, null=True)
    company = fields.CharField(max_length=100, null=True)
    notes = fields.TextField(null=True)
    source = fields.CharEnumField(ContactSource, max_length=8, default=ContactSource.MANUAL)

    class Meta:
        table = "amity_contact"
        table_description = "Private address-book entries"
        unique_together = (("owner", "email_key"),)
        indexes = (("owner_id", "name"), ("email_key",))


class Invite(Entity):
    """An email invitation to join; ``open_key`` is set while it is pending."""

    inviter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="invites", on_delete=fields.CASCADE
    )
    inviter_id: UUID
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254)
    status = fields.CharEnumField(InviteStatus, max_length=8, default=InviteStatus.PENDING)
    expires_at = fields.DatetimeField()
    accepted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "amity.User", related_name="accepted_invites", null=True, on_delete=fields.SET_NULL
    )
    accepted_by_id: UUID | None
    responded_at = fields.DatetimeField(null=True)
    open_key = fields.CharField(max_length=300, null=True, unique=True)

    class Meta:
        table = "amity_invite"
        table_description = "Email invitations to join the network"
        indexes = (("inviter_id", "created_at"), ("email_key", "status"))


class OutboxEmail(Entity):
    """An email as the default delivery kept it (it also writes it to the log)."""

    to = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=200)
    body = fields.TextField()

    class Meta:
        table = "amity_outbox_email"
        table_description = "Emails written by the default delivery"
