"""Address-book mutations: contacts (add, import, update, delete) and email invites."""

from __future__ import annotations

import strawberry

from amity.errors import ActionError
from amity.resolvers import contacts, invites
from amity.schema.mutations.account import Ctx, OkPayload, _given, member_mutation
from amity.schema.types.addressbook import Contact, Invite
from amity.schema.types.errors import UserError, user_errors

__all__ = ["AddressBookMutation"]

#: GraphQL input field -> use-case field, for the fields a contact input may carry.
CONTACT_FIELDS = {name: name for name in ("name", "email", "phone", "company", "notes")}

# ------------------------------------------------------------------ inputs


@strawberry.input(description="A contact; every field but the name is optional.")
class AddContactInput:
    name: str
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    notes: str | None = None

    def values(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in CONTACT_FIELDS}


@strawberry.input(description="At most `max_import_rows` (1,000) rows, imported all or nothing.")
class ImportContactsInput:
    contacts: list[AddContactInput]


@strawberry.input(description="A field left out is unchanged; null or blank clears it.")
class UpdateContactInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    company: str | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET


@strawberry.input
class InviteByEmailInput:
    email: str


# ------------------------------------------------------------------ payloads


@strawberry.type
class ContactPayload:
    contact: Contact | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ImportContactsPayload:
    created: int = strawberry.field(default=0, description="New contacts.")
    merged: int = strawberry.field(
        default=0, description="Imported rows merged into an existing contact with the same email."
    )
    matched: int = strawberry.field(
        default=0, description="Imported rows whose email belongs to a member."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InvitePayload:
    invite: Invite | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AddressBookMutation:
    @member_mutation(description="Add a contact; a second contact with a known email is refused.")
    async def add_contact(self, info: Ctx, input: AddContactInput) -> ContactPayload:
        try:
            view = await contacts.add_contact(info.context, input.values())
        except ActionError as e:
            return ContactPayload(errors=user_errors(e.problems))
        return ContactPayload(contact=Contact.from_model(view))

    @member_mutation(
        description="Import contacts in one go; a row whose email is known is merged into that "
        "contact, filling only its empty fields."
    )
    async def import_contacts(self, info: Ctx, input: ImportContactsInput) -> ImportContactsPayload:
        try:
            result = await contacts.import_contacts(
                info.context, [row.values() for row in input.contacts]
            )
        except ActionError as e:
            return ImportContactsPayload(errors=user_errors(e.problems))
        return ImportContactsPayload(
            created=result.created, merged=result.merged, matched=result.matched
        )

    @member_mutation(description="Change a contact; null or blank clears a field but the name.")
    async def update_contact(self, info: Ctx, input: UpdateContactInput) -> ContactPayload:
        try:
            view = await contacts.update_contact(
                info.context, input.id, _given(input, CONTACT_FIELDS)
            )
        except ActionError as e:
            return ContactPayload(errors=user_errors(e.problems))
        return ContactPayload(contact=Contact.from_model(view))

    @member_mutation(description="Delete one of the viewer's contacts.")
    async def delete_contact(self, info: Ctx, id: strawberry.ID) -> OkPayload:
        try:
            await contacts.delete_contact(info.context, id)
        except ActionError as e:
            return OkPayload(ok=False, errors=user_errors(e.problems))
        return OkPayload(ok=True)

    @member_mutation(description="Invite a non-member by email; the invitation is emailed.")
    async def invite_by_email(self, info: Ctx, input: InviteByEmailInput) -> InvitePayload:
        try:
            view = await invites.invite_by_email(info.context, input.email)
        except ActionError as e:
            return InvitePayload(errors=user_errors(e.problems))
        return InvitePayload(invite=Invite.from_model(view))

    @member_mutation(description="Revoke one of the viewer's pending invites.")
    async def revoke_invite(self, info: Ctx, id: strawberry.ID) -> InvitePayload:
        try:
            view = await invites.revoke_invite(info.context, id)
        except ActionError as e:
            return InvitePayload(errors=user_errors(e.problems))
        return InvitePayload(invite=Invite.from_model(view))
