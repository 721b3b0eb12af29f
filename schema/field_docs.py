"""Field descriptions from attribute docstrings, the house style everywhere else.

The engines and services document a dataclass field with the string literal on the line
after it; strawberry reads descriptions only from ``strawberry.field(description=...)``.
So a type's field is written the same way: ``quantity: int`` and, on the next line, the
docstring "Units quoted, in the product's unit of measure." ``describe_fields`` copies
each such docstring (its lines joined into one paragraph) to the field's GraphQL
description before the schema is built. An explicit ``description=`` wins; a base class's
docstring serves the fields a subclass inherits (pydantic's ``use_attribute_docstrings``
does the same).
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any


@cache
def _module_docstrings(filename: str) -> dict[str, dict[str, str]]:
    """``{class qualname: {field: docstring}}`` for every class written in a module's file.

    One parse per file: ``inspect.getsource`` per class parses the whole module again for
    each class (about half a second of every server start for the schema's 700 types)."""
    try:
        tree = ast.parse(Path(filename).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return {}
    found: dict[str, dict[str, str]] = {}
    todo: list[tuple[str, list[ast.stmt]]] = [("", tree.body)]
    while todo:
        prefix, body = todo.pop()
        for node in body:
            if isinstance(node, ast.ClassDef):
                qualname = prefix + node.name
                found.setdefault(qualname, _attribute_docstrings(node.body))
                todo.append((qualname + ".", node.body))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                todo.append((f"{prefix}{node.name}.<locals>.", node.body))
    return found


def _attribute_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    """``{field: docstring}`` of the annotated attributes in a class body."""
    found: dict[str, str] = {}
    for statement, following in pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = " ".join(following.value.value.split())
    return found


def _docstrings(cls: type) -> dict[str, str]:
    """``{field: docstring}`` of the annotated attributes written in ``cls``'s own body;
    nothing for a class made at run time (payloads, generated inputs: no source)."""
    filename = getattr(sys.modules.get(cls.__module__), "__file__", None)
    if not filename:
        return {}
    return _module_docstrings(filename).get(cls.__qualname__, {})


def _describe(cls: type) -> None:
    definition: Any = getattr(cls, "__strawberry_definition__", None)
    if definition is None or not hasattr(definition, "fields"):
        return
    for field in definition.fields:
        if field.description is not None:
            continue
        for owner in cls.__mro__:
            text = _docstrings(owner).get(field.python_name) if owner is not object else None
            if text:
                field.description = text
                break


def describe_fields(packages: tuple[str, ...] = ("schema.", "resolvers.")) -> None:
    """Give every strawberry type defined in ``packages`` its fields' docstrings."""
    # ``dict.copy`` is one step under the GIL; iterating ``items()`` is not, and a thread that
    # imports meanwhile (the search segmenters warming up) fails it with "changed size".
    for name, module in sys.modules.copy().items():
        if not name.startswith(packages) or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == name:
                _describe(value)
