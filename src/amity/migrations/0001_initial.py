from tortoise import migrations
from tortoise.migrations import operations as ops
from amity.vocabulary import Audience, MessageFilter, RequestFilter
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="ServerState",
            fields=[
                (
                    "key",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                ("value", fields.TextField(unique=False)),
            ],
            options={
                "table": "amity_server_state",
                "app": "amity",
                "pk_attr": "key",
                "table_description": "Deployment-wide key-value state",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("handle", fields.CharField(unique=True, description="lowercase", max_length=30)),
                ("display_name", fields.CharField(max_length=100)),
                ("email", fields.CharField(description="as the member typed it", max_length=254)),
                (
                    "email_key",
                    fields.CharField(unique=True, description="lowercased email", max_length=254),
                ),
                ("password_hash", fields.CharField(max_length=255)),
                ("headline", fields.CharField(null=True, max_length=220)),
                ("bio", fields.TextField(null=True, unique=False)),
                ("location", fields.CharField(null=True, max_length=100)),
                (
                    "headline_audience",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="PUBLIC",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "bio_audience",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="PUBLIC",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "location_audience",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="PUBLIC",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "email_audience",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="ONLY_ME",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "connections_audience",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="PUBLIC",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "discoverable",
                    fields.CharEnumField(
                        description="PUBLIC: PUBLIC\nNETWORK: NETWORK\nCONNECTIONS: CONNECTIONS\nONLY_ME: ONLY_ME",
                        db_default="PUBLIC",
                        enum_type=Audience,
                        max_length=12,
                    ),
                ),
                (
                    "who_can_request",
                    fields.CharEnumField(
                        description="EVERYONE: EVERYONE\nNETWORK: NETWORK\nCONTACTS: CONTACTS\nNOBODY: NOBODY",
                        db_default="EVERYONE",
                        enum_type=RequestFilter,
                        max_length=12,
                    ),
                ),
                (
                    "who_can_message",
                    fields.CharEnumField(
                        description="EVERYONE: EVERYONE\nCONNECTIONS: CONNECTIONS\nNOBODY: NOBODY",
                        db_default="EVERYONE",
                        enum_type=MessageFilter,
                        max_length=12,
                    ),
                ),
                ("locked", fields.BooleanField(db_default=False)),
            ],
            options={
                "table": "amity_user",
                "app": "amity",
                "pk_attr": "id",
                "table_description": "Members of the network with their privacy settings",
            },
            bases=["Entity"],
        ),
        ops.CreateModel(
            name="AuthToken",
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
                        related_name="tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "amity_auth_token",
                "app": "amity",
                "pk_attr": "id",
                "table_description": "Bearer tokens stored as keyed hashes",
            },
            bases=["Entity"],
        ),
    ]
