"""Schema extensions: caches, complexity limits and error masking.

Limits are there from day one: a public GraphQL endpoint without them is a denial-of-service
endpoint. Every error leaving the server carries ``extensions.code``; anything unexpected is
masked as ``INTERNAL_SERVER_ERROR`` with no exception text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    StringValueNode,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from amity.errors import BAD_USER_INPUT, INTERNAL_SERVER_ERROR, QUERY_TOO_COMPLEX
from amity.resolvers.context import RequestContext

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
    if error.path is None and isinstance(error.original_error, GraphQLError):
        return BAD_USER_INPUT  # a variable's value could not be coerced to its type
    return None


class _SafeQueryDepthLimiter(QueryDepthLimiter):
    """strawberry's depth limiter crashes (KeyError) on a spread of an unknown fragment; such a
    document is invalid anyway (``KnownFragmentNamesRule`` says so), so measure nothing."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth=max_depth)
        (measure,) = self.validation_rules

        class Guarded(measure):  # type: ignore[valid-type, misc]
            def __init__(self, context: Any) -> None:
                try:
                    super().__init__(context)
                except KeyError:
                    ValidationRule.__init__(self, context)

        self.validation_rules = [Guarded]


class NoNulInStrings(ValidationRule):
    """A NUL in a string literal (``"\\u0000"``) cannot be stored in PostgreSQL text."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if "\x00" in node.value:
            self.report_error(GraphQLError("Strings must not contain NUL characters.", node))


class RequireOperationName(SchemaExtension):
    """A document with several operations must name the one to run.

    strawberry would silently run the first one; the GraphQL spec makes it a request error.
    Runs after :class:`ValidationCache` has put the cached validation errors in place, and
    before strawberry looks at them.
    """

    def on_validate(self) -> Iterator[None]:
        self._check()
        yield

    def _check(self) -> None:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is None or ctx._provided_operation_name:
            return
        operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
        if operations > 1:
            error = GraphQLError(
                "Must provide operationName when the document has several operations.",
                extensions={"code": VALIDATION_FAILED},
            )
            # A new list: the validation cache may share the one it holds.
            ctx.pre_execution_errors = [*(ctx.pre_execution_errors or []), error]


class OperationContext(SchemaExtension):
    """Give every operation its own request context (fresh caches, same viewer).

    Over HTTP a context serves one operation anyway; a WebSocket reuses one context for all
    its operations, and per-request caches must not leak from one operation into the next.
    """

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, RequestContext):
            self.execution_context.context = context.for_operation()
        yield


class CodedMaskErrors(MaskErrors):
    """strawberry's MaskErrors, keeping deliberate errors and coding the masked ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked


# Built once: strawberry's limiters create a new rule class per instance, and the validation
# cache is keyed by the rule classes, so per-request instances would never hit the cache.
_RULES = (
    *_SafeQueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    NoNulInStrings,
)


class ValidationLimits(AddValidationRules):
    """Depth, alias and string rules, with rule classes shared by every request."""

    def __init__(self) -> None:
        super().__init__(list(_RULES))


def default_extensions() -> list[type[SchemaExtension] | Callable[[], SchemaExtension]]:
    """Extension factories; the limits' rules take part in the cached validation."""
    return [
        OperationContext,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        ValidationLimits,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        RequireOperationName,
        CodedMaskErrors,
    ]
