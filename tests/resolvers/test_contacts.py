"""Contacts over HTTP: adding, importing, changing, deleting and listing an address book.

Contacts behave the same in every style; the style only matters to ``member`` through blocks,
which are core invariants, so most tests run on the default style.
"""

from __future__ import annotations

from typing import Any

import pytest

from amity.models import Contact, User
from conftest import MakeClient
from support.client import GraphQLClient, Member
from support.graph import on_user

CONTACT_FIELDS = "id name email phone company notes source createdAt member { handle }"

ADD = f"""
mutation($input: AddContactInput!) {{
  addContact(input: $input) {{ contact {{ {CONTACT_FIELDS} }} errors {{ code message field }} }}
}}"""

IMPORT = """
mutation($input: ImportContactsInput!) {
  importContacts(input: $input) { created merged matched errors { code message field } }
}"""

UPDATE = f"""
mutation($input: UpdateContactInput!) {{
  updateContact(input: $input) {{ contact {{ {CONTACT_FIELDS} }} errors {{ code message field }} }}
}}"""

DELETE = """
mutation($id: ID!) { deleteContact(id: $id) { ok errors { code message field } } }"""

LIST = f"""
query($search: String, $first: Int, $after: String) {{ viewer {{
  contacts(search: $search, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ {CONTACT_FIELDS} }} }}
  }}
}} }}"""

OTHERS_CONTACTS = """
query($h: String!) { user(handle: $h) { handle contacts { totalCount } } }"""

NODE = f"""query($id: ID!) {{ node(id: $id) {{ id ... on Contact {{ {CONTACT_FIELDS} }} }} }}"""


def problems(payload: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e["code"], tuple(e["field"] or ())) for e in payload["errors"])


async def add(gql: GraphQLClient, owner: Member, **input: Any) -> dict[str, Any]:
    data = await gql.data(ADD, {"input": input}, token=owner.token)
    return data["addContact"]  # type: ignore[no-any-return]


async def added(gql: GraphQLClient, owner: Member, **input: Any) -> dict[str, Any]:
    """``addContact`` that must succeed; the contact."""
    payload = await add(gql, owner, **input)
    assert payload["errors"] == [], payload
    return payload["contact"]  # type: ignore[no-any-return]


async def import_rows(gql: GraphQLClient, owner: Member, rows: list[dict[str, Any]]) -> Any:
    data = await gql.data(IMPORT, {"input": {"contacts": rows}}, token=owner.token)
    return data["importContacts"]


async def update(gql: GraphQLClient, owner: Member, **input: Any) -> dict[str, Any]:
    data = await gql.data(UPDATE, {"input": input}, token=owner.token)
    return data["updateContact"]  # type: ignore[no-any-return]


async def listing(gql: GraphQLClient, owner: Member, **variables: Any) -> dict[str, Any]:
    data = await gql.data(LIST, variables, token=owner.token)
    return data["viewer"]["contacts"]  # type: ignore[no-any-return]


async def names(gql: GraphQLClient, owner: Member, **variables: Any) -> list[str]:
    conn = await listing(gql, owner, first=100, **variables)
    return [e["node"]["name"] for e in conn["edges"]]


async def by_name(gql: GraphQLClient, owner: Member) -> dict[str, dict[str, Any]]:
    conn = await listing(gql, owner, first=100)
    return {e["node"]["name"]: e["node"] for e in conn["edges"]}


@pytest.fixture
async def ada(gql: GraphQLClient) -> Member:
    return await gql.sign_up("ada")


@pytest.fixture
async def grace(gql: GraphQLClient) -> Member:
    return await gql.sign_up("grace")


# ------------------------------------------------------------------ addContact


