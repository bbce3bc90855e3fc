"""The address book: a member's private contacts, added one by one or imported in bulk.

Contacts are the owner's business alone: anyone else gets ``NOT_FOUND`` (or ``null``), and the
person a contact names is never told. One contact per owner and email, compared
case-insensitively through ``email_key``; the database's unique constraint is the last word.

An import is one transaction with a bounded number of statements whatever its size: one read
of the owner's contacts with the imported emails, one bulk insert, one bulk update for merged
contacts, and two reads for the ``matched`` count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from amity.errors import ALREADY_EXISTS, BAD_USER_INPUT, ActionError, Problem, request_error
from amity.ids import decode_id
from amity.models import Block, Contact, ContactSource, User
from amity.resolvers.context import RequestContext
from amity.resolvers.graph import conflict, not_found
from amity.resolvers.loaders import UserByEmailLoader
from amity.resolvers.pagination import (
    Page,
    bad_cursor,
    decode_cursor,
    encode_cursor,
    page_size,
)
from amity.resolvers.users import UserView
from amity.resolvers.validation import check_email, check_length, clean_text, normalise_email

__all__ = [
    "CONTACT_LIMITS",
    "ContactView",
    "ImportResult",
    "add_contact",
    "clean_contact",
    "contact_by_id",
    "delete_contact",
    "import_contacts",
    "list_contacts",
    "update_contact",
]

#: Longest accepted value of each contact field, after trimming. ``name`` follows display
#: names; ``email`` is the longest valid address; ``phone`` fits any international number with
#: an extension; ``notes`` leaves room for a paragraph or two without turning into storage.
CONTACT_LIMITS = {"name": 100, "email": 254, "phone": 40, "company": 100, "notes": 2000}
#: Fields that may be left out or cleared (``name`` never can).
OPTIONAL_FIELDS = ("email", "phone", "company", "notes")
MAX_SEARCH = 100
ID_FIELD = ("input", "id")

Values = dict[str, str | None]


@dataclass(frozen=True, slots=True)
class ContactView:
    """A contact and the loader that finds its member with the rest of the page."""

    contact: Contact
    members: UserByEmailLoader

    async def member(self) -> UserView | None:
        """The member with the contact's email, unless a block hides them from the owner."""
        return await self.members.load(self.contact.email_key)


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    merged: int
    matched: int


def clean_contact(
    values: Mapping[str, str | None], path: tuple[str, ...], *, partial: bool = False
) -> tuple[Values, list[Problem]]:
    """Trimmed, checked columns for the given input fields, and what is wrong with them.

    Every given field is checked, so a client learns every problem at once. Blank optional
    fields become ``None`` (cleared); ``email`` also yields ``email_key``. With ``partial``
    (an update), fields left out of ``values`` are left out of the result.
    """
    columns: Values = {}
    problems: list[Problem] = []
    if not partial or "name" in values:
        name = (values.get("name") or "").strip()
        if not 1 <= len(name) <= CONTACT_LIMITS["name"]:
            problems.append(
                Problem(
                    BAD_USER_INPUT,
                    f"A name is 1 to {CONTACT_LIMITS['name']} characters.",
                    (*path, "name"),
                )
            )
        columns["name"] = name
    for field in OPTIONAL_FIELDS:
        if partial and field not in values:
            continue
        value = clean_text(values.get(field))
        if field == "email":
            problem = check_email(value, (*path, field)) if value is not None else None
            columns["email_key"] = normalise_email(value) if value is not None else None
        else:
            problem = check_length(value, CONTACT_LIMITS[field], (*path, field))
        if problem is not None:
            problems.append(problem)
        columns[field] = value
    return columns, problems


def _view(ctx: RequestContext, contact: Contact) -> ContactView:
    return ContactView(contact, UserByEmailLoader(ctx, [contact.email_key]))


async def _own_contact(ctx: RequestContext, global_id: str) -> Contact | None:
    """The viewer's contact with this global id; ``None`` for anything else."""
    viewer = ctx.require_viewer()
    decoded = decode_id(global_id, "Contact")
    if decoded is None:
        return None
    return await Contact.get_or_none(id=decoded[1], owner_id=viewer.id)


