"""The root ``Mutation``, merged from one class per domain.

Each module parses input, calls a use case and maps the outcome to a payload. Expected
failures come back in ``errors`` (see :class:`~amity.errors.ActionError`); every mutation but
``signUp`` and ``logIn`` needs a logged-in viewer (top-level UNAUTHENTICATED).
"""

from __future__ import annotations

from strawberry.tools import merge_types

from amity.schema.mutations.account import AccountMutation
from amity.schema.mutations.addressbook import AddressBookMutation
from amity.schema.mutations.graph import GraphMutation

__all__ = ["Mutation"]

Mutation = merge_types(
    "Mutation",
    (
        AccountMutation,
        GraphMutation,
        AddressBookMutation,
    ),
)
