"""The two servers ``benchmarks/graph_bench.py`` compares, each run in its own process.

``--mode real`` is amity as ``amity serve`` runs it (``create_app``), plus a clock around the
database driver: ``GET /bench/stats`` returns, per HTTP request since the last
``POST /bench/reset``, the wall time spent inside Tortoise's ``execute_*`` calls and the number
of statements. That is "the SQL alone" as the server sees it: the round trip, the database's
work and the driver decoding rows, but no ORM or GraphQL work.

``--mode floor`` is the ceiling amity is measured against: strawberry serving the same
response shape from memory, with amity's extensions and error processing (``AmitySchema`` with
``default_extensions()``) behind strawberry's aiohttp view. Its schema is built from amity's
own schema, restricted to the fields the benchmark's queries select, with the same GraphQL
types (scalars, enums, nullability, lists, arguments); every value is a plain attribute read
from memory, taken from a response the real server returned (``--sample`` files written by
the benchmark). Only fields with arguments have a resolver: a synchronous one returning the
stored value, the cheapest strawberry allows.
"""

from __future__ import annotations

import argparse
import contextvars
import enum
import inspect
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, Optional

import strawberry
from aiohttp import web
from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    parse,
)
from strawberry.aiohttp.views import GraphQLView

# --------------------------------------------------------------------------- the SQL clock