async def contact_by_id(ctx: RequestContext, pk: UUID) -> ContactView | None:
    """``node(id:)``: the contact if the viewer owns it, else ``None`` (no existence leaks)."""
    if ctx.viewer is None:
        return None
    contact = await Contact.get_or_none(id=pk, owner_id=ctx.viewer.id)
    return _view(ctx, contact) if contact else None


def _email_taken() -> ActionError:
    return ActionError.of(
        ALREADY_EXISTS, "A contact with this email is in your address book.", ("input", "email")
    )


async def add_contact(ctx: RequestContext, values: Mapping[str, str | None]) -> ContactView:
    """Add one contact by hand; a second contact with a known email is ``ALREADY_EXISTS``."""
    viewer = ctx.require_viewer()
    columns, problems = clean_contact(values, ("input",))
    if problems:
        raise ActionError(*problems)
    key = columns["email_key"]
    if key is not None and await Contact.exists(owner_id=viewer.id, email_key=key):
        raise _email_taken()
    contact = Contact(owner_id=viewer.id, source=ContactSource.MANUAL, **columns)
    try:
        await contact.save()
    except IntegrityError:  # a concurrent request added the same email first
        raise _email_taken() from None
    return _view(ctx, contact)


async def update_contact(
    ctx: RequestContext, global_id: str, changes: Mapping[str, str | None]
) -> ContactView:
    """Change the given fields; null or blank clears an optional field, never the name."""
    viewer = ctx.require_viewer()
    contact = await _own_contact(ctx, global_id)
    if contact is None:
        raise not_found(ID_FIELD, "contact")
    columns, problems = clean_contact(changes, ("input",), partial=True)
    if problems:
        raise ActionError(*problems)
    key = columns.get("email_key")
    if (
        key is not None
        and key != contact.email_key
        and await Contact.exists(owner_id=viewer.id, email_key=key)
    ):
        raise _email_taken()
    if columns:
        try:
            await Contact.filter(id=contact.id).update(**columns)
        except IntegrityError:
            raise _email_taken() from None
        for name, value in columns.items():
            setattr(contact, name, value)
    return _view(ctx, contact)


async def delete_contact(ctx: RequestContext, global_id: str) -> None:
    """Remove one of the viewer's contacts; anyone else's is ``NOT_FOUND``."""
    viewer = ctx.require_viewer()
    decoded = decode_id(global_id, "Contact")
    deleted = await Contact.filter(id=decoded[1], owner_id=viewer.id).delete() if decoded else 0
    if not deleted:
        raise not_found(("id",), "contact")


# ------------------------------------------------------------------ import


async def import_contacts(
    ctx: RequestContext, rows: Sequence[Mapping[str, str | None]]
) -> ImportResult:
    """Import rows in one transaction; a bad row or too many rows refuses the whole import.

    A row whose email matches an existing contact, or an earlier row, is merged into it: only
    the fields that contact lacks are filled.
    """
    viewer = ctx.require_viewer()
    most = ctx.services.engine.limits["max_import_rows"]
    if most is not None and len(rows) > most:
        raise ActionError.of(
            BAD_USER_INPUT, f"An import has at most {most} rows.", ("input", "contacts")
        )
    cleaned: list[Values] = []
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        columns, row_problems = clean_contact(row, ("input", "contacts", str(index)))
        cleaned.append(columns)
        problems.extend(row_problems)
    if problems:
        raise ActionError(*problems)

    keys = [c["email_key"] for c in cleaned]
    try:
        async with in_transaction():
            created, merged = await _write_import(viewer.id, cleaned)
            matched = await _matched_rows(viewer.id, keys)
    except IntegrityError:  # a concurrent change added one of these emails first
        raise conflict() from None
    return ImportResult(created=created, merged=merged, matched=matched)