async def test_add_contact_returns_the_trimmed_contact(gql: GraphQLClient, ada: Member) -> None:
    contact = await added(
        gql,
        ada,
        name="  Charles Babbage ",
        email=" Charles@Example.com ",
        phone=" +44 20 1234 ",
        company=" Difference Engines ",
        notes=" Met at the Royal Society. ",
    )

    assert {k: v for k, v in contact.items() if k not in ("id", "createdAt")} == {
        "name": "Charles Babbage",
        "email": "Charles@Example.com",
        "phone": "+44 20 1234",
        "company": "Difference Engines",
        "notes": "Met at the Royal Society.",
        "source": "MANUAL",
        "member": None,
    }
    assert contact["createdAt"]
    assert await names(gql, ada) == ["Charles Babbage"]


async def test_only_a_name_is_needed_and_blank_fields_are_null(
    gql: GraphQLClient, ada: Member
) -> None:
    contact = await added(gql, ada, name="Charles", email="  ", phone="", company=None)

    assert (contact["email"], contact["phone"], contact["company"], contact["notes"]) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "x" * 101),
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("email", "x" * 250 + "@example.com"),
        ("phone", "1" * 41),
        ("company", "c" * 101),
        ("notes", "n" * 2001),
    ],
)
async def test_invalid_fields_are_bad_user_input_naming_the_field(
    gql: GraphQLClient, ada: Member, field: str, value: str
) -> None:
    payload = await add(gql, ada, **{"name": "Charles", field: value})

    assert problems(payload) == [("BAD_USER_INPUT", ("input", field))]
    assert payload["contact"] is None
    assert await Contact.all().count() == 0


async def test_every_problem_is_reported_at_once(gql: GraphQLClient, ada: Member) -> None:
    payload = await add(gql, ada, name=" ", email="nope", phone="1" * 41, notes="n" * 2001)

    assert problems(payload) == [
        ("BAD_USER_INPUT", ("input", f)) for f in ("email", "name", "notes", "phone")
    ]


async def test_fields_at_their_limits_are_accepted(gql: GraphQLClient, ada: Member) -> None:
    limits = {"name": 100, "phone": 40, "company": 100, "notes": 2000}

    contact = await added(gql, ada, **{f: "é" * n for f, n in limits.items()})

    assert {f: len(contact[f]) for f in limits} == limits


@pytest.mark.parametrize(
    "second", ["charles@example.com", "CHARLES@EXAMPLE.COM", " Charles@example.com "]
)
async def test_a_known_email_is_already_exists_whatever_its_case(
    gql: GraphQLClient, ada: Member, second: str
) -> None:
    await added(gql, ada, name="Charles", email="Charles@Example.com")

    payload = await add(gql, ada, name="Charles again", email=second)

    assert problems(payload) == [("ALREADY_EXISTS", ("input", "email"))]
    assert await names(gql, ada) == ["Charles"]


async def test_owners_do_not_share_emails_and_contacts_without_email_are_many(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    await added(gql, ada, name="Charles", email="charles@example.com")
    await added(gql, grace, name="Charles", email="charles@example.com")
    await added(gql, ada, name="No email 1")
    await added(gql, ada, name="No email 2")

    assert await names(gql, ada) == ["Charles", "No email 1", "No email 2"]
    assert await names(gql, grace) == ["Charles"]


async def test_the_database_refuses_a_duplicate_email_too(ada: Member, db: str) -> None:
    from tortoise.exceptions import IntegrityError

    owner = await User.get(handle="ada")
    await Contact.create(owner=owner, name="A", email="x@example.com", email_key="x@example.com")

    with pytest.raises(IntegrityError):
        await Contact.create(
            owner=owner, name="B", email="X@example.com", email_key="x@example.com"
        )


async def test_contact_mutations_need_a_viewer(gql: GraphQLClient) -> None:
    response = await gql.post(ADD, {"input": {"name": "Charles"}})

    assert response.codes == ["UNAUTHENTICATED"]


# ------------------------------------------------------------------ updateContact


async def test_update_changes_given_fields_and_clears_null_or_blank_ones(
    gql: GraphQLClient, ada: Member
) -> None:
    contact = await added(
        gql, ada, name="Charles", email="c@example.com", phone="1", company="C", notes="N"
    )

    payload = await update(
        gql, ada, id=contact["id"], name=" Charles B ", phone=None, company="  ", notes="New"
    )

    assert payload["errors"] == []
    changed = payload["contact"]
    assert (changed["name"], changed["email"], changed["phone"], changed["company"]) == (
        "Charles B",
        "c@example.com",
        None,
        None,
    )
    assert changed["notes"] == "New"
    assert (await by_name(gql, ada))["Charles B"] == changed


@pytest.mark.parametrize("name", [None, "", "  ", "x" * 101])
async def test_the_name_cannot_be_cleared(gql: GraphQLClient, ada: Member, name: Any) -> None:
    contact = await added(gql, ada, name="Charles", phone="1")

    payload = await update(gql, ada, id=contact["id"], name=name, phone="2")

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "name"))]
    assert (await by_name(gql, ada))["Charles"]["phone"] == "1"


