"""Query limits: depth, aliases and tokens come from strawberry; cost is estimated here.

The cost of a query is the number of objects it may return: each field counts
1, and a field taking ``first``/``last`` multiplies what is below it by that page
size (by the maximum page size when the size is a variable, since validation
runs before variables are known). A query over the budget is refused before it
runs, with ``QUERY_TOO_COMPLEX``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from schema.errors import QueryTooComplex

PAGE_ARGUMENTS = ("first", "last")


def _page_size(node: FieldNode, default_size: int, max_size: int) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value in PAGE_ARGUMENTS:
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return max_size
    if node.name.value in ("edges", "nodes"):
        return None
    return default_size if _is_connection(node) else None


def _is_connection(node: FieldNode) -> bool:
    selections = node.selection_set.selections if node.selection_set else ()
    return any(isinstance(s, FieldNode) and s.name.value in ("edges", "pageInfo") for s in selections)


def estimate_cost(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    *,
    default_size: int,
    max_size: int,
    seen: frozenset[str] = frozenset(),
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            children = estimate_cost(
                selection.selection_set, fragments, default_size=default_size, max_size=max_size, seen=seen
            )
            size = _page_size(selection, default_size, max_size)
            total += 1 + children * (size or 1)
        elif isinstance(selection, InlineFragmentNode):
            total += estimate_cost(
                selection.selection_set, fragments, default_size=default_size, max_size=max_size, seen=seen
            )
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                total += estimate_cost(
                    fragment.selection_set,
                    fragments,
                    default_size=default_size,
                    max_size=max_size,
                    seen=seen | {name},
                )
    return total


def cost_rule(max_cost: int, default_size: int, max_size: int) -> type[ValidationRule]:
    class QueryCostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                d.name.value: d
                for d in context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = estimate_cost(
                node.selection_set, self.fragments, default_size=default_size, max_size=max_size
            )
            if cost > max_cost:
                self.report_error(
                    QueryTooComplex(
                        f"This query may return about {cost} objects; the limit is {max_cost}. "
                        "Ask for smaller pages or fewer nested lists.",
                        cost=cost,
                        maxCost=max_cost,
                    )
                )

    return QueryCostRule


def limit_extensions(
    *, max_depth: int, max_aliases: int, max_tokens: int, max_cost: int, default_size: int, max_size: int
) -> list[Callable[[], SchemaExtension]]:
    """Factories, so every request gets fresh extension instances."""
    rule = cost_rule(max_cost, default_size, max_size)
    return [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        lambda: AddValidationRules([rule]),
    ]
