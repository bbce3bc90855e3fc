"""Schema extensions: caches, complexity limits and error masking.

Limits are there from day one: a public GraphQL endpoint without them is a denial-of-service
endpoint. Every error leaving the server carries ``extensions.code``; anything unexpected is
masked as ``INTERNAL_SERVER_ERROR`` with no exception text.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from amity.errors import INTERNAL_SERVER_ERROR, QUERY_TOO_COMPLEX

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_TOKENS",
    "PARSE_FAILED",
    "VALIDATION_FAILED",
    "classify",
    "default_extensions",
    "is_unexpected",
]

MAX_DEPTH = 15
MAX_ALIASES = 30
MAX_TOKENS = 5000
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"

_TOO_COMPLEX_MARKERS = ("exceeds maximum operation depth", "aliases found. Allowed", "more than")


def is_unexpected(error: GraphQLError) -> bool:
    """A resolver crashed (not a deliberate GraphQL error): mask it and log it."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def classify(error: GraphQLError) -> str | None:
    """The ``extensions.code`` an error without one should carry, or None for execution errors."""
    message = error.message
    if isinstance(error, GraphQLSyntaxError):
        return QUERY_TOO_COMPLEX if "tokens" in message else PARSE_FAILED
    if error.path is None and error.original_error is None:
        if any(marker in message for marker in _TOO_COMPLEX_MARKERS):
            return QUERY_TOO_COMPLEX
        return VALIDATION_FAILED
    return None


class CodedMaskErrors(MaskErrors):
    """strawberry's MaskErrors, keeping deliberate errors and coding the masked ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked


def default_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """Extension factories, in order: limits before caches so a cached document is re-checked."""
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        CodedMaskErrors,
    ]