async def test_changing_to_another_contacts_email_is_already_exists(
    gql: GraphQLClient, ada: Member
) -> None:
    await added(gql, ada, name="A", email="a@example.com")
    b = await added(gql, ada, name="B", email="b@example.com")

    taken = await update(gql, ada, id=b["id"], email="A@EXAMPLE.COM")
    own = await update(gql, ada, id=b["id"], email="B@Example.com")
    cleared = await update(gql, ada, id=b["id"], email=None)
    reused = await update(gql, ada, id=b["id"], email=" b@example.com ")

    assert problems(taken) == [("ALREADY_EXISTS", ("input", "email"))]
    assert own["errors"] == []
    assert own["contact"]["email"] == "B@Example.com"
    assert (cleared["errors"], cleared["contact"]["email"]) == ([], None)
    assert (reused["errors"], reused["contact"]["email"]) == ([], "b@example.com")


async def test_someone_elses_contact_is_not_found(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    contact = await added(gql, ada, name="Charles", email="c@example.com")

    updated = await update(gql, grace, id=contact["id"], name="Mine now")
    data = await gql.data(DELETE, {"id": contact["id"]}, token=grace.token)

    assert problems(updated) == [("NOT_FOUND", ("input", "id"))]
    assert problems(data["deleteContact"]) == [("NOT_FOUND", ("id",))]
    assert data["deleteContact"]["ok"] is False
    assert await names(gql, ada) == ["Charles"]


@pytest.mark.parametrize("bad_id", ["", "garbage", "VXNlcjox"])
async def test_malformed_ids_are_not_found(gql: GraphQLClient, ada: Member, bad_id: str) -> None:
    updated = await update(gql, ada, id=bad_id, name="X")
    deleted = await gql.data(DELETE, {"id": bad_id}, token=ada.token)

    assert problems(updated) == [("NOT_FOUND", ("input", "id"))]
    assert problems(deleted["deleteContact"]) == [("NOT_FOUND", ("id",))]


async def test_not_found_comes_before_bad_input(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    contact = await added(gql, ada, name="Charles")

    payload = await update(gql, grace, id=contact["id"], name="")

    assert problems(payload) == [("NOT_FOUND", ("input", "id"))]


async def test_delete_removes_the_contact(gql: GraphQLClient, ada: Member) -> None:
    contact = await added(gql, ada, name="Charles", email="c@example.com")

    data = await gql.data(DELETE, {"id": contact["id"]}, token=ada.token)
    again = await gql.data(DELETE, {"id": contact["id"]}, token=ada.token)

    assert data["deleteContact"] == {"ok": True, "errors": []}
    assert problems(again["deleteContact"]) == [("NOT_FOUND", ("id",))]
    assert await names(gql, ada) == []
    # The email is free again.
    await added(gql, ada, name="Charles", email="c@example.com")


# ------------------------------------------------------------------ privacy


async def test_contacts_are_null_for_anyone_but_the_owner(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    await added(gql, ada, name="Charles")

    as_grace = await gql.data(OTHERS_CONTACTS, {"h": "ada"}, token=grace.token)
    anonymous = await gql.data(OTHERS_CONTACTS, {"h": "ada"})
    own = await gql.data(OTHERS_CONTACTS, {"h": "ada"}, token=ada.token)

    assert as_grace["user"] == {"handle": "ada", "contacts": None}
    assert anonymous["user"] == {"handle": "ada", "contacts": None}
    assert own["user"]["contacts"] == {"totalCount": 1}


async def test_node_returns_a_contact_to_its_owner_only(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    contact = await added(gql, ada, name="Charles", email="grace@example.com")

    own = await gql.data(NODE, {"id": contact["id"]}, token=ada.token)
    other = await gql.data(NODE, {"id": contact["id"]}, token=grace.token)
    anonymous = await gql.data(NODE, {"id": contact["id"]})

    assert own["node"] == contact
    assert own["node"]["member"] == {"handle": "grace"}
    assert other == anonymous == {"node": None}


async def test_the_contact_is_never_told(gql: GraphQLClient, ada: Member, grace: Member) -> None:
    await added(gql, ada, name="Grace", email="grace@example.com")

    own = await gql.data("{ viewer { contacts { totalCount } } }", token=grace.token)

    assert own["viewer"]["contacts"] == {"totalCount": 0}


# ------------------------------------------------------------------ member


@pytest.mark.parametrize("style", ["linkedin", "facebook", "follow_only"])
async def test_member_is_the_member_with_that_email_unless_blocked_either_way(
    make_client: MakeClient, style: str
) -> None:
    gql = await make_client(style=style)
    ada, grace, alan = [await gql.sign_up(h) for h in ("ada", "grace", "alan")]
    await added(gql, ada, name="Grace", email="GRACE@example.com")
    await added(gql, ada, name="Alan", email="alan@example.com")
    await added(gql, ada, name="Nobody", email="nobody@example.com")

    before = {n: c["member"] for n, c in (await by_name(gql, ada)).items()}
    assert before == {"Grace": {"handle": "grace"}, "Alan": {"handle": "alan"}, "Nobody": None}

    assert (await on_user(gql, ada, "block", grace))["errors"] == []
    assert (await on_user(gql, alan, "block", ada))["errors"] == []

    after = {n: c["member"] for n, c in (await by_name(gql, ada)).items()}
    assert after == {"Grace": None, "Alan": None, "Nobody": None}


async def test_a_member_hidden_from_the_directory_is_still_shown(
    gql: GraphQLClient, ada: Member, grace: Member, set_privacy: Any
) -> None:
    await set_privacy(gql, grace.token, discoverable="ONLY_ME")

    contact = await added(gql, ada, name="Grace", email="grace@example.com")

    assert contact["member"] == {"handle": "grace"}


async def test_statements_do_not_grow_with_the_page(
    gql: GraphQLClient, ada: Member, insert_members: Any, sql_statements: Any
) -> None:
    members = await insert_members([f"m{i:03}" for i in range(60)])
    await Contact.bulk_create(
        [
            Contact(
                owner_id=(await User.get(handle="ada")).id,
                name=f"Contact {i:03}",
                email=m.email,
                email_key=m.email_key,
            )
            for i, m in enumerate(members)
        ]
    )
    query = """query($first: Int) { viewer { contacts(first: $first) {
      totalCount edges { node { name member { handle displayName } } } } } }"""

    counts = {}
    for first in (5, 50):
        sql_statements.statements.clear()
        data = await gql.data(query, {"first": first}, token=ada.token)
        counts[first] = sql_statements.count
        edges = data["viewer"]["contacts"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["member"]["handle"].startswith("m") for e in edges)

    assert counts[5] == counts[50], sql_statements.statements
    # The token, the viewer's own snapshot, the page, its COUNT, the members by email and
    # their snapshots (two statements when some are beyond the 2nd degree).
    assert counts[50] <= 7, sql_statements.statements


# ------------------------------------------------------------------ listing


async def test_contacts_are_ordered_by_name_and_paged_by_keyset(
    gql: GraphQLClient, ada: Member
) -> None:
    for name in ["Dora", "alan", "Bob", "Carl", "Bob", "Eve", "Ann"]:
        await added(gql, ada, name=name)
    expected = await names(gql, ada)
    assert sorted(expected, key=str.lower) == sorted(
        ["Dora", "alan", "Bob", "Carl", "Bob", "Eve", "Ann"], key=str.lower
    )

    seen: list[str] = []
    after = None
    while True:
        page = await listing(gql, ada, first=2, after=after)
        seen += [e["node"]["name"] for e in page["edges"]]
        assert page["totalCount"] == 7
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]

    assert seen == expected
    # A contact inserted before the cursor does not shift the next page.
    first = await listing(gql, ada, first=3)
    await added(gql, ada, name="AAA first")
    rest = await listing(gql, ada, first=100, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["name"] for e in rest["edges"]] == expected[3:]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("ada", ["Ada L", "Charles"]),
        ("ENGINE", ["Charles"]),
        ("lovelace.org", ["Ada L"]),
        ("  ", ["Ada L", "Charles", "Zed"]),
        ("%", ["Zed"]),
        ("nothing", []),
    ],
)
async def test_search_matches_name_email_or_company_case_insensitively(
    gql: GraphQLClient, ada: Member, search: str, found: list[str]
) -> None:
    await added(gql, ada, name="Ada L", email="ada@lovelace.org")
    await added(gql, ada, name="Charles", company="Analytical Engines (Ada)")
    await added(gql, ada, name="Zed", notes="ada", company="100% cotton")

    page = await listing(gql, ada, search=search, first=100)

    assert [e["node"]["name"] for e in page["edges"]] == found
    assert page["totalCount"] == len(found)


@pytest.mark.parametrize(
    ("variables", "code"),
    [({"after": "garbage"}, "BAD_USER_INPUT"), ({"first": -1}, "BAD_USER_INPUT")],
)
async def test_bad_paging_arguments_are_bad_user_input(
    gql: GraphQLClient, ada: Member, variables: dict[str, Any], code: str
) -> None:
    response = await gql.post(LIST, variables, token=ada.token)

    assert response.codes == [code]


# ------------------------------------------------------------------ importContacts


async def test_import_creates_merges_and_matches(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    await added(gql, ada, name="Charles", email="charles@example.com", phone="1")
    rows = [
        {"name": "Charles B", "email": "CHARLES@example.com", "phone": "2", "company": "AE"},
        {"name": "Grace H", "email": "grace@EXAMPLE.com"},
        {"name": "Grace again", "email": "Grace@example.com", "notes": "Navy"},
        {"name": "No email"},
        {"name": "Also no email"},
        {"name": "Alan", "email": "alan@example.com", "company": "Bletchley"},
    ]

    payload = await import_rows(gql, ada, rows)

    assert payload == {"created": 4, "merged": 2, "matched": 2, "errors": []}
    contacts = await by_name(gql, ada)
    assert sorted(contacts) == ["Alan", "Also no email", "Charles", "Grace H", "No email"]
    # Merging fills only empty fields: the name and phone stay, the company is new.
    charles = contacts["Charles"]
    assert (charles["phone"], charles["company"], charles["source"]) == ("1", "AE", "MANUAL")
    grace_contact = contacts["Grace H"]
    assert (grace_contact["email"], grace_contact["notes"]) == ("grace@EXAMPLE.com", "Navy")
    assert grace_contact["source"] == "IMPORT"
    assert grace_contact["member"] == {"handle": "grace"}
    assert grace_contact["createdAt"]


async def test_importing_twice_merges_everything(gql: GraphQLClient, ada: Member) -> None:
    rows = [{"name": f"P{i}", "email": f"p{i}@example.com"} for i in range(5)]

    first = await import_rows(gql, ada, rows)
    second = await import_rows(gql, ada, [{**r, "phone": "9"} for r in rows])

    assert (first["created"], first["merged"]) == (5, 0)
    assert (second["created"], second["merged"]) == (0, 5)
    assert {c["phone"] for c in (await by_name(gql, ada)).values()} == {"9"}


async def test_an_invalid_row_refuses_the_whole_import(gql: GraphQLClient, ada: Member) -> None:
    rows = [
        {"name": "Fine", "email": "fine@example.com"},
        {"name": " ", "email": "bad"},
        {"name": "Fine too"},
        {"name": "Long", "phone": "1" * 41},
    ]

    payload = await import_rows(gql, ada, rows)

    assert problems(payload) == [
        ("BAD_USER_INPUT", ("input", "contacts", "1", "email")),
        ("BAD_USER_INPUT", ("input", "contacts", "1", "name")),
        ("BAD_USER_INPUT", ("input", "contacts", "3", "phone")),
    ]
    assert (payload["created"], payload["merged"], payload["matched"]) == (0, 0, 0)
    assert await Contact.all().count() == 0


async def test_more_than_the_limit_is_refused_whole(gql: GraphQLClient, ada: Member) -> None:
    rows = [{"name": f"P{i}", "email": f"p{i}@example.com"} for i in range(1001)]

    payload = await import_rows(gql, ada, rows)

    assert problems(payload) == [("BAD_USER_INPUT", ("input", "contacts"))]
    assert "1000" in payload["errors"][0]["message"]
    assert await Contact.all().count() == 0


async def test_the_limit_itself_is_imported_in_a_bounded_number_of_statements(
    gql: GraphQLClient, ada: Member, grace: Member, sql_statements: Any
) -> None:
    await added(gql, ada, name="Existing", email="p0@example.com")
    rows = [{"name": f"P{i:04}", "email": f"p{i}@example.com", "company": "Co"} for i in range(999)]
    rows.append({"name": "Grace", "email": "grace@example.com"})

    sql_statements.statements.clear()
    payload = await import_rows(gql, ada, rows)

    assert payload == {"created": 999, "merged": 1, "matched": 1, "errors": []}
    # The token, existing contacts, one bulk insert, one bulk update (the merge), members by
    # email and their blocks.
    assert sql_statements.count <= 6, sql_statements.statements
    assert (await by_name(gql, ada))["Existing"]["company"] == "Co"
    assert await Contact.filter(owner__handle="ada").count() == 1000


async def test_the_import_limit_follows_the_configuration(make_client: MakeClient) -> None:
    gql = await make_client(limits={"max_import_rows": 2})
    ada = await gql.sign_up("ada")

    refused = await import_rows(gql, ada, [{"name": f"P{i}"} for i in range(3)])
    accepted = await import_rows(gql, ada, [{"name": f"P{i}"} for i in range(2)])

    assert problems(refused) == [("BAD_USER_INPUT", ("input", "contacts"))]
    assert accepted["created"] == 2


async def test_matched_leaves_out_members_blocked_either_way(
    gql: GraphQLClient, ada: Member, grace: Member
) -> None:
    alan = await gql.sign_up("alan")
    linus = await gql.sign_up("linus")
    assert (await on_user(gql, ada, "block", grace))["errors"] == []
    assert (await on_user(gql, alan, "block", ada))["errors"] == []
    rows = [
        {"name": "Grace", "email": "grace@example.com"},
        {"name": "Alan", "email": "alan@example.com"},
        {"name": "Linus", "email": "LINUS@example.com"},
        {"name": "Stranger", "email": "stranger@example.com"},
    ]

    payload = await import_rows(gql, ada, rows)

    assert payload == {"created": 4, "merged": 0, "matched": 1, "errors": []}
    members = {n: c["member"] for n, c in (await by_name(gql, ada)).items()}
    assert members == {
        "Alan": None,
        "Grace": None,
        "Linus": {"handle": linus.handle},
        "Stranger": None,
    }


async def test_an_empty_import_does_nothing(gql: GraphQLClient, ada: Member) -> None:
    assert await import_rows(gql, ada, []) == {
        "created": 0,
        "merged": 0,
        "matched": 0,
        "errors": [],
    }
