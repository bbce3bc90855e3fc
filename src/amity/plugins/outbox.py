"""The default email delivery: the server log and the ``amity_outbox_email`` table.

amity sends invitations but ships no mail transport: a deployment adds its own
``amity_deliver_email`` plugin (SMTP, an email API). Until then, and alongside it, every email
is logged and kept, so an operator can see exactly what would have gone out. Registered under
the name ``outbox`` in every plugin manager.
"""

from __future__ import annotations

import logging

from amity.models.addressbook import OutboxEmail
from amity.policies import hookimpl

__all__ = ["NAME"]

NAME = "outbox"
log = logging.getLogger("amity.email")


@hookimpl
async def amity_deliver_email(to: str, subject: str, body: str) -> None:
    log.info("email to %s: %s\n%s", to, subject, body)
    await OutboxEmail.create(to=to, subject=subject, body=body)