class SqlClock:
    """Wall time and statement count inside the database client, per HTTP request.

    Wraps the ``execute_*`` methods of Tortoise's client classes (pool and transaction
    clients, PostgreSQL and SQLite). A call made from inside another wrapped call (Tortoise's
    own layering) is counted once. A middleware gives each request its own tally; tasks the
    request spawns (DataLoaders) inherit it through the context.
    """

    METHODS = ("execute_query", "execute_query_dict", "execute_insert", "execute_many")

    def __init__(self) -> None:
        self.requests: list[tuple[float, int]] = []
        self._tally: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
            "sql_tally", default=None
        )
        self._depth: contextvars.ContextVar[int] = contextvars.ContextVar("sql_depth", default=0)
        from tortoise.backends.asyncpg import client as pg
        from tortoise.backends.sqlite import client as lite

        for cls in (pg.AsyncpgDBClient, pg.TransactionWrapper, *self._sqlite_classes(lite)):
            for name in self.METHODS:
                if name in vars(cls):
                    setattr(cls, name, self._timed(vars(cls)[name]))

    @staticmethod
    def _sqlite_classes(module: Any) -> Iterator[type]:
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                yield value

    def _timed(self, original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def timed(client: Any, *args: Any, **kwargs: Any) -> Any:
            tally = self._tally.get()
            if tally is None or self._depth.get():
                return await original(client, *args, **kwargs)
            token = self._depth.set(1)
            start = time.perf_counter()
            try:
                return await original(client, *args, **kwargs)
            finally:
                self._depth.reset(token)
                tally[0] += time.perf_counter() - start
                tally[1] += 1

        return timed

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path != "/graphql":
            return await handler(request)
        tally = [0.0, 0.0]
        token = self._tally.set(tally)
        try:
            return await handler(request)
        finally:
            self._tally.reset(token)
            self.requests.append((tally[0], int(tally[1])))


def serve_real(database: str, port: int, style: str) -> None:
    from amity.config import Settings
    from amity.server import create_app

    clock = SqlClock()
    settings = Settings.from_env(
        env={}, database_url=database, style=style, password_profile="fast"
    )
    app = create_app(settings, migrate=False)
    app.middlewares.append(clock.middleware)

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({"requests": clock.requests})

    async def reset(_request: web.Request) -> web.Response:
        clock.requests = []
        return web.json_response({"ok": True})

    app.router.add_get("/bench/stats", stats)
    app.router.add_post("/bench/reset", reset)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# --------------------------------------------------------------------------- the floor

_SCALARS: dict[str, Any] = {
    "String": str,
    "Int": int,
    "Float": float,
    "Boolean": bool,
    "ID": strawberry.ID,
}


class FloorBuilder:
    """Builds strawberry types mirroring the parts of amity's schema a query selects.

    One strawberry type per selection of an object type (named after the real type, with a
    suffix when a type is selected twice differently), so a floor schema holds exactly what
    the queries read. Values are copied from a real response into instances.
    """

    def __init__(self, real: GraphQLSchema) -> None:
        self.real = real
        self.names: set[str] = set()
        self.enums: dict[str, type[enum.Enum]] = {}

    def root(
        self, samples: list[tuple[str, dict[str, Any]]]
    ) -> tuple[type, Any]:  # (the Query type, its instance)
        """The Query type and value answering every ``(query, response data)`` sample."""
        fields: dict[str, tuple[GraphQLField, FieldNode]] = {}
        data: dict[str, Any] = {}
        for query, response in samples:
            operation = next(
                d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)
            )
            for node in _fields(operation.selection_set):
                key = node.alias.value if node.alias else node.name.value
                fields[key] = (self.real.query_type.fields[node.name.value], node)  # type: ignore[union-attr]
                data[key] = response[key]
        cls = self._object("Query", fields)
        return cls, self._instance(cls, fields, data)

    def _object(self, name: str, fields: dict[str, tuple[GraphQLField, FieldNode]]) -> type:
        unique, n = name, 1
        while unique in self.names:
            n += 1
            unique = f"{name}{n}"
        self.names.add(unique)
        namespace: dict[str, Any] = {"__annotations__": {}}
        for key, (field, node) in fields.items():
            annotation = self._output(field.type, node.selection_set)
            if field.args:
                namespace[key] = strawberry.field(
                    name=node.name.value, resolver=self._resolver(key, field, annotation)
                )
            else:
                namespace["__annotations__"][key] = annotation
                namespace[key] = strawberry.field(name=node.name.value, default=None)
        return strawberry.type(type(unique, (), namespace))

    def _output(self, gtype: GraphQLOutputType, selection: SelectionSetNode | None) -> Any:
        if isinstance(gtype, GraphQLNonNull):
            return self._required(gtype.of_type, selection)
        return Optional[self._required(gtype, selection)]  # noqa: UP045 - built at run time

    def _required(self, gtype: Any, selection: SelectionSetNode | None) -> Any:
        if isinstance(gtype, GraphQLList):
            return list[self._output(gtype.of_type, selection)]  # type: ignore[misc]
        if isinstance(gtype, GraphQLObjectType):
            assert selection is not None
            fields = {}
            for node in _fields(selection):
                key = node.alias.value if node.alias else node.name.value
                fields[key] = (gtype.fields[node.name.value], node)
            return self._object(gtype.name, fields)
        return self._leaf(gtype)

    def _leaf(self, gtype: GraphQLNamedType) -> Any:
        if isinstance(gtype, GraphQLEnumType):
            if gtype.name not in self.enums:
                # Values equal to names: responses carry names, and instances are built back
                # from them.
                members = {name: name for name in gtype.values}
                python_enum: type[enum.Enum] = enum.Enum(gtype.name, members)  # type: ignore[misc]
                self.enums[gtype.name] = strawberry.enum(python_enum)
            return self.enums[gtype.name]
        if isinstance(gtype, GraphQLScalarType) and gtype.name in _SCALARS:
            return _SCALARS[gtype.name]
        raise NotImplementedError(f"no floor for {gtype}")

    def _input(self, gtype: GraphQLInputType) -> Any:
        if isinstance(gtype, GraphQLNonNull):
            return self._input_required(gtype.of_type)
        return Optional[self._input_required(gtype)]  # noqa: UP045 - built at run time

    def _input_required(self, gtype: Any) -> Any:
        if isinstance(gtype, GraphQLList):
            return list[self._input(gtype.of_type)]  # type: ignore[misc]
        return self._leaf(gtype)

    def _resolver(self, key: str, field: GraphQLField, annotation: Any) -> Callable[..., Any]:
        """A synchronous resolver with the real field's arguments, returning the stored value."""

        def resolve(root: Any, **_arguments: Any) -> Any:
            return root.floor_values[key]

        parameters = [inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for name, argument in field.args.items():
            default = (
                inspect.Parameter.empty
                if argument.default_value is Undefined
                else argument.default_value
            )
            parameters.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=self._input(argument.type),
                    default=default,
                )
            )
        resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            parameters, return_annotation=annotation
        )
        resolve.__name__ = f"resolve_{key}"
        return resolve

    def _instance(
        self, cls: type, fields: dict[str, tuple[GraphQLField, FieldNode]], data: Any
    ) -> Any:
        if data is None:
            return None
        instance: Any = object.__new__(cls)
        instance.floor_values = {}
        for key, (field, node) in fields.items():
            value = self._value(cls, key, field.type, node, data[key])
            if field.args:
                instance.floor_values[key] = value
            else:
                setattr(instance, key, value)
        return instance

    def _value(self, owner: type, key: str, gtype: Any, node: FieldNode, data: Any) -> Any:
        while isinstance(gtype, GraphQLNonNull):
            gtype = gtype.of_type
        if data is None:
            return None
        if isinstance(gtype, GraphQLList):
            return [self._value(owner, key, gtype.of_type, node, item) for item in data]
        if isinstance(gtype, GraphQLObjectType):
            cls = _innermost(_field_type(owner, key))
            assert node.selection_set is not None
            fields = {}
            for child in _fields(node.selection_set):
                child_key = child.alias.value if child.alias else child.name.value
                fields[child_key] = (gtype.fields[child.name.value], child)
            return self._instance(cls, fields, data)
        if isinstance(gtype, GraphQLEnumType):
            return self.enums[gtype.name](data)
        return data


