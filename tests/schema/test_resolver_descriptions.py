"""The inputs, payloads and root fields of approvals, commissions, sign-in and subscriptions say
what they mean (issue 13): a typed client's only documentation is the SDL.

Every type these resolvers define, each of its fields, values and arguments, carries a
description that is more than the generated length note; every mutation says who may call
it and describes its one ``input`` argument; a payload describes its ``userErrors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

import schema.assembly as assembly
from resolvers.fields import PUBLIC, SIGNED_IN
from resolvers.mutation import USER_ERRORS
from schema.nodes import NodeQueries

DOMAINS = (
    "resolvers.approvals",
    "resolvers.commissions",
    "resolvers.auth",
    "resolvers.subscriptions",
    "resolvers.mutation",
)
"""The resolver packages held to this test (the others join once described)."""

LENGTH_NOTE = re.compile(r"(Each at most|At most) [\d,]+ characters\.")


def said(description: str | None) -> bool:
    """A description that says something besides the generated length note."""
    text = LENGTH_NOTE.sub("", description or "").strip()
    return len(text) > 10


def origin(type_: GraphQLNamedType) -> str:
    definition = (type_.extensions or {}).get("strawberry-definition")
    return getattr(getattr(definition, "origin", None), "__module__", "") or ""


def domain_types(sdl: GraphQLSchema) -> Iterator[GraphQLNamedType]:
    for name, type_ in sdl.type_map.items():
        if not name.startswith("__") and origin(type_).startswith(DOMAINS):
            yield type_


def root_fields(sdl: GraphQLSchema) -> Iterator[tuple[str, str, Any, str]]:
    """``(root, field name, GraphQL field, module of its resolver)`` of every root field."""
    roots = (
        ("Query", (NodeQueries, *assembly.QUERIES)),
        ("Mutation", assembly.MUTATIONS),
        ("Subscription", (assembly.Subscription,)),
    )
    for root, classes in roots:
        graphql_type = sdl.get_type(root)
        assert isinstance(graphql_type, GraphQLObjectType)
        for cls in classes:
            for field in cls.__strawberry_definition__.fields:
                resolver = field.base_resolver
                module = resolver.wrapped_func.__module__ if resolver else cls.__module__
                name = field.graphql_name or re.sub(
                    r"_(\w)", lambda m: m.group(1).upper(), field.python_name
                )
                yield root, name, graphql_type.fields[name], module


def test_the_domains_define_types_at_all(sdl: GraphQLSchema) -> None:
    names = {t.name for t in domain_types(sdl)}

    assert {"ApprovalConditionInput", "LoginPayload", "CommissionComponentInput"} <= names


def test_every_type_field_and_value_of_these_resolvers_is_described(sdl: GraphQLSchema) -> None:
    missing = []
    for type_ in domain_types(sdl):
        if not said(type_.description):
            missing.append(type_.name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInputObjectType)):
            for name, field in type_.fields.items():
                if not said(field.description):
                    missing.append(f"{type_.name}.{name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not said(arg.description):
                        missing.append(f"{type_.name}.{name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [
                f"{type_.name}.{name}"
                for name, value in type_.values.items()
                if not said(value.description)
            ]

    assert missing == []


def test_every_root_field_of_these_resolvers_and_its_arguments_are_described(
    sdl: GraphQLSchema,
) -> None:
    missing = []
    for root, name, field, module in root_fields(sdl):
        if not module.startswith(DOMAINS):
            continue
        if not said(field.description):
            missing.append(f"{root}.{name}")
        missing += [
            f"{root}.{name}({arg})"
            for arg, value in field.args.items()
            if not said(value.description)
        ]

    assert missing == []


def test_every_mutation_describes_its_input_and_who_may_call_it(sdl: GraphQLSchema) -> None:
    mutation = sdl.get_type("Mutation")
    assert isinstance(mutation, GraphQLObjectType)
    callers = re.compile(
        rf"({re.escape(SIGNED_IN)}|{re.escape(PUBLIC)}|Requires the role [A-Z ]+(or [A-Z]+ )*"
        r"\(ADMIN holds every role\)\.|Requires the role ADMIN\.)$"
    )

    undescribed = [
        name
        for name, field in mutation.fields.items()
        if "input" in field.args and not said(field.args["input"].description)
    ]
    who_unsaid = [
        name
        for name, field in mutation.fields.items()
        if field.description is not None and not callers.search(field.description)
    ]

    assert undescribed == []
    assert who_unsaid == []


def test_payloads_describe_their_user_errors(sdl: GraphQLSchema) -> None:
    payloads = [
        t
        for t in domain_types(sdl)
        if isinstance(t, GraphQLObjectType) and "userErrors" in t.fields
    ]

    assert len(payloads) > 10
    assert [p.name for p in payloads if p.fields["userErrors"].description != USER_ERRORS] == []


def test_a_deal_size_condition_names_its_currency_as_a_currency_code(sdl: GraphQLSchema) -> None:
    condition = sdl.get_type("ApprovalConditionInput")
    assert isinstance(condition, GraphQLInputObjectType)

    assert get_named_type(condition.fields["currency"].type).name == "CurrencyCode"
