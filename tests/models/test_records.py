"""Lean list reads return exactly what the ORM returns, on SQLite and PostgreSQL."""

from __future__ import annotations

from tortoise.expressions import Q

from amity.models import Audience, MessageFilter, RequestFilter, User, UserRecord, fetch_users
from amity.models.records import USER_COLUMNS, compile_query


async def _members() -> None:
    await User.create(
        handle="ada",
        display_name="Ada Lovelace",
        email="Ada@Example.org",
        email_key="ada@example.org",
        password_hash="x",
        headline="Analyst",
        bio="Notes on the engine",
        location="London",
        headline_audience=Audience.NETWORK,
        discoverable=Audience.CONNECTIONS,
        who_can_request=RequestFilter.CONTACTS,
        who_can_message=MessageFilter.NOBODY,
        locked=True,
    )
    for handle in ("bob", "b_o_b", "carol"):
        await User.create(
            handle=handle,
            display_name=handle.title(),
            email=f"{handle}@example.org",
            email_key=f"{handle}@example.org",
            password_hash="x",
        )


async def test_records_match_models_field_by_field(db: str) -> None:
    await _members()
    query = User.filter(Q(handle__gt="a") | Q(display_name__icontains="ADA")).order_by("handle")
    records = await fetch_users(query.limit(10))
    models = await query.limit(10)
    assert [r.handle for r in records] == ["ada", "b_o_b", "bob", "carol"]
    for record, model in zip(records, models, strict=True):
        assert isinstance(record, UserRecord)
        for column in USER_COLUMNS:
            assert getattr(record, column) == getattr(model, column), column
        assert type(record.headline_audience) is Audience
        assert type(record.who_can_message) is MessageFilter
        assert record.created_at.tzinfo is not None


async def test_filters_limits_and_literal_search_survive_compilation(db: str) -> None:
    await _members()
    # "_" is a LIKE wildcard: matched literally, it finds only b_o_b.
    records = await fetch_users(User.filter(handle__contains="_").order_by("handle"))
    assert [r.handle for r in records] == ["b_o_b"]
    page = await fetch_users(User.filter(handle__gt="ada").order_by("handle").limit(2))
    assert [r.handle for r in page] == ["b_o_b", "bob"]
    assert await fetch_users(User.filter(handle="nobody")) == []


async def test_compiled_query_carries_parameters_not_literals(db: str) -> None:
    _, sql, params = compile_query(User.filter(handle="robert'); DROP TABLE x;--").limit(3))
    assert "DROP TABLE" not in sql
    assert "robert'); DROP TABLE x;--" in params