def _fields(selection: SelectionSetNode) -> list[FieldNode]:
    nodes = [s for s in selection.selections if isinstance(s, FieldNode)]
    if len(nodes) != len(selection.selections):
        raise NotImplementedError("the floor supports plain field selections only")
    return nodes


def _field_type(owner: type, key: str) -> Any:
    definition = owner.__strawberry_definition__  # type: ignore[attr-defined]
    field = next(f for f in definition.fields if f.python_name == key)
    return field.type


def _innermost(strawberry_type: Any) -> type:
    """The object type inside optional/list wrappers (strawberry's own wrapper classes)."""
    while hasattr(strawberry_type, "of_type"):
        strawberry_type = strawberry_type.of_type
    return strawberry_type


def floor_schema(samples: list[tuple[str, dict[str, Any]]]) -> tuple[strawberry.Schema, Any]:
    """amity's schema class and extensions, over types built from the samples."""
    from amity.schema import build_schema
    from amity.schema.build import AmitySchema
    from amity.schema.extensions import default_extensions

    builder = FloorBuilder(build_schema()._schema)
    query, root = builder.root(samples)
    return AmitySchema(query=query, extensions=default_extensions()), root


class FloorView(GraphQLView[Any, Any]):
    """strawberry's aiohttp view, answering from one prebuilt root value."""

    root: Any = None

    async def get_root_value(self, request: web.Request) -> Any:
        return self.root


def serve_floor(port: int, samples: list[Path]) -> None:
    loaded = []
    for path in samples:
        sample = json.loads(path.read_text())
        loaded.append((sample["query"], sample["response"]["data"]))
    schema, root = floor_schema(loaded)
    view = FloorView(schema=schema, graphql_ide=None)
    view.root = root
    app = web.Application()
    app.router.add_route("*", "/graphql", view)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({"requests": []})

    async def reset(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/bench/stats", stats)
    app.router.add_post("/bench/reset", reset)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=("real", "floor"), required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", help="real mode")
    parser.add_argument("--style", default="linkedin", help="real mode")
    parser.add_argument(
        "--sample",
        type=Path,
        action="append",
        default=[],
        help="floor mode: a JSON file {query, response} to serve (repeatable)",
    )
    args = parser.parse_args()
    if args.mode == "real":
        serve_real(args.database, args.port, args.style)
    else:
        serve_floor(args.port, args.sample)


if __name__ == "__main__":
    main()
