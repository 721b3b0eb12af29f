"""Query limits: depth, aliases and tokens come from strawberry; cost is estimated here.

The cost of a query is the number of objects it may return, counted from the
schema before anything runs:

* every field counts 1, plus what is below it;
* a connection (a field taking ``first``/``last``) multiplies what is below it
  by the page it may return: ``first``/``last`` from the document or the
  variables, or the default page size when neither is given;
* a plain list of objects multiplies what is below it by the most items it can
  hold: a bound stated in ``LIST_BOUNDS`` (a quote's lines: the quote line
  limit), else ``DEFAULT_LIST_BOUND``;
* a list sized by the request (``priceQuote``'s lines) counts the items sent.

So ``29 × myQuotes(first: 200) { … lines { … } }`` is refused before it runs,
with ``QUERY_TOO_COMPLEX``, while a screen asking for one quote's lines, or a
page of quotes without them, passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from schema.errors import QueryTooComplex
from schema.input_guard import DEFAULT_MAX_LIST_LENGTH, DEFAULT_MAX_STRING_LENGTH

PAGE_ARGUMENTS = ("first", "last")

# A quote holds at most this many lines (createQuote / updateQuoteLines refuse more).
QUOTE_LINE_LIMIT = 2000
# priceQuote / estimateCommission price at most this many lines per request.
PRICING_LINE_LIMIT = 5000

# The most items a plain list field can return, where that is known. Lists not
# named here count DEFAULT_LIST_BOUND items.
LIST_BOUNDS: Mapping[str, int] = {
    "Quote.lines": QUOTE_LINE_LIMIT,
    "QuoteRevision.lines": QUOTE_LINE_LIMIT,
    "SharedQuote.lines": QUOTE_LINE_LIMIT,
    "CounterOffer.lines": QUOTE_LINE_LIMIT,
    "CommissionEstimate.lines": QUOTE_LINE_LIMIT,
    "PricedQuote.lines": PRICING_LINE_LIMIT,
    # A waterfall has one step per pricing rule kind (list, schedule, block,
    # contract, promotion, bundle, manual, rounding …).
    "PricedLine.steps": 12,
    "PricedQuote.steps": 12,
    "SharedQuoteLine.steps": 12,
    "PricedLine.breaches": 8,
    "PricedLine.issues": 8,
    "QuoteLine.children": 50,
    # An approval plan: a few levels of a few steps, each with its seats and reasons.
    "ApprovalPlan.levels": 5,
    "ApprovalLevel.steps": 5,
    "ApprovalStep.seats": 5,
    "ApprovalStep.reasons": 5,
    "ApprovalSeat.delegates": 5,
}
# Lists with no stated bound (histories, threads, a payload's errors) count this many.
DEFAULT_LIST_BOUND = 20

# Lists whose length is the length of a list the request sends: field → argument path.
SIZED_BY_ARGUMENT: Mapping[str, tuple[str, ...]] = {
    "PricedQuote.lines": ("input", "lines"),
    "CommissionEstimate.lines": ("input", "lines"),
    "Query.nodes": ("ids",),
}


@dataclass(frozen=True, slots=True)
class CostModel:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any] | None  # None: not known (the largest page is assumed)
    default_size: int
    max_size: int

    def _int(self, value: ValueNode) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            found = (self.variables or {}).get(value.name.value)
            return found if isinstance(found, int) and not isinstance(found, bool) else None
        return None

    def _length(self, value: ValueNode | Any, path: tuple[str, ...]) -> int | None:
        """Length of the list at ``path`` inside an argument (literal or variables)."""
        if isinstance(value, VariableNode):
            value = (self.variables or {}).get(value.name.value)
        if not path:
            if isinstance(value, ListValueNode):
                return len(value.values)
            return len(value) if isinstance(value, list) else None
        if isinstance(value, ObjectValueNode):
            inner = next((f.value for f in value.fields if f.name.value == path[0]), None)
            return None if inner is None else self._length(inner, path[1:])
        if isinstance(value, dict):
            return self._length(value.get(path[0]), path[1:])
        return None

    def page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                size = self._int(argument.value)
                if size is None:
                    # null or left out: the default page; a variable whose value we
                    # cannot know yet: the largest page (pagination refuses more).
                    unknown = isinstance(argument.value, VariableNode) and self.variables is None
                    return self.max_size if unknown else self.default_size
                return max(1, min(size, self.max_size))
        return self.default_size

    def list_size(self, parent: str, node: FieldNode, root_field: FieldNode | None) -> int:
        key = f"{parent}.{node.name.value}"
        sized_by = SIZED_BY_ARGUMENT.get(key)
        if sized_by is not None:
            holder = node if parent == "Query" else root_field
            for argument in (holder.arguments if holder else None) or ():
                if argument.name.value == sized_by[0]:
                    length = self._length(argument.value, sized_by[1:])
                    if length is not None:
                        return max(1, length)
        return LIST_BOUNDS.get(key, DEFAULT_LIST_BOUND)

    def cost(
        self,
        selection_set: SelectionSetNode | None,
        parent: Any,
        root_field: FieldNode | None = None,
        seen: frozenset[str] = frozenset(),
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, root_field, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner or parent, root_field, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(
                        fragment.selection_set, inner or parent, root_field, seen | {name}
                    )
        return total

    def _field_cost(
        self, node: FieldNode, parent: Any, root_field: FieldNode | None, seen: frozenset[str]
    ) -> int:
        definition: GraphQLField | None = None
        if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            definition = parent.fields.get(node.name.value)
        if definition is None:  # __typename, or an unknown field validation reports anyway
            return 1
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        named = get_named_type(field_type)
        root = root_field or node
        children = self.cost(node.selection_set, named, root, seen)
        if node.selection_set is None:
            return 1
        if any(name in definition.args for name in PAGE_ARGUMENTS):
            return 1 + children * self.page_size(node)
        if isinstance(field_type, GraphQLList) and not named.name.endswith("Connection"):
            if parent.name.endswith("Connection"):  # edges / nodes: the page is counted above
                return 1 + children
            return 1 + children * self.list_size(parent.name, node, root_field)
        return 1 + children


def estimate_cost(
    operation: OperationDefinitionNode,
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    *,
    variables: Mapping[str, Any] | None = None,
    default_size: int,
    max_size: int,
) -> int:
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    model = CostModel(schema, fragments, variables, default_size, max_size)
    return model.cost(operation.selection_set, root)


_REQUEST_VARIABLES: ContextVar[Mapping[str, Any]] = ContextVar(
    "dealdesk_cost_variables", default=MappingProxyType({})
)
"""The variables of the operation being validated, set by ``QueryCostLimiter``."""


@cache
def cost_rule(max_cost: int, default_size: int, max_size: int) -> type[ValidationRule]:
    """The cost rule for these limits, built once: it reads the request's variables from
    ``_REQUEST_VARIABLES``. A rule class built per request, closing over the variables, was
    garbage only the cyclic collector frees (a class refers to itself), and it kept the
    request's variables alive until then."""

    def too_complex(
        operation: OperationDefinitionNode,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
    ) -> QueryTooComplex | None:
        cost = estimate_cost(
            operation,
            schema,
            fragments,
            variables=_REQUEST_VARIABLES.get(),
            default_size=default_size,
            max_size=max_size,
        )
        if cost <= max_cost:
            return None
        return QueryTooComplex(
            f"This query may return about {cost} objects; the limit is {max_cost}. "
            "Ask for smaller pages or fewer nested lists.",
            cost=cost,
            maxCost=max_cost,
        )

    class QueryCostRule(ValidationRule):
        uses_variables = True  # a process may cache validation, never this rule's outcome

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = _fragments(context.document)

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            error = too_complex(node, self.context.schema, self.fragments)
            if error is not None:
                self.report_error(error)

        @staticmethod
        def errors_for(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
            """What validating ``document`` with this rule alone reports, without graphql-core's
            visit of every node of it (the cost walks only the selections): a document that
            declares variables is costed on every request, and a large screen's visit took
            longer than the costing."""
            fragments = _fragments(document)
            found = (
                too_complex(d, schema, fragments)
                for d in document.definitions
                if isinstance(d, OperationDefinitionNode)
            )
            return [error for error in found if error is not None]

    return QueryCostRule


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


class QueryCostLimiter(SchemaExtension):
    """Adds the cost rule to validation, knowing this request's variables
    (so ``first: $n`` counts ``n``, not the largest page)."""

    def __init__(self, *, max_cost: int, default_size: int, max_size: int) -> None:
        self.max_cost = max_cost
        self.default_size = default_size
        self.max_size = max_size

    def on_operation(self):  # type: ignore[no-untyped-def]
        token = _REQUEST_VARIABLES.set(self.execution_context.variables or {})
        rule = cost_rule(self.max_cost, self.default_size, self.max_size)
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, rule)
        try:
            yield
        finally:
            _REQUEST_VARIABLES.reset(token)


@dataclass(frozen=True, slots=True)
class SchemaLimits:
    """The bounds on one request: what these extensions enforce, whether introspection is
    on, and the input guard's default string and list lengths (settings in production)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_cost: int = 1_000_000
    default_page_size: int = 50
    max_page_size: int = 200
    introspection: bool = True
    max_string_length: int = DEFAULT_MAX_STRING_LENGTH
    max_list_length: int = DEFAULT_MAX_LIST_LENGTH


def limit_extensions(limits: SchemaLimits) -> list[Callable[[], SchemaExtension]]:
    """Factories, so every request gets fresh extension instances.

    The depth and alias rules are built once here: strawberry's limiters build a new rule
    class in every instance (per request: a class statement each, for a check the process's
    validation cache then skips anyway); the rules themselves keep no state between
    documents, so one extension adds both, the same rules as before."""
    shared_rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    return [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: AddValidationRules(shared_rules),
        lambda: QueryCostLimiter(
            max_cost=limits.max_cost,
            default_size=limits.default_page_size,
            max_size=limits.max_page_size,
        ),
    ]
