"""Building the schema object the server serves."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from amity.errors import INTERNAL_SERVER_ERROR
from amity.schema.extensions import classify, default_extensions, is_unexpected
from amity.schema.mutations import Mutation
from amity.schema.query import Query
from amity.schema.types.user import User

__all__ = ["AmitySchema", "build_schema"]

log = logging.getLogger("amity.schema")


class AmitySchema(strawberry.Schema):
    """Codes every error and logs only the unexpected ones (with their traceback).

    strawberry logs every validation error at ERROR with a traceback; a client's typo is not a
    server fault, so those are not logged.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error):
                log.error("unexpected error in %s", error.path, exc_info=error.original_error)
                # MaskErrors only sees errors raised during execution; one raised while
                # parsing or validating would otherwise reach the client as it is.
                error.message = "Internal server error."
                error.extensions = {"code": INTERNAL_SERVER_ERROR}
                continue
            extensions = error.extensions or {}
            if "code" not in extensions and (code := classify(error)) is not None:
                error.extensions = {**extensions, "code": code}


def build_schema() -> AmitySchema:
    return AmitySchema(
        query=Query, mutation=Mutation, types=[User], extensions=default_extensions()
    )
