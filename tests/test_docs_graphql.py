"""Every GraphQL document in the docs is valid against the served schema.

``test_docs_examples.py`` runs the platform-styles examples end to end; the other pages show
queries without expected answers, and this keeps those from naming a field or argument the
server does not have.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLSchema, parse, validate

from amity.schema import build_schema

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)

DOCUMENTS = [
    pytest.param(block, id=f"{page.name}-{index}")
    for page in PAGES
    for index, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")))
]


def test_the_docs_have_graphql_documents() -> None:
    """Guards the parametrized test below against passing on an empty list."""
    assert len(DOCUMENTS) > 10


@pytest.fixture(scope="module")
def served() -> GraphQLSchema:
    return build_schema()._schema


@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_is_valid(served: GraphQLSchema, document: str) -> None:
    errors = validate(served, parse(document))
    assert [e.message for e in errors] == []
