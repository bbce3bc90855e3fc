from tortoise import migrations
from tortoise.migrations import operations as ops
from amity.vocabulary import ContactSource, FollowStatus, InviteStatus, RequestStatus
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("amity", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Block",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "blocker",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="blocker_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocks_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "blocked",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="blocked_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="blocks_received",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "amity_block",
                "app": "amity",
                "unique_together": (("blocker", "blocked"),),
                "indexes": [Index(fields=["blocked_id"])],
                "pk_attr": "id",
                "table_description": "Blocks between members",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="Connection",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="connection_rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "other",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="other_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="connection_rows_in",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "amity_connection",
                "app": "amity",
                "unique_together": (("user", "other"),),
                "indexes": [Index(fields=["user_id", "created_at"])],
                "pk_attr": "id",
                "table_description": "Mutual connections stored once per direction",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="ConnectionRequest",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "sender",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="sender_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sent_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "recipient",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="recipient_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="received_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("note", fields.TextField(null=True, unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=RequestStatus.PENDING,
                        description="PENDING: PENDING\nACCEPTED: ACCEPTED\nDECLINED: DECLINED\nIGNORED: IGNORED\nWITHDRAWN: WITHDRAWN",
                        enum_type=RequestStatus,
                        max_length=10,
                    ),
                ),
                (
                    "responded_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("open_pair", fields.CharField(null=True, unique=True, max_length=73)),
            ],
            options={
                "table": "amity_connection_request",
                "app": "amity",
                "indexes": [
                    Index(fields=["sender_id", "created_at"]),
                    Index(fields=["recipient_id", "status", "created_at"]),
                ],
                "pk_attr": "id",
                "table_description": "Connection requests with their outcome",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="Contact",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "owner",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="owner_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="contacts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("email", fields.CharField(null=True, max_length=254)),
                ("email_key", fields.CharField(null=True, max_length=254)),
                ("phone", fields.CharField(null=True, max_length=40)),
                ("company", fields.CharField(null=True, max_length=100)),
                ("notes", fields.TextField(null=True, unique=False)),
                (
                    "source",
                    fields.CharEnumField(
                        default=ContactSource.MANUAL,
                        description="MANUAL: MANUAL\nIMPORT: IMPORT",
                        enum_type=ContactSource,
                        max_length=8,
                    ),
                ),
            ],
            options={
                "table": "amity_contact",
                "app": "amity",
                "unique_together": (("owner", "email_key"),),
                "indexes": [Index(fields=["owner_id", "name"]), Index(fields=["email_key"])],
                "pk_attr": "id",
                "table_description": "Private address-book entries",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="Follow",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "follower",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="follower_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="following_rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "followee",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="followee_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="follower_rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=FollowStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nPENDING: PENDING",
                        enum_type=FollowStatus,
                        max_length=8,
                    ),
                ),
            ],
            options={
                "table": "amity_follow",
                "app": "amity",
                "unique_together": (("follower", "followee"),),
                "indexes": [
                    Index(fields=["followee_id", "status", "created_at"]),
                    Index(fields=["follower_id", "status", "created_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One-way follows and follow requests",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="Invite",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "inviter",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="inviter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="invites",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("email", fields.CharField(max_length=254)),
                ("email_key", fields.CharField(max_length=254)),
                (
                    "status",
                    fields.CharEnumField(
                        default=InviteStatus.PENDING,
                        description="PENDING: PENDING\nACCEPTED: ACCEPTED\nREVOKED: REVOKED\nEXPIRED: EXPIRED",
                        enum_type=InviteStatus,
                        max_length=8,
                    ),
                ),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "accepted_by",
                    fields.ForeignKeyField(
                        "amity.User",
                        source_field="accepted_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="accepted_invites",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "responded_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("open_key", fields.CharField(null=True, unique=True, max_length=300)),
            ],
            options={
                "table": "amity_invite",
                "app": "amity",
                "indexes": [
                    Index(fields=["inviter_id", "created_at"]),
                    Index(fields=["email_key", "status"]),
                ],
                "pk_attr": "id",
                "table_description": "Email invitations to join the network",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="OutboxEmail",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("to", fields.CharField(max_length=254)),
                ("subject", fields.CharField(max_length=200)),
                ("body", fields.TextField(unique=False)),
            ],
            options={
                "table": "amity_outbox_email",
                "app": "amity",
                "pk_attr": "id",
                "table_description": "Emails written by the default delivery",
            },
            bases=["Entity"],
        ),
        ops.AddField(
            model_name="User",
            name="inmail_credits",
            field=fields.IntField(
                null=True, description="InMail balance (linkedin) granted at sign-up, else NULL"
            ),
        ),
    ]
