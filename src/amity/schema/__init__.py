"""The GraphQL schema: strawberry types and the root Query and Mutation. Thin by design."""

from amity.schema.build import AmitySchema, build_schema

__all__ = ["AmitySchema", "build_schema"]
