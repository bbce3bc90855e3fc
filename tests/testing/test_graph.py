"""The kit's row helpers write the graph exactly as amity stores it.

Plugin authors (and amity's own snapshot tests) trust these helpers to build the state the
conformance kit checks against; a helper that wrote one connection row instead of two, or an
open request without its pair key, would make every check built on it meaningless. The
database's own constraints are checked through them too: one open request per pair, either way.
"""

from __future__ import annotations

import pytest
from tortoise.exceptions import IntegrityError

from amity.models import (
    Connection,
    ConnectionRequest,
    Contact,
    Follow,
    FollowStatus,
    RequestStatus,
    pair_key,
)
from amity.testing import add_contact, connect, create_member, follow, send_request


async def test_members_and_contacts_are_keyed_case_insensitively(db: str) -> None:
    ada = await create_member("Ada", email="Ada.L@Example.ORG")
    assert (ada.handle, ada.email, ada.email_key) == (
        "ada",
        "Ada.L@Example.ORG",
        "ada.l@example.org",
    )
    contact = await add_contact(ada, "Bob.B@Example.org")
    assert (contact.email, contact.email_key) == ("Bob.B@Example.org", "bob.b@example.org")
    assert await Contact.filter(owner=ada).count() == 1


async def test_a_connection_is_two_directed_rows(db: str) -> None:
    ann, bob = await create_member("ann"), await create_member("bob")
    await connect(ann, bob)
    rows = await Connection.all().values_list("user_id", "other_id")
    assert sorted(tuple(r) for r in rows) == sorted([(ann.id, bob.id), (bob.id, ann.id)])
    with pytest.raises(IntegrityError):
        await connect(ann, bob)  # one connection per pair


async def test_follows_are_approved_unless_pending(db: str) -> None:
    ann, bob = await create_member("ann"), await create_member("bob")
    assert (await follow(ann, bob)).status is FollowStatus.ACTIVE
    assert (await follow(bob, ann, pending=True)).status is FollowStatus.PENDING
    assert await Follow.all().count() == 2


@pytest.mark.parametrize(
    ("status", "open_"),
    [
        (RequestStatus.PENDING, True),
        (RequestStatus.IGNORED, True),
        (RequestStatus.ACCEPTED, False),
        (RequestStatus.DECLINED, False),
        (RequestStatus.WITHDRAWN, False),
    ],
)
async def test_only_open_requests_carry_the_pair_key(
    db: str, status: RequestStatus, open_: bool
) -> None:
    ann, bob = await create_member("ann"), await create_member("bob")
    request = await send_request(ann, bob, status=status)
    assert request.open_pair == (pair_key(ann.id, bob.id) if open_ else None)


async def test_one_open_request_per_pair_either_way(db: str) -> None:
    ann, bob = await create_member("ann"), await create_member("bob")
    first = await send_request(ann, bob)
    with pytest.raises(IntegrityError):
        await send_request(bob, ann, status=RequestStatus.IGNORED)  # crossing: refused
    # Closed requests leave the pair free again, however many there are.
    await ConnectionRequest.filter(id=first.id).update(
        status=RequestStatus.WITHDRAWN, open_pair=None
    )
    await send_request(ann, bob, status=RequestStatus.DECLINED)
    again = await send_request(bob, ann)
    assert again.open_pair == pair_key(ann.id, bob.id)
    assert await ConnectionRequest.all().count() == 3