async def _write_import(owner_id: UUID, rows: list[Values]) -> tuple[int, int]:
    """Insert new contacts and fill merged ones; ``(created, merged)``."""
    wanted = sorted({key for row in rows if (key := row["email_key"]) is not None})
    existing = (
        {c.email_key: c for c in await Contact.filter(owner_id=owner_id, email_key__in=wanted)}
        if wanted
        else {}
    )
    by_key: dict[str | None, Contact] = dict(existing)
    new: list[Contact] = []
    filled: dict[UUID, Contact] = {}
    filled_fields: set[str] = set()
    merged = 0
    for row in rows:
        target = by_key.get(row["email_key"]) if row["email_key"] is not None else None
        if target is None:
            # bulk_create sets no primary keys on SQLite: give them here.
            contact = Contact(id=uuid4(), owner_id=owner_id, source=ContactSource.IMPORT, **row)
            new.append(contact)
            if row["email_key"] is not None:
                by_key[row["email_key"]] = contact
            continue
        merged += 1
        changed = _fill_empty(target, row)
        if changed and target.email_key in existing:
            filled[target.id] = target
            filled_fields.update(changed)
    # Rows are written in key order, so that overlapping imports running at once wait for each
    # other on the unique index instead of deadlocking.
    if new:
        await Contact.bulk_create(sorted(new, key=lambda c: c.email_key or ""))
    if filled:
        await Contact.bulk_update(
            [filled[pk] for pk in sorted(filled)], fields=sorted(filled_fields)
        )
    return len(new), merged


def _fill_empty(contact: Contact, row: Values) -> list[str]:
    """Copy the row's values into the fields the contact lacks; the names of those fields."""
    changed = []
    for field in ("phone", "company", "notes"):
        if getattr(contact, field) is None and row[field] is not None:
            setattr(contact, field, row[field])
            changed.append(field)
    return changed


async def _matched_rows(owner_id: UUID, keys: Sequence[str | None]) -> int:
    """How many rows carry the email of a member; members blocked either way do not count."""
    wanted = sorted({key for key in keys if key is not None})
    if not wanted:
        return 0
    members: dict[str, UUID] = dict(
        await User.filter(email_key__in=wanted).values_list("email_key", "id")
    )
    if not members:
        return 0
    ids = list(members.values())
    hidden = {
        other
        for blocker, blocked in await Block.filter(
            Q(blocker_id=owner_id, blocked_id__in=ids) | Q(blocked_id=owner_id, blocker_id__in=ids)
        ).values_list("blocker_id", "blocked_id")
        for other in (blocker, blocked)
    }
    return sum(1 for key in keys if key in members and members[key] not in hidden)


# ------------------------------------------------------------------ list


async def list_contacts(
    ctx: RequestContext, *, search: str | None, first: int | None, after: str | None
) -> Page[ContactView]:
    """The viewer's contacts ordered by name (keyset on ``(name, id)``), optionally searched
    by a case-insensitive substring of the name, email or company."""
    viewer = ctx.require_viewer()
    limit = page_size(first, ctx.services.engine.limits["max_page_size"] or 100)
    q = Q(owner_id=viewer.id)
    term = search.strip() if search is not None else ""
    if term:
        if len(term) > MAX_SEARCH:
            raise request_error(
                BAD_USER_INPUT, f"search is at most {MAX_SEARCH} characters.", field=["search"]
            )
        q &= Q(name__icontains=term) | Q(email__icontains=term) | Q(company__icontains=term)
    rows_q = q
    if after is not None:
        name, pk = decode_cursor(after, "contacts", 2)
        rows_q = q & (Q(name__gt=name) | Q(name=name, id__gt=_cursor_uuid(pk)))
    rows = await Contact.filter(rows_q).order_by("name", "id").limit(limit + 1)
    items = rows[:limit]
    members = UserByEmailLoader(ctx, [c.email_key for c in items])

    async def count() -> int:
        return await Contact.filter(q).count()

    return Page(
        items=[ContactView(c, members) for c in items],
        cursors=[encode_cursor("contacts", [c.name, str(c.id)]) for c in items],
        has_next=len(rows) > limit,
        has_previous=after is not None,
        count=count,
    )


def _cursor_uuid(value: object) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise bad_cursor() from None
