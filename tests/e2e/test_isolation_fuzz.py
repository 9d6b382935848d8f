"""Workspace isolation over every query and mutation the schema has, generated from it.

Workspace B's admin calls every root field that takes an ID (directly or inside its input)
with real ids harvested from workspace A. B must never see A's data (only typed errors, null
or empty answers) and A's data must be the same afterwards. New mutations join by themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any, cast

from graphql.pyutils import Undefined

from dealbooks.application.auth import Principal
from dealbooks.application.use_cases.create_api_token import CreateApiToken, CreateApiTokenCommand
from dealbooks.application.use_cases.create_workspace import (
    CreateWorkspace,
    CreateWorkspaceCommand,
)
from dealbooks.domain.scopes import ALL_SCOPES
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    IntrospectionQuery,
    build_client_schema,
    get_introspection_query,
    get_named_type,
    is_leaf_type,
)
from tests.e2e.conftest import Api
from tests.e2e.invoicing_setup import deal, product, send

DEPTH = 3
KIND_ALIASES = {
    "product": "dealproduct",
    "token": "apitoken",
    "owner": "user",
    "line": "invoiceline",
}
SCALAR_VALUES: dict[str, Any] = {
    "String": "isolation probe",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Decimal": "1",
    "Money": "1.00",
    "Date": dt.date.today().isoformat(),
    "DateTime": dt.datetime.now(dt.UTC).isoformat(),
}
NAMED_STRINGS = {"email": "probe@b.test", "currency": "USD", "search": "a"}


class SchemaWalk:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        user_error = schema.get_type("UserError")
        assert isinstance(user_error, GraphQLInterfaceType)
        self.error_types = {t.name for t in schema.get_implementations(user_error).objects}

    def roots(self) -> Iterator[tuple[str, str, GraphQLField]]:
        for kind, root in (
            ("query", self.schema.query_type),
            ("mutation", self.schema.mutation_type),
        ):
            assert root is not None
            for name, field in root.fields.items():
                yield kind, name, field

    def selection(self, type_: Any, depth: int = DEPTH) -> str:
        named = get_named_type(type_)
        if is_leaf_type(named):
            return ""
        if isinstance(named, GraphQLUnionType):
            parts = [f"... on {m.name} {self.selection(m, depth)}" for m in named.types]
            return "{ __typename " + " ".join(parts) + " }"
        assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
        parts = ["__typename"]
        for name, field in named.fields.items():
            if any(_required(a) for a in field.args.values()):
                continue
            if is_leaf_type(get_named_type(field.type)):
                parts.append(name)
            elif depth > 0:
                parts.append(f"{name} {self.selection(field.type, depth - 1)}")
        return "{ " + " ".join(parts) + " }"

    def document(self, kind: str, name: str, field: GraphQLField, args: dict[str, Any]) -> str:
        definitions = ", ".join(f"${a}: {field.args[a].type}" for a in args)
        passed = ", ".join(f"{a}: ${a}" for a in args)
        header = f"{kind}({definitions})" if args else kind
        call = f"{name}({passed})" if args else name
        return f"{header} {{ {call} {self.selection(field.type)} }}"


def _required(arg: GraphQLArgument | Any) -> bool:
    # graphql-core 3.3 keeps an introspected default in `.default`, a coded one in `.default_value`
    has_default = arg.default_value is not Undefined or getattr(arg, "default", None) not in (
        None,
        Undefined,
    )
    return isinstance(arg.type, GraphQLNonNull) and not has_default


def _kind_of(slot: str) -> str:
    base = slot[:-3] if slot.endswith("Ids") else slot[:-2] if slot.endswith("Id") else slot
    return KIND_ALIASES.get(base.lower(), base.lower())


def id_slots(type_: Any, slot: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """The id-kinds an argument carries, through input objects and lists."""
    named = get_named_type(type_)
    if named is GraphQLID:
        return [_kind_of(slot)]
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        return [
            k for n, f in named.fields.items() for k in id_slots(f.type, n, seen | {named.name})
        ]
    return []


def fill(type_: Any, slot: str, pick: Any, required: bool = True) -> Any:
    """A plausible value for one argument; every ID slot gets `pick(kind)`."""
    if isinstance(type_, GraphQLNonNull):
        return fill(type_.of_type, slot, pick)
    if isinstance(type_, GraphQLList):
        return [fill(type_.of_type, slot, pick)]
    if type_ is GraphQLID:
        return pick(_kind_of(slot))
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            n: fill(f.type, n, pick)
            for n, f in type_.fields.items()
            if id_slots(f.type, n)
            or (isinstance(f.type, GraphQLNonNull) and f.default_value is None)
        }
    return NAMED_STRINGS.get(slot, SCALAR_VALUES.get(type_.name, "x"))


def values_in(
    data: Any, error_types: set[str], skip_errors: bool = True
) -> Iterator[tuple[str, str]]:
    """(kind, value) of every id-like or string value, outside typed error answers."""
    if isinstance(data, list):
        for item in data:
            yield from values_in(item, error_types)
    elif isinstance(data, dict):
        if data.get("__typename") in error_types:
            return
        owner = str(data.get("__typename", "")).lower()
        for key, value in data.items():
            if isinstance(value, str) and key != "__typename":
                kind = (
                    owner if key == "id" else _kind_of(key) if key.endswith(("Id", "Ids")) else ""
                )
                yield kind, value
            else:
                yield from values_in(value, error_types)


class Harvest:
    """Everything a workspace's admin can read through the schema's queries."""

    def __init__(self, api: Api, walk: SchemaWalk, token: str) -> None:
        self.api, self.walk, self.token = api, walk, token
        self.answers: dict[str, Any] = {}

    async def run(self) -> Harvest:
        queries = [(n, f) for k, n, f in self.walk.roots() if k == "query"]
        for name, field in queries:  # first the fields that need no argument
            if not any(_required(a) for a in field.args.values()):
                await self._ask(name, field, {})
        for name, field in queries:  # then those that take one id, with every id found
            needs = [a for a, arg in field.args.items() if _required(arg)]
            if len(needs) == 1 and id_slots(field.args[needs[0]].type, needs[0]):
                for value in sorted(self.ids()):
                    await self._ask(name, field, {needs[0]: value})
        return self

    async def _ask(self, name: str, field: GraphQLField, args: dict[str, Any]) -> None:
        body = await self.api.gql(
            self.walk.document("query", name, field, args), self.token, **args
        )
        self.answers[f"{name}{json.dumps(args)}"] = body

    def pairs(self) -> set[tuple[str, str]]:
        return set(values_in(list(self.answers.values()), self.walk.error_types))

    def ids(self) -> set[str]:
        return {v for k, v in self.pairs() if k and len(v) >= 8}

    def by_kind(self) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] = {}
        for kind, value in sorted(self.pairs()):
            if kind and len(value) >= 8:
                kinds.setdefault(kind, []).append(value)
        return kinds


async def _workspace_b(api: Api) -> str:
    created = await api.app.resolve(CreateWorkspace)(
        CreateWorkspaceCommand("Other Co", "boss@other.test", "Bea Boss", "other")
    )
    admin = Principal("other", created.admin.id, ALL_SCOPES)
    issued = await api.app.resolve(CreateApiToken)(
        admin, CreateApiTokenCommand(created.admin.id, "b")
    )
    secret: str = issued.secret
    return secret


async def test_workspace_b_never_sees_or_changes_workspace_a(api_xero: Api) -> None:
    api = api_xero
    d = await deal(api, [product("Survey", "250.00", depositPercent="50")])
    assert (await send(api, api.tokens.editor, d, "DEPOSIT", "Survey"))[
        "__typename"
    ] == "SendInvoiceSuccess"
    b_token = await _workspace_b(api)
    introspection = await api.data(get_introspection_query(), api.tokens.admin)
    walk = SchemaWalk(build_client_schema(cast(IntrospectionQuery, introspection)))

    a_before = await Harvest(api, walk, api.tokens.admin).run()
    a_again = await Harvest(api, walk, api.tokens.admin).run()
    volatile = {k for k in a_before.answers if a_before.answers[k] != a_again.answers.get(k)}
    b_known = {v for _, v in (await Harvest(api, walk, b_token).run()).pairs()}
    a_only = {v for _, v in a_before.pairs() if len(v) >= 4} - b_known
    kinds = {k: v for k, v in a_before.by_kind().items() if set(v) - b_known}
    assert {"opportunity", "dealproduct", "invoice", "user", "role", "account"} <= set(kinds)

    attempts, leaks, fields = 0, [], 0
    for op, name, field in walk.roots():
        slots = [(a, arg) for a, arg in field.args.items() if id_slots(arg.type, a)]
        if not slots:
            continue
        fields += 1
        for chosen in [None, *kinds]:  # matched kinds first, then every kind in every slot

            def pick(kind: str, chosen: str | None = chosen) -> str:
                pool = kinds.get(chosen or kind) or next(iter(kinds.values()))
                return pool[0]

            args = {
                a: fill(arg.type, a, pick)
                for a, arg in field.args.items()
                if _required(arg) or id_slots(arg.type, a)
            }
            body = await api.gql(walk.document(op, name, field, args), b_token, **args)
            attempts += 1
            seen = {v for _, v in values_in(body.get("data"), walk.error_types)} & a_only
            if seen:
                leaks.append(f"{name}({json.dumps(args)}) showed {sorted(seen)[:3]}")

    a_after = await Harvest(api, walk, api.tokens.admin).run()
    changed = [
        k
        for k in a_before.answers
        if k not in volatile and a_before.answers[k] != a_after.answers.get(k)
    ]
    leaks += [f"A's data changed: {key}" for key in changed]
    print(
        f"[figures] isolation: {fields} root fields with ids, {sum(map(len, kinds.values()))} ids "
        f"of {len(kinds)} kinds from A, {attempts} cross-workspace attempts, {len(leaks)} leaks"
    )
    assert fields >= 15 and attempts >= fields * len(kinds)
    assert not leaks, "\n".join(leaks)
