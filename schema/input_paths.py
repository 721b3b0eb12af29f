"""Where a literal input value sits in a document, so a refusal can name the field.

graphql-core names the path of a bad *variable* value in its message
("Variable '$input' has invalid value at .lines[0].discount.percent") but not of
a value written in the document itself; this finds that path
(``recordCommissionAdjustment.input.amount``) from the value's AST node.
"""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    InlineFragmentNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


def literal_path(document: DocumentNode, target: Node) -> str | None:
    """``field.argument.inputField[index]…`` of ``target`` in ``document``, or None if absent."""
    for definition in document.definitions:
        if isinstance(definition, (OperationDefinitionNode, FragmentDefinitionNode)):
            found = _in_selections(definition.selection_set, target)
            if found is not None:
                return found
    return None


def _in_selections(selections: SelectionSetNode | None, target: Node) -> str | None:
    for selection in selections.selections if selections else ():
        if isinstance(selection, FieldNode):
            for argument in selection.arguments or ():
                found = _in_value(argument, target)
                if found is not None:
                    return f"{selection.name.value}.{found}"
        if isinstance(selection, (FieldNode, InlineFragmentNode)):
            found = _in_selections(selection.selection_set, target)
            if found is not None:
                return found
    return None


def _in_value(node: Node, target: Node) -> str | None:
    if node is target:
        return ""
    if isinstance(node, ArgumentNode):
        found = _in_value(node.value, target)
        return None if found is None else node.name.value + found
    if isinstance(node, ObjectValueNode):
        for field in node.fields:
            found = _in_value(field.value, target)
            if found is not None:
                return f".{field.name.value}{found}"
    if isinstance(node, ListValueNode):
        for index, item in enumerate(node.values):
            found = _in_value(item, target)
            if found is not None:
                return f"[{index}]{found}"
    return None
